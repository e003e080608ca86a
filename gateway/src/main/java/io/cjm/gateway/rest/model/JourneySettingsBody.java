package io.cjm.gateway.rest.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The tenant's friction thresholds, as read and as written with PUT (a full replacement). */
@Schema(description = "When a journey's touchpoints count as friction. PUT replaces them all; every field is required.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JourneySettingsBody(
        @Schema(description = "ISO-8601 duration within which a second assisted contact is a repeat contact, "
                + "PT1M to P90D, e.g. P2D") String repeatContactWindow,
        @Schema(description = "Waits longer than this many seconds are a long wait, 1 to 86400") Integer longWaitSeconds,
        @Schema(description = "Sentiment at or below this (-1 to 1) is negative sentiment") Double negativeSentiment,
        @Schema(description = "Version: 1 for the defaults, one more on every change", readOnly = true) Integer version,
        @Schema(description = "When they were last changed; absent for the defaults", readOnly = true) String updatedAt) {
}
