package io.cjm.journey.service;

import io.cjm.journey.repository.JourneyRepository;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Scores journeys again when what their JES depends on changed outside assembly (a tenant's
 * JES weights): {@link #markStale} flags them {@code jes_stale}, and a sweep every
 * {@code cjm.journey.rescore-every} scores the stale journeys of up to {@value #BATCH} profiles
 * with {@link AssemblyService#scoreStale}, walking through them in (tenant, profile) order so
 * that journeys which keep failing do not hold back the others. The sweep also picks up a
 * journey whose scoring failed during an Apply.
 */
@ApplicationScoped
public class RescoreService {

    private static final Logger LOG = Logger.getLogger(RescoreService.class);
    static final int BATCH = 200;

    private final JourneyRepository journeys;
    private final AssemblyService assembly;
    /** Where the next sweep goes on: the last (tenant, profile) swept; empty strings to start over. */
    private String afterTenant = "";
    private String afterProfile = "";

    RescoreService(JourneyRepository journeys, AssemblyService assembly) {
        this.journeys = journeys;
        this.assembly = assembly;
    }

    /**
     * Marks the tenant's journeys of a type (all when null) stale. Their update time moves too,
     * so that a score computed before this call (with the old weights) is not kept: scoring
     * writes the JES only while the journey's update time is the one it was scored at.
     */
    @WithSpan
    public Uni<Integer> markStale(@SpanAttribute("cjm.tenant") String tenantId, String journeyType) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> journeyType == null
                ? journeys.update("jesStale = true, updatedAt = ?1 where tenantId = ?2", now, tenantId)
                : journeys.update("jesStale = true, updatedAt = ?1 where tenantId = ?2 and definitionKey = ?3", now,
                        tenantId, journeyType));
    }

    @Scheduled(every = "${cjm.journey.rescore-every}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return Panache.withSession(() -> journeys.profilesWithStaleScores(afterTenant, afterProfile, BATCH))
                .chain(rows -> {
                    if (rows.size() < BATCH) {
                        afterTenant = "";
                        afterProfile = "";
                    } else {
                        afterTenant = (String) rows.getLast()[0];
                        afterProfile = (String) rows.getLast()[1];
                    }
                    return Multi.createFrom().iterable(rows)
                            .onItem().transformToUniAndConcatenate(row -> assembly.scoreStale((String) row[0],
                                    List.of((String) row[1]))
                                    // No identifiers in the log: the kind of failure only.
                                    .onFailure().invoke(e -> LOG.warnf("Could not re-score a profile's journeys: %s",
                                            e.getClass().getName()))
                                    .onFailure().recoverWithItem(false))
                            .collect().asList().replaceWithVoid();
                });
    }
}
