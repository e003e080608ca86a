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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Scores journeys again when what their JES depends on changed outside assembly (a tenant's
 * JES weights): {@link #markStale} queues them in {@code journey_stale}, and a sweep every
 * {@code cjm.journey.rescore-every} scores the stale journeys of up to {@value #BATCH} profiles
 * with {@link AssemblyService#rescore}. The sweep also picks up a journey whose scoring failed
 * during an Apply: assembly makes a journey it changed due only {@code cjm.journey.rescore-grace}
 * later, since the call that changed it scores it right after its commit.
 *
 * <p>The sweep is a queue ordered by when a journey is due: a profile whose scoring fails is
 * put off for 2^attempts seconds (at most {@value #MAX_BACKOFF_SECONDS}), so that journeys
 * which keep failing do not hold back fresh ones, and after a tenant's first failure in a
 * sweep the rest of that tenant's profiles are put off without a call (scoring is down for
 * that tenant or altogether). Each call is tried once: the sweep is the retry.
 */
@ApplicationScoped
public class RescoreService {

    private static final Logger LOG = Logger.getLogger(RescoreService.class);
    static final int BATCH = 200;
    static final int MAX_BACKOFF_SECONDS = 300;

    private final JourneyRepository journeys;
    private final AssemblyService assembly;

    RescoreService(JourneyRepository journeys, AssemblyService assembly) {
        this.journeys = journeys;
        this.assembly = assembly;
    }

    /**
     * Marks the tenant's journeys of a type (all when null) stale and due now. Their update
     * time moves too, so that a score computed before this call (with the old weights) is not
     * kept: scoring writes the JES only while the journey's update time is the one it was
     * scored at.
     */
    @WithSpan
    public Uni<Integer> markStale(@SpanAttribute("cjm.tenant") String tenantId, String journeyType) {
        return Panache.withTransaction(() -> journeys.markTenantStale(tenantId, journeyType, Instant.now()));
    }

    @Scheduled(every = "${cjm.journey.rescore-every}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return Panache.withSession(() -> journeys.profilesDueForRescore(BATCH)).chain(rows -> {
            Map<String, List<String>> byTenant = new LinkedHashMap<>();
            rows.forEach(r -> byTenant.computeIfAbsent((String) r[0], t -> new ArrayList<>()).add((String) r[1]));
            return Multi.createFrom().iterable(byTenant.entrySet())
                    .onItem().transformToUniAndConcatenate(e -> sweep(e.getKey(), e.getValue()))
                    .collect().last().replaceWithVoid();
        });
    }

    /** Scores the tenant's profiles in order until one fails; that one and the rest are put off. */
    private Uni<Void> sweep(String tenantId, List<String> profileIds) {
        return rescoreFrom(tenantId, profileIds, 0).chain(failedAt -> failedAt < 0 ? Uni.createFrom().voidItem()
                : Panache.withTransaction(() -> journeys.backOffRescore(tenantId,
                        profileIds.subList(failedAt, profileIds.size()), MAX_BACKOFF_SECONDS))
                        .onFailure().invoke(e -> LOG.warnf("Could not put off re-scoring: %s", e.getClass().getName()))
                        .onFailure().recoverWithNull()
                        .replaceWithVoid());
    }

    /** The index of the first profile whose journeys could not all be scored, -1 when all were. */
    private Uni<Integer> rescoreFrom(String tenantId, List<String> profileIds, int index) {
        if (index == profileIds.size()) {
            return Uni.createFrom().item(-1);
        }
        return assembly.rescore(tenantId, profileIds.get(index))
                // No identifiers in the log: the kind of failure only.
                .onFailure().invoke(e -> LOG.warnf("Could not re-score a profile's journeys: %s",
                        e.getClass().getName()))
                .onFailure().recoverWithItem(false)
                .chain(ok -> ok ? rescoreFrom(tenantId, profileIds, index + 1) : Uni.createFrom().item(index));
    }
}
