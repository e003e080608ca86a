package io.cjm.gateway.rest.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of POST /profiles/{id}/merge. */
@Schema(description = "Merge another profile with this one; the older profile survives.")
public record MergeRequestBody(
        @Schema(required = true, description = "The other profile's id") String otherProfileId,
        @Schema(description = "Why, kept in the merge log") String reason) {
}
