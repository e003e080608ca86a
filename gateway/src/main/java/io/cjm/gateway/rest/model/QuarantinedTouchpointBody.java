package io.cjm.gateway.rest.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A touchpoint set aside after failing downstream too often. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuarantinedTouchpointBody(
        @Schema(description = "The touchpoint's id (the client's key)") String id,
        @Schema(description = "Its event type") String type,
        @Schema(description = "Its channel") String channel,
        @Schema(description = "When the contact happened") String occurredAt,
        @Schema(description = "When it was quarantined") String quarantinedAt,
        @Schema(description = "The last delivery failure") String reason,
        @Schema(description = "Delivery attempts made before the quarantine; 0 when unknown") int attempts) {
}
