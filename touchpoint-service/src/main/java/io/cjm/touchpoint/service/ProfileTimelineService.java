package io.cjm.touchpoint.service;

import io.cjm.platform.grpc.GrpcErrors;
import io.cjm.platform.grpc.Timestamps;
import io.cjm.proto.touchpoint.v1.ListProfileTouchpointsResponse;
import io.cjm.proto.touchpoint.v1.Touchpoint;
import io.cjm.touchpoint.entity.TouchpointEntity;
import io.cjm.touchpoint.mapping.StoredJson;
import io.cjm.touchpoint.repository.TouchpointRepository;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * A profile's touchpoints as the agent timeline shows them: everything captured (content,
 * attachment references with their kind, contact-center, bot, money and source fields,
 * attributes), newest first, paged by keyset so
 * that touchpoints arriving while an agent pages never shift or repeat a later page.
 * <p>
 * Only touchpoints whose profile is known are found: profile_id is set by the relay once
 * identity-service resolved the touchpoint, and moved by later merges and splits (the highest
 * graph version wins), so a page always shows where each touchpoint belongs now.
 */
@ApplicationScoped
public class ProfileTimelineService {

    /** The default and the largest page. */
    public static final int DEFAULT_PAGE = 50;
    public static final int MAX_PAGE = 200;

    private final TouchpointRepository touchpoints;

    ProfileTimelineService(TouchpointRepository touchpoints) {
        this.touchpoints = touchpoints;
    }

    /** One page of the profile's touchpoints, newest first, after {@code after} (null for the first page). */
    @WithSpan
    @WithSession
    public Uni<ListProfileTouchpointsResponse> page(@SpanAttribute("cjm.tenant") String tenantId, String profileId,
            int limit, Position after) {
        return touchpoints.ofProfile(tenantId, profileId, after == null ? null : after.occurredAt(),
                after == null ? null : after.id(), limit + 1).map(rows -> {
                    ListProfileTouchpointsResponse.Builder page = ListProfileTouchpointsResponse.newBuilder();
                    rows.stream().limit(limit).forEach(t -> page.addTouchpoints(toProto(t)));
                    if (rows.size() > limit) {
                        TouchpointEntity last = rows.get(limit - 1);
                        page.setNextPageToken(new Position(last.occurredAt, last.touchpointId).encode());
                    }
                    return page.build();
                });
    }

    /** A stored touchpoint as it was captured (its JSON columns read with Jackson: see {@link StoredJson}). */
    static Touchpoint toProto(TouchpointEntity e) {
        Touchpoint.Builder b = Touchpoint.newBuilder().setId(e.touchpointId).setType(e.type).setChannel(e.channel)
                .setOccurredAt(Timestamps.of(e.occurredAt)).putAllIdentifiers(StoredJson.identifiers(e.identifiers))
                .setDirection(e.direction == null ? "" : e.direction)
                .setAgentId(e.agentId == null ? "" : e.agentId);
        if (e.content != null) {
            b.setContent(StoredJson.content(e.content));
        }
        if (e.attributes != null) {
            b.setAttributes(StoredJson.struct(e.attributes));
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

    /** Where a page ends: the last item's occurred_at and id, as an opaque token. */
    public record Position(Instant occurredAt, String id) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("t1|" + occurredAt + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        /** The position of a page token; INVALID_ARGUMENT on {@code page_token} when it is none. */
        public static Position decode(String token) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                // "t1" marks a token of this list, so a token of another list (the quarantine's,
                // or journey-service's) is refused instead of read as a wrong position.
                if (!text.startsWith("t1|")) {
                    throw new IllegalArgumentException(token);
                }
                int bar = text.indexOf('|', 3);
                if (bar < 0 || bar == text.length() - 1) {
                    throw new IllegalArgumentException(token);
                }
                return new Position(Instant.parse(text.substring(3, bar)), text.substring(bar + 1));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw GrpcErrors.invalid("page_token", "not a token of this list");
            }
        }
    }
}
