package io.cjm.journey.client;

import io.cjm.platform.grpc.Contexts;
import io.cjm.proto.scoring.v1.DeleteJourneyScoresRequest;
import io.cjm.proto.scoring.v1.JourneyFacts;
import io.cjm.proto.scoring.v1.ScoreJourneyRequest;
import io.cjm.proto.scoring.v1.ScoreJourneysRequest;
import io.cjm.proto.scoring.v1.ScoreJourneysResponse;
import io.cjm.proto.scoring.v1.ScoringService;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * Scores several journeys of one tenant over one {@code ScoreJourneys} stream (scoring-service
     * stores them in batches, an order of magnitude faster than one call each); answers each
     * journey's JES in the order of {@code journeys}, or null for a journey that was not scored.
     * A failure of the whole stream is retried {@code retries} times; then the returned Uni fails.
     */
    public Uni<List<Double>> scoreAll(String tenantId, List<JourneyFacts> journeys, int retries) {
        if (journeys.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<ScoreJourneysRequest> requests = journeys.stream()
                .map(f -> ScoreJourneysRequest.newBuilder().setTenantId(tenantId).setJourney(f).build()).toList();
        Uni<List<ScoreJourneysResponse>> call = Uni.createFrom().deferred(() -> stub.scoreJourneys(
                Multi.createFrom().iterable(requests)).collect().asList())
                .ifNoItem().after(TIMEOUT).fail();
        return Contexts.resumeOnCaller(retries == 0 ? call
                : call.onFailure().retry().withBackOff(Duration.ofMillis(100)).atMost(retries))
                .map(answers -> {
                    Map<String, Double> byId = new HashMap<>();
                    for (ScoreJourneysResponse a : answers) {
                        if (a.hasScore()) {
                            byId.put(a.getJourneyId(), a.getScore().getScore());
                        }
                    }
                    List<Double> out = new ArrayList<>(journeys.size());
                    journeys.forEach(f -> out.add(byId.get(f.getJourneyId())));
                    return out;
                });
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
