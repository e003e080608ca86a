package io.cjm.gateway.rest.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A profile. {@code merged} is true when the id asked for was merged into this profile, and
 * then {@code requestedId} names it; {@code merges} is the merge log of the profile (merges
 * and splits, newest first) and {@code conflicts} the links that merge protection refused.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProfileBody(String id, String createdAt, List<IdentifierBody> identifiers, List<String> mergedIds,
        boolean merged, String requestedId, List<MergeBody> merges, List<ConflictBody> conflicts) {

    /** One identifier of the profile. */
    public record IdentifierBody(String type, String value, String firstSeen, String lastSeen) {
    }

    /**
     * One entry of the merge log: {@code kind} is {@code merge} or {@code split};
     * {@code touchpointId} is set when a touchpoint caused it, {@code requestedBy} when an
     * admin asked for it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MergeBody(String kind, String survivorId, String mergedId, String reason, String touchpointId,
            String requestedBy, String at) {
    }

    /**
     * A link merge protection refused: the touchpoint was resolved to {@code profileId}, and
     * its identifier of type {@code identifierType} stayed with {@code otherProfileId}.
     */
    public record ConflictBody(String touchpointId, String identifierType, String profileId, String otherProfileId,
            String reason, String occurredAt) {
    }
}
