package io.cjm.journey.mapping;

import io.cjm.platform.grpc.Timestamps;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;
import io.cjm.journey.domain.AssembledJourney;
import io.cjm.journey.domain.Friction;
import io.cjm.journey.domain.JourneyDefinition;
import io.cjm.journey.domain.TouchpointFact;
import io.cjm.journey.entity.JourneyEntity;
import io.cjm.journey.entity.JourneyTouchpointEntity;
import io.cjm.proto.journey.v1.FrictionSignal;
import io.cjm.proto.journey.v1.Handoff;
import io.cjm.proto.journey.v1.Journey;
import io.cjm.proto.journey.v1.JourneyStatus;
import io.cjm.proto.journey.v1.JourneyTouchpoint;
import io.cjm.proto.scoring.v1.JourneyFacts;
import io.cjm.proto.scoring.v1.ScoredTouchpoint;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Between proto messages, entities and the plain-Java assembly types. */
public final class JourneyMapper {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Handoff as stored in JSON. */
    public record StoredHandoff(String fromChannel, String toChannel, long gapSeconds, String fromTouchpointId,
            String toTouchpointId) {
    }

    private JourneyMapper() {
    }

    public static String touchpointUid(String tenantId, String touchpointId) {
        return UUID.nameUUIDFromBytes((tenantId + "/" + touchpointId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Copies the proto touchpoint into the entity (new or existing). */
    public static void copy(String tenantId, String profileId, JourneyTouchpoint t, JourneyTouchpointEntity e) {
        e.uid = touchpointUid(tenantId, t.getId());
        e.tenantId = tenantId;
        e.touchpointId = t.getId();
        e.profileId = profileId;
        e.type = t.getType();
        e.channel = t.getChannel();
        e.occurredAt = Timestamps.instant(t.getOccurredAt());
        e.direction = t.getDirection().isEmpty() ? null : t.getDirection();
        e.correlation = write(t.getCorrelationMap());
        e.sentiment = t.hasSentiment() ? t.getSentiment() : null;
        e.csat = t.hasCsat() ? t.getCsat() : null;
        e.nps = t.hasNps() ? t.getNps() : null;
        e.waitSeconds = t.hasWaitSeconds() ? t.getWaitSeconds() : null;
        e.agentId = t.getAgentId().isEmpty() ? null : t.getAgentId();
        e.anonymous = t.getAnonymous();
    }

    public static TouchpointFact toFact(JourneyTouchpointEntity e) {
        return new TouchpointFact(e.touchpointId, e.type, e.channel, e.occurredAt, e.direction,
                read(e.correlation, new TypeReference<Map<String, String>>() {
                }), e.sentiment, e.csat, e.nps, e.waitSeconds, e.agentId, e.anonymous);
    }

    /** Copies an assembled journey into its entity; true when anything a reader sees changed. */
    public static boolean copy(String tenantId, String profileId, AssembledJourney a, JourneyDefinition definition,
            JourneyEntity e) {
        String touchpointIds = write(a.touchpointIds());
        String handoffs = write(a.handoffs().stream().map(h -> new StoredHandoff(h.fromChannel(), h.toChannel(),
                h.gap().toSeconds(), h.fromTouchpointId(), h.toTouchpointId())).toList());
        String friction = write(a.friction());
        String status = a.status().name().toLowerCase(Locale.ROOT);
        boolean changed = e.id == null || !status.equals(e.status) || !touchpointIds.equals(e.touchpointIds)
                || !handoffs.equals(e.handoffs) || !friction.equals(e.friction) || !profileId.equals(e.profileId)
                || !java.util.Objects.equals(a.stage(), e.stage) || a.definitionVersion() != e.definitionVersion;
        e.id = a.id();
        e.tenantId = tenantId;
        e.profileId = profileId;
        e.definitionKey = a.definitionKey();
        e.definitionVersion = a.definitionVersion();
        e.category = a.category().wireName();
        e.status = status;
        e.stage = a.stage();
        e.startedAt = a.startedAt();
        e.lastActivityAt = a.lastActivityAt();
        e.endedAt = a.endedAt();
        e.timeoutAt = a.lastActivityAt().plus(definition.inactivityTimeout());
        e.touchpointIds = touchpointIds;
        e.handoffs = handoffs;
        e.friction = friction;
        e.correlation = write(a.correlation());
        if (changed) {
            e.updatedAt = Instant.now();
        }
        return changed;
    }

    public static Journey toProto(JourneyEntity e) {
        Journey.Builder b = Journey.newBuilder()
                .setId(e.id).setProfileId(e.profileId).setType(e.definitionKey).setCategory(e.category)
                .setStatus(status(e.status)).setStage(e.stage == null ? "" : e.stage)
                .setStartedAt(Timestamps.of(e.startedAt)).setLastActivityAt(Timestamps.of(e.lastActivityAt))
                .setDefinitionVersion(e.definitionVersion)
                .addAllTouchpointIds(touchpointIds(e));
        if (e.endedAt != null) {
            b.setEndedAt(Timestamps.of(e.endedAt));
        }
        if (e.jes != null) {
            b.setJes(e.jes);
        }
        handoffs(e).forEach(h -> b.addHandoffs(Handoff.newBuilder().setFromChannel(h.fromChannel())
                .setToChannel(h.toChannel()).setGapSeconds(h.gapSeconds())
                .setFromTouchpointId(h.fromTouchpointId()).setToTouchpointId(h.toTouchpointId())));
        friction(e).forEach(f -> b.addFriction(FrictionSignal.newBuilder().setKind(f.kind())
                .addAllTouchpointIds(f.touchpointIds()).setDetail(f.detail() == null ? "" : f.detail())));
        return b.build();
    }

    /** The facts the JES model needs, from the stored journey and its touchpoints. */
    public static JourneyFacts toFacts(JourneyEntity e, Map<String, JourneyTouchpointEntity> touchpoints,
            JourneyDefinition definition) {
        JourneyFacts.Builder b = JourneyFacts.newBuilder()
                .setJourneyId(e.id).setProfileId(e.profileId).setType(e.definitionKey).setStatus(e.status)
                .setStage(e.stage == null ? "" : e.stage)
                .setStartedAt(Timestamps.of(e.startedAt)).setLastActivityAt(Timestamps.of(e.lastActivityAt))
                .setHandoffCount(handoffs(e).size())
                .setExpectedTouchpoints(definition.expectedTouchpoints())
                .setExpectedDurationSeconds(definition.expectedDuration().toSeconds());
        for (String id : touchpointIds(e)) {
            JourneyTouchpointEntity t = touchpoints.get(id);
            if (t == null) {
                continue;
            }
            ScoredTouchpoint.Builder s = ScoredTouchpoint.newBuilder().setId(id).setChannel(t.channel)
                    .setOccurredAt(Timestamps.of(t.occurredAt));
            if (t.sentiment != null) {
                s.setSentiment(t.sentiment);
            }
            if (t.csat != null) {
                s.setCsat(t.csat);
            }
            if (t.nps != null) {
                s.setNps(t.nps);
            }
            b.addTouchpoints(s);
        }
        friction(e).forEach(f -> b.addFriction(io.cjm.proto.scoring.v1.Friction.newBuilder().setKind(f.kind())
                .addAllTouchpointIds(f.touchpointIds())));
        return b.build();
    }

    public static List<String> touchpointIds(JourneyEntity e) {
        return read(e.touchpointIds, new TypeReference<List<String>>() {
        });
    }

    static List<StoredHandoff> handoffs(JourneyEntity e) {
        return read(e.handoffs, new TypeReference<List<StoredHandoff>>() {
        });
    }

    static List<Friction> friction(JourneyEntity e) {
        return read(e.friction, new TypeReference<List<Friction>>() {
        });
    }

    public static JourneyStatus status(String s) {
        return switch (s) {
            case "open" -> JourneyStatus.JOURNEY_STATUS_OPEN;
            case "completed" -> JourneyStatus.JOURNEY_STATUS_COMPLETED;
            case "failed" -> JourneyStatus.JOURNEY_STATUS_FAILED;
            case "abandoned" -> JourneyStatus.JOURNEY_STATUS_ABANDONED;
            default -> JourneyStatus.JOURNEY_STATUS_UNSPECIFIED;
        };
    }

    /** The stored status name of a proto status, or null for unspecified. */
    public static String statusName(JourneyStatus s) {
        return switch (s) {
            case JOURNEY_STATUS_OPEN -> "open";
            case JOURNEY_STATUS_COMPLETED -> "completed";
            case JOURNEY_STATUS_FAILED -> "failed";
            case JOURNEY_STATUS_ABANDONED -> "abandoned";
            default -> null;
        };
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
