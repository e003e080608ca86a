package io.cjm.systemtest;

import static io.cjm.systemtest.Touchpoints.touchpoint;
import static io.cjm.systemtest.Touchpoints.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Capture does not depend on the services behind it: with identity-, journey- and
 * scoring-service all down, touchpoints are still accepted (202) and stored, nothing is
 * quarantined however long they stay down, and once they are back the backlog drains through
 * the whole pipeline by itself.
 */
class OutageSystemTest {

    private static final String[] DOWNSTREAM = {"identity-service", "journey-service", "scoring-service"};
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(3);

    private final Api api = new Api();
    private final Suite suite = Suite.get();

    @Test
    void captureKeepsAcceptingWhileEveryServiceBehindItIsDownAndTheBacklogDrainsWhenTheyReturn() throws Exception {
        String run = unique("outage");
        long quarantinedBefore = pipeline().getLong("quarantined");
        for (String service : DOWNSTREAM) {
            suite.kill(service);
        }
        List<String> ids = new ArrayList<>();
        try {
            for (int batch = 0; batch < 6; batch++) {
                Touchpoints[] items = new Touchpoints[50];
                for (int i = 0; i < items.length; i++) {
                    int customer = (batch * items.length + i) % 60;
                    items[i] = touchpoint(i % 2 == 0 ? "Case Opened" : "Call Started", i % 2 == 0 ? "email" : "phone",
                            Instant.now().minusSeconds(600 - i))
                            .identifier("customerId", run + "-" + customer)
                            .attribute("caseId", run + "-case-" + customer);
                    ids.add(items[i].id());
                }
                List<String> statuses = api.as("globex-ingest").body(Touchpoints.batch(items))
                        .post("/api/v1/touchpoints").then().statusCode(202).extract().jsonPath()
                        .getList("results.status");
                assertThat(statuses).as("batch %d while identity, journey and scoring are down", batch)
                        .hasSize(50).containsOnly("accepted");
            }
            assertThat(suite.queryLong("touchpoint", "SELECT count(*) FROM touchpoint WHERE tenant_id = 'globex' "
                    + "AND touchpoint_id IN (" + list(ids) + ")")).as("stored while downstream is down").isEqualTo(300);

            // Long enough for the relay to try, fail and pause several times.
            Suite.sleep(8_000);
            JsonPath during = pipeline();
            assertThat(during.getLong("pending")).as("pending during the outage").isGreaterThanOrEqualTo(300);
            assertThat(during.getLong("quarantined")).as("quarantined during the outage").isEqualTo(quarantinedBefore);
            assertThat(suite.queryLong("touchpoint", "SELECT coalesce(max(failures), 0) FROM outbox "
                    + "WHERE tenant_id = 'globex' AND touchpoint_id IN (" + list(ids) + ")"))
                    .as("failures counted toward quarantine while the services were down").isZero();
        } finally {
            for (int i = DOWNSTREAM.length - 1; i >= 0; i--) {
                suite.start(DOWNSTREAM[i]);
            }
        }

        Instant deadline = Instant.now().plus(DRAIN_TIMEOUT);
        while (pipeline().getLong("pending") > 0) {
            assertThat(Instant.now()).as("backlog drained within %s after the services returned", DRAIN_TIMEOUT)
                    .isBefore(deadline);
            Suite.sleep(500);
        }
        assertThat(pipeline().getLong("quarantined")).isEqualTo(quarantinedBefore);
        assertThat(suite.queryLong("touchpoint", "SELECT count(*) FROM touchpoint WHERE tenant_id = 'globex' "
                + "AND done_at IS NOT NULL AND touchpoint_id IN (" + list(ids) + ")")).isEqualTo(300);
        assertThat(suite.queryLong("journey", "SELECT count(*) FROM journey_touchpoint WHERE tenant_id = 'globex' "
                + "AND touchpoint_id IN (" + list(ids) + ")")).isEqualTo(300);
        // One support journey per customer, each scored.
        assertThat(suite.queryLong("journey", "SELECT count(*) FROM journey WHERE tenant_id = 'globex' "
                + "AND correlation LIKE '%" + run + "-case-%' AND jes IS NOT NULL "
                + "AND NOT EXISTS (SELECT 1 FROM journey_stale q WHERE q.journey_id = journey.id)")).isEqualTo(60);
    }

    private JsonPath pipeline() {
        return api.as("globex-ingest").get("/api/v1/pipeline").then().statusCode(200).extract().jsonPath();
    }

    private static String list(List<String> ids) {
        return "'" + String.join("','", ids) + "'";
    }
}
