package io.cjm.touchpoint.repository;

import io.cjm.touchpoint.entity.OutboxEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntity, String> {

    /**
     * Leases up to {@code limit} due rows for {@code leaseSeconds}. SKIP LOCKED lets several
     * relays (replicas) drain one outbox without taking the same row.
     */
    @SuppressWarnings("unchecked")
    public Uni<List<String>> lease(int limit, int leaseSeconds) {
        return getSession().chain(s -> s.createNativeQuery("""
                UPDATE outbox SET leased_until = now() + make_interval(secs => ?2)
                WHERE uid IN (
                    SELECT uid FROM outbox
                    WHERE next_attempt_at <= now() AND (leased_until IS NULL OR leased_until < now())
                    ORDER BY created_at
                    LIMIT ?1
                    FOR UPDATE SKIP LOCKED)
                RETURNING uid
                """, String.class).setParameter(1, limit).setParameter(2, leaseSeconds).getResultList());
    }
}
