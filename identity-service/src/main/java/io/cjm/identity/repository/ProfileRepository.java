package io.cjm.identity.repository;

import io.cjm.identity.entity.ProfileEntity;
import io.cjm.platform.db.SqlIds;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class ProfileRepository implements PanacheRepositoryBase<ProfileEntity, String> {

    public Uni<ProfileEntity> findInTenant(String tenantId, String id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
    }

    public Uni<List<ProfileEntity>> findAllInTenant(String tenantId, Collection<String> ids) {
        return getSession().chain(s -> s.createNativeQuery("SELECT * FROM profile WHERE tenant_id = ?1 AND id = "
                + SqlIds.anyOf(2), ProfileEntity.class).setParameter(1, tenantId).setParameter(2, SqlIds.json(ids))
                .getResultList());
    }

    public Uni<List<ProfileEntity>> findByComponents(String tenantId, Collection<String> components) {
        return getSession().chain(s -> s.createNativeQuery("SELECT * FROM profile WHERE tenant_id = ?1 AND component_id = "
                + SqlIds.anyOf(2), ProfileEntity.class).setParameter(1, tenantId)
                .setParameter(2, SqlIds.json(components)).getResultList());
    }

    public Uni<List<String>> mergedInto(String tenantId, String survivorId) {
        return find("select p.id from ProfileEntity p where p.tenantId = ?1 and p.mergedInto = ?2 order by p.mergedAt, p.id",
                tenantId, survivorId).project(String.class).list();
    }
}
