package io.cjm.systemtest;

import static io.cjm.systemtest.Touchpoints.touchpoint;
import static io.cjm.systemtest.Touchpoints.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Crash safety, shown: clients that retry until they get a 202 send 3,000 touchpoints while
 * touchpoint-service and journey-service are killed with SIGKILL ({@code kill -9}) in the
 * middle of the stream and started again. In the end every acknowledged touchpoint is stored
 * once, has been through identity, journey assembly and scoring once, and nothing is pending.
 * <p>
 * A request in flight when touchpoint-service dies may have committed without its answer
 * reaching the client; the client's retry is then a {@code duplicate}, which acknowledges it
 * just the same (the id is the idempotency key).
 */
class CrashSystemTest {

    private static final int SENDERS = 4;
    private static final int BATCHES_PER_SENDER = 30;
    private static final int BATCH = 25;
    private static final int TOTAL = SENDERS * BATCHES_PER_SENDER * BATCH;
    private static final int CUSTOMERS = 300;
    private static final Duration SEND_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);

    private final Api api = new Api();
    private final Suite suite = Suite.get();

    @Test
    void killingTouchpointAndJourneyServicesMidStreamLosesNothingAndStoresNothingTwice() throws Exception {
        String run = unique("crash");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger retries = new AtomicInteger();
        List<List<Touchpoints[]>> work = plan(run);
        List<String> ids = work.stream().flatMap(List::stream).flatMap(b -> java.util.Arrays.stream(b))
                .map(Touchpoints::id).toList();

        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        List<Future<?>> running = new ArrayList<>();
        for (List<Touchpoints[]> batches : work) {
            running.add(senders.submit(() -> {
                for (Touchpoints[] batch : batches) {
                    sendUntilAcknowledged(batch, acknowledged, retries);
                }
                return null;
            }));
        }
        try {
            awaitAcknowledged(acknowledged, TOTAL / 5);
            suite.kill("touchpoint-service");
            suite.start("touchpoint-service");
            awaitAcknowledged(acknowledged, TOTAL / 2);
            suite.kill("journey-service");
            suite.start("journey-service");
            awaitAcknowledged(acknowledged, TOTAL * 3 / 4);
            suite.kill("touchpoint-service");
            suite.start("touchpoint-service");
            for (Future<?> sender : running) {
                sender.get(SEND_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            senders.shutdownNow();
        }

        assertThat(acknowledged).as("every touchpoint acknowledged").hasSize(TOTAL);
        assertThat(retries.get()).as("requests the crashes made the clients retry").isPositive();
        String idList = "'" + String.join("','", ids) + "'";
        assertThat(suite.queryLong("touchpoint", "SELECT count(*) FROM touchpoint WHERE tenant_id = 'globex' "
                + "AND touchpoint_id IN (" + idList + ")")).as("stored").isEqualTo(TOTAL);

        Instant deadline = Instant.now().plus(DRAIN_TIMEOUT);
        while (pending() > 0) {
            assertThat(Instant.now()).as("pipeline drained within %s", DRAIN_TIMEOUT).isBefore(deadline);
            Suite.sleep(1_000);
        }
        assertThat(suite.queryLong("touchpoint", "SELECT count(*) FROM touchpoint WHERE tenant_id = 'globex' "
                + "AND touchpoint_id IN (" + idList + ") AND done_at IS NOT NULL AND quarantined_at IS NULL"))
                .as("through the whole pipeline").isEqualTo(TOTAL);
        assertThat(suite.queryLong("touchpoint", "SELECT count(*) FROM outbox WHERE tenant_id = 'globex' "
                + "AND touchpoint_id IN (" + idList + ")")).as("left in the outbox").isZero();
        assertThat(suite.queryLong("identity", "SELECT count(DISTINCT touchpoint_id) FROM sighting "
                + "WHERE tenant_id = 'globex' AND touchpoint_id IN (" + idList + ")")).as("resolved").isEqualTo(TOTAL);
        assertThat(suite.queryLong("journey", "SELECT count(*) FROM journey_touchpoint WHERE tenant_id = 'globex' "
                + "AND touchpoint_id IN (" + idList + ")")).as("assembled, once each").isEqualTo(TOTAL);
        // Each customer's touchpoints share a case: one support journey per customer, scored.
        assertThat(suite.queryLong("journey", "SELECT count(*) FROM journey WHERE tenant_id = 'globex' "
                + "AND correlation LIKE '%" + run + "-case-%'")).as("journeys").isEqualTo(CUSTOMERS);
        assertThat(suite.queryLong("journey", "SELECT count(*) FROM journey WHERE tenant_id = 'globex' "
                + "AND correlation LIKE '%" + run + "-case-%' AND jes IS NOT NULL "
                + "AND NOT EXISTS (SELECT 1 FROM journey_stale q WHERE q.journey_id = journey.id)"))
                .as("journeys scored").isEqualTo(CUSTOMERS);
        assertThat(pending()).isZero();
    }

    /** The touchpoints of each sender, in batches: every customer's contacts share a case id. */
    private static List<List<Touchpoints[]>> plan(String run) {
        Instant start = Instant.now().minus(Duration.ofHours(2));
        String[] types = {"Case Opened", "Call Started", "Live Chat Conversation Started", "Case Updated"};
        String[] channels = {"email", "phone", "chat", "email"};
        List<List<Touchpoints[]>> work = new ArrayList<>();
        int n = 0;
        for (int s = 0; s < SENDERS; s++) {
            List<Touchpoints[]> batches = new ArrayList<>();
            for (int b = 0; b < BATCHES_PER_SENDER; b++) {
                Touchpoints[] batch = new Touchpoints[BATCH];
                for (int i = 0; i < BATCH; i++, n++) {
                    int customer = n % CUSTOMERS;
                    int kind = (n / CUSTOMERS) % types.length;
                    batch[i] = touchpoint(types[kind], channels[kind], start.plusSeconds(n))
                            .identifier("customerId", run + "-" + customer)
                            .attribute("caseId", run + "-case-" + customer);
                }
                batches.add(batch);
            }
            work.add(batches);
        }
        return work;
    }

    /** Posts the batch until the suite answers 202, as a well-behaved client does, and records what it acknowledged. */
    private void sendUntilAcknowledged(Touchpoints[] batch, Set<String> acknowledged, AtomicInteger retries) {
        Instant deadline = Instant.now().plus(SEND_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            try {
                Response response = api.as("globex-ingest").body(Touchpoints.batch(batch)).post("/api/v1/touchpoints");
                if (response.statusCode() == 202) {
                    List<String> statuses = response.jsonPath().getList("results.status");
                    List<String> answered = response.jsonPath().getList("results.id");
                    for (int i = 0; i < answered.size(); i++) {
                        assertThat(statuses.get(i)).isIn("accepted", "duplicate");
                        acknowledged.add(answered.get(i));
                    }
                    return;
                }
                assertThat(response.statusCode()).as("answer while a service restarts: %s", response.asString())
                        .isIn(429, 500, 502, 503, 504);
            } catch (RuntimeException e) {
                // the connection broke (a request in flight when the service behind the gateway died): retry
            }
            retries.incrementAndGet();
            Suite.sleep(200);
        }
        throw new AssertionError("batch not acknowledged within " + SEND_TIMEOUT);
    }

    private static void awaitAcknowledged(Set<String> acknowledged, int count) {
        Instant deadline = Instant.now().plus(SEND_TIMEOUT);
        while (acknowledged.size() < count) {
            assertThat(Instant.now()).as("%d touchpoints acknowledged", count).isBefore(deadline);
            Suite.sleep(20);
        }
    }

    private long pending() {
        return api.as("globex-ingest").get("/api/v1/pipeline").then().statusCode(200).extract().jsonPath()
                .getLong("pending");
    }
}
