package io.cjm.gateway.rest.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The weights in force for one journey type.
 *
 * @param revision 0 for the defaults, then 1, 2, ... per change
 * @param modelVersion what new scores of this journey type carry, e.g. {@code jes-1.1+support.w2}
 * @param updatedAt when the revision was set (absent for the defaults)
 * @param rescoring after a PUT: how many of the tenant's journeys of this type are being re-scored
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JourneyTypeWeightsBody(String journeyType, int revision, String modelVersion, String updatedAt,
        JesWeightsBody weights, Integer rescoring) {
}
