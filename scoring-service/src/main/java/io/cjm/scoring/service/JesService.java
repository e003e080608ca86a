package io.cjm.scoring.service;

import io.cjm.scoring.domain.JesModel;
import io.cjm.scoring.domain.JesResult;
import io.cjm.scoring.domain.JesWeights;
import io.cjm.scoring.domain.JourneyInput;
import io.cjm.scoring.entity.JourneyScoreEntity;
import io.cjm.scoring.mapping.ScoreMapper;
import io.cjm.scoring.repository.JourneyScoreRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Scores journeys with the JES model and keeps the latest score of each. How long the model
 * takes is the timer {@code cjm_jes_computation_seconds{model}} at /q/metrics.
 */
@ApplicationScoped
public class JesService {

    private final JourneyScoreRepository scores;
    private final JesModel model = new JesModel(JesWeights.defaults());
    private final Timer computation;

    JesService(JourneyScoreRepository scores, MeterRegistry registry) {
        this.scores = scores;
        this.computation = Timer.builder("cjm.jes.computation").tag("model", JesModel.VERSION)
                .description("Time the JES model takes to score one journey").register(registry);
    }

    @WithSpan
    @WithTransaction
    public Uni<JourneyScoreEntity> score(@SpanAttribute("cjm.tenant") String tenantId, String profileId,
            JourneyInput journey) {
        JesResult result = computation.record(() -> model.score(journey));
        Span.current().setAttribute("cjm.journey.id", journey.journeyId())
                .setAttribute("cjm.jes.model", result.modelVersion())
                .setAttribute("cjm.jes.score", result.score());
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

    @WithSpan
    @WithSession
    public Uni<Optional<JourneyScoreEntity>> get(@SpanAttribute("cjm.tenant") String tenantId, String journeyId) {
        return scores.findInTenant(tenantId, journeyId).map(Optional::ofNullable);
    }

    @WithSpan
    @WithTransaction
    public Uni<Long> delete(@SpanAttribute("cjm.tenant") String tenantId, Collection<String> journeyIds) {
        return journeyIds.isEmpty() ? Uni.createFrom().item(0L) : scores.deleteInTenant(tenantId, journeyIds);
    }
}
