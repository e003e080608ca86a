package io.cjm.systemtest;

import static io.cjm.systemtest.Touchpoints.touchpoint;
import static io.cjm.systemtest.Touchpoints.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Journey definitions and friction thresholds as tenant data through the gateway with real
 * tokens: acme's admin writes, its reader reads only, globex neither sees acme's
 * definitions nor has its journeys changed, bad bodies get 400 naming each field, and a
 * change re-assembles acme's existing journeys, visible on GET /journeys/{id}.
 */
class JourneyDefinitionSystemTest {

    private static final String ADMIN = "acme-admin";
    private static final String READER = "acme-reader";
    private static final String INGEST = "acme-ingest";
    private static final String GLOBEX = "globex-ingest";

    private final Api api = new Api();
    private final String key = "warranty_" + unique("k").substring(2).replace("-", "").toLowerCase(Locale.ROOT);
    private final Instant start = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    private Map<String, Object> definition(List<String> goals) {
        return Map.of("name", "Warranty claim", "category", "support",
                "entryPatterns", List.of("Warranty Claim Filed"),
                "stages", List.of(Map.of("name", "filed", "patterns", List.of("Warranty Claim Filed")),
                        Map.of("name", "shipping", "patterns", List.of("Warranty Device Shipped"))),
                "goalPatterns", goals, "failurePatterns", List.of("Warranty Claim Rejected"),
                "inactivityTimeout", "P10D", "expectedTouchpoints", 3, "expectedDuration", "P5D",
                "businessValue", 55);
    }

    @Test
    void everyTenantStartsWithTheDefaultsAndReadersMayReadButNotWrite() {
        JsonPath list = api.as(READER).get("/api/v1/journey-definitions").then().statusCode(200).extract().jsonPath();
        assertThat(list.getList("items.key", String.class)).contains("purchase", "support", "refund", "onboarding",
                "plan_change");
        api.as(READER).get("/api/v1/journey-definitions/support").then().statusCode(200)
                .header("ETag", startsWith("\"")).body("inactivityTimeout", equalTo("P14D"))
                .body("correlationKeys", equalTo(List.of("caseId", "orderId")));
        String schema = api.as(READER).get("/api/v1/journey-definitions/schema").then().statusCode(200)
                .contentType(startsWith("application/schema+json")).extract().asString();
        assertThat(schema).contains("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"");
        assertThat(new JsonPath(schema).getList("properties.category.enum", String.class)).containsExactly(
                "purchase", "setup", "support", "billing", "retention", "other");
        api.as(READER).body(definition(List.of("Warranty Claim Approved"))).put("/api/v1/journey-definitions/" + key)
                .then().statusCode(403).contentType(startsWith("application/problem+json"));
        api.as(READER).delete("/api/v1/journey-definitions/support").then().statusCode(403);
        api.as(INGEST).body(definition(List.of("x"))).put("/api/v1/journey-definitions/" + key).then().statusCode(403);
        api.anonymous().get("/api/v1/journey-definitions").then().statusCode(401);
        api.as(READER).get("/api/v1/journey-definitions/" + key).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void aBadDefinitionGets400NamingEachFieldAndStoresNothing() {
        Map<String, Object> bad = Map.of("name", "", "category", "fun", "entryPatterns", List.of(),
                "stages", List.of(Map.of("name", "a", "patterns", List.of("x")),
                        Map.of("name", "A", "patterns", List.of("y"))),
                "goalPatterns", List.of("done"), "inactivityTimeout", "ten days", "expectedTouchpoints", 0,
                "expectedDuration", "P1D", "businessValue", 500, "colour", "red");
        // Unknown fields and wrong types are caught first, by the gateway.
        api.as(ADMIN).body(bad).put("/api/v1/journey-definitions/" + key).then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("errors.field", equalTo(List.of("colour")));
        Map<String, Object> noColour = new java.util.HashMap<>(bad);
        noColour.remove("colour");
        Response r = api.as(ADMIN).body(noColour).put("/api/v1/journey-definitions/" + key);
        r.then().statusCode(400).contentType(startsWith("application/problem+json"));
        assertThat(r.jsonPath().getList("errors.field", String.class)).containsExactlyInAnyOrder("name", "category",
                "entryPatterns", "stages[1].name", "inactivityTimeout", "expectedTouchpoints", "businessValue");
        api.as(ADMIN).body(Map.of("repeatContactWindow", "2 days", "longWaitSeconds", "long"))
                .put("/api/v1/journey-settings").then().statusCode(400)
                .body("errors.field", equalTo(List.of("longWaitSeconds", "negativeSentiment")));
        api.as(ADMIN).body(Map.of("repeatContactWindow", "2 days", "longWaitSeconds", 0, "negativeSentiment", -3))
                .put("/api/v1/journey-settings").then().statusCode(400)
                .body("errors.field", equalTo(List.of("repeatContactWindow", "longWaitSeconds", "negativeSentiment")));
        api.as(READER).get("/api/v1/journey-definitions/" + key).then().statusCode(404);
    }

    @Test
    void aChangeReassemblesTheTenantsExistingJourneysAndOnlyThose() {
        String email = unique("ola") + "@example.com";
        Touchpoints filed = touchpoint("Warranty Claim Filed", "web", start).identifier("email", email);
        Touchpoints shipped = touchpoint("Warranty Device Shipped", "web", start.plusSeconds(600))
                .identifier("email", email);
        api.as(INGEST).body(Touchpoints.batch(filed, shipped)).post("/api/v1/touchpoints").then().statusCode(202);
        api.as(GLOBEX).body(Touchpoints.batch(
                touchpoint("Warranty Claim Filed", "web", start).identifier("email", email),
                touchpoint("Warranty Device Shipped", "web", start.plusSeconds(600)).identifier("email", email)))
                .post("/api/v1/touchpoints").then().statusCode(202);
        api.awaitPipelineDrained(INGEST);
        api.awaitPipelineDrained(GLOBEX);
        String profileId = api.as(INGEST).queryParam("identifier", "email:" + email).get("/api/v1/profiles").then()
                .statusCode(200).extract().path("id");
        // No journey map knows these events yet.
        assertThat(journeysOf(INGEST, profileId)).isEmpty();

        // Creating the map forms the journey from the touchpoints already there.
        api.as(ADMIN).header("If-Match", "\"0\"").body(definition(List.of("Warranty Claim Approved")))
                .put("/api/v1/journey-definitions/" + key).then().statusCode(201).header("ETag", equalTo("\"1\""))
                .body("key", equalTo(key)).body("version", equalTo(1)).body("builtIn", equalTo(false))
                .body("updatedAt", not(equalTo(null)));
        List<Map<String, Object>> formed = Api.eventually(() -> journeysOf(INGEST, profileId),
                l -> l.size() == 1, "the warranty journey of " + profileId);
        String journeyId = (String) formed.get(0).get("id");
        assertThat(formed.get(0)).containsEntry("type", key).containsEntry("status", "open")
                .containsEntry("stage", "shipping").containsEntry("definitionVersion", 1);

        // A stale If-Match changes nothing.
        api.as(ADMIN).header("If-Match", "\"7\"").body(definition(List.of("Warranty Device Shipped")))
                .put("/api/v1/journey-definitions/" + key).then().statusCode(412)
                .contentType(startsWith("application/problem+json"));
        // A new goal pattern completes the open journey: same id, new version, scored again. As YAML.
        String yaml = """
                name: Warranty claim
                category: support
                entryPatterns: [Warranty Claim Filed]
                stages:
                  - name: filed
                    patterns: [Warranty Claim Filed]
                  - name: shipping
                    patterns: [Warranty Device Shipped]
                goalPatterns: [Warranty Device Shipped]
                failurePatterns: [Warranty Claim Rejected]
                inactivityTimeout: P10D
                expectedTouchpoints: 3
                expectedDuration: P5D
                businessValue: 55
                """;
        api.as(ADMIN).contentType("application/yaml").header("If-Match", "\"1\"")
                .body(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .put("/api/v1/journey-definitions/" + key).then().statusCode(200).body("version", equalTo(2))
                .body("goalPatterns", equalTo(List.of("Warranty Device Shipped")));
        JsonPath completed = Api.eventually(() -> api.as(READER).get("/api/v1/journeys/" + journeyId).then()
                .statusCode(200).extract().jsonPath(), j -> "completed".equals(j.getString("status"))
                        && j.getInt("definitionVersion") == 2 && j.get("jes") != null,
                "journey " + journeyId + " completed at version 2 and scored");
        assertThat(completed.getList("touchpointIds", String.class)).containsExactly(filed.id(), shipped.id());

        // globex sees neither the definition nor any such journey.
        api.as(GLOBEX).get("/api/v1/journey-definitions/" + key).then().statusCode(404);
        assertThat(api.as(GLOBEX).get("/api/v1/journey-definitions").then().statusCode(200).extract().jsonPath()
                .getList("items.key", String.class)).doesNotContain(key).contains("purchase");
        api.as(GLOBEX).get("/api/v1/journeys/" + journeyId).then().statusCode(404);
        assertThat(api.as(GLOBEX).queryParam("type", key).get("/api/v1/journeys").then().statusCode(200)
                .extract().jsonPath().getList("items")).isEmpty();

        // Deleting the map removes its journeys.
        api.as(ADMIN).delete("/api/v1/journey-definitions/" + key).then().statusCode(204);
        api.as(READER).get("/api/v1/journey-definitions/" + key).then().statusCode(404);
        Api.eventually(() -> api.as(READER).get("/api/v1/journeys/" + journeyId).then().extract().statusCode(),
                status -> status == 404, "journey " + journeyId + " gone with its definition");
        api.as(ADMIN).delete("/api/v1/journey-definitions/" + key).then().statusCode(404);
    }

    @Test
    void thresholdsAreReadByReadersAndWrittenByTheAdminWithVersions() {
        JsonPath current = api.as(READER).get("/api/v1/journey-settings").then().statusCode(200)
                .header("ETag", startsWith("\"")).extract().jsonPath();
        int version = current.getInt("version");
        Map<String, Object> same = Map.of("repeatContactWindow", current.getString("repeatContactWindow"),
                "longWaitSeconds", current.getInt("longWaitSeconds"),
                "negativeSentiment", current.getDouble("negativeSentiment"));
        api.as(READER).body(same).put("/api/v1/journey-settings").then().statusCode(403);
        // The same values again (other tests of the run rely on acme's thresholds): a new version.
        api.as(ADMIN).header("If-Match", "\"" + version + "\"").body(same).put("/api/v1/journey-settings").then()
                .statusCode(200).body("version", equalTo(version + 1)).body("updatedAt", not(equalTo(null)))
                .header("ETag", equalTo("\"" + (version + 1) + "\""));
        api.as(ADMIN).header("If-Match", "\"" + version + "\"").body(same).put("/api/v1/journey-settings").then()
                .statusCode(412);
        assertThat(api.as(GLOBEX).get("/api/v1/journey-settings").then().statusCode(200).extract().jsonPath()
                .getInt("version")).isEqualTo(1);
    }

    private List<Map<String, Object>> journeysOf(String client, String profileId) {
        return api.as(client).queryParam("profileId", profileId).queryParam("type", key).get("/api/v1/journeys")
                .then().statusCode(200).extract().jsonPath().getList("items");
    }
}
