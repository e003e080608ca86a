package io.cjm.scoring.grpc;

import com.google.protobuf.Timestamp;
import io.cjm.proto.scoring.v1.Friction;
import io.cjm.proto.scoring.v1.JourneyFacts;
import io.cjm.proto.scoring.v1.ScoreJourneyRequest;
import io.cjm.proto.scoring.v1.ScoredTouchpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Test data: journey facts as journey-service sends them, with fresh ids. */
final class Facts {

    static final Instant T0 = Instant.parse("2026-02-10T09:00:00Z");

    private Facts() {
    }

    static String randomTenant() {
        return "tenant-" + UUID.randomUUID();
    }

    /**
     * A completed support journey with something for every factor: a chat, then two calls
     * (one with negative sentiment, one answering CSAT 2), a handoff, a repeat contact and a
     * long wait.
     */
    static JourneyFacts.Builder supportJourney() {
        return JourneyFacts.newBuilder()
                .setJourneyId(UUID.randomUUID().toString())
                .setProfileId("profile-" + UUID.randomUUID())
                .setType("support")
                .setStatus("completed")
                .setStage("assisted")
                .setStartedAt(timestamp(T0))
                .setLastActivityAt(timestamp(T0.plus(Duration.ofHours(3))))
                .addTouchpoints(touchpoint("t1", "chat", 0))
                .addTouchpoints(touchpoint("t2", "phone", 60).setSentiment(-0.5))
                .addTouchpoints(touchpoint("t3", "phone", 180).setCsat(2))
                .setHandoffCount(1)
                .addFriction(Friction.newBuilder().setKind("repeat_contact").addTouchpointIds("t1")
                        .addTouchpointIds("t2"))
                .addFriction(Friction.newBuilder().setKind("long_wait").addTouchpointIds("t2"))
                .setExpectedTouchpoints(3)
                .setExpectedDurationSeconds(Duration.ofDays(2).toSeconds());
    }

    static ScoreJourneyRequest scoreRequest(String tenantId, JourneyFacts.Builder journey) {
        return ScoreJourneyRequest.newBuilder().setTenantId(tenantId).setJourney(journey).build();
    }

    private static ScoredTouchpoint.Builder touchpoint(String id, String channel, long minutes) {
        return ScoredTouchpoint.newBuilder().setId(id).setChannel(channel)
                .setOccurredAt(timestamp(T0.plus(Duration.ofMinutes(minutes))));
    }

    static Timestamp timestamp(Instant i) {
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }
}
