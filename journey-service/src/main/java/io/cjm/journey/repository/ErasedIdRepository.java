package io.cjm.journey.repository;

import io.cjm.journey.entity.ErasedIdEntity;
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
        return Batches.list(Set.copyOf(ids), slice -> getSession().chain(s -> s.createSelectionQuery(
                "select e.erasedId from ErasedIdEntity e where e.tenantId = :tenant and e.kind = :kind"
                        + " and e.erasedId in :ids",
                String.class).setParameter("tenant", tenantId).setParameter("kind", kind).setParameter("ids", slice)
                .getResultList()))
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
