package io.cjm.identity.repository;

import io.cjm.identity.entity.IdentityConflictEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class IdentityConflictRepository implements PanacheRepositoryBase<IdentityConflictEntity, String> {

    public Uni<Long> deleteByComponents(String tenantId, Collection<String> components) {
        return delete("tenantId = ?1 and componentId in ?2", tenantId, components);
    }

    public Uni<Long> deleteByProfiles(String tenantId, Collection<String> profiles) {
        return delete("tenantId = ?1 and (profileId in ?2 or otherProfileId in ?2)", tenantId, profiles);
    }

    /** Conflicts that involve a profile, newest first. */
    public Uni<List<IdentityConflictEntity>> findByProfile(String tenantId, String profileId, int limit) {
        return find("tenantId = ?1 and (profileId = ?2 or otherProfileId = ?2) order by occurredAt desc, touchpointId",
                tenantId, profileId).page(0, limit).list();
    }
}
