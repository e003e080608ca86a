package io.cjm.identity.repository;

import io.cjm.identity.entity.TenantGraphEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class TenantGraphRepository implements PanacheRepositoryBase<TenantGraphEntity, String> {

    /**
     * Increments the tenant's graph version and returns the row, creating it on first use.
     * The row stays locked until the transaction ends, which serializes a tenant's graph
     * changes (resolutions of different tenants run in parallel).
     */
    public Uni<TenantGraphEntity> advance(String tenantId) {
        return getSession().chain(s -> s.createNativeQuery(
                "INSERT INTO tenant_graph (tenant_id, version) VALUES (?1, 1) "
                        + "ON CONFLICT (tenant_id) DO UPDATE SET version = tenant_graph.version + 1")
                .setParameter(1, tenantId).executeUpdate())
                .chain(() -> findById(tenantId));
    }
}
