package io.cjm.touchpoint.mapping;

import io.cjm.platform.db.TimeOrderedIds;
import io.cjm.platform.grpc.Timestamps;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.cjm.proto.journey.v1.JourneyTouchpoint;
import io.cjm.proto.touchpoint.v1.Content;
import io.cjm.proto.touchpoint.v1.Touchpoint;
import io.cjm.touchpoint.domain.TouchpointValidator;
import io.cjm.touchpoint.entity.TouchpointEntity;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Between the proto touchpoint, its stored form and what journey-service needs of it. */
public final class TouchpointMapper {

    /** Attribute keys that correlate touchpoints into one journey. */
    static final List<String> CORRELATION_KEYS = List.of("caseId", "orderId");
    static final Set<String> ANONYMOUS_TYPES = Set.of("anonymousId");

    private TouchpointMapper() {
    }

    public static TouchpointEntity toEntity(String tenantId, Touchpoint t, Instant acceptedAt) {
        TouchpointEntity e = new TouchpointEntity();
        // Time-ordered (UUIDv7): the primary keys of touchpoint and outbox take new entries at their
        // right edge. The client's id is the idempotency key, kept by the unique (tenant_id,
        // touchpoint_id); a duplicate's uid is never stored. Rows stored by earlier versions keep
        // their name-based uids: a uid is looked up by the client's id, never derived from it.
        e.uid = TimeOrderedIds.next();
        e.tenantId = tenantId;
        e.touchpointId = t.getId();
        e.type = t.getType();
        e.channel = t.getChannel();
        e.occurredAt = Timestamps.instant(t.getOccurredAt());
        e.direction = t.getDirection().isEmpty() ? null : t.getDirection();
        // In a HashMap's order, as when these went through a Struct built from one.
        e.identifiers = StoredJson.identifiersJson(new HashMap<>(t.getIdentifiersMap()));
        e.attributes = t.hasAttributes() ? StoredJson.structJson(t.getAttributes()) : null;
        e.content = t.hasContent() ? StoredJson.contentJson(withKinds(t.getContent())) : null;
        e.sentiment = t.hasSentiment() ? t.getSentiment() : null;
        e.csat = t.hasCsat() ? t.getCsat() : null;
        e.nps = t.hasNps() ? t.getNps() : null;
        e.waitSeconds = t.hasWaitSeconds() ? t.getWaitSeconds() : null;
        e.agentId = t.getAgentId().isEmpty() ? null : t.getAgentId();
        e.value = t.hasValue() ? t.getValue() : null;
        e.handleSeconds = t.hasHandleSeconds() ? t.getHandleSeconds() : null;
        e.transfers = t.hasTransfers() ? t.getTransfers() : null;
        e.botIntent = blankToNull(t.getBotIntent());
        e.botOutcome = blankToNull(t.getBotOutcome());
        e.currency = blankToNull(t.getCurrency());
        e.source = blankToNull(t.getSource());
        e.acceptedAt = acceptedAt;
        return e;
    }

    /** The content with every attachment's kind spelled out (derived from its media type when not given). */
    static Content withKinds(Content c) {
        Content.Builder b = c.toBuilder();
        for (int i = 0; i < b.getAttachmentsCount(); i++) {
            b.setAttachments(i, b.getAttachments(i).toBuilder()
                    .setKind(TouchpointValidator.attachmentKind(b.getAttachments(i))));
        }
        return b.build();
    }

    private static String blankToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    /** The touchpoint as the client sent it (normalized: attachment kinds filled in), from its stored form. */
    public static Touchpoint toProto(TouchpointEntity e) {
        Touchpoint.Builder b = Touchpoint.newBuilder()
                .setId(e.touchpointId).setType(e.type).setChannel(e.channel)
                .setOccurredAt(Timestamps.of(e.occurredAt))
                .putAllIdentifiers(identifiers(e))
                .setContent(content(e));
        if (e.direction != null) {
            b.setDirection(e.direction);
        }
        if (e.attributes != null) {
            Struct.Builder attributes = Struct.newBuilder();
            parse(e.attributes, attributes);
            b.setAttributes(attributes);
        }
        if (e.sentiment != null) {
            b.setSentiment(e.sentiment);
        }
        if (e.csat != null) {
            b.setCsat(e.csat);
        }
        if (e.nps != null) {
            b.setNps(e.nps);
        }
        if (e.waitSeconds != null) {
            b.setWaitSeconds(e.waitSeconds);
        }
        if (e.agentId != null) {
            b.setAgentId(e.agentId);
        }
        if (e.value != null) {
            b.setValue(e.value);
        }
        if (e.handleSeconds != null) {
            b.setHandleSeconds(e.handleSeconds);
        }
        if (e.transfers != null) {
            b.setTransfers(e.transfers);
        }
        if (e.botIntent != null) {
            b.setBotIntent(e.botIntent);
        }
        if (e.botOutcome != null) {
            b.setBotOutcome(e.botOutcome);
        }
        if (e.currency != null) {
            b.setCurrency(e.currency);
        }
        if (e.source != null) {
            b.setSource(e.source);
        }
        return b.build();
    }

    public static Map<String, String> identifiers(TouchpointEntity e) {
        Struct.Builder s = Struct.newBuilder();
        parse(e.identifiers, s);
        return s.getFieldsMap().entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                x -> x.getValue().getStringValue()));
    }

    /** What journey assembly needs of a stored touchpoint. */
    public static JourneyTouchpoint toJourneyTouchpoint(TouchpointEntity e) {
        JourneyTouchpoint.Builder b = JourneyTouchpoint.newBuilder()
                .setId(e.touchpointId).setType(e.type).setChannel(e.channel)
                .setOccurredAt(Timestamps.of(e.occurredAt))
                .setDirection(e.direction == null ? "" : e.direction)
                .setAgentId(e.agentId == null ? "" : e.agentId)
                .setAnonymous(identifiers(e).keySet().stream().allMatch(ANONYMOUS_TYPES::contains));
        if (e.attributes != null) {
            Struct.Builder attributes = Struct.newBuilder();
            parse(e.attributes, attributes);
            for (String key : CORRELATION_KEYS) {
                Value v = attributes.getFieldsMap().get(key);
                if (v != null) {
                    String s = v.hasStringValue() ? v.getStringValue()
                            : v.hasNumberValue() ? stripZero(v.getNumberValue()) : null;
                    if (s != null && !s.isBlank()) {
                        b.putCorrelation(key, s);
                    }
                }
            }
        }
        if (e.sentiment != null) {
            b.setSentiment(e.sentiment);
        }
        if (e.csat != null) {
            b.setCsat(e.csat);
        }
        if (e.nps != null) {
            b.setNps(e.nps);
        }
        if (e.waitSeconds != null) {
            b.setWaitSeconds(e.waitSeconds);
        }
        return b.build();
    }

    /** Content as stored, for readers. */
    public static Content content(TouchpointEntity e) {
        Content.Builder c = Content.newBuilder();
        if (e.content != null) {
            parse(e.content, c);
        }
        return c.build();
    }

    private static String stripZero(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    static void parse(String json, com.google.protobuf.Message.Builder into) {
        try {
            JsonFormat.parser().ignoringUnknownFields().merge(json, into);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

}
