package io.cjm.scoring.repository;

import io.cjm.scoring.entity.JourneyScoreEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;

@ApplicationScoped
public class JourneyScoreRepository implements PanacheRepositoryBase<JourneyScoreEntity, String> {

    public Uni<JourneyScoreEntity> findInTenant(String tenantId, String journeyId) {
        return find("tenantId = ?1 and journeyId = ?2", tenantId, journeyId).firstResult();
    }

    public Uni<Long> deleteInTenant(String tenantId, Collection<String> journeyIds) {
        return delete("tenantId = ?1 and journeyId in ?2", tenantId, journeyIds);
    }
}
