package io.cjm.journey.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cjm.journey.entity.JourneyEntity;
import io.cjm.journey.entity.JourneyTouchpointEntity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The multi-row inserts of new touchpoints and journeys store, column for column, what a
 * persist of the same entity stores: nulls, doubles (-0.0, NaN, infinities), booleans and
 * timestamps with nanoseconds (cut to microseconds), read back as PostgreSQL's text of each value.
 */
@QuarkusTest
class InsertAllTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Nanoseconds that rounding and cutting tell apart. */
    private static final Instant NANOS = Instant.parse("2026-03-01T10:15:30.123456789Z");
    private static final Instant BEFORE_2000 = Instant.parse("1999-12-31T23:59:59.999999500Z");

    @Inject
    JourneyTouchpointRepository touchpoints;

    @Inject
    JourneyRepository journeys;

    @Inject
    Pool pool;

    @Test
    void aTouchpointWithEveryValueIsStoredAsItsPersistStoresIt() {
        assertSameTouchpoints(uid -> touchpoint(uid, NANOS, "in", -0.0, 5, -10, 0, "agent-7", true, 42));
        assertSameTouchpoints(uid -> touchpoint(uid, BEFORE_2000, "out", 0.1 + 0.2, Integer.MAX_VALUE,
                Integer.MIN_VALUE, 3600, "\u00e9\"\\\n", false, Long.MAX_VALUE));
        assertSameTouchpoints(uid -> touchpoint(uid, NANOS, null, Double.NaN, null, null, null, null, false, 0));
        assertSameTouchpoints(uid -> touchpoint(uid, NANOS, null, Double.NEGATIVE_INFINITY, null, null, null, null,
                false, 0));
        assertSameTouchpoints(uid -> touchpoint(uid, NANOS, null, null, null, null, null, null, false, 0));
    }

    @Test
    void aJourneyWithEveryValueIsStoredAsItsPersistStoresIt() {
        Instant now = Instant.now();
        assertSameJourneys(id -> journey(id, "closing", NANOS, BEFORE_2000, 0.875, NANOS));
        assertSameJourneys(id -> journey(id, null, null, NANOS, null, BEFORE_2000));
        assertSameJourneys(id -> journey(id, "x", NANOS, NANOS, Double.POSITIVE_INFINITY, now));
        assertSameJourneys(id -> journey(id, "x", NANOS, now, -0.0, now));
    }

    @Test
    void aNewRowThatExistsFailsTheInsert() {
        String uid = UUID.randomUUID().toString();
        inTransaction(() -> touchpoints.insertAll(List.of(touchpoint(uid, NANOS, null, null, null, null, null, null,
                false, 0))));
        assertThrows(RuntimeException.class, () -> inTransaction(() -> touchpoints.insertAll(List.of(
                touchpoint(UUID.randomUUID().toString(), NANOS, null, null, null, null, null, null, false, 0),
                touchpoint(uid, NANOS, null, null, null, null, null, null, false, 0)))));
    }

    @Test
    void rowsBeyondOneStatementAreAllInserted() {
        String tenant = "insert-all-" + UUID.randomUUID();
        List<JourneyTouchpointEntity> rows = new ArrayList<>();
        for (int i = 0; i < Batches.SIZE + 7; i++) {
            JourneyTouchpointEntity e = touchpoint(UUID.randomUUID().toString(), NANOS, null, null, i, null, null,
                    null, false, i);
            e.tenantId = tenant;
            rows.add(e);
        }
        assertEquals(rows.size(), inTransaction(() -> touchpoints.insertAll(rows)));
        assertEquals(rows.size(), pool.preparedQuery("SELECT count(*) FROM journey_touchpoint WHERE tenant_id = $1")
                .execute(Tuple.of(tenant)).await().atMost(WAIT).iterator().next().getLong(0));
        assertEquals(0, inTransaction(() -> touchpoints.insertAll(List.of())));
    }

    private void assertSameTouchpoints(java.util.function.Function<String, JourneyTouchpointEntity> row) {
        String persisted = UUID.randomUUID().toString();
        String inserted = UUID.randomUUID().toString();
        inTransaction(() -> touchpoints.persist(row.apply(persisted)).chain(() -> touchpoints.flush()));
        assertEquals(1, inTransaction(() -> touchpoints.insertAll(List.of(row.apply(inserted)))));
        assertEquals(columns("journey_touchpoint", "uid", persisted), columns("journey_touchpoint", "uid", inserted));
    }

    private void assertSameJourneys(java.util.function.Function<String, JourneyEntity> row) {
        String persisted = UUID.randomUUID().toString();
        String inserted = UUID.randomUUID().toString();
        inTransaction(() -> journeys.persist(row.apply(persisted)).chain(() -> journeys.flush()));
        assertEquals(1, inTransaction(() -> journeys.insertAll(List.of(row.apply(inserted)))));
        assertEquals(columns("journey", "id", persisted), columns("journey", "id", inserted));
    }

    /** Every column of the row but its key, as PostgreSQL's text of the value (null for NULL). */
    private Map<String, String> columns(String table, String key, String value) {
        List<String> names = new ArrayList<>();
        pool.preparedQuery("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                + " AND table_name = $1 ORDER BY ordinal_position").execute(Tuple.of(table)).await().atMost(WAIT)
                .forEach(r -> names.add(r.getString(0)));
        names.removeAll(Set.of(key, "touchpoint_id"));
        StringBuilder q = new StringBuilder("SELECT ");
        for (int i = 0; i < names.size(); i++) {
            q.append(i == 0 ? "" : ", ").append("CAST(").append(names.get(i)).append(" AS text)");
        }
        q.append(" FROM ").append(table).append(" WHERE ").append(key).append(" = $1");
        Row r = pool.preparedQuery(q.toString()).execute(Tuple.of(value)).await().atMost(WAIT).iterator().next();
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            values.put(names.get(i), r.getString(i));
        }
        return values;
    }

    private static <T> T inTransaction(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(work));
        } catch (Throwable e) {
            throw e instanceof RuntimeException x ? x : new RuntimeException(e);
        }
    }

    private static JourneyTouchpointEntity touchpoint(String uid, Instant occurredAt, String direction,
            Double sentiment, Integer csat, Integer nps, Integer waitSeconds, String agentId, boolean anonymous,
            long graphVersion) {
        JourneyTouchpointEntity e = new JourneyTouchpointEntity();
        e.uid = uid;
        e.tenantId = "insert-all";
        // unique per tenant, like the uid it derives from
        e.touchpointId = "tp-" + uid;
        e.profileId = "profile-1";
        e.graphVersion = graphVersion;
        e.type = "Call Started";
        e.channel = "phone";
        e.occurredAt = occurredAt;
        e.direction = direction;
        e.correlation = "{\"caseId\":\"C-1\",\"note\":\"\\u00e9 \\\"q\\\"\"}";
        e.sentiment = sentiment;
        e.csat = csat;
        e.nps = nps;
        e.waitSeconds = waitSeconds;
        e.agentId = agentId;
        e.anonymous = anonymous;
        return e;
    }

    private static JourneyEntity journey(String id, String stage, Instant endedAt, Instant startedAt, Double jes,
            Instant updatedAt) {
        JourneyEntity e = new JourneyEntity();
        e.id = id;
        e.tenantId = "insert-all";
        e.profileId = "profile-1";
        e.definitionKey = "support";
        e.definitionVersion = 3;
        e.category = "service";
        e.status = endedAt == null ? "open" : "completed";
        e.stage = stage;
        e.startedAt = startedAt;
        e.lastActivityAt = startedAt.plusNanos(1);
        e.endedAt = endedAt;
        e.timeoutAt = startedAt.plus(Duration.ofDays(7)).plusNanos(999);
        e.touchpointIds = "[\"tp-1\",\"tp-2\"]";
        e.handoffs = "[]";
        e.friction = "[{\"kind\":\"LONG_WAIT\",\"detail\":\"\\\"\\u00e9\"}]";
        e.correlation = "{}";
        e.jes = jes;
        e.updatedAt = updatedAt;
        return e;
    }
}
