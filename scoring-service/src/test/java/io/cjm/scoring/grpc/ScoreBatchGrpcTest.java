package io.cjm.scoring.grpc;

import static io.cjm.scoring.grpc.Facts.randomTenant;
import static io.cjm.scoring.grpc.Facts.supportJourney;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cjm.proto.scoring.v1.GetJourneyScoreRequest;
import io.cjm.proto.scoring.v1.JourneyFacts;
import io.cjm.proto.scoring.v1.ScoreJourneyBatchRequest;
import io.cjm.proto.scoring.v1.ScoreJourneyRequest;
import io.cjm.proto.scoring.v1.ScoreJourneysResponse;
import io.cjm.proto.scoring.v1.ScoringService;
import io.cjm.scoring.domain.JesModel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ScoreJourneyBatch: a tenant's journeys scored in one call, answered in order. */
@QuarkusTest
class ScoreBatchGrpcTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @GrpcClient("scoring")
    ScoringService client;

    private final String tenant = randomTenant();

    @Test
    void theJourneysAreAnsweredInOrderAndStoredAsScoreJourneyWouldStoreThem() {
        List<JourneyFacts> journeys = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            journeys.add(supportJourney().setStatus(i % 3 == 0 ? "failed" : "completed").build());
        }

        List<ScoreJourneysResponse> answers = batch(tenant, journeys);

        assertEquals(journeys.size(), answers.size());
        for (int i = 0; i < journeys.size(); i++) {
            ScoreJourneysResponse a = answers.get(i);
            assertEquals(journeys.get(i).getJourneyId(), a.getJourneyId(), "answer " + i);
            assertTrue(a.hasScore(), () -> "answer " + a);
            assertEquals(JesModel.VERSION, a.getScore().getModelVersion());
        }
        assertTrue(answers.get(0).getScore().getScore() < answers.get(1).getScore().getScore(),
                "a failed journey scores below a completed one");
        for (int i : new int[] { 0, 1, 999 }) {
            double stored = client.getJourneyScore(GetJourneyScoreRequest.newBuilder().setTenantId(tenant)
                    .setJourneyId(journeys.get(i).getJourneyId()).build()).await().atMost(WAIT).getScore().getScore();
            assertEquals(answers.get(i).getScore().getScore(), stored);
        }
        // The same JES as a unary ScoreJourney of the same facts.
        double unary = client.scoreJourney(ScoreJourneyRequest.newBuilder().setTenantId(tenant)
                .setJourney(journeys.get(1)).build()).await().atMost(WAIT).getScore().getScore();
        assertEquals(answers.get(1).getScore().getScore(), unary);
    }

    @Test
    void aBadJourneyIsAnsweredWithAnErrorAndTheOthersAreStored() {
        JourneyFacts good1 = supportJourney().build();
        JourneyFacts badStatus = supportJourney().setStatus("closed").build();
        JourneyFacts negative = supportJourney().setHandoffCount(-1).build();
        JourneyFacts good2 = supportJourney().build();

        List<ScoreJourneysResponse> answers = batch(tenant, List.of(good1, badStatus, negative, good2));

        assertEquals(4, answers.size());
        assertTrue(answers.get(0).hasScore());
        assertEquals("INVALID_ARGUMENT", answers.get(1).getError().getCode(), answers::toString);
        assertEquals(badStatus.getJourneyId(), answers.get(1).getJourneyId());
        assertEquals("INVALID_ARGUMENT", answers.get(2).getError().getCode(), answers::toString);
        assertTrue(answers.get(3).hasScore());
        assertEquals(good2.getJourneyId(), answers.get(3).getJourneyId());
        assertFalse(stored(badStatus), "nothing of a refused journey is stored");
        assertTrue(stored(good2));
    }

    @Test
    void aJourneyIdHeldByAnotherTenantIsRefusedAndTheOthersAreStored() {
        String otherTenant = randomTenant();
        JourneyFacts theirs = supportJourney().build();
        double theirScore = batch(otherTenant, List.of(theirs)).getFirst().getScore().getScore();
        JourneyFacts mine = supportJourney().build();

        List<ScoreJourneysResponse> answers = batch(tenant, List.of(theirs.toBuilder().setStatus("failed").build(), mine));

        assertEquals("ALREADY_EXISTS", answers.get(0).getError().getCode(), answers::toString);
        assertTrue(answers.get(1).hasScore());
        assertEquals(theirScore, client.getJourneyScore(GetJourneyScoreRequest.newBuilder().setTenantId(otherTenant)
                .setJourneyId(theirs.getJourneyId()).build()).await().atMost(WAIT).getScore().getScore(),
                "the other tenant's score is untouched");
    }

    @Test
    void moreThanAThousandJourneysAreRefusedAndNoneIsStored() {
        List<JourneyFacts> journeys = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            journeys.add(supportJourney().build());
        }

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> batch(tenant, journeys));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().startsWith("journeys:"), e.getStatus().getDescription());
        assertFalse(stored(journeys.getFirst()));
    }

    @Test
    void aBatchWithoutATenantIsRefused() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> batch("", List.of(supportJourney().build())));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    }

    private List<ScoreJourneysResponse> batch(String tenantId, List<JourneyFacts> journeys) {
        return client.scoreJourneyBatch(ScoreJourneyBatchRequest.newBuilder().setTenantId(tenantId)
                .addAllJourneys(journeys).build()).await().atMost(WAIT).getResultsList();
    }

    private boolean stored(JourneyFacts journey) {
        return client.getJourneyScore(GetJourneyScoreRequest.newBuilder().setTenantId(tenant)
                .setJourneyId(journey.getJourneyId()).build()).onItem().transform(x -> true)
                .onFailure().recoverWithItem(false).await().atMost(WAIT);
    }
}
