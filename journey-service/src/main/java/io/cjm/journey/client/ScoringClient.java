package io.cjm.journey.client;

import io.cjm.proto.scoring.v1.DeleteJourneyScoresRequest;
import io.cjm.proto.scoring.v1.JourneyFacts;
import io.cjm.proto.scoring.v1.ScoreJourneyRequest;
import io.cjm.proto.scoring.v1.ScoringService;
import io.cjm.platform.grpc.Contexts;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;

/** Wraps the scoring-service stub: a timeout, a short retry on failures, domain-sized answers. */
@ApplicationScoped
public class ScoringClient {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ScoringService stub;

    ScoringClient(@GrpcClient("scoring") ScoringService stub) {
        this.stub = stub;
    }

    /** Scores one journey, trying twice more on a failure; answers the JES. */
    public Uni<Double> score(String tenantId, JourneyFacts facts) {
        return score(tenantId, facts, 2);
    }

    /** Scores one journey, trying {@code retries} more times on a failure; answers the JES. */
    public Uni<Double> score(String tenantId, JourneyFacts facts, int retries) {
        Uni<Double> call = stub.scoreJourney(ScoreJourneyRequest.newBuilder().setTenantId(tenantId)
                .setJourney(facts).build())
                .map(r -> r.getScore().getScore())
                .ifNoItem().after(TIMEOUT).fail();
        return Contexts.resumeOnCaller(retries == 0 ? call
                : call.onFailure().retry().withBackOff(Duration.ofMillis(100)).atMost(retries));
    }

    /** Forgets the scores of journeys that no longer exist (deleting an unknown score is no error). */
    public Uni<Void> delete(String tenantId, Collection<String> journeyIds) {
        if (journeyIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Contexts.resumeOnCaller(stub.deleteJourneyScores(DeleteJourneyScoresRequest.newBuilder().setTenantId(tenantId)
                .addAllJourneyIds(journeyIds).build())
                .ifNoItem().after(TIMEOUT).fail()
                .onFailure().retry().withBackOff(Duration.ofMillis(100)).atMost(2)
                .replaceWithVoid());
    }
}
