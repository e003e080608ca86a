package io.cjm.touchpoint.service;

import static io.cjm.touchpoint.Touchpoints.randomTenant;
import static io.cjm.touchpoint.Touchpoints.valid;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cjm.proto.touchpoint.v1.CaptureRequest;
import io.cjm.proto.touchpoint.v1.Touchpoint;
import io.cjm.proto.touchpoint.v1.TouchpointService;
import io.cjm.platform.testing.Scrape;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The service's own metrics at /q/metrics. */
@QuarkusTest
class PipelineMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @GrpcClient("touchpoint")
    TouchpointService client;

    private final String tenant = randomTenant();

    @Test
    void captureResultsAreCountedOncePerTouchpoint() {
        Scrape before = scrape();
        Touchpoint first = valid().build();

        capture(first, valid().setChannel("carrier pigeon").build());
        capture(first);

        Scrape after = scrape();
        assertEquals(1, increase(before, after, "accepted"));
        assertEquals(1, increase(before, after, "rejected"));
        assertEquals(1, increase(before, after, "duplicate"));
    }

    @Test
    void theOutboxAndPipelineGaugesAreReadFromTheDatabase() throws InterruptedException {
        capture(valid().build());

        Instant deadline = Instant.now().plus(WAIT);
        Scrape scrape = scrape();
        while (!(scrape.valueOrZero("cjm_outbox_backlog", Map.of()) >= 1) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            scrape = scrape();
        }
        // The relay is off in tests, so what was captured stays in the outbox.
        assertTrue(scrape.valueOrZero("cjm_outbox_backlog", Map.of()) >= 1, "backlog");
        OptionalDouble oldest = scrape.value("cjm_outbox_oldest_age_seconds", Map.of());
        assertTrue(oldest.isPresent() && oldest.getAsDouble() >= 0, "oldest age " + oldest);
        assertTrue(scrape.valueOrZero("cjm_touchpoints", Map.of("status", "pending")) >= 1, "pending");
        OptionalDouble quarantined = scrape.value("cjm_touchpoints", Map.of("status", "quarantined"));
        assertTrue(quarantined.isPresent() && quarantined.getAsDouble() >= 0, "quarantined " + quarantined);
    }

    private void capture(Touchpoint... touchpoints) {
        client.capture(CaptureRequest.newBuilder().setTenantId(tenant).addAllTouchpoints(List.of(touchpoints))
                .build()).await().atMost(WAIT);
    }

    private static Scrape scrape() {
        return Scrape.of(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    private static double increase(Scrape before, Scrape after, String result) {
        Map<String, String> labels = Map.of("result", result);
        return after.valueOrZero("cjm_touchpoints_captured_total", labels)
                - before.valueOrZero("cjm_touchpoints_captured_total", labels);
    }
}
