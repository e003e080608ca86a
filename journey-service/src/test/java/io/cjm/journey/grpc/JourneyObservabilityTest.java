package io.cjm.journey.grpc;

import static io.cjm.journey.grpc.Applies.applyRequest;
import static io.cjm.journey.grpc.Applies.randomProfile;
import static io.cjm.journey.grpc.Applies.randomTenant;
import static io.cjm.journey.grpc.Applies.touchpoint;
import static io.cjm.platform.testing.RecordedSpans.named;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cjm.platform.testing.RecordedSpans;
import io.cjm.platform.testing.Scrape;
import io.cjm.proto.journey.v1.JourneyService;
import io.cjm.proto.journey.v1.JourneyTouchpoint;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * Apply's span and the journeys gauge. As in {@link JourneyGrpcServiceTest}, the scoring
 * client reaches the scoring double served by this service in tests, which is down for these
 * tenants, so scoring fails, but its call is traced.
 */
@QuarkusTest
class JourneyObservabilityTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @GrpcClient("journey")
    JourneyService client;

    @Inject
    RecordedSpans spans;

    private final String tenant = randomTenant();

    @Test
    void applyIsASpanNamingTenantAndTouchpointWithTheScoringCallInside() {
        JourneyTouchpoint viewed = touchpoint("Product Viewed", 0);

        client.apply(applyRequest(tenant, randomProfile(), viewed)).await().atMost(WAIT);

        SpanData apply = spans.await("AssemblyService.apply of " + viewed.getId(),
                named("AssemblyService.apply", "cjm.touchpoint.id", viewed.getId()));
        assertEquals(tenant, apply.getAttributes().get(AttributeKey.stringKey("cjm.tenant")));
        assertEquals(Boolean.TRUE, apply.getAttributes().get(AttributeKey.booleanKey("cjm.touchpoint.joined_journey")));
        SpanData scoreCall = spans.await("the ScoreJourney call of that Apply",
                s -> s.getKind() == SpanKind.CLIENT && s.getName().contains("ScoreJourney")
                        && s.getParentSpanId().equals(apply.getSpanId()));
        assertEquals(apply.getTraceId(), scoreCall.getTraceId());
    }

    @Test
    void journeysAreCountedByStatus() throws InterruptedException {
        client.apply(applyRequest(tenant, randomProfile(), touchpoint("Product Viewed", 0))).await().atMost(WAIT);

        Instant deadline = Instant.now().plus(WAIT);
        Scrape scrape = scrape();
        while (!(scrape.valueOrZero("cjm_journeys", Map.of("status", "open")) >= 1)
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            scrape = scrape();
        }
        assertTrue(scrape.valueOrZero("cjm_journeys", Map.of("status", "open")) >= 1, scrape::toString);
        for (String status : List.of("completed", "failed", "abandoned")) {
            OptionalDouble count = scrape.value("cjm_journeys", Map.of("status", status));
            assertTrue(count.isPresent() && count.getAsDouble() >= 0, status + ": " + count);
        }
    }

    private static Scrape scrape() {
        return Scrape.of(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }
}
