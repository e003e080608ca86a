package io.cjm.journey.client;

import io.cjm.proto.scoring.v1.DeleteJourneyScoresRequest;
import io.cjm.proto.scoring.v1.DeleteJourneyScoresResponse;
import io.cjm.proto.scoring.v1.GetJourneyScoreRequest;
import io.cjm.proto.scoring.v1.GetJourneyScoreResponse;
import io.cjm.proto.scoring.v1.JourneyFacts;
import io.cjm.proto.scoring.v1.JourneyScore;
import io.cjm.proto.scoring.v1.ScoreJourneyRequest;
import io.cjm.proto.scoring.v1.ScoreJourneyResponse;
import io.cjm.proto.scoring.v1.ScoringService;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * scoring-service as the tests see it. In test mode Quarkus points a gRPC client without a
 * {@code test-port} at the service's own server, so the scoring client's calls reach this
 * double, served next to journey-service. It answers UNAVAILABLE, as while scoring-service is
 * down, except for the tenants a test switches on with {@link #up}; for those it scores every
 * journey {@link #JES} and remembers what it was asked. Tenants are random per test, so tests
 * do not see each other's calls.
 */
@GrpcService
public class ScoringServiceDouble implements ScoringService {

    /** The score of every journey of a tenant that is up. */
    public static final double JES = 75;

    private final Set<String> up = ConcurrentHashMap.newKeySet();
    private final Map<String, Map<String, JourneyFacts>> scored = new ConcurrentHashMap<>();
    private final Map<String, List<String>> deleted = new ConcurrentHashMap<>();
    private final Map<String, Integer> scoreCalls = new ConcurrentHashMap<>();
    private final Map<String, Integer> streamed = new ConcurrentHashMap<>();
    private final Map<String, java.time.Duration> delays = new ConcurrentHashMap<>();
    private final Map<String, Integer> batched = new ConcurrentHashMap<>();
    private volatile boolean batchUnimplemented;

    /** How often the journey of the tenant was scored. */
    public int scoreCalls(String tenantId, String journeyId) {
        return scoreCalls.getOrDefault(tenantId + "/" + journeyId, 0);
    }

    /** Scoring answers for this tenant from now on. */
    public void up(String tenantId) {
        up.add(tenantId);
    }

    /** Scoring answers for this tenant only after this delay from now on (counted when asked). */
    public void slow(String tenantId, java.time.Duration delay) {
        delays.put(tenantId, delay);
    }

    /** Scoring is unreachable for this tenant from now on (the default). */
    public void down(String tenantId) {
        up.remove(tenantId);
    }

    /** The scores the tenant holds: the facts each journey was last scored with, until its score is deleted. */
    public Map<String, JourneyFacts> scores(String tenantId) {
        return Map.copyOf(scored.getOrDefault(tenantId, Map.of()));
    }

    /** Every journey id whose score the tenant had deleted, in call order. */
    public List<String> deleted(String tenantId) {
        return List.copyOf(deleted.getOrDefault(tenantId, List.of()));
    }

    @Override
    public Uni<ScoreJourneyResponse> scoreJourney(ScoreJourneyRequest request) {
        if (!up.contains(request.getTenantId())) {
            return unavailable();
        }
        scored.computeIfAbsent(request.getTenantId(), t -> new ConcurrentHashMap<>())
                .put(request.getJourney().getJourneyId(), request.getJourney());
        scoreCalls.merge(request.getTenantId() + "/" + request.getJourney().getJourneyId(), 1, Integer::sum);
        Uni<ScoreJourneyResponse> answer = Uni.createFrom().item(ScoreJourneyResponse.newBuilder()
                .setScore(JourneyScore.newBuilder().setJourneyId(request.getJourney().getJourneyId()).setScore(JES)
                        .setModelVersion("double"))
                .build());
        java.time.Duration delay = delays.get(request.getTenantId());
        return delay == null ? answer : answer.onItem().delayIt().by(delay);
    }

    @Override
    public Uni<GetJourneyScoreResponse> getJourneyScore(GetJourneyScoreRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    public Uni<DeleteJourneyScoresResponse> deleteJourneyScores(DeleteJourneyScoresRequest request) {
        if (!up.contains(request.getTenantId())) {
            return unavailable();
        }
        deleted.computeIfAbsent(request.getTenantId(), t -> new CopyOnWriteArrayList<>())
                .addAll(request.getJourneyIdsList());
        Map<String, JourneyFacts> tenantScores = scored.computeIfAbsent(request.getTenantId(),
                t -> new ConcurrentHashMap<>());
        int n = (int) request.getJourneyIdsList().stream().filter(id -> tenantScores.remove(id) != null).count();
        return Uni.createFrom().item(DeleteJourneyScoresResponse.newBuilder().setDeleted(n).build());
    }

    private static <T> Uni<T> unavailable() {
        return Uni.createFrom().failure(Status.UNAVAILABLE.withDescription("scoring double is down for this tenant")
                .asRuntimeException());
    }

    /** How many journeys were scored over ScoreJourneys streams, per tenant. */
    public int streamed(String tenantId) {
        return streamed.getOrDefault(tenantId, 0);
    }

    /** How many journeys were scored with ScoreJourneyBatch calls, per tenant. */
    public int batched(String tenantId) {
        return batched.getOrDefault(tenantId, 0);
    }

    /** ScoreJourneyBatch answers UNIMPLEMENTED (a scoring-service from before it) while set. */
    public void batchUnimplemented(boolean unimplemented) {
        batchUnimplemented = unimplemented;
    }

    /** Each journey as ScoreJourneys would answer it; a tenant that is down gets an UNAVAILABLE error per journey. */
    @Override
    public Uni<io.cjm.proto.scoring.v1.ScoreJourneyBatchResponse> scoreJourneyBatch(
            io.cjm.proto.scoring.v1.ScoreJourneyBatchRequest request) {
        if (batchUnimplemented) {
            return Uni.createFrom().failure(io.grpc.Status.UNIMPLEMENTED.asRuntimeException());
        }
        return io.smallrye.mutiny.Multi.createFrom().iterable(request.getJourneysList())
                .onItem().transformToUniAndConcatenate(j -> {
                    if (!up.contains(request.getTenantId())) {
                        return Uni.createFrom().item(io.cjm.proto.scoring.v1.ScoreJourneysResponse.newBuilder()
                                .setJourneyId(j.getJourneyId()).setError(io.cjm.proto.scoring.v1.ScoreError
                                        .newBuilder().setCode("UNAVAILABLE").setMessage("down")).build());
                    }
                    batched.merge(request.getTenantId(), 1, Integer::sum);
                    return scoreJourney(ScoreJourneyRequest.newBuilder().setTenantId(request.getTenantId())
                            .setJourney(j).build()).map(answer -> io.cjm.proto.scoring.v1.ScoreJourneysResponse
                                    .newBuilder().setJourneyId(j.getJourneyId()).setScore(answer.getScore()).build());
                })
                .collect().asList()
                .map(answers -> io.cjm.proto.scoring.v1.ScoreJourneyBatchResponse.newBuilder().addAllResults(answers)
                        .build());
    }

    /** Each journey as ScoreJourney would score it; a tenant that is down gets an UNAVAILABLE error per journey. */
    @Override
    public io.smallrye.mutiny.Multi<io.cjm.proto.scoring.v1.ScoreJourneysResponse> scoreJourneys(
            io.smallrye.mutiny.Multi<io.cjm.proto.scoring.v1.ScoreJourneysRequest> requests) {
        return requests.onItem().transformToUniAndConcatenate(r -> {
            if (!up.contains(r.getTenantId())) {
                return Uni.createFrom().item(io.cjm.proto.scoring.v1.ScoreJourneysResponse.newBuilder()
                        .setJourneyId(r.getJourney().getJourneyId()).setError(io.cjm.proto.scoring.v1.ScoreError
                                .newBuilder().setCode("UNAVAILABLE").setMessage("down")).build());
            }
            streamed.merge(r.getTenantId(), 1, Integer::sum);
            return scoreJourney(ScoreJourneyRequest.newBuilder().setTenantId(r.getTenantId()).setJourney(r.getJourney())
                    .build()).map(answer -> io.cjm.proto.scoring.v1.ScoreJourneysResponse.newBuilder()
                            .setJourneyId(r.getJourney().getJourneyId()).setScore(answer.getScore()).build());
        });
    }

    // The series and weights calls are scoring-service's own; journey-service never makes them.

    @Override
    public Uni<io.cjm.proto.scoring.v1.GetJesSeriesResponse> getJesSeries(
            io.cjm.proto.scoring.v1.GetJesSeriesRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    public io.smallrye.mutiny.Multi<io.cjm.proto.scoring.v1.WatchScoresResponse> watchScores(
            io.cjm.proto.scoring.v1.WatchScoresRequest request) {
        return io.smallrye.mutiny.Multi.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    public Uni<io.cjm.proto.scoring.v1.GetWeightsResponse> getWeights(io.cjm.proto.scoring.v1.GetWeightsRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    public Uni<io.cjm.proto.scoring.v1.UpdateWeightsResponse> updateWeights(
            io.cjm.proto.scoring.v1.UpdateWeightsRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }
}
