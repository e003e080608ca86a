package io.cjm.touchpoint.service;

import io.cjm.touchpoint.repository.OutboxRepository;
import io.cjm.touchpoint.repository.TouchpointRepository;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Erasure: deletes a tenant's touchpoints, named by id or by the profile they are stored under,
 * together with their outbox rows, in one transaction. Statements only, no entity loads. Erasing
 * again deletes nothing. A delivery of one of them that is in flight finds its touchpoint gone:
 * its later statements change no row and it is not handed to journey-service.
 */
@ApplicationScoped
public class EraseService {

    private static final Logger LOG = Logger.getLogger(EraseService.class);
    static final AttributeKey<Long> DELETED = AttributeKey.longKey("cjm.touchpoint.deleted");
    /** Ids per statement, well below PostgreSQL's limit of bind parameters. */
    static final int CHUNK = 1000;

    private final TouchpointRepository touchpoints;
    private final OutboxRepository outbox;

    EraseService(TouchpointRepository touchpoints, OutboxRepository outbox) {
        this.touchpoints = touchpoints;
        this.outbox = outbox;
    }

    /**
     * Deletes the tenant's touchpoints with these ids or stored under these profiles, and their
     * outbox rows; answers how many touchpoints. In one transaction:
     * <ol>
     * <li>the uids of the touchpoints with the ids and of those under the profiles;</li>
     * <li>the touchpoints locked in uid order, as the relay's reassignments lock them, so the
     * erasure waits for a delivery's statement (or the other way round) instead of deadlocking;</li>
     * <li>their outbox rows deleted (they reference the touchpoints), then the touchpoints.</li>
     * </ol>
     */
    @WithSpan
    public Uni<Integer> erase(@SpanAttribute("cjm.tenant") String tenantId, Collection<String> touchpointIds,
            Collection<String> profileIds) {
        Span span = Span.current();
        return Panache.withTransaction(() -> uids(tenantId, touchpointIds, profileIds).chain(uids -> {
            List<List<String>> chunks = chunks(uids);
            return each(chunks, chunk -> touchpoints.lock(tenantId, chunk).map(locked -> (long) locked.size()))
                    .chain(() -> each(chunks, chunk -> outbox.deleteByUids(tenantId, chunk)))
                    .chain(() -> each(chunks, chunk -> touchpoints.deleteByUids(tenantId, chunk)));
        }))
                // Safety net: should a deadlock happen anyway, PostgreSQL aborts one side, and
                // erasing again is safe.
                .onFailure(EraseService::isDeadlock).retry()
                .withBackOff(Duration.ofMillis(5), Duration.ofMillis(50)).atMost(3)
                .invoke(deleted -> {
                    span.setAttribute(DELETED, deleted);
                    LOG.infof("Erased %d touchpoints of tenant %s", deleted, tenantId);
                })
                .map(Long::intValue);
    }

    /** The uids to erase, sorted: those of the ids, and those of the touchpoints under the profiles. */
    private Uni<List<String>> uids(String tenantId, Collection<String> touchpointIds, Collection<String> profileIds) {
        // One query after the other: they share the transaction's session.
        Multi<List<String>> byId = Multi.createFrom().iterable(chunks(touchpointIds.stream().distinct().toList()))
                .onItem().transformToUniAndConcatenate(chunk -> touchpoints.uidsOf(tenantId, chunk));
        Multi<List<String>> byProfile = Multi.createFrom().iterable(chunks(profileIds.stream().distinct().toList()))
                .onItem().transformToUniAndConcatenate(chunk -> touchpoints.uidsOfProfiles(tenantId, chunk));
        return Multi.createBy().concatenating().streams(byId, byProfile)
                .collect().in(TreeSet<String>::new, TreeSet::addAll)
                .map(List::copyOf);
    }

    /** Runs one statement per chunk, one after the other (one session), and adds up the rows. */
    private static Uni<Long> each(List<List<String>> chunks, Function<List<String>, Uni<Long>> statement) {
        return Multi.createFrom().iterable(chunks)
                .onItem().transformToUniAndConcatenate(statement::apply)
                .collect().in(() -> new long[1], (sum, n) -> sum[0] += n)
                .map(sum -> sum[0]);
    }

    private static List<List<String>> chunks(List<String> values) {
        List<List<String>> out = new ArrayList<>();
        for (int from = 0; from < values.size(); from += CHUNK) {
            out.add(values.subList(from, Math.min(values.size(), from + CHUNK)));
        }
        return out;
    }

    static boolean isDeadlock(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("40P01") || message.contains("deadlock detected")) {
                return true;
            }
        }
        return false;
    }
}
