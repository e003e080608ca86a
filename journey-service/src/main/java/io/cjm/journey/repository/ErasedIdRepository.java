package io.cjm.journey.repository;

import io.cjm.journey.entity.ErasedIdEntity;
import io.cjm.platform.db.SqlIds;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Tombstones of erased profile and touchpoint ids. */
@ApplicationScoped
public class ErasedIdRepository implements PanacheRepositoryBase<ErasedIdEntity, String> {

    /** Which of these ids of one kind are erased in the tenant. */
    public Uni<Set<String>> erased(String tenantId, String kind, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(new HashSet<>());
        }
        return getSession().chain(s -> s.createNativeQuery("SELECT erased_id FROM erased_id"
                + " WHERE tenant_id = ?1 AND kind = ?2 AND erased_id = " + SqlIds.anyOf(3), String.class)
                .setParameter(1, tenantId).setParameter(2, kind).setParameter(3, SqlIds.json(Set.copyOf(ids)))
                .getResultList())
                .map(HashSet::new);
    }

    /**
     * Records tombstones for the ids not recorded yet. The caller holds the tenant's exclusive
     * lock, so no other transaction records the same ones meanwhile.
     */
    public Uni<Void> record(String tenantId, String kind, Collection<String> ids, Instant now) {
        return erased(tenantId, kind, ids).chain(known -> {
            List<ErasedIdEntity> fresh = Set.copyOf(ids).stream().filter(id -> !known.contains(id)).map(id -> {
                ErasedIdEntity e = new ErasedIdEntity();
                e.uid = uid(tenantId, kind, id);
                e.tenantId = tenantId;
                e.kind = kind;
                e.erasedId = id;
                e.erasedAt = now;
                return e;
            }).toList();
            return fresh.isEmpty() ? Uni.createFrom().voidItem() : persist(fresh);
        });
    }

    static String uid(String tenantId, String kind, String id) {
        return UUID.nameUUIDFromBytes((tenantId + "/" + kind + "/" + id).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
