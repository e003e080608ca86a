package io.cjm.touchpoint.service;

import io.cjm.proto.touchpoint.v1.GetPipelineStatsResponse;
import io.cjm.touchpoint.repository.TouchpointRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** How far a tenant's touchpoints went through the pipeline, and how fresh the results are. */
@ApplicationScoped
public class PipelineStatsService {

    private final TouchpointRepository touchpoints;

    PipelineStatsService(TouchpointRepository touchpoints) {
        this.touchpoints = touchpoints;
    }

    /** In a transaction of its own, where the statement's plan setting holds (see TouchpointRepository.stats). */
    @WithTransaction
    public Uni<GetPipelineStatsResponse> stats(String tenantId) {
        return touchpoints.stats(tenantId).map(row -> GetPipelineStatsResponse.newBuilder()
                .setAccepted(number(row[0])).setResolved(number(row[1])).setAssembled(number(row[2]))
                .setScored(number(row[3])).setPending(number(row[4])).setQuarantined(number(row[5]))
                .setOldestPendingSeconds((long) Math.ceil(((Number) row[6]).doubleValue()))
                .build());
    }

    private static long number(Object o) {
        return ((Number) o).longValue();
    }
}
