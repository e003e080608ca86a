package io.cjm.systemtest;

import static io.cjm.systemtest.Touchpoints.touchpoint;
import static io.cjm.systemtest.Touchpoints.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.path.json.JsonPath;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The quarantine through the API: listed for readers, replayed by tenant admins, never across
 * tenants. A real quarantine takes 20 failed deliveries (about 13 minutes of backoff), so the
 * tests quarantine a delivered touchpoint the way the relay does, in touchpoint-service's
 * table; the relay's own quarantining is covered by touchpoint-service's QuarantineReplayTest.
 */
class QuarantineSystemTest {

    private final Api api = new Api();
    private final List<String[]> quarantinedHere = new ArrayList<>();

    @AfterEach
    void liftWhatIsLeft() throws SQLException {
        // Leave no quarantine behind (MetricsSystemTest expects none): mark the rows done again.
        for (String[] t : quarantinedHere) {
            Suite.get().queryLong("touchpoint", "UPDATE touchpoint SET quarantined_at = NULL, quarantine_reason = NULL,"
                    + " quarantine_attempts = NULL, done_at = coalesce(done_at, now()) WHERE tenant_id = '" + t[0]
                    + "' AND touchpoint_id = '" + t[1] + "' RETURNING 1");
        }
    }

    @Test
    void aQuarantinedTouchpointIsListedAndAReplayTakesItThroughThePipelineAgain() throws SQLException {
        String id = quarantined("acme", "acme-ingest");
        long quarantined = pipeline("acme-reader").getLong("quarantined");
        assertThat(quarantined).isPositive();

        JsonPath page = api.as("acme-reader").get("/api/v1/quarantine?limit=500").then().statusCode(200).extract()
                .jsonPath();
        Map<String, Object> item = page.getMap("items.find { it.id == '" + id + "' }");
        assertThat(item).containsEntry("type", "Case Opened").containsEntry("channel", "chat")
                .containsEntry("reason", "UNAVAILABLE: test double").containsEntry("attempts", 20)
                .containsKeys("occurredAt", "quarantinedAt");

        api.as("acme-admin").body(Map.of("touchpointIds", List.of(id))).post("/api/v1/quarantine/replay").then()
                .statusCode(200).body("replayed", equalTo(1)).body("replayedIds", equalTo(List.of(id)))
                .body("skipped", equalTo(List.of())).body("more", equalTo(false));

        Api.eventually(() -> doneAndNotQuarantined("acme", id), done -> done, "the replayed touchpoint delivered");
        api.as("acme-reader").get("/api/v1/quarantine?limit=500").then().statusCode(200)
                .body("items.id", not(hasItem(id)));
        assertThat(pipeline("acme-reader").getLong("quarantined")).isEqualTo(quarantined - 1);
        // Replaying again changes nothing and says why.
        api.as("acme-admin").body(Map.of("touchpointIds", List.of(id))).post("/api/v1/quarantine/replay").then()
                .statusCode(200).body("replayed", equalTo(0))
                .body("skipped", equalTo(List.of(Map.of("id", id, "reason", "not_quarantined"))));
    }

    @Test
    void anotherTenantsQuarantinedTouchpointIsNeitherListedNorReplayed() throws SQLException {
        String theirs = quarantined("globex", "globex-ingest");

        api.as("acme-reader").get("/api/v1/quarantine?limit=500").then().statusCode(200)
                .body("items.id", not(hasItem(theirs)));
        api.as("acme-admin").body(Map.of("touchpointIds", List.of(theirs))).post("/api/v1/quarantine/replay").then()
                .statusCode(200).body("replayed", equalTo(0))
                .body("skipped", equalTo(List.of(Map.of("id", theirs, "reason", "not_found"))));

        assertThat(doneAndNotQuarantined("globex", theirs)).isFalse();
        api.as("globex-ingest").get("/api/v1/quarantine?limit=500").then().statusCode(200)
                .body("items.id", hasItem(theirs));
    }

    @Test
    void theQuarantineNeedsATokenAndReplayingNeedsTheTenantAdminRole() {
        api.anonymous().get("/api/v1/quarantine").then().statusCode(401);
        api.anonymous().body(Map.of()).post("/api/v1/quarantine/replay").then().statusCode(401);
        api.as("acme-ingest").body(Map.of()).post("/api/v1/quarantine/replay").then().statusCode(403);
        api.as("acme-reader").body(Map.of()).post("/api/v1/quarantine/replay").then().statusCode(403);
        api.as("acme-admin").get("/api/v1/quarantine").then().statusCode(200);
    }

    @Test
    void badRequestsGet400NamingTheField() {
        api.as("acme-admin").body(Map.of("ids", List.of("tp-1"))).post("/api/v1/quarantine/replay").then()
                .statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("ids")).body("errors[0].message", equalTo("unknown field"));
        api.as("acme-admin").body(Map.of("touchpointIds", List.of("tp-1", 7))).post("/api/v1/quarantine/replay")
                .then().statusCode(400).body("errors[0].field", equalTo("touchpointIds[1]"));
        api.as("acme-reader").get("/api/v1/quarantine?limit=0").then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
        api.as("acme-reader").get("/api/v1/quarantine?cursor=not-a-cursor").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
    }

    /**
     * A touchpoint of the tenant, sent and delivered, then quarantined as the relay does it after
     * its last failed attempt: quarantine time, reason and attempts set, not done, no outbox row.
     */
    private String quarantined(String tenant, String client) throws SQLException {
        Touchpoints t = touchpoint("Case Opened", "chat", Instant.now().minusSeconds(60))
                .identifier("email", unique("q") + "@example.com");
        api.as(client).body(t.json()).post("/api/v1/touchpoints").then().statusCode(202)
                .body("results[0].status", equalTo("accepted"));
        Api.eventually(() -> doneAndNotQuarantined(tenant, t.id()), done -> done, "the touchpoint delivered");
        quarantinedHere.add(new String[] { tenant, t.id() });
        Suite.get().queryLong("touchpoint", "UPDATE touchpoint SET quarantined_at = now(), quarantine_reason ="
                + " 'UNAVAILABLE: test double', quarantine_attempts = 20, done_at = NULL WHERE tenant_id = '" + tenant
                + "' AND touchpoint_id = '" + t.id() + "' RETURNING 1");
        return t.id();
    }

    private JsonPath pipeline(String client) {
        return api.as(client).get("/api/v1/pipeline").then().statusCode(200).extract().jsonPath();
    }

    private static boolean doneAndNotQuarantined(String tenant, String id) {
        try {
            return Suite.get().queryLong("touchpoint", "SELECT count(*) FROM touchpoint WHERE tenant_id = '" + tenant
                    + "' AND touchpoint_id = '" + id + "' AND done_at IS NOT NULL AND quarantined_at IS NULL") == 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
