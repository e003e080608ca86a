package io.cjm.touchpoint.service;

import io.cjm.platform.grpc.GrpcErrors;
import io.cjm.platform.grpc.Timestamps;
import io.cjm.platform.telemetry.TraceParent;
import io.cjm.proto.touchpoint.v1.ListQuarantinedResponse;
import io.cjm.proto.touchpoint.v1.QuarantinedTouchpoint;
import io.cjm.proto.touchpoint.v1.ReplayQuarantinedResponse;
import io.cjm.proto.touchpoint.v1.SkipReason;
import io.cjm.proto.touchpoint.v1.SkippedTouchpoint;
import io.cjm.touchpoint.entity.TouchpointEntity;
import io.cjm.touchpoint.repository.OutboxRepository;
import io.cjm.touchpoint.repository.TouchpointRepository;
import io.cjm.touchpoint.repository.TouchpointRepository.Replayable;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * The quarantine as an operator sees it: the tenant's quarantined touchpoints, newest first,
 * and their replay. A replay lifts the quarantine and writes a fresh outbox row (no attempts,
 * due now) in one transaction, so the relay delivers the touchpoint again from scratch.
 */
@ApplicationScoped
public class QuarantineService {

    private static final Logger LOG = Logger.getLogger(QuarantineService.class);
    static final AttributeKey<Long> REPLAYED = AttributeKey.longKey("cjm.touchpoint.replayed");
    /** Touchpoints one replay handles at most, named or not. */
    public static final int MAX_REPLAY = 1000;

    private final TouchpointRepository touchpoints;
    private final OutboxRepository outbox;

    QuarantineService(TouchpointRepository touchpoints, OutboxRepository outbox) {
        this.touchpoints = touchpoints;
        this.outbox = outbox;
    }

    /**
     * One page of the tenant's quarantined touchpoints, newest quarantine first, after
     * {@code after} (null for the first page; see {@link Position#decode}).
     */
    @WithSession
    public Uni<ListQuarantinedResponse> list(String tenantId, int limit, Position after) {
        return touchpoints.quarantined(tenantId, after == null ? null : after.quarantinedAt(),
                after == null ? null : after.uid(), limit + 1).map(rows -> {
                    ListQuarantinedResponse.Builder page = ListQuarantinedResponse.newBuilder();
                    rows.stream().limit(limit).forEach(t -> page.addItems(item(t)));
                    if (rows.size() > limit) {
                        TouchpointEntity last = rows.get(limit - 1);
                        page.setNextPageToken(new Position(last.quarantinedAt, last.uid).encode());
                    }
                    return page.build();
                });
    }

    /**
     * Replays the tenant's named quarantined touchpoints, or, when none is named, up to
     * {@link #MAX_REPLAY} of them, oldest quarantine first. In one transaction the touchpoints
     * are locked in uid order (as erasure and the relay's reassignments lock them), their
     * quarantine is lifted and their outbox rows are written. A named id the tenant does not
     * have, or that is not quarantined, is skipped and reported; replaying again replays nothing.
     */
    @WithSpan
    public Uni<ReplayQuarantinedResponse> replay(@SpanAttribute("cjm.tenant") String tenantId,
            List<String> touchpointIds) {
        Span span = Span.current();
        String traceparent = TraceParent.current();
        boolean all = touchpointIds.isEmpty();
        return Panache.withTransaction(() -> candidates(tenantId, touchpointIds).chain(uids -> {
            List<String> chosen = all && uids.size() > MAX_REPLAY ? uids.subList(0, MAX_REPLAY) : uids;
            boolean more = all && uids.size() > MAX_REPLAY;
            if (chosen.isEmpty()) {
                return Uni.createFrom().item(answer(touchpointIds, List.of(), more));
            }
            return touchpoints.lockForReplay(tenantId, chosen).chain(locked -> {
                List<String> replay = locked.stream().filter(Replayable::quarantined).map(Replayable::uid).toList();
                Uni<Integer> written = replay.isEmpty() ? Uni.createFrom().item(0)
                        : touchpoints.unquarantine(tenantId, replay)
                                .chain(() -> outbox.requeue(tenantId, replay, traceparent));
                return written.map(n -> answer(touchpointIds, locked, more));
            });
        }))
                // Erasure and the relay lock in the same order; should a deadlock happen anyway,
                // PostgreSQL aborts one side, and replaying again is safe.
                .onFailure(EraseService::isDeadlock).retry()
                .withBackOff(Duration.ofMillis(5), Duration.ofMillis(50)).atMost(3)
                .invoke(r -> {
                    span.setAttribute(REPLAYED, (long) r.getReplayed());
                    LOG.infof("Replayed %d quarantined touchpoints of tenant %s (%d skipped)", r.getReplayed(),
                            tenantId, r.getSkippedCount());
                });
    }

    /** The uids to replay, sorted: those of the named ids, or (none named) the tenant's quarantined ones and one more. */
    private Uni<List<String>> candidates(String tenantId, List<String> touchpointIds) {
        if (touchpointIds.isEmpty()) {
            return touchpoints.quarantinedUids(tenantId, MAX_REPLAY + 1);
        }
        return touchpoints.uidsOf(tenantId, touchpointIds).map(uids -> List.copyOf(new TreeSet<>(uids)));
    }

    /** Replayed ids in request order (or uid order for "all"), then each named id not replayed with why. */
    private static ReplayQuarantinedResponse answer(List<String> named, List<Replayable> locked, boolean more) {
        Map<String, Replayable> byId = new LinkedHashMap<>();
        locked.forEach(r -> byId.put(r.touchpointId(), r));
        ReplayQuarantinedResponse.Builder response = ReplayQuarantinedResponse.newBuilder().setMore(more);
        if (named.isEmpty()) {
            locked.stream().filter(Replayable::quarantined).forEach(r -> response.addReplayedIds(r.touchpointId()));
        } else {
            List<String> seen = new ArrayList<>();
            for (String id : named) {
                if (seen.contains(id)) {
                    continue;
                }
                seen.add(id);
                Replayable r = byId.get(id);
                if (r != null && r.quarantined()) {
                    response.addReplayedIds(id);
                } else {
                    response.addSkipped(SkippedTouchpoint.newBuilder().setId(id)
                            .setReason(r == null ? SkipReason.SKIP_REASON_NOT_FOUND
                                    : SkipReason.SKIP_REASON_NOT_QUARANTINED));
                }
            }
        }
        return response.setReplayed(response.getReplayedIdsCount()).build();
    }

    private static QuarantinedTouchpoint item(TouchpointEntity t) {
        return QuarantinedTouchpoint.newBuilder().setId(t.touchpointId).setType(t.type).setChannel(t.channel)
                .setOccurredAt(Timestamps.of(t.occurredAt))
                .setQuarantinedAt(Timestamps.of(t.quarantinedAt))
                .setReason(t.quarantineReason == null ? "" : t.quarantineReason)
                .setAttempts(t.quarantineAttempts == null ? 0 : t.quarantineAttempts)
                .build();
    }

    /** Where a page ends: the last item's quarantine time and uid, as an opaque token. */
    public record Position(Instant quarantinedAt, String uid) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((quarantinedAt + "|" + uid).getBytes(StandardCharsets.UTF_8));
        }

        /** The position of a page token; INVALID_ARGUMENT on {@code page_token} when it is none. */
        public static Position decode(String token) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                int bar = text.indexOf('|');
                if (bar < 0) {
                    throw new IllegalArgumentException(token);
                }
                return new Position(Instant.parse(text.substring(0, bar)), text.substring(bar + 1));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw GrpcErrors.invalid("page_token", "not a token of this list");
            }
        }
    }
}
