package io.cjm.systemtest;

import static io.cjm.systemtest.Touchpoints.touchpoint;
import static io.cjm.systemtest.Touchpoints.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.cjm.platform.testing.Scrape;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * Each running service serves Prometheus metrics at /q/metrics: its own cjm_* metrics, and
 * the request and call metrics Quarkus keeps by itself. Every test first sends touchpoints
 * all the way through the pipeline.
 */
class MetricsSystemTest {

    private final Api api = new Api();
    private final Suite suite = Suite.get();

    @Test
    void touchpointServiceCountsCapturesDeliveriesAndWhatIsWaiting() {
        sendThrough(touchpoint("Product Viewed", "web", Instant.now().minusSeconds(60))
                .identifier("anonymousId", unique("cookie")));

        Scrape m = scrape("touchpoint");
        assertThat(m.valueOrZero("cjm_touchpoints_captured_total", Map.of("result", "accepted")))
                .isGreaterThanOrEqualTo(1);
        assertThat(m.valueOrZero("cjm_relay_deliveries_seconds_count", Map.of("outcome", "done")))
                .isGreaterThanOrEqualTo(1);
        assertThat(m.valueOrZero("cjm_touchpoint_pipeline_seconds_count", Map.of())).isGreaterThanOrEqualTo(1);
        assertThat(m.valueOrZero("cjm_touchpoint_pipeline_seconds_sum", Map.of())).isPositive();
        // Gauges read from the database: a count and an age, never negative, once read.
        Scrape read = Api.eventually(() -> scrape("touchpoint"), s -> isNumber(s.value("cjm_outbox_backlog")),
                "the outbox gauges read");
        assertThat(read.value("cjm_outbox_backlog").getAsDouble()).isGreaterThanOrEqualTo(0);
        assertThat(read.value("cjm_outbox_oldest_age_seconds").getAsDouble()).isGreaterThanOrEqualTo(0);
        assertThat(read.valueOrZero("cjm_touchpoints", Map.of("status", "pending"))).isGreaterThanOrEqualTo(0);
        assertThat(read.value("cjm_touchpoints", Map.of("status", "quarantined"))).hasValue(0.0);
    }

    @Test
    void identityServiceCountsMerges() {
        String email = unique("mia") + "@example.com";
        String phone = "+1415557" + String.format("%04d", (int) (Math.random() * 10_000));
        Instant start = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        sendThrough(touchpoint("Signed Up", "web", start).identifier("email", email));
        sendThrough(touchpoint("Call Started", "phone", start.plusSeconds(60)).identifier("phone", phone));
        double before = scrape("identity").valueOrZero("cjm_identity_merges_total", Map.of());

        sendThrough(touchpoint("Account Created", "web", start.plusSeconds(120)).identifier("email", email)
                .identifier("phone", phone));

        assertThat(scrape("identity").valueOrZero("cjm_identity_merges_total", Map.of()) - before).isEqualTo(1);
    }

    @Test
    void journeyServiceCountsJourneysByStatus() {
        String email = unique("jo") + "@example.com";
        Instant start = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        sendThrough(touchpoint("Case Opened", "email", start).identifier("email", email));
        sendThrough(touchpoint("Case Resolved", "email", start.plusSeconds(600)).identifier("email", email));

        Scrape m = Api.eventually(() -> scrape("journey"),
                s -> s.valueOrZero("cjm_journeys", Map.of("status", "completed")) >= 1, "a completed journey counted");
        for (String status : new String[] { "open", "failed", "abandoned" }) {
            assertThat(m.value("cjm_journeys", Map.of("status", status))).as(status).isPresent();
            assertThat(m.value("cjm_journeys", Map.of("status", status)).getAsDouble()).as(status)
                    .isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void scoringServiceTimesTheJesComputation() {
        String email = unique("sam") + "@example.com";
        Instant start = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        sendThrough(touchpoint("Refund Requested", "email", start).identifier("email", email));

        Scrape m = scrape("scoring");
        assertThat(m.valueOrZero("cjm_jes_computation_seconds_count", Map.of())).isGreaterThanOrEqualTo(1);
        assertThat(m.valueOrZero("cjm_jes_computation_seconds_sum", Map.of())).isPositive();
    }

    @Test
    void requestsAndCallsAreMeasuredWithoutAnyCodeOfOurs() {
        sendThrough(touchpoint("Product Viewed", "web", Instant.now().minusSeconds(60))
                .identifier("anonymousId", unique("cookie")));

        assertThat(Scrape.of(metricsText(suite.gatewayUrl())).valueOrZero("http_server_requests_seconds_count",
                Map.of("method", "POST", "uri", "/api/v1/touchpoints", "status", "202"))).isGreaterThanOrEqualTo(1);
        Scrape touchpoint = scrape("touchpoint");
        assertThat(touchpoint.valueOrZero("grpc_server_processing_duration_seconds_count",
                Map.of("method", "Capture", "statusCode", "OK"))).isGreaterThanOrEqualTo(1);
        assertThat(touchpoint.valueOrZero("grpc_client_processing_duration_seconds_count",
                Map.of("method", "Resolve", "statusCode", "OK"))).isGreaterThanOrEqualTo(1);
        assertThat(scrape("identity").valueOrZero("grpc_server_processing_duration_seconds_count",
                Map.of("method", "Resolve", "statusCode", "OK"))).isGreaterThanOrEqualTo(1);
    }

    private void sendThrough(Touchpoints t) {
        api.as("acme-ingest").body(t.json()).post("/api/v1/touchpoints").then().statusCode(202);
        api.awaitPipelineDrained("acme-ingest");
    }

    private Scrape scrape(String service) {
        return Scrape.of(metricsText(suite.serviceUrl(service)));
    }

    private static String metricsText(String baseUrl) {
        return given().baseUri(baseUrl).get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static boolean isNumber(OptionalDouble value) {
        return value.isPresent() && !Double.isNaN(value.getAsDouble());
    }
}
