package io.cjm.systemtest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-client rate limits. The suite's gateway keeps the default limits, so that the other
 * system tests never meet them; this test starts a second gateway process with tiny limits
 * against the same Keycloak and services, as a second replica would run, and calls it with
 * real tokens.
 */
class RateLimitSystemTest {

    /** Small enough to exhaust in a few calls, slow enough (a token every 2 s) not to refill meanwhile. */
    private static final int READ_BURST = 3;
    private static final int INGEST_BURST = 2;
    private static final String RATE = "0.5";

    private static final Api API = new Api();
    private static Process gateway;
    private static String url;

    @BeforeAll
    static void startALimitedGateway() throws Exception {
        Suite suite = Suite.get();
        Path root = Path.of(System.getProperty("cjm.root", "..")).toAbsolutePath().normalize();
        Path logs = Path.of(System.getProperty("cjm.logs", "target/system-test-logs"));
        Files.createDirectories(logs);
        int port = Suite.freePort();
        url = "http://localhost:" + port;
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", root.resolve("gateway/target/quarkus-app/quarkus-run.jar").toString())
                .directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve("gateway-rate-limited.log").toFile()));
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("CJM_OIDC_URL", suite.issuer());
        env.put("CJM_GRPC_CLIENT_SECRET", Suite.SECRETS.get("cjm-services"));
        env.put("QUARKUS_OTEL_SDK_DISABLED", "true");
        env.put("CJM_GATEWAY_RATE_LIMIT_READ_RATE", RATE);
        env.put("CJM_GATEWAY_RATE_LIMIT_READ_BURST", Integer.toString(READ_BURST));
        env.put("CJM_GATEWAY_RATE_LIMIT_INGEST_RATE", RATE);
        env.put("CJM_GATEWAY_RATE_LIMIT_INGEST_BURST", Integer.toString(INGEST_BURST));
        suite.servicePorts.forEach((name, p) -> env.put("QUARKUS_GRPC_CLIENTS_" + name.toUpperCase() + "_PORT",
                Integer.toString(p)));
        gateway = pb.start();
        awaitReady(url + "/q/health/ready");
    }

    @AfterAll
    static void stopIt() throws InterruptedException {
        if (gateway != null) {
            gateway.destroy();
            if (!gateway.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                gateway.destroyForcibly();
            }
        }
    }

    private static RequestSpecification as(String clientId) {
        return given().baseUri(url).auth().oauth2(API.token(clientId)).contentType(ContentType.JSON);
    }

    /**
     * Calls until the first 429, at most {@code burst + 2} times: the first {@code burst} calls
     * get through, and the bucket is empty right after them. Returns the 429.
     */
    private static Response exhaust(int burst, java.util.function.Supplier<Response> call, int passedStatus) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < burst + 2; i++) {
            Response r = call.get();
            statuses.add(r.statusCode());
            if (r.statusCode() == 429) {
                assertThat(statuses.subList(0, statuses.size() - 1)).as("calls before the 429")
                        .hasSizeGreaterThanOrEqualTo(burst).containsOnly(passedStatus);
                return r;
            }
            assertThat(r.statusCode()).isEqualTo(passedStatus);
            assertThat(r.header("RateLimit-Limit")).isEqualTo(Integer.toString(burst));
            assertThat(Integer.parseInt(r.header("RateLimit-Remaining"))).isBetween(0, burst - 1);
        }
        throw new AssertionError("no 429 after " + statuses);
    }

    @Test
    void aClientOverItsLimitGets429WithRetryAfterAndOtherClientsGoOn() {
        Response refused = exhaust(READ_BURST, () -> as("acme-reader").get("/api/v1/pipeline"), 200);

        refused.then().contentType(startsWith("application/problem+json"))
                .body("title", equalTo("Too many requests"))
                .body("status", equalTo(429))
                .body("detail", containsString("0.5 requests a second with bursts of 3"))
                .header("RateLimit-Limit", "3")
                .header("RateLimit-Remaining", "0");
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).as("whole seconds until the next token (one every 2 s)").isBetween(1L, 2L);

        as("acme-admin").get("/api/v1/pipeline").then().statusCode(200);

        Suite.sleep(retryAfter * 1000 + 100);
        as("acme-reader").get("/api/v1/pipeline").then().statusCode(200);
    }

    @Test
    void ingestHasABucketOfItsOwn() {
        // Invalid touchpoints: they count as calls but store nothing.
        Response refused = exhaust(INGEST_BURST, () -> as("globex-ingest").body("{}").post("/api/v1/touchpoints"), 400);

        refused.then().contentType(startsWith("application/problem+json"))
                .body("detail", containsString("POST /touchpoints is 0.5 requests a second with bursts of 2"));
        assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();

        as("globex-ingest").get("/api/v1/pipeline").then().statusCode(200).header("RateLimit-Limit", "3");
    }

    @Test
    void unauthenticatedAndForbiddenCallsGet401And403EvenWhenTheBucketIsEmpty() {
        exhaust(READ_BURST, () -> as("acme-ingest").get("/api/v1/pipeline"), 200);

        // acme-ingest lacks tenant-admin: 403 first, however empty its bucket.
        as("acme-ingest").delete("/api/v1/profiles/" + java.util.UUID.randomUUID()).then().statusCode(403)
                .contentType(startsWith("application/problem+json"));
        for (int i = 0; i < READ_BURST + 2; i++) {
            given().baseUri(url).get("/api/v1/pipeline").then().statusCode(401);
            given().baseUri(url).auth().oauth2("eyJhbGciOiJSUzI1NiJ9.eyJ0ZW5hbnQiOiJhY21lIn0.c2lnbmF0dXJl")
                    .get("/api/v1/pipeline").then().statusCode(401);
        }
    }

    private static void awaitReady(String health) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (!gateway.isAlive()) {
                throw new IllegalStateException("the rate-limited gateway exited; see gateway-rate-limited.log");
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(health)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the rate-limited gateway did not become ready");
    }
}
