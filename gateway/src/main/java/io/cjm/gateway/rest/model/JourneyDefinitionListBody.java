package io.cjm.gateway.rest.model;

import java.util.List;

/** The tenant's journey definitions in force, in catalogue order (which decides ties on entry). */
public record JourneyDefinitionListBody(List<JourneyDefinitionBody> items) {
}
