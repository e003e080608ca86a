package io.cjm.journey.client;

import io.cjm.platform.grpc.Contexts;
import io.cjm.proto.scoring.v1.DeleteJourneyScoresRequest;
import io.cjm.proto.scoring.v1.JourneyFacts;
import io.cjm.proto.scoring.v1.ScoreJourneyBatchRequest;
import io.cjm.proto.scoring.v1.ScoreJourneyRequest;
import io.cjm.proto.scoring.v1.ScoreJourneysRequest;
import io.cjm.proto.scoring.v1.ScoreJourneysResponse;
import io.cjm.proto.scoring.v1.ScoringService;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
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
    /** Journeys per ScoreJourneyBatch call (scoring-service takes up to 1,000). */
    static final int BATCH = 500;
    /**
     * Bytes of journey facts per ScoreJourneyBatch call at most (a journey larger than that goes
     * alone): gRPC refuses a message over 4 MiB by default, and a batch of journeys with many
     * touchpoints each would pass that long before 500 journeys.
     */
    static final int BATCH_BYTES = 1 << 20;

    /** How long the stream is used after scoring-service answered UNIMPLEMENTED to ScoreJourneyBatch. */
    static final Duration STREAM_AFTER_UNIMPLEMENTED = Duration.ofMinutes(5);

    /** Until when (System.nanoTime) the stream is used instead of ScoreJourneyBatch; 0: not. */
    private volatile long streamUntil;

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
     * Scores several journeys of one tenant with one {@code ScoreJourneyBatch} call per
     * {@link #BATCH} journeys or {@link #BATCH_BYTES} of facts (scoring-service stores each call's journeys in one statement, and one
     * message each way costs far less than a message per journey); answers each journey's JES in
     * the order of {@code journeys}, or null for a journey that was not scored. A scoring-service
     * from before {@code ScoreJourneyBatch} (UNIMPLEMENTED, during a rolling update) gets the
     * journeys over one {@code ScoreJourneys} stream instead, and this client uses the stream for
     * the next {@link #STREAM_AFTER_UNIMPLEMENTED} before it tries the batch again. A failure of a
     * call is retried {@code retries} times; then the returned Uni fails.
     */
    public Uni<List<Double>> scoreAll(String tenantId, List<JourneyFacts> journeys, int retries) {
        if (journeys.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        long until = streamUntil;
        Uni<List<ScoreJourneysResponse>> call = until != 0 && System.nanoTime() - until < 0 ? stream(tenantId, journeys)
                : batches(tenantId, journeys).onFailure(ScoringClient::unimplemented).recoverWithUni(e -> {
                    streamUntil = System.nanoTime() + STREAM_AFTER_UNIMPLEMENTED.toNanos();
                    return stream(tenantId, journeys);
                });
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

    /** The journeys in {@code ScoreJourneyBatch} calls (see {@link #slices}), one after the other. */
    private Uni<List<ScoreJourneysResponse>> batches(String tenantId, List<JourneyFacts> journeys) {
        return Multi.createFrom().iterable(slices(journeys, BATCH, BATCH_BYTES))
                .onItem().transformToUniAndConcatenate(slice -> Uni.createFrom().deferred(() -> stub.scoreJourneyBatch(
                        ScoreJourneyBatchRequest.newBuilder().setTenantId(tenantId).addAllJourneys(slice).build()))
                        .ifNoItem().after(TIMEOUT).fail())
                .collect().in(ArrayList<ScoreJourneysResponse>::new, (all, r) -> all.addAll(r.getResultsList()))
                .map(all -> all);
    }

    /**
     * The journeys in order, cut into slices of at most {@code maxJourneys} journeys and
     * {@code maxBytes} of serialized facts; a journey larger than {@code maxBytes} is a slice of its own.
     */
    static List<List<JourneyFacts>> slices(List<JourneyFacts> journeys, int maxJourneys, int maxBytes) {
        List<List<JourneyFacts>> slices = new ArrayList<>();
        List<JourneyFacts> current = new ArrayList<>();
        long bytes = 0;
        for (JourneyFacts j : journeys) {
            int size = j.getSerializedSize();
            if (!current.isEmpty() && (current.size() == maxJourneys || bytes + size > maxBytes)) {
                slices.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(j);
            bytes += size;
        }
        if (!current.isEmpty()) {
            slices.add(current);
        }
        return slices;
    }

    private Uni<List<ScoreJourneysResponse>> stream(String tenantId, List<JourneyFacts> journeys) {
        List<ScoreJourneysRequest> requests = journeys.stream()
                .map(f -> ScoreJourneysRequest.newBuilder().setTenantId(tenantId).setJourney(f).build()).toList();
        return Uni.createFrom().deferred(() -> stub.scoreJourneys(Multi.createFrom().iterable(requests)).collect().asList())
                .ifNoItem().after(TIMEOUT).fail();
    }

    /** Forgets an UNIMPLEMENTED answer to ScoreJourneyBatch: the next call tries the batch again. */
    public void resetFallback() {
        streamUntil = 0;
    }

    private static boolean unimplemented(Throwable e) {
        return e instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.UNIMPLEMENTED;
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
