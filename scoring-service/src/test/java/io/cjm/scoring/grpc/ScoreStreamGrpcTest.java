package io.cjm.scoring.grpc;

import static io.cjm.scoring.grpc.Facts.randomTenant;
import static io.cjm.scoring.grpc.Facts.supportJourney;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cjm.platform.auth.Caller;
import io.cjm.proto.scoring.v1.GetJourneyScoreRequest;
import io.cjm.proto.scoring.v1.JourneyFacts;
import io.cjm.proto.scoring.v1.ScoreJourneysRequest;
import io.cjm.proto.scoring.v1.ScoreJourneysResponse;
import io.cjm.proto.scoring.v1.ScoringService;
import io.cjm.scoring.domain.JesModel;
import io.grpc.Context;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.GrpcService;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ScoreJourneys: the bidirectional stream for bulk back-scoring. */
@QuarkusTest
class ScoreStreamGrpcTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @GrpcClient("scoring")
    ScoringService client;

    /** The service itself, called as the gRPC interceptor would hand it an internal team's call. */
    @Inject
    @GrpcService
    ScoringGrpcService service;

    private final String tenant = randomTenant();

    @Test
    void manyJourneysAreAnsweredInOrderAndStored() {
        List<JourneyFacts> journeys = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            // Alternate outcomes so that neighbouring answers differ.
            journeys.add(supportJourney().setStatus(i % 3 == 0 ? "failed" : "completed").build());
        }

        List<ScoreJourneysResponse> answers = stream(journeys.stream().map(this::request).toList());

        assertEquals(journeys.size(), answers.size());
        for (int i = 0; i < journeys.size(); i++) {
            ScoreJourneysResponse a = answers.get(i);
            assertEquals(journeys.get(i).getJourneyId(), a.getJourneyId(), "answer " + i);
            assertTrue(a.hasScore(), () -> "answer " + a);
            assertEquals(JesModel.VERSION, a.getScore().getModelVersion());
        }
        assertTrue(answers.get(0).getScore().getScore() < answers.get(1).getScore().getScore(),
                "a failed journey scores below a completed one");
        // Each is stored like a ScoreJourney call.
        for (int i : new int[] { 0, 1, 999 }) {
            double stored = client.getJourneyScore(GetJourneyScoreRequest.newBuilder().setTenantId(tenant)
                    .setJourneyId(journeys.get(i).getJourneyId()).build()).await().atMost(WAIT).getScore().getScore();
            assertEquals(answers.get(i).getScore().getScore(), stored);
        }
    }

    @Test
    void aBadJourneyIsAnsweredWithAnErrorAndTheStreamGoesOn() {
        JourneyFacts good1 = supportJourney().build();
        JourneyFacts badStatus = supportJourney().setStatus("closed").build();
        JourneyFacts noId = supportJourney().setJourneyId("").build();
        JourneyFacts good2 = supportJourney().build();
        ScoreJourneysRequest noTenant = ScoreJourneysRequest.newBuilder().setJourney(supportJourney()).build();
        JourneyFacts negative = supportJourney().setHandoffCount(-1).build();

        List<ScoreJourneysResponse> answers = stream(List.of(request(good1), request(badStatus), request(noId),
                noTenant, request(negative), request(good2)));

        assertEquals(6, answers.size());
        assertTrue(answers.get(0).hasScore());
        assertEquals("INVALID_ARGUMENT", answers.get(1).getError().getCode());
        assertEquals(badStatus.getJourneyId(), answers.get(1).getJourneyId());
        assertTrue(answers.get(1).getError().getMessage().contains("closed"), answers.get(1)::toString);
        assertEquals("INVALID_ARGUMENT", answers.get(2).getError().getCode());
        assertTrue(answers.get(2).getError().getMessage().startsWith("journey.journey_id"), answers.get(2)::toString);
        assertEquals("INVALID_ARGUMENT", answers.get(3).getError().getCode());
        assertTrue(answers.get(3).getError().getMessage().startsWith("tenant_id"), answers.get(3)::toString);
        assertEquals("INVALID_ARGUMENT", answers.get(4).getError().getCode());
        assertEquals(negative.getJourneyId(), answers.get(4).getJourneyId());
        assertTrue(answers.get(5).hasScore());
        assertEquals(good2.getJourneyId(), answers.get(5).getJourneyId());
        assertFalse(client.getJourneyScore(GetJourneyScoreRequest.newBuilder().setTenantId(tenant)
                .setJourneyId(badStatus.getJourneyId()).build()).onItem().transform(x -> true)
                .onFailure().recoverWithItem(false).await().atMost(WAIT), "nothing stored for the bad journey");
    }

    @Test
    void answersArriveWhileTheStreamIsStillOpen() {
        // A stream that has sent one journey and waits: the answer must not wait for more.
        JourneyFacts one = supportJourney().build();
        ScoreJourneysResponse first = client.scoreJourneys(Multi.createFrom().<ScoreJourneysRequest>emitter(e ->
                e.emit(request(one))))
                .toUni().await().atMost(WAIT);
        assertEquals(one.getJourneyId(), first.getJourneyId());
        assertTrue(first.hasScore());
    }

    @Test
    void anInternalTeamsRequestForAnotherTenantIsAnsweredPermissionDeniedAndTheStreamGoesOn() throws Exception {
        // What GrpcAuthInterceptor puts in the call's context for a token of client acme-analytics of tenant
        // `tenant` (roles scores-read and scores-write); it leaves the per-request tenant check to the service.
        Caller team = new Caller("service-account-acme-analytics", tenant, Set.of("scores-read", "scores-write"));
        String otherTenant = randomTenant();
        JourneyFacts own1 = supportJourney().build();
        JourneyFacts foreign = supportJourney().build();
        JourneyFacts own2 = supportJourney().build();
        List<ScoreJourneysRequest> requests = List.of(request(own1),
                ScoreJourneysRequest.newBuilder().setTenantId(otherTenant).setJourney(foreign).build(),
                ScoreJourneysRequest.newBuilder().setJourney(supportJourney()).build(), request(own2));

        Multi<ScoreJourneysResponse> answering = Context.current().withValue(Caller.CONTEXT_KEY, team)
                .call(() -> service.scoreJourneys(Multi.createFrom().iterable(requests)));
        List<ScoreJourneysResponse> answers = answering.collect().asList().await().atMost(WAIT);

        assertEquals(4, answers.size());
        assertTrue(answers.get(0).hasScore());
        assertEquals(foreign.getJourneyId(), answers.get(1).getJourneyId());
        assertEquals("PERMISSION_DENIED", answers.get(1).getError().getCode());
        assertEquals("PERMISSION_DENIED", answers.get(2).getError().getCode(), "a request naming no tenant");
        assertTrue(answers.get(3).hasScore());
        assertEquals(own2.getJourneyId(), answers.get(3).getJourneyId());
        // Nothing was stored for the other tenant.
        assertFalse(client.getJourneyScore(GetJourneyScoreRequest.newBuilder().setTenantId(otherTenant)
                .setJourneyId(foreign.getJourneyId()).build()).onItem().transform(x -> true)
                .onFailure().recoverWithItem(false).await().atMost(WAIT), "nothing stored for the other tenant");
    }

    @Test
    void aJourneySentTwiceInOneStreamIsScoredTwiceAndKeepsTheLaterScore() {
        JourneyFacts first = supportJourney().setStatus("failed").build();
        JourneyFacts again = first.toBuilder().setStatus("completed").build();
        JourneyFacts other = supportJourney().build();

        List<ScoreJourneysResponse> answers = stream(List.of(request(first), request(other), request(again)));

        assertEquals(3, answers.size());
        assertTrue(answers.get(0).hasScore() && answers.get(1).hasScore() && answers.get(2).hasScore(),
                answers::toString);
        assertTrue(answers.get(0).getScore().getScore() < answers.get(2).getScore().getScore(),
                "the failed journey scores below the same journey completed");
        var stored = client.getJourneyScore(GetJourneyScoreRequest.newBuilder().setTenantId(tenant)
                .setJourneyId(first.getJourneyId()).build()).await().atMost(WAIT).getScore();
        assertEquals(answers.get(2).getScore().getScore(), stored.getScore(), "the later score is the one kept");
    }

    @Test
    void aJourneyIdHeldByAnotherTenantIsRefusedAndTheOthersAreStored() {
        String otherTenant = randomTenant();
        JourneyFacts theirs = supportJourney().build();
        ScoreJourneysResponse theirScore = client.scoreJourneys(Multi.createFrom().items(ScoreJourneysRequest
                .newBuilder().setTenantId(otherTenant).setJourney(theirs).build())).collect().asList().await()
                .atMost(WAIT).getFirst();
        assertTrue(theirScore.hasScore());
        JourneyFacts mine = supportJourney().build();

        List<ScoreJourneysResponse> answers = stream(List.of(request(theirs.toBuilder().setStatus("failed").build()),
                request(mine)));

        assertEquals("ALREADY_EXISTS", answers.get(0).getError().getCode(), answers::toString);
        assertEquals(theirs.getJourneyId(), answers.get(0).getJourneyId());
        assertTrue(answers.get(1).hasScore());
        assertFalse(client.getJourneyScore(GetJourneyScoreRequest.newBuilder().setTenantId(tenant)
                .setJourneyId(theirs.getJourneyId()).build()).onItem().transform(x -> true)
                .onFailure().recoverWithItem(false).await().atMost(WAIT), "not this tenant's journey");
        assertEquals(theirScore.getScore().getScore(), client.getJourneyScore(GetJourneyScoreRequest.newBuilder()
                .setTenantId(otherTenant).setJourneyId(theirs.getJourneyId()).build()).await().atMost(WAIT)
                .getScore().getScore(), "the other tenant's score is untouched (a failed journey would score lower)");
    }

    @Test
    void withoutAKnownCallerNothingIsScored() {
        // Outside a call that the interceptor let through (there is no caller), the stream trusts nobody.
        List<ScoreJourneysResponse> answers = service.scoreJourneys(Multi.createFrom().items(
                request(supportJourney().build()))).collect().asList().await().atMost(WAIT);

        assertEquals("PERMISSION_DENIED", answers.getFirst().getError().getCode());
    }

    private ScoreJourneysRequest request(JourneyFacts journey) {
        return ScoreJourneysRequest.newBuilder().setTenantId(tenant).setJourney(journey).build();
    }

    private List<ScoreJourneysResponse> stream(List<ScoreJourneysRequest> requests) {
        return client.scoreJourneys(Multi.createFrom().iterable(requests)).collect().asList().await().atMost(WAIT);
    }
}
