package io.cjm.gateway.rest.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A page of quarantined touchpoints, newest quarantine first; nextCursor is absent on the last page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuarantinePageBody(List<QuarantinedTouchpointBody> items, String nextCursor) {
}
