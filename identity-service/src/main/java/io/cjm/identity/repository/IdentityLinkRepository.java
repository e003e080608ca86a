package io.cjm.identity.repository;

import io.cjm.identity.entity.IdentityLinkEntity;
import io.cjm.platform.db.SqlIds;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class IdentityLinkRepository implements PanacheRepositoryBase<IdentityLinkEntity, String> {

    /** The key of a link: kind and the two identifier keys in order. */
    public static String uid(String tenantId, String kind, String aKey, String bKey) {
        return tenantId + "/" + kind + "/" + aKey + "\n" + bKey;
    }

    public Uni<List<IdentityLinkEntity>> findByComponents(String tenantId, Collection<String> components) {
        return getSession().chain(s -> s.createNativeQuery("SELECT * FROM identity_link WHERE tenant_id = ?1"
                + " AND component_id = " + SqlIds.anyOf(2), IdentityLinkEntity.class).setParameter(1, tenantId)
                .setParameter(2, SqlIds.json(components)).getResultList());
    }

    /** Deletes links of a kind between any identifier of one set and any of the other. */
    public Uni<Long> deleteBetween(String tenantId, String kind, Collection<String> left, Collection<String> right) {
        return delete("tenantId = ?1 and kind = ?2 and ((aKey in ?3 and bKey in ?4) or (aKey in ?4 and bKey in ?3))",
                tenantId, kind, left, right);
    }

    public Uni<Long> deleteTouching(String tenantId, Collection<String> keys) {
        return delete("tenantId = ?1 and (aKey in ?2 or bKey in ?2)", tenantId, keys);
    }
}
