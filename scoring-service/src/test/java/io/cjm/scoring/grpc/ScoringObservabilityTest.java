package io.cjm.scoring.grpc;

import static io.cjm.platform.testing.RecordedSpans.named;
import static io.cjm.scoring.grpc.Facts.randomTenant;
import static io.cjm.scoring.grpc.Facts.scoreRequest;
import static io.cjm.scoring.grpc.Facts.supportJourney;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cjm.platform.testing.RecordedSpans;
import io.cjm.platform.testing.Scrape;
import io.cjm.proto.scoring.v1.JourneyFacts;
import io.cjm.proto.scoring.v1.ScoringService;
import io.cjm.scoring.domain.JesModel;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ScoreJourney's span and the timer of the JES computation. */
@QuarkusTest
class ScoringObservabilityTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @GrpcClient("scoring")
    ScoringService client;

    @Inject
    RecordedSpans spans;

    private final String tenant = randomTenant();

    @Test
    void everyComputationIsTimed() {
        Map<String, String> model = Map.of("model", JesModel.VERSION);
        double before = scrape().valueOrZero("cjm_jes_computation_seconds_count", model);

        client.scoreJourney(scoreRequest(tenant, supportJourney())).await().atMost(WAIT);
        client.scoreJourney(scoreRequest(tenant, supportJourney())).await().atMost(WAIT);

        Scrape after = scrape();
        assertEquals(2, after.valueOrZero("cjm_jes_computation_seconds_count", model) - before);
        assertTrue(after.valueOrZero("cjm_jes_computation_seconds_sum", model) > 0, after::toString);
    }

    @Test
    void theScoringSpanNamesTenantJourneyAndScore() {
        JourneyFacts.Builder journey = supportJourney();

        double score = client.scoreJourney(scoreRequest(tenant, journey)).await().atMost(WAIT).getScore().getScore();

        SpanData span = spans.await("JesService.score of " + journey.getJourneyId(),
                named("JesService.score", "cjm.journey.id", journey.getJourneyId()));
        assertEquals(tenant, span.getAttributes().get(AttributeKey.stringKey("cjm.tenant")));
        assertEquals(JesModel.VERSION, span.getAttributes().get(AttributeKey.stringKey("cjm.jes.model")));
        assertEquals(score, span.getAttributes().get(AttributeKey.doubleKey("cjm.jes.score")), 1e-9);
    }

    private static Scrape scrape() {
        return Scrape.of(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }
}
