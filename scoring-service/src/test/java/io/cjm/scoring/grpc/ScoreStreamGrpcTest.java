package io.cjm.scoring.grpc;

import static io.cjm.scoring.grpc.Facts.randomTenant;
import static io.cjm.scoring.grpc.Facts.supportJourney;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cjm.proto.scoring.v1.GetJourneyScoreRequest;
import io.cjm.proto.scoring.v1.JourneyFacts;
import io.cjm.proto.scoring.v1.ScoreJourneysRequest;
import io.cjm.proto.scoring.v1.ScoreJourneysResponse;
import io.cjm.proto.scoring.v1.ScoringService;
import io.cjm.scoring.domain.JesModel;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ScoreJourneys: the bidirectional stream for bulk back-scoring. */
@QuarkusTest
class ScoreStreamGrpcTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @GrpcClient("scoring")
    ScoringService client;

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

    private ScoreJourneysRequest request(JourneyFacts journey) {
        return ScoreJourneysRequest.newBuilder().setTenantId(tenant).setJourney(journey).build();
    }

    private List<ScoreJourneysResponse> stream(List<ScoreJourneysRequest> requests) {
        return client.scoreJourneys(Multi.createFrom().iterable(requests)).collect().asList().await().atMost(WAIT);
    }
}
