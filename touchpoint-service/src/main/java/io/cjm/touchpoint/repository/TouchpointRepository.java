package io.cjm.touchpoint.repository;

import io.cjm.touchpoint.entity.TouchpointEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class TouchpointRepository implements PanacheRepositoryBase<TouchpointEntity, String> {

    /** The ids among the given ones that the tenant already stored. */
    public Uni<List<String>> existingIds(String tenantId, Collection<String> touchpointIds) {
        return find("select t.touchpointId from TouchpointEntity t where t.tenantId = ?1 and t.touchpointId in ?2",
                tenantId, touchpointIds).project(String.class).list();
    }

    /** Pipeline counts of a tenant: accepted, resolved, assembled, scored, pending, quarantined, oldest pending age. */
    public Uni<Object[]> stats(String tenantId) {
        return getSession().chain(s -> s.createNativeQuery("""
                SELECT count(*), count(resolved_at), count(assembled_at), count(scored_at),
                       count(*) FILTER (WHERE done_at IS NULL AND quarantined_at IS NULL),
                       count(quarantined_at),
                       COALESCE(EXTRACT(EPOCH FROM now() - min(accepted_at)
                           FILTER (WHERE done_at IS NULL AND quarantined_at IS NULL)), 0)
                FROM touchpoint WHERE tenant_id = ?1
                """, Object[].class).setParameter(1, tenantId).getSingleResult());
    }

    /** Touchpoints of all tenants still in the pipeline, and quarantined ones: {pending, quarantined}. */
    public Uni<long[]> pendingAndQuarantined() {
        return getSession().chain(s -> s.createNativeQuery("""
                SELECT (SELECT count(*) FROM touchpoint WHERE done_at IS NULL AND quarantined_at IS NULL),
                       (SELECT count(*) FROM touchpoint WHERE quarantined_at IS NOT NULL)
                """, Object[].class).getSingleResult())
                .map(r -> new long[] { ((Number) r[0]).longValue(), ((Number) r[1]).longValue() });
    }
}
