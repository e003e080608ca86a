package io.cjm.identity.repository;

import io.cjm.identity.entity.SightingEntity;
import io.cjm.platform.db.SqlIds;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class SightingRepository implements PanacheRepositoryBase<SightingEntity, String> {

    /** The key of a touchpoint's sighting. */
    public static String uid(String tenantId, String touchpointId) {
        return tenantId + "/" + touchpointId;
    }

    public Uni<List<SightingEntity>> findByUids(Collection<String> uids) {
        return getSession().chain(s -> s.createNativeQuery("SELECT * FROM sighting WHERE uid = " + SqlIds.anyOf(1),
                SightingEntity.class).setParameter(1, SqlIds.json(uids)).getResultList());
    }

    public Uni<List<SightingEntity>> findByComponents(String tenantId, Collection<String> components) {
        return getSession().chain(s -> s.createNativeQuery("SELECT * FROM sighting WHERE tenant_id = ?1 AND component_id = "
                + SqlIds.anyOf(2), SightingEntity.class).setParameter(1, tenantId)
                .setParameter(2, SqlIds.json(components)).getResultList());
    }

    public Uni<List<String>> touchpointIdsOfProfile(String tenantId, String profileId) {
        return find("select s.touchpointId from SightingEntity s where s.tenantId = ?1 and s.profileId = ?2",
                tenantId, profileId).project(String.class).list();
    }
}
