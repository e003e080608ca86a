package io.cjm.scoring.grpc;

import static io.cjm.scoring.grpc.Facts.randomTenant;
import static io.cjm.scoring.grpc.Facts.scoreRequest;
import static io.cjm.scoring.grpc.Facts.supportJourney;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cjm.proto.scoring.v1.GetWeightsRequest;
import io.cjm.proto.scoring.v1.GetWeightsResponse;
import io.cjm.proto.scoring.v1.JesWeights;
import io.cjm.proto.scoring.v1.JourneyScore;
import io.cjm.proto.scoring.v1.JourneyTypeWeights;
import io.cjm.proto.scoring.v1.ScoreFactor;
import io.cjm.proto.scoring.v1.ScoringService;
import io.cjm.proto.scoring.v1.UpdateWeightsRequest;
import io.cjm.scoring.domain.JesModel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JES weights per tenant and journey type, and the model version they give scores. */
@QuarkusTest
class WeightsGrpcTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @GrpcClient("scoring")
    ScoringService client;

    private final String tenant = randomTenant();

    @Test
    void aTenantWithoutWeightsUsesTheDocumentedDefaults() {
        GetWeightsResponse all = get(tenant, "");
        assertEquals(70, all.getDefaults().getBase());
        assertEquals(15, all.getDefaults().getCompletedPoints());
        assertEquals(4, all.getDefaults().getFrictionKindPenaltiesOrThrow("repeat_contact"));
        assertEquals(0, all.getJourneyTypesCount());

        JourneyTypeWeights support = get(tenant, "support").getJourneyTypes(0);
        assertEquals(0, support.getRevision());
        assertEquals(JesModel.VERSION, support.getModelVersion());
        assertEquals(all.getDefaults(), support.getWeights());
    }

    @Test
    void newWeightsGiveNewScoresANewModelVersion() {
        JourneyScore before = score(tenant, "support");

        JourneyTypeWeights w1 = update(tenant, "support", JesWeights.newBuilder().setBase(50).build());

        assertEquals(1, w1.getRevision());
        assertEquals("jes-1.1+support.w1", w1.getModelVersion());
        assertEquals(50, w1.getWeights().getBase());
        assertEquals(15, w1.getWeights().getCompletedPoints(), "a weight left out keeps its default");
        JourneyScore after = score(tenant, "support");
        assertEquals("jes-1.1+support.w1", after.getModelVersion());
        assertEquals(before.getScore() - 20, after.getScore(), 1e-9);
        assertEquals(50, factor(after, "base").getPoints());
        // Another journey type and another tenant keep the defaults.
        assertEquals(JesModel.VERSION, score(tenant, "refund").getModelVersion());
        assertEquals(JesModel.VERSION, score(randomTenant(), "support").getModelVersion());
        assertEquals(0, get(randomTenant(), "").getJourneyTypesCount());
        assertEquals(List.of("support"), get(tenant, "").getJourneyTypesList().stream()
                .map(JourneyTypeWeights::getJourneyType).toList());

        // The same weights again change nothing; different ones are the next revision.
        assertEquals(1, update(tenant, "support", JesWeights.newBuilder().setBase(50).build()).getRevision());
        JourneyTypeWeights w2 = update(tenant, "support", JesWeights.newBuilder().setBase(50)
                .putFrictionKindPenalties("long_wait", 10).build());
        assertEquals("jes-1.1+support.w2", w2.getModelVersion());
        assertEquals(10, w2.getWeights().getFrictionKindPenaltiesOrThrow("long_wait"));
        assertEquals("jes-1.1+support.w2", score(tenant, "support").getModelVersion());
        assertEquals(w2, get(tenant, "support").getJourneyTypes(0));
    }

    @Test
    void invalidWeightsAreRefusedNamingEveryField() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> update(tenant, "Bad Type",
                JesWeights.newBuilder().setBase(-1).setHandoffPenalty(Double.NaN).setCsatNeutral(9)
                        .putFrictionKindPenalties("Bad!", 1).putFrictionKindPenalties("transfer", -2).build()));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        String d = e.getStatus().getDescription();
        for (String field : List.of("journey_type: ", "weights.base: must be between 0 and 100",
                "weights.handoff_penalty: must be a finite number", "weights.csat_neutral: must be between 1 and 5",
                "weights.friction_kind_penalties[Bad!]: ", "weights.friction_kind_penalties[transfer]: ")) {
            assertTrue(d.contains(field), () -> field + " in " + d);
        }
        // Nothing was stored.
        assertEquals(0, get(tenant, "").getJourneyTypesCount());
        assertEquals(JesModel.VERSION, score(tenant, "support").getModelVersion());
    }

    private GetWeightsResponse get(String tenantId, String type) {
        return client.getWeights(GetWeightsRequest.newBuilder().setTenantId(tenantId).setJourneyType(type).build())
                .await().atMost(WAIT);
    }

    private JourneyTypeWeights update(String tenantId, String type, JesWeights weights) {
        return client.updateWeights(UpdateWeightsRequest.newBuilder().setTenantId(tenantId).setJourneyType(type)
                .setWeights(weights).build()).await().atMost(WAIT).getWeights();
    }

    private JourneyScore score(String tenantId, String type) {
        return client.scoreJourney(scoreRequest(tenantId, supportJourney().setType(type))).await().atMost(WAIT)
                .getScore();
    }

    private static ScoreFactor factor(JourneyScore score, String name) {
        return score.getBreakdownList().stream().filter(f -> f.getFactor().equals(name)).findFirst().orElseThrow();
    }
}
