package io.cjm.journey.grpc;

import com.google.protobuf.Timestamp;
import io.cjm.proto.journey.v1.ApplyRequest;
import io.cjm.proto.journey.v1.JourneyTouchpoint;
import io.cjm.proto.journey.v1.ProfileAssignment;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Test data: resolved touchpoints as touchpoint-service hands them to Apply. Times are
 * recent, so no journey of these tests reaches its inactivity timeout while they run.
 */
final class Applies {

    /** When the first touchpoint of a test happened. */
    static final Instant START = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);

    private Applies() {
    }

    static String randomTenant() {
        return "tenant-" + UUID.randomUUID();
    }

    static String randomProfile() {
        return "profile-" + UUID.randomUUID();
    }

    /** A touchpoint with a fresh id, on the web, {@code minutes} after {@link #START}. */
    static JourneyTouchpoint touchpoint(String type, long minutes) {
        return JourneyTouchpoint.newBuilder().setId("tp-" + UUID.randomUUID()).setType(type).setChannel("web")
                .setOccurredAt(timestamp(at(minutes))).build();
    }

    static Instant at(long minutes) {
        return START.plus(Duration.ofMinutes(minutes));
    }

    static ApplyRequest applyRequest(String tenantId, String profileId, JourneyTouchpoint touchpoint,
            String... mergedProfileIds) {
        return ApplyRequest.newBuilder().setTenantId(tenantId).setProfileId(profileId)
                .addAllMergedProfileIds(List.of(mergedProfileIds)).setTouchpoint(touchpoint).build();
    }

    /** A touchpoint resolved to a profile at an identity graph version; add reassignments to it. */
    static ApplyRequest.Builder resolved(String tenantId, String profileId, long graphVersion,
            JourneyTouchpoint touchpoint) {
        return ApplyRequest.newBuilder().setTenantId(tenantId).setProfileId(profileId).setGraphVersion(graphVersion)
                .setTouchpoint(touchpoint);
    }

    /** Says that an earlier touchpoint belongs to a profile now. */
    static ProfileAssignment assignment(JourneyTouchpoint touchpoint, String profileId) {
        return ProfileAssignment.newBuilder().setTouchpointId(touchpoint.getId()).setProfileId(profileId).build();
    }

    static Timestamp timestamp(Instant i) {
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }
}
