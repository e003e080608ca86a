package io.cjm.journey.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cjm.journey.entity.JourneyEntity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The stale-score queue: a journey is stale while it has a row in {@code journey_stale}; a
 * stored score takes it off unless the journey changed since it was scored; a deleted journey
 * leaves nothing queued; and storing a score writes the journey row without touching any of
 * its indexes (a HOT update), which is what the queue is for.
 */
@QuarkusTest
class StaleQueueTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    JourneyRepository journeys;

    @Inject
    Pool pool;

    private final String tenant = "stale-queue-" + UUID.randomUUID();

    @Test
    void aStoredScoreTakesTheJourneyOffTheQueueWithoutTouchingAnIndex() {
        Instant updated = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<JourneyEntity> rows = List.of(journey(updated), journey(updated), journey(updated));
        List<String> ids = rows.stream().map(j -> j.id).toList();
        inTransaction(() -> journeys.insertAll(rows).chain(() -> journeys.markStale(ids, Instant.now())));
        assertEquals(Set.copyOf(ids), stale());

        // The second journey changed after it was read for scoring: its score is not kept.
        List<JourneyRepository.Score> scores = List.of(new JourneyRepository.Score(ids.get(0), 71.5, updated),
                new JourneyRepository.Score(ids.get(1), 12.0, updated.minusSeconds(1)),
                new JourneyRepository.Score(ids.get(2), 88.0, updated));
        // The connection's pending statistics: updates and HOT updates of journey, before and after.
        long[][] counts = new long[2][];
        Set<String> kept = inTransaction(() -> updateCounts().invoke(c -> counts[0] = c)
                .chain(() -> journeys.storeScores(tenant, scores))
                .call(() -> updateCounts().invoke(c -> counts[1] = c)));

        assertEquals(Set.of(ids.get(0), ids.get(2)), kept);
        assertEquals(Set.of(ids.get(1)), stale(), "the changed journey stays stale");
        assertEquals(71.5, jes(ids.get(0)));
        assertEquals(null, jes(ids.get(1)));
        assertEquals(2, counts[1][0] - counts[0][0], "two journeys updated");
        assertEquals(2, counts[1][1] - counts[0][1], "both HOT updates (no index entry written)");
    }

    private Uni<long[]> updateCounts() {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT pg_stat_get_xact_tuples_updated(c.oid), "
                + "pg_stat_get_xact_tuples_hot_updated(c.oid) FROM pg_class c WHERE c.oid = CAST('journey' AS regclass)",
                Object[].class).getSingleResult())
                .map(r -> new long[] {((Number) r[0]).longValue(), ((Number) r[1]).longValue()});
    }

    @Test
    void markingAgainMakesAJourneyDueAfreshAndDeletingItDequeuesIt() {
        JourneyEntity j = journey(Instant.now());
        Instant later = Instant.now().plusSeconds(60);
        inTransaction(() -> journeys.insertAll(List.of(j)).chain(() -> journeys.markStale(List.of(j.id), later)));
        pool.preparedQuery("UPDATE journey_stale SET attempts = 4 WHERE journey_id = $1").execute(Tuple.of(j.id))
                .await().atMost(WAIT);

        assertEquals(1, inTransaction(() -> journeys.markTenantStale(tenant, "support", Instant.now())));
        var row = pool.preparedQuery("SELECT attempts, retry_at IS NULL AS due FROM journey_stale WHERE journey_id = $1")
                .execute(Tuple.of(j.id)).await().atMost(WAIT).iterator().next();
        assertEquals(0, row.getInteger("attempts"));
        assertEquals(true, row.getBoolean("due"));
        assertEquals(0, inTransaction(() -> journeys.markTenantStale(tenant, "purchase", Instant.now())));

        assertEquals(1, inTransaction(() -> journeys.deleteByIds(tenant, List.of(j.id))));
        assertEquals(Set.of(), stale());
    }

    private Set<String> stale() {
        Set<String> ids = new java.util.HashSet<>();
        pool.preparedQuery("SELECT q.journey_id FROM journey_stale q JOIN journey j ON j.id = q.journey_id "
                + "WHERE j.tenant_id = $1").execute(Tuple.of(tenant)).await().atMost(WAIT)
                .forEach(r -> ids.add(r.getString(0)));
        // nothing queued for a journey that is gone
        assertEquals(0L, pool.preparedQuery("SELECT count(*) FROM journey_stale q "
                + "WHERE NOT EXISTS (SELECT 1 FROM journey j WHERE j.id = q.journey_id)").execute()
                .await().atMost(WAIT).iterator().next().getLong(0));
        return ids;
    }

    private Double jes(String id) {
        return pool.preparedQuery("SELECT jes FROM journey WHERE id = $1").execute(Tuple.of(id)).await()
                .atMost(WAIT).iterator().next().getDouble(0);
    }

    private static <T> T inTransaction(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(work));
        } catch (Throwable e) {
            throw e instanceof RuntimeException x ? x : new RuntimeException(e);
        }
    }

    private JourneyEntity journey(Instant updatedAt) {
        JourneyEntity e = new JourneyEntity();
        e.id = UUID.randomUUID().toString();
        e.tenantId = tenant;
        e.profileId = "profile-" + UUID.randomUUID();
        e.definitionKey = "support";
        e.definitionVersion = 1;
        e.category = "service";
        e.status = "open";
        e.startedAt = updatedAt.minusSeconds(600);
        e.lastActivityAt = updatedAt.minusSeconds(60);
        e.timeoutAt = updatedAt.plus(Duration.ofDays(7));
        e.touchpointIds = "[\"tp-1\"]";
        e.handoffs = "[]";
        e.friction = "[]";
        e.correlation = "{}";
        e.updatedAt = updatedAt;
        return e;
    }
}
