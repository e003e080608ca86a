package io.cjm.gateway.rest.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of POST /profiles/{id}/split. */
@Schema(description = "Cut one identifier off the profile: it becomes a profile of its own and never links "
        + "with the profile's other identifiers again.")
public record SplitRequestBody(
        @Schema(required = true, description = "The identifier type, for example anonymousId") String type,
        @Schema(required = true, description = "The identifier value; normalized as when linking") String value,
        @Schema(description = "Why, kept in the merge log") String reason) {
}
