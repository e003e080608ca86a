package io.cjm.identity.repository;

import io.cjm.identity.entity.MergeLogEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class MergeLogRepository implements PanacheRepositoryBase<MergeLogEntity, String> {

    /** Merge log entries about a profile, newest first. */
    public Uni<List<MergeLogEntity>> findByProfile(String tenantId, String profileId, int limit) {
        return find("tenantId = ?1 and (survivorId = ?2 or mergedId = ?2) order by mergedAt desc, id", tenantId,
                profileId).page(0, limit).list();
    }

    public Uni<Long> deleteByProfiles(String tenantId, Collection<String> profiles) {
        return delete("tenantId = ?1 and (survivorId in ?2 or mergedId in ?2)", tenantId, profiles);
    }
}
