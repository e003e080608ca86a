package io.cjm.touchpoint.domain;

import java.util.List;

/**
 * What identity-service answered for one touchpoint: its profile, the profiles merged into that
 * one, the earlier touchpoints whose profile changed, and the graph version all of it belongs to.
 *
 * @param profileId the profile the touchpoint belongs to
 * @param mergedProfileIds profiles merged into {@code profileId} by this resolution
 * @param reassigned earlier touchpoints of the tenant and the profile each belongs to now
 * @param graphVersion the tenant's identity graph version after the resolution; a receiver keeps,
 *        per touchpoint, the assignment with the highest version
 */
public record Resolution(String profileId, List<String> mergedProfileIds, List<Assignment> reassigned,
        long graphVersion) {

    public Resolution {
        mergedProfileIds = List.copyOf(mergedProfileIds);
        reassigned = List.copyOf(reassigned);
    }

    /** One touchpoint (the client's id) and the profile it belongs to now. */
    public record Assignment(String touchpointId, String profileId) {
    }
}
