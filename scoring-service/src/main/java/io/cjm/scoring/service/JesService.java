package io.cjm.scoring.service;

import io.cjm.scoring.domain.JesModel;
import io.cjm.scoring.domain.JesResult;
import io.cjm.scoring.domain.JesWeights;
import io.cjm.scoring.domain.JourneyInput;
import io.cjm.scoring.entity.JourneyScoreEntity;
import io.cjm.scoring.mapping.ScoreMapper;
import io.cjm.scoring.repository.JourneyScoreRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/** Scores journeys with the JES model and keeps the latest score of each. */
@ApplicationScoped
public class JesService {

    private final JourneyScoreRepository scores;
    private final JesModel model = new JesModel(JesWeights.defaults());

    JesService(JourneyScoreRepository scores) {
        this.scores = scores;
    }

    @WithTransaction
    public Uni<JourneyScoreEntity> score(String tenantId, String profileId, JourneyInput journey) {
        JesResult result = model.score(journey);
        return scores.findInTenant(tenantId, journey.journeyId()).chain(existing -> {
            JourneyScoreEntity e = existing != null ? existing : new JourneyScoreEntity();
            e.journeyId = journey.journeyId();
            e.tenantId = tenantId;
            e.profileId = profileId;
            e.journeyType = journey.type();
            e.status = journey.status();
            e.score = result.score();
            e.modelVersion = result.modelVersion();
            e.breakdown = ScoreMapper.breakdownJson(result.breakdown());
            e.scoredAt = Instant.now();
            return existing != null ? Uni.createFrom().item(e) : scores.persist(e);
        });
    }

    @WithSession
    public Uni<Optional<JourneyScoreEntity>> get(String tenantId, String journeyId) {
        return scores.findInTenant(tenantId, journeyId).map(Optional::ofNullable);
    }

    @WithTransaction
    public Uni<Long> delete(String tenantId, Collection<String> journeyIds) {
        return journeyIds.isEmpty() ? Uni.createFrom().item(0L) : scores.deleteInTenant(tenantId, journeyIds);
    }
}
