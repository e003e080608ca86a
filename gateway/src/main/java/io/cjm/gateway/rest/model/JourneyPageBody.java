package io.cjm.gateway.rest.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A page of journeys; nextCursor is absent on the last page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JourneyPageBody(List<JourneyBody> items, String nextCursor) {
}
