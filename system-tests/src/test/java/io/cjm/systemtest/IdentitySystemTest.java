package io.cjm.systemtest;

import static io.cjm.systemtest.Touchpoints.touchpoint;
import static io.cjm.systemtest.Touchpoints.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Identity resolution as a tenant sees it through the REST API: merge protection with its
 * conflicts, the merge log, an admin's merge and split, erasure everywhere, and the tenant's
 * identity settings.
 */
class IdentitySystemTest {

    private static final String ADMIN = "acme-admin";
    private static final String INGEST = "acme-ingest";
    private static final String READER = "acme-reader";
    private static final String OTHER_TENANT = "globex-ingest";

    private final Api api = new Api();
    private final Instant start = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    /** Sends the touchpoints one by one, each through the whole pipeline before the next. */
    private void send(String client, Touchpoints... touchpoints) {
        for (Touchpoints t : touchpoints) {
            api.as(client).body(t.json()).post("/api/v1/touchpoints").then().statusCode(202)
                    .body("results[0].status", equalTo("accepted"));
            api.awaitPipelineDrained(client);
        }
    }

    private String profileIdOf(String client, String type, String value) {
        return api.as(client).queryParam("identifier", type + ":" + value).get("/api/v1/profiles").then()
                .statusCode(200).extract().path("id");
    }

    private JsonPath profile(String client, String id) {
        return api.as(client).get("/api/v1/profiles/" + id).then().statusCode(200).extract().jsonPath();
    }

    private Touchpoints at(int minutes, String type, String channel) {
        return touchpoint(type, channel, start.plus(minutes, ChronoUnit.MINUTES));
    }

    private static String phone() {
        return "+346" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    private static String email(String prefix) {
        return unique(prefix) + "@example.com";
    }

    private Response merge(String client, String id, Map<String, ?> body) {
        return api.as(client).body(body).post("/api/v1/profiles/" + id + "/merge");
    }

    private Response split(String client, String id, Map<String, ?> body) {
        return api.as(client).body(body).post("/api/v1/profiles/" + id + "/split");
    }

    @Test
    void aSharedTabletKeepsTwoCustomersApartAndBothProfilesShowTheConflict() {
        String tablet = unique("tablet");
        String ana = unique("C");
        String bob = unique("C");
        Touchpoints anaVisit = at(0, "Product Viewed", "web").identifier("customerId", ana)
                .identifier("anonymousId", tablet);
        Touchpoints bobVisit = at(10, "Product Viewed", "web").identifier("customerId", bob)
                .identifier("anonymousId", tablet);

        send(INGEST, anaVisit, bobVisit);

        String anaProfile = profileIdOf(INGEST, "customerId", ana);
        String bobProfile = profileIdOf(INGEST, "customerId", bob);
        assertThat(bobProfile).isNotEqualTo(anaProfile);
        for (String id : List.of(anaProfile, bobProfile)) {
            JsonPath p = profile(INGEST, id);
            assertThat(p.getBoolean("merged")).isFalse();
            assertThat(p.getList("conflicts")).as("conflicts of " + id).hasSize(1);
            assertThat(p.getString("conflicts[0].touchpointId")).isEqualTo(bobVisit.id());
            assertThat(p.getString("conflicts[0].identifierType")).isEqualTo("anonymousId");
            assertThat(p.getString("conflicts[0].profileId")).isEqualTo(bobProfile);
            assertThat(p.getString("conflicts[0].otherProfileId")).isEqualTo(anaProfile);
            assertThat(p.getString("conflicts[0].reason")).isEqualTo("limit of 1 customerId per profile");
            assertThat(p.getString("conflicts[0].occurredAt")).isEqualTo(start.plus(10, ChronoUnit.MINUTES).toString());
        }
        assertThat(profile(INGEST, bobProfile).getList("identifiers.type")).containsExactly("customerId");
    }

    @Test
    void aLinkingTouchpointMergesTwoProfilesAndTheOldIdAnswersWithTheSurvivorAndTheMergeRecord() {
        String email = email("link");
        String phone = phone();
        Touchpoints byEmail = at(0, "Case Opened", "email").identifier("email", email);
        Touchpoints byPhone = at(20, "Call Started", "phone").identifier("phone", phone);
        Touchpoints linking = at(40, "Case Resolved", "phone").identifier("phone", phone).identifier("email", email);
        send(INGEST, byEmail, byPhone);
        String older = profileIdOf(INGEST, "email", email);
        String newer = profileIdOf(INGEST, "phone", phone);
        assertThat(newer).isNotEqualTo(older);

        send(INGEST, linking);

        JsonPath viaOldId = profile(INGEST, newer);
        assertThat(viaOldId.getString("id")).isEqualTo(older);
        assertThat(viaOldId.getBoolean("merged")).isTrue();
        assertThat(viaOldId.getString("requestedId")).isEqualTo(newer);
        assertThat(viaOldId.getList("mergedIds")).containsExactly(newer);
        assertThat(viaOldId.getList("merges")).hasSize(1);
        assertThat(viaOldId.getString("merges[0].kind")).isEqualTo("merge");
        assertThat(viaOldId.getString("merges[0].survivorId")).isEqualTo(older);
        assertThat(viaOldId.getString("merges[0].mergedId")).isEqualTo(newer);
        assertThat(viaOldId.getString("merges[0].touchpointId")).isEqualTo(linking.id());
        assertThat(viaOldId.getString("merges[0].reason")).isEqualTo("identifiers seen together on one touchpoint");
        assertThat(viaOldId.getString("merges[0].requestedBy")).isNull();
        assertThat(viaOldId.getString("merges[0].at")).isNotBlank();
        JsonPath viaSurvivor = profile(INGEST, older);
        assertThat(viaSurvivor.getBoolean("merged")).isFalse();
        assertThat(viaSurvivor.getString("requestedId")).isNull();
    }

    @Test
    void anAdminMergesAndSplitsProfilesAndOnlyAnAdminOfTheTenantMay() {
        String first = unique("A");
        String second = unique("A");
        String email = email("admin");
        send(INGEST, at(0, "Signed Up", "web").identifier("customerId", first).identifier("email", email),
                at(5, "Signed Up", "web").identifier("customerId", second));
        String older = profileIdOf(INGEST, "customerId", first);
        String newer = profileIdOf(INGEST, "customerId", second);
        String globexEmail = email("globex");
        send(OTHER_TENANT, at(0, "Signed Up", "web").identifier("email", globexEmail));
        String globexProfile = profileIdOf(OTHER_TENANT, "email", globexEmail);
        Map<String, String> mergeBody = Map.of("otherProfileId", older, "reason", "same person, two accounts");

        api.anonymous().body(mergeBody).post("/api/v1/profiles/" + newer + "/merge").then().statusCode(401)
                .contentType(startsWith("application/problem+json"));
        merge(INGEST, newer, mergeBody).then().statusCode(403).contentType(startsWith("application/problem+json"));
        merge(READER, newer, mergeBody).then().statusCode(403);
        merge(ADMIN, globexProfile, Map.of("otherProfileId", older)).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        merge(ADMIN, newer, Map.of("otherProfileId", globexProfile)).then().statusCode(404);
        merge(ADMIN, newer, Map.of("otherProfileId", older, "tenant", "globex")).then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("errors.field", equalTo(List.of("tenant")))
                .body("errors.message", equalTo(List.of("unknown field")));
        merge(ADMIN, newer, Map.of("reason", "no other id")).then().statusCode(400)
                .body("errors.field", equalTo(List.of("otherProfileId")));

        JsonPath merged = merge(ADMIN, newer, mergeBody).then().statusCode(200).extract().jsonPath();

        assertThat(merged.getString("id")).isEqualTo(older);
        assertThat(merged.getList("identifiers.value")).contains(first, second, email);
        assertThat(merged.getList("mergedIds")).containsExactly(newer);
        assertThat(merged.getString("merges[0].kind")).isEqualTo("merge");
        assertThat(merged.getString("merges[0].mergedId")).isEqualTo(newer);
        assertThat(merged.getString("merges[0].reason")).isEqualTo("manual merge: same person, two accounts");
        assertThat(merged.getString("merges[0].requestedBy")).contains(ADMIN);
        assertThat(merged.getString("merges[0].touchpointId")).isNull();
        api.as(READER).get("/api/v1/profiles/" + newer).then().statusCode(200).body("id", equalTo(older))
                .body("merged", equalTo(true));
        // journey-service was told: both sign-ups are now one onboarding journey of the survivor.
        JsonPath survivorJourneys = Api.eventually(() -> api.as(READER).queryParam("profileId", older)
                .get("/api/v1/journeys").then().statusCode(200).extract().jsonPath(),
                j -> j.getList("items").size() == 1 && j.getList("items[0].touchpointIds").size() == 2,
                "both sign-ups in one journey of the survivor");
        assertThat(survivorJourneys.getString("items[0].type")).isEqualTo("onboarding");
        api.as(READER).queryParam("profileId", newer).get("/api/v1/journeys").then().statusCode(200)
                .body("items.size()", equalTo(0));
        api.as(OTHER_TENANT).get("/api/v1/profiles/" + older).then().statusCode(404);

        Map<String, String> splitBody = Map.of("type", "customerId", "value", second, "reason", "two people");
        split(INGEST, older, splitBody).then().statusCode(403);
        split(READER, older, splitBody).then().statusCode(403);
        api.anonymous().body(splitBody).post("/api/v1/profiles/" + older + "/split").then().statusCode(401);
        split(ADMIN, globexProfile, Map.of("type", "email", "value", globexEmail)).then().statusCode(404);
        split(ADMIN, older, Map.of("type", "customerId", "value", unique("never"))).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        split(ADMIN, older, Map.of("type", "customerId", "identifier", second)).then().statusCode(400)
                .body("errors.field", hasItems("identifier", "value"));

        JsonPath result = split(ADMIN, older, splitBody).then().statusCode(200).extract().jsonPath();

        String splitOff = result.getString("splitProfile.id");
        assertThat(result.getList("splitProfile.identifiers.value")).containsExactly(second);
        assertThat(result.getList("profile.identifiers.value")).containsExactlyInAnyOrder(first, email);
        assertThat(splitOff).isNotEqualTo(result.getString("profile.id"));
        assertThat(profile(READER, result.getString("profile.id")).getList("merges.kind")).contains("split");
        split(ADMIN, splitOff, Map.of("type", "customerId", "value", second)).then().statusCode(409)
                .contentType(startsWith("application/problem+json"));
        api.as(OTHER_TENANT).queryParam("identifier", "email:" + globexEmail).get("/api/v1/profiles").then()
                .statusCode(200).body("id", equalTo(globexProfile)).body("mergedIds", equalTo(List.of()));
    }

    @Test
    void erasureDeletesTheProfileItsJourneysAndTouchpointsAndSparesTheOtherTenant() {
        String email = email("erase");
        String phone = phone();
        send(INGEST, at(0, "Case Opened", "email").identifier("email", email),
                at(30, "Call Started", "phone").identifier("phone", phone),
                at(45, "Case Resolved", "phone").identifier("phone", phone).identifier("email", email).with("csat", 4));
        send(OTHER_TENANT, at(0, "Case Opened", "email").identifier("email", email));
        String profileId = profileIdOf(INGEST, "email", email);
        String mergedId = profile(INGEST, profileId).getString("mergedIds[0]");
        String globexProfile = profileIdOf(OTHER_TENANT, "email", email);
        String journeyId = api.as(INGEST).queryParam("profileId", profileId).get("/api/v1/journeys").then()
                .statusCode(200).body("items.size()", equalTo(1)).extract().path("items[0].id");
        long acceptedBefore = api.awaitPipelineDrained(INGEST).getLong("accepted");
        long globexBefore = api.awaitPipelineDrained(OTHER_TENANT).getLong("accepted");

        api.anonymous().delete("/api/v1/profiles/" + profileId).then().statusCode(401);
        api.as(READER).delete("/api/v1/profiles/" + profileId).then().statusCode(403)
                .contentType(startsWith("application/problem+json"));
        api.as(INGEST).delete("/api/v1/profiles/" + profileId).then().statusCode(403);
        api.as(ADMIN).delete("/api/v1/profiles/" + globexProfile).then().statusCode(404);

        api.as(ADMIN).delete("/api/v1/profiles/" + profileId).then().statusCode(204);

        api.as(INGEST).get("/api/v1/profiles/" + profileId).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        api.as(INGEST).get("/api/v1/profiles/" + mergedId).then().statusCode(404);
        api.as(INGEST).queryParam("identifier", "email:" + email).get("/api/v1/profiles").then().statusCode(404);
        api.as(INGEST).queryParam("identifier", "phone:" + phone).get("/api/v1/profiles").then().statusCode(404);
        api.as(INGEST).queryParam("profileId", profileId).get("/api/v1/journeys").then().statusCode(200)
                .body("items.size()", equalTo(0));
        api.as(INGEST).get("/api/v1/journeys/" + journeyId).then().statusCode(404);
        assertThat(api.awaitPipelineDrained(INGEST).getLong("accepted")).isEqualTo(acceptedBefore - 3);

        api.as(ADMIN).delete("/api/v1/profiles/" + profileId).then().statusCode(204);
        api.as(ADMIN).delete("/api/v1/profiles/" + mergedId).then().statusCode(204);
        api.as(ADMIN).delete("/api/v1/profiles/" + UUID.randomUUID()).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));

        api.as(OTHER_TENANT).get("/api/v1/profiles/" + globexProfile).then().statusCode(200)
                .body("identifiers.value", equalTo(List.of(email)));
        api.as(OTHER_TENANT).queryParam("profileId", globexProfile).get("/api/v1/journeys").then().statusCode(200)
                .body("items.size()", equalTo(1));
        assertThat(api.awaitPipelineDrained(OTHER_TENANT).getLong("accepted")).isEqualTo(globexBefore);
        String log = Suite.get().log("gateway");
        assertThat(log).contains("erasure of profile " + profileId + " complete").doesNotContain(email)
                .doesNotContain(phone);
    }

    @Test
    void anErasureCutShortByAServiceOutageAnswers503AndARepeatedDeleteCompletesIt() throws Exception {
        String email = email("outage");
        send(INGEST, at(0, "Case Opened", "email").identifier("email", email));
        String profileId = profileIdOf(INGEST, "email", email);
        api.as(INGEST).queryParam("profileId", profileId).get("/api/v1/journeys").then().statusCode(200)
                .body("items.size()", equalTo(1));
        long acceptedBefore = api.awaitPipelineDrained(INGEST).getLong("accepted");
        Suite suite = Suite.get();

        suite.stopGracefully("journey-service");
        try {
            api.as(ADMIN).delete("/api/v1/profiles/" + profileId).then().statusCode(503)
                    .contentType(startsWith("application/problem+json"))
                    .body("title", equalTo("Erasure incomplete"))
                    .body("detail", containsString("Repeat the DELETE"));
        } finally {
            suite.start("journey-service");
        }

        api.as(INGEST).get("/api/v1/profiles/" + profileId).then().statusCode(404);
        assertThat(api.awaitPipelineDrained(INGEST).getLong("accepted")).isEqualTo(acceptedBefore - 1);
        // The gateway's channel to the restarted service reconnects after a short backoff (503 until then).
        Response journeys = Api.eventually(() -> api.as(INGEST).queryParam("profileId", profileId)
                .get("/api/v1/journeys"), r -> r.statusCode() != 503, "journey-service reachable again");
        journeys.then().statusCode(200).body("items.size()", equalTo(1));

        api.as(ADMIN).delete("/api/v1/profiles/" + profileId).then().statusCode(204);

        api.as(INGEST).queryParam("profileId", profileId).get("/api/v1/journeys").then().statusCode(200)
                .body("items.size()", equalTo(0));
    }

    @Test
    void settingsRoundTripAndABadPatternIsRefusedNamingEachField() {
        JsonPath before = api.as(ADMIN).get("/api/v1/identity/settings").then().statusCode(200).extract().jsonPath();
        Map<String, Object> settings = Map.of("defaultRegion", "ES", "gmailNormalization", true,
                "customTypes", List.of("loyaltyCard"), "blockedPatterns", List.of("LC-TEST-.*"),
                "priority", List.of("customerId", "loyaltyCard", "email"),
                "limits", Map.of("customerId", 1, "email", 5, "phone", 5, "whatsapp", 5));
        try {
            api.as(READER).body(settings).put("/api/v1/identity/settings").then().statusCode(403);
            api.anonymous().get("/api/v1/identity/settings").then().statusCode(401);

            JsonPath stored = api.as(ADMIN).body(settings).put("/api/v1/identity/settings").then().statusCode(200)
                    .extract().jsonPath();

            assertThat(stored.getString("defaultRegion")).isEqualTo("ES");
            assertThat(stored.getBoolean("gmailNormalization")).isTrue();
            assertThat(stored.getList("customTypes")).containsExactly("loyaltyCard");
            assertThat(stored.getList("blockedPatterns")).containsExactly("LC-TEST-.*");
            assertThat(stored.getList("priority")).startsWith("customerId", "loyaltyCard", "email");
            assertThat(stored.getMap("limits")).containsEntry("email", 5).containsEntry("customerId", 1);
            JsonPath read = api.as(READER).get("/api/v1/identity/settings").then().statusCode(200).extract()
                    .jsonPath();
            assertThat(read.getMap("$")).isEqualTo(stored.getMap("$"));

            api.as(ADMIN).body(Map.of("blockedPatterns", List.of("([unclosed"), "limits", Map.of("email", 0)))
                    .put("/api/v1/identity/settings").then().statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("errors.field", equalTo(List.of("blockedPatterns[0]", "limits.email")));
            api.as(ADMIN).body(Map.of("limits", Map.of("email", "five"), "colour", "blue"))
                    .put("/api/v1/identity/settings").then().statusCode(400)
                    .body("errors.field", hasItems("limits.email", "colour"));
            api.as(READER).get("/api/v1/identity/settings").then().statusCode(200)
                    .body("blockedPatterns", equalTo(List.of("LC-TEST-.*")));
        } finally {
            api.as(ADMIN).body(before.getMap("$")).put("/api/v1/identity/settings").then().statusCode(200);
        }
    }

    @Test
    void theOpenApiDocumentDescribesTheAdminCalls() {
        JsonPath doc = api.anonymous().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();

        assertThat(doc.getMap("paths.'/api/v1/profiles/{id}'")).containsKeys("get", "delete");
        assertThat(doc.getMap("paths.'/api/v1/profiles/{id}/merge'")).containsKey("post");
        assertThat(doc.getMap("paths.'/api/v1/profiles/{id}/split'")).containsKey("post");
        assertThat(doc.getMap("paths.'/api/v1/identity/settings'")).containsKeys("get", "put");
        assertThat(doc.getMap("components.schemas")).containsKeys("MergeRequestBody", "SplitRequestBody",
                "IdentitySettingsBody");
    }
}
