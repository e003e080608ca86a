package io.cjm.journey.domain;

import java.util.Objects;

/**
 * The profile a touchpoint belongs to, and the identity graph version that said so. Of two
 * assignments of one touchpoint, the one with the higher version wins; version 0 means
 * unknown (a legacy caller) and is lower than any other.
 */
public record Assignment(String profileId, long graphVersion) {

    public Assignment {
        Objects.requireNonNull(profileId, "profileId");
    }

    /**
     * The assignment that holds once {@code incoming} arrives after {@code recorded} (null
     * when nothing is recorded): the incoming one, unless the recorded one has a higher
     * version. On equal versions the later delivery wins, as before versions existed.
     */
    public static Assignment newest(Assignment recorded, Assignment incoming) {
        return recorded == null || incoming.graphVersion >= recorded.graphVersion ? incoming : recorded;
    }
}
