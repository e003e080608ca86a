package io.cjm.touchpoint.repository;

import io.cjm.touchpoint.entity.OutboxEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntity, String> {

    /** A leased outbox row: what the relay needs to deliver it and to trace the delivery. */
    public record Leased(String uid, String tenantId, String touchpointId, int attempts, String traceparent) {
    }

    /** How much is waiting: outbox rows, and the age in seconds of the oldest one (0 when none). */
    public record Backlog(long rows, double oldestAgeSeconds) {
    }

    /**
     * Leases up to {@code limit} due rows for {@code leaseSeconds}, those due longest first
     * (a fresh row is due when it is created). SKIP LOCKED lets several relays (replicas) drain
     * one outbox without taking the same row. The order is the due index's, so a lease reads
     * the rows it takes (and the leased ones it skips) instead of sorting every due row. The
     * rows are picked once (the array) and updated through the primary key: written as
     * {@code uid IN (SELECT ...)}, a planner that believes the outbox empty (statistics taken
     * while it was, as autovacuum may) ran the picking query again for every outbox row,
     * 20 s a lease at 30,000 rows.
     */
    public Uni<List<Leased>> lease(int limit, int leaseSeconds) {
        return getSession().chain(s -> s.createNativeQuery("""
                UPDATE outbox SET leased_until = now() + make_interval(secs => ?2)
                WHERE uid = ANY (ARRAY(
                    SELECT uid FROM outbox
                    WHERE next_attempt_at <= now() AND (leased_until IS NULL OR leased_until < now())
                    ORDER BY next_attempt_at, created_at
                    LIMIT ?1
                    FOR UPDATE SKIP LOCKED))
                RETURNING uid, tenant_id, touchpoint_id, attempts, traceparent
                """, Object[].class).setParameter(1, limit).setParameter(2, leaseSeconds).getResultList())
                .map(rows -> rows.stream().map(r -> new Leased((String) r[0], (String) r[1], (String) r[2],
                        ((Number) r[3]).intValue(), (String) r[4])).toList());
    }

    /** What the relay needs to know of a row to retry or quarantine it. */
    public record State(int attempts, int failures, String tenantId, String touchpointId) {
    }

    /** The row's attempts, failures and keys, or null when it is gone. A query, not an entity load. */
    public Uni<State> state(String uid) {
        return find("uid = ?1", uid).project(State.class).firstResult();
    }

    /** Hands a leased row back unattempted, so another relay can take it at once. */
    public Uni<Integer> release(String uid) {
        return update("leasedUntil = null where uid = ?1", uid);
    }

    /** Deletes the outbox rows of the tenant's touchpoints with the given uids. One statement. */
    public Uni<Long> deleteByUids(String tenantId, Collection<String> uids) {
        return delete("tenantId = ?1 and uid in ?2", tenantId, uids);
    }

    /** The whole outbox's backlog, over all tenants. */
    public Uni<Backlog> backlog() {
        return getSession().chain(s -> s.createNativeQuery("""
                SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0) FROM outbox
                """, Object[].class).getSingleResult())
                .map(r -> new Backlog(((Number) r[0]).longValue(), ((Number) r[1]).doubleValue()));
    }

    /**
     * Puts the tenant's touchpoints with the given uids in the outbox again: a fresh row, due
     * now, with no attempts, carrying {@code traceparent} (may be null). A row that is somehow
     * still there is reset the same way. One statement.
     */
    public Uni<Integer> requeue(String tenantId, Collection<String> uids, String traceparent) {
        return getSession().chain(s -> s.createNativeQuery("""
                INSERT INTO outbox (uid, tenant_id, touchpoint_id, created_at, attempts, next_attempt_at, traceparent)
                SELECT uid, tenant_id, touchpoint_id, now(), 0, now(), CAST(?3 AS text)
                FROM touchpoint WHERE tenant_id = ?1 AND uid IN (?2)
                ON CONFLICT (uid) DO UPDATE SET created_at = now(), attempts = 0, failures = 0, next_attempt_at = now(),
                    leased_until = NULL, last_error = NULL, traceparent = EXCLUDED.traceparent
                """).setParameter(1, tenantId).setParameter(2, uids).setParameter(3, traceparent).executeUpdate());
    }
}
