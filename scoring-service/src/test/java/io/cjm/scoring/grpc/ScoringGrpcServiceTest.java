package io.cjm.scoring.grpc;

import static io.cjm.scoring.grpc.Facts.randomTenant;
import static io.cjm.scoring.grpc.Facts.scoreRequest;
import static io.cjm.scoring.grpc.Facts.supportJourney;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cjm.scoring.domain.JesModel;
import io.cjm.proto.scoring.v1.DeleteJourneyScoresRequest;
import io.cjm.proto.scoring.v1.GetJourneyScoreRequest;
import io.cjm.proto.scoring.v1.JourneyFacts;
import io.cjm.proto.scoring.v1.JourneyScore;
import io.cjm.proto.scoring.v1.ScoreFactor;
import io.cjm.proto.scoring.v1.ScoringService;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

@QuarkusTest
class ScoringGrpcServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @GrpcClient("scoring")
    ScoringService client;

    private final String tenant = randomTenant();

    @Test
    void aScoreIsTheSumOfItsBreakdown() {
        JourneyFacts.Builder journey = supportJourney();

        JourneyScore score = score(tenant, journey);

        double sum = score.getBreakdownList().stream().mapToDouble(ScoreFactor::getPoints).sum();
        assertEquals(score.getScore(), sum, 1e-9);
        assertTrue(score.getScore() >= 0 && score.getScore() <= 100, () -> "score " + score.getScore());
        assertEquals(journey.getJourneyId(), score.getJourneyId());
        assertEquals(JesModel.VERSION, score.getModelVersion());
    }

    @Test
    void theBreakdownNamesEachFactorWithItsEvidence() {
        JourneyScore score = score(tenant, supportJourney());

        assertEquals(List.of("base", "outcome", "handoffs", "friction.repeat_contact", "friction.long_wait",
                "satisfaction", "sentiment"), score.getBreakdownList().stream().map(ScoreFactor::getFactor).toList());
        assertEquals(List.of("t1", "t2"), factor(score, "friction.repeat_contact").getTouchpointIdsList());
        assertEquals(List.of("t3"), factor(score, "satisfaction").getTouchpointIdsList());
        assertTrue(factor(score, "handoffs").getPoints() < 0);
        assertTrue(factor(score, "outcome").getPoints() > 0);
    }

    @Test
    void theStoredScoreIsTheOneScoreJourneyAnswered() {
        JourneyFacts.Builder journey = supportJourney();
        JourneyScore scored = score(tenant, journey);

        JourneyScore stored = get(tenant, journey.getJourneyId());

        assertEquals(scored.getJourneyId(), stored.getJourneyId());
        assertEquals(scored.getScore(), stored.getScore());
        assertEquals(scored.getModelVersion(), stored.getModelVersion());
        assertEquals(scored.getBreakdownList(), stored.getBreakdownList());
        assertEquals(scored.getScoredAt().getSeconds(), stored.getScoredAt().getSeconds());
    }

    @Test
    void scoringAJourneyAgainKeepsOnlyTheLatestScore() {
        JourneyFacts.Builder journey = supportJourney();
        JourneyScore completed = score(tenant, journey);

        JourneyScore failed = score(tenant, journey.clone().setStatus("failed"));

        assertTrue(failed.getScore() < completed.getScore(), () -> failed.getScore() + " vs " + completed.getScore());
        assertEquals(failed.getScore(), get(tenant, journey.getJourneyId()).getScore());
    }

    @Test
    void anotherTenantCannotReadTheScore() {
        JourneyFacts.Builder journey = supportJourney();
        score(tenant, journey);

        assertStatus(Status.Code.NOT_FOUND, () -> get(randomTenant(), journey.getJourneyId()));
    }

    @Test
    void aJourneyNeverScoredIsNotFound() {
        assertStatus(Status.Code.NOT_FOUND, () -> get(tenant, supportJourney().getJourneyId()));
    }

    @Test
    void deletedScoresAreGone() {
        JourneyFacts.Builder kept = supportJourney();
        JourneyFacts.Builder removed = supportJourney();
        score(tenant, kept);
        score(tenant, removed);

        int deleted = delete(tenant, removed.getJourneyId(), "never-scored");

        assertEquals(1, deleted);
        assertStatus(Status.Code.NOT_FOUND, () -> get(tenant, removed.getJourneyId()));
        assertEquals(kept.getJourneyId(), get(tenant, kept.getJourneyId()).getJourneyId());
    }

    @Test
    void anotherTenantCannotDeleteTheScore() {
        JourneyFacts.Builder journey = supportJourney();
        score(tenant, journey);

        assertEquals(0, delete(randomTenant(), journey.getJourneyId()));
        assertEquals(journey.getJourneyId(), get(tenant, journey.getJourneyId()).getJourneyId());
    }

    @Test
    void aBlankTenantIsInvalid() {
        JourneyFacts.Builder journey = supportJourney();

        assertStatus(Status.Code.INVALID_ARGUMENT, () -> score(" ", journey));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> get("", journey.getJourneyId()));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> delete("", journey.getJourneyId()));
    }

    @Test
    void aJourneyWithoutIdIsInvalid() {
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> score(tenant, supportJourney().setJourneyId("")));
    }

    @Test
    void aJourneyWithAnUnknownStatusIsInvalid() {
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> score(tenant, supportJourney().setStatus("closed")));
    }

    private JourneyScore score(String tenantId, JourneyFacts.Builder journey) {
        return client.scoreJourney(scoreRequest(tenantId, journey)).await().atMost(WAIT).getScore();
    }

    private JourneyScore get(String tenantId, String journeyId) {
        return client.getJourneyScore(GetJourneyScoreRequest.newBuilder().setTenantId(tenantId).setJourneyId(journeyId)
                .build()).await().atMost(WAIT).getScore();
    }

    private int delete(String tenantId, String... journeyIds) {
        return client.deleteJourneyScores(DeleteJourneyScoresRequest.newBuilder().setTenantId(tenantId)
                .addAllJourneyIds(List.of(journeyIds)).build()).await().atMost(WAIT).getDeleted();
    }

    private static ScoreFactor factor(JourneyScore score, String name) {
        return score.getBreakdownList().stream().filter(f -> f.getFactor().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no factor " + name + " in " + score.getBreakdownList()));
    }

    private static void assertStatus(Status.Code expected, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(expected, e.getStatus().getCode(), e::getMessage);
    }
}
