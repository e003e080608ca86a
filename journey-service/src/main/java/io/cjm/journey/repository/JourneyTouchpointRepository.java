package io.cjm.journey.repository;

import io.cjm.journey.entity.JourneyTouchpointEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class JourneyTouchpointRepository implements PanacheRepositoryBase<JourneyTouchpointEntity, String> {

    public Uni<List<JourneyTouchpointEntity>> findByProfile(String tenantId, String profileId) {
        return list("tenantId = ?1 and profileId = ?2 order by occurredAt, touchpointId", tenantId, profileId);
    }

    /** Re-attributes the touchpoints of merged profiles to the survivor. */
    public Uni<Integer> moveToProfile(String tenantId, Collection<String> fromProfiles, String toProfile) {
        return update("profileId = ?1 where tenantId = ?2 and profileId in ?3", toProfile, tenantId, fromProfiles);
    }
}
