package io.cjm.gateway.rest.model;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a replay did: the touchpoints put back in the pipeline, and the named ids it skipped. */
public record ReplayResultBody(
        @Schema(description = "How many touchpoints were put back in the pipeline") int replayed,
        @Schema(description = "Their ids") List<String> replayedIds,
        @Schema(description = "Named ids that were not replayed, with why") List<SkippedBody> skipped,
        @Schema(description = "True when an all-replay hit its bound and quarantined touchpoints remain") boolean more) {

    /** A named id the replay left alone: {@code not_found} (not in the tenant) or {@code not_quarantined}. */
    public record SkippedBody(String id, String reason) {
    }
}
