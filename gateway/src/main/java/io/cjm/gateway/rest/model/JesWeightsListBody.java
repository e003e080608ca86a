package io.cjm.gateway.rest.model;

import java.util.List;

/**
 * The tenant's JES weights: the documented defaults, and every journey type with weights of
 * its own (a journey type not listed uses the defaults, model version {@code jes-1.1}).
 */
public record JesWeightsListBody(JesWeightsBody defaults, List<JourneyTypeWeightsBody> journeyTypes) {
}
