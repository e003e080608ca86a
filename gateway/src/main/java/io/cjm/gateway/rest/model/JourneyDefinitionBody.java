package io.cjm.gateway.rest.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A journey definition as read, and as written with PUT (version, updatedAt and builtIn are read only). */
@Schema(description = "A journey map of the tenant. The JSON Schema of the PUT body is served at "
        + "GET /api/v1/journey-definitions/schema.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JourneyDefinitionBody(
        @Schema(description = "Key: lower case letters, digits and _, starting with a letter") String key,
        @Schema(description = "Human name") String name,
        @Schema(description = "purchase, setup, support, billing, retention or other") String category,
        @Schema(description = "Event types that open a journey; a trailing * matches by prefix") List<String> entryPatterns,
        @Schema(description = "The stages in order") List<JourneyStageBody> stages,
        @Schema(description = "Event types that complete the journey") List<String> goalPatterns,
        @Schema(description = "Event types that fail the journey") List<String> failurePatterns,
        @Schema(description = "ISO-8601 duration of inactivity after which an open journey is abandoned, e.g. P14D")
        String inactivityTimeout,
        @Schema(description = "Attribute keys that tie touchpoints to the journey; caseId and orderId when left out")
        List<String> correlationKeys,
        @Schema(description = "Touchpoints a smooth journey takes") Integer expectedTouchpoints,
        @Schema(description = "ISO-8601 duration a smooth journey takes, e.g. P2D") String expectedDuration,
        @Schema(description = "Relative importance, 0 to 100") Double businessValue,
        @Schema(description = "Version: 1 for an unchanged default, one more on every change", readOnly = true)
        Integer version,
        @Schema(description = "When this version was stored; absent for an unchanged default", readOnly = true)
        String updatedAt,
        @Schema(description = "True for a default definition the tenant has not changed", readOnly = true)
        Boolean builtIn) {

    /** A named step of the journey map. */
    public record JourneyStageBody(
            @Schema(description = "Stage name, unique within the definition") String name,
            @Schema(description = "Event types that place a journey in this stage") List<String> patterns) {
    }
}
