package io.cjm.systemtest;

import static io.cjm.systemtest.Touchpoints.touchpoint;
import static io.cjm.systemtest.Touchpoints.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/profiles/{id}/timeline} through the gateway with real tokens, after the
 * touchpoints went through the whole pipeline: what the agent sees (content, newest first,
 * journeys with stage, friction and JES), cursor paging, a merged id, tenant isolation and the
 * 400s, 401 and 404s.
 */
class TimelineSystemTest {

    private static final String INGEST = "acme-ingest";
    private static final String READER = "acme-reader";
    private static final String OTHER_TENANT = "globex-ingest";

    private static final Api API = new Api();
    private static final Instant START = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    private static String profileId;
    /** The customer's touchpoints in the order sent (oldest first). */
    private static List<Touchpoints> sent;

    /**
     * One customer on four channels: a purchase left at stage cart (open), a support case by
     * email with a screenshot, then a call with a long wait and a negative sentiment (open,
     * with friction), and an onboarding that completed (closed).
     */
    @BeforeAll
    static void aCustomerOnFourChannels() {
        String email = unique("tia") + "@example.com";
        sent = List.of(
                at(0, "Product Viewed", "web").identifier("email", email),
                at(5, "Product Added", "web").identifier("email", email),
                at(60, "Case Opened", "email").identifier("email", email).with("direction", "inbound")
                        .with("content", Map.of("text", "My router shows a red light, screenshot attached",
                                "attachments", List.of(Map.of("uri", "https://media.example.com/s/42.png",
                                        "mediaType", "image/png", "sizeBytes", 183_422))))
                        .attribute("caseId", "C-" + unique("case")),
                at(70, "Call Started", "phone").identifier("email", email).with("direction", "inbound")
                        .with("waitSeconds", 600).with("sentiment", -0.6).with("agentId", "agent-17")
                        .with("handleSeconds", 540).with("transfers", 1).with("botIntent", "router_issue")
                        .with("botOutcome", "escalated").with("source", "genesys")
                        .with("content", Map.of("text", "Customer repeats the router issue; waited ten minutes",
                                "attachments", List.of(Map.of("uri", "https://media.example.com/calls/17.ogg",
                                        "mediaType", "audio/ogg", "sizeBytes", 1_200_000)))),
                at(80, "Signed Up", "web").identifier("email", email),
                at(90, "Onboarding Completed", "web").identifier("email", email).with("value", 12.5)
                        .with("currency", "EUR"));
        API.as(INGEST).body(Touchpoints.batch(sent.toArray(Touchpoints[]::new))).post("/api/v1/touchpoints")
                .then().statusCode(202);
        API.awaitPipelineDrained(INGEST);
        profileId = API.as(INGEST).queryParam("identifier", "email:" + email).get("/api/v1/profiles").then()
                .statusCode(200).extract().path("id");
        Api.eventually(() -> timeline(READER, profileId, null, null),
                t -> t.getList("openJourneys").size() == 2 && t.getList("closedJourneys").size() == 1
                        && t.getList("openJourneys.jes").stream().allMatch(j -> j != null)
                        && t.getList("closedJourneys.jes").stream().allMatch(j -> j != null),
                "two open and one closed scored journey of " + profileId);
    }

    @Test
    void theAgentSeesEveryTouchpointWithItsContentNewestFirstAndTheJourneysWithStageFrictionAndJes() {
        JsonPath t = timeline(READER, profileId, null, null);

        assertThat(t.getString("profile.id")).isEqualTo(profileId);
        assertThat(t.getBoolean("profile.merged")).isFalse();
        assertThat(t.getList("profile.identifiers.type")).contains("email");
        assertThat(t.getList("touchpoints.id")).containsExactlyElementsOf(newestFirst());
        assertThat(t.getString("nextCursor")).isNull();

        Map<String, Object> call = touchpointOf(t, sent.get(3).id());
        assertThat(call).containsEntry("type", "Call Started").containsEntry("channel", "phone")
                .containsEntry("direction", "inbound").containsEntry("waitSeconds", 600)
                .containsEntry("agentId", "agent-17").containsEntry("occurredAt", START.plus(70, ChronoUnit.MINUTES)
                        .toString());
        assertThat(((Number) call.get("sentiment")).doubleValue()).isCloseTo(-0.6, within(1e-6));
        assertThat(t.getString("touchpoints.find { it.id == '" + sent.get(3).id() + "' }.content.text"))
                .isEqualTo("Customer repeats the router issue; waited ten minutes");
        String caseOpened = "touchpoints.find { it.id == '" + sent.get(2).id() + "' }";
        assertThat(t.getString(caseOpened + ".content.text")).startsWith("My router shows a red light");
        assertThat(t.getMap(caseOpened + ".content.attachments[0]")).containsEntry("uri",
                "https://media.example.com/s/42.png").containsEntry("mediaType", "image/png")
                .containsEntry("sizeBytes", 183_422);
        assertThat(t.getString(caseOpened + ".attributes.caseId")).startsWith("C-case-");
        assertThat(((Number) touchpointOf(t, sent.get(5).id()).get("value")).doubleValue()).isEqualTo(12.5);
        assertThat(touchpointOf(t, sent.get(5).id())).containsEntry("currency", "EUR");

        // The contact-center, bot and source fields, and each attachment's kind (derived from its media type).
        assertThat(call).containsEntry("handleSeconds", 540).containsEntry("transfers", 1)
                .containsEntry("botIntent", "router_issue").containsEntry("botOutcome", "escalated")
                .containsEntry("source", "genesys");
        String callTouchpoint = "touchpoints.find { it.id == '" + sent.get(3).id() + "' }";
        assertThat(t.getMap(callTouchpoint + ".content.attachments[0]"))
                .containsEntry("uri", "https://media.example.com/calls/17.ogg").containsEntry("mediaType", "audio/ogg")
                .containsEntry("sizeBytes", 1_200_000).containsEntry("kind", "voice");
        assertThat(t.getString(caseOpened + ".content.attachments[0].kind")).isEqualTo("image");
        // What was not sent is left out.
        assertThat(touchpointOf(t, sent.get(0).id())).doesNotContainKeys("handleSeconds", "transfers", "botIntent",
                "botOutcome", "currency", "source", "value", "content");

        Map<String, Object> support = journeyOf(t, "openJourneys", "support");
        assertThat(support).containsEntry("status", "open").containsEntry("stage", "assisted")
                .containsEntry("touchpointCount", 2);
        assertThat(t.getList("openJourneys.find { it.type == 'support' }.friction.kind")).contains("long_wait");
        assertThat(((Number) support.get("jes")).doubleValue()).isBetween(0.0, 100.0);
        Map<String, Object> purchase = journeyOf(t, "openJourneys", "purchase");
        assertThat(purchase).containsEntry("status", "open").containsEntry("stage", "cart");
        Map<String, Object> onboarding = journeyOf(t, "closedJourneys", "onboarding");
        assertThat(onboarding).containsEntry("status", "completed").containsKey("endedAt");
        assertThat(((Number) onboarding.get("jes")).doubleValue()).isBetween(0.0, 100.0);
        assertThat(t.getBoolean("moreClosedJourneys")).isFalse();

        assertThat(call).containsEntry("journeyId", support.get("id"));
        assertThat(touchpointOf(t, sent.get(2).id())).containsEntry("journeyId", support.get("id"));
        assertThat(touchpointOf(t, sent.get(0).id())).containsEntry("journeyId", purchase.get("id"));
        assertThat(touchpointOf(t, sent.get(5).id())).containsEntry("journeyId", onboarding.get("id"));
    }

    @Test
    void pagingWithTheCursorGivesEachTouchpointOnceNewestFirst() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = timeline(READER, profileId, "4", cursor);
            assertThat(page.getList("touchpoints")).hasSizeLessThanOrEqualTo(4);
            // every page carries the journeys
            assertThat(page.getList("openJourneys")).hasSize(2);
            seen.addAll(page.getList("touchpoints.id"));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(pages).isEqualTo(2);
        assertThat(seen).containsExactlyElementsOf(newestFirst());
    }

    @Test
    void aMergedIdAnswersForTheSurvivorWithAllTouchpointsOfBoth() {
        String email = unique("max") + "@example.com";
        String phone = "+346" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        Touchpoints byEmail = at(0, "Case Opened", "email").identifier("email", email);
        Touchpoints byPhone = at(20, "Call Started", "phone").identifier("phone", phone);
        send(byEmail, byPhone);
        String older = API.as(INGEST).queryParam("identifier", "email:" + email).get("/api/v1/profiles").then()
                .statusCode(200).extract().path("id");
        String newer = API.as(INGEST).queryParam("identifier", "phone:" + phone).get("/api/v1/profiles").then()
                .statusCode(200).extract().path("id");
        assertThat(newer).isNotEqualTo(older);
        assertThat(timeline(READER, newer, null, null).getList("touchpoints.id")).containsExactly(byPhone.id());

        Touchpoints linking = at(40, "Case Updated", "phone").identifier("phone", phone).identifier("email", email);
        send(linking);

        JsonPath viaMerged = timeline(READER, newer, null, null);
        assertThat(viaMerged.getString("profile.id")).isEqualTo(older);
        assertThat(viaMerged.getBoolean("profile.merged")).isTrue();
        assertThat(viaMerged.getString("profile.requestedId")).isEqualTo(newer);
        assertThat(viaMerged.getList("touchpoints.id")).containsExactly(linking.id(), byPhone.id(), byEmail.id());
        assertThat(timeline(READER, older, null, null).getList("touchpoints.id"))
                .containsExactlyElementsOf(viaMerged.getList("touchpoints.id"));
    }

    @Test
    void anotherTenantAndAnUnknownIdGet404AndNoTokenGets401() {
        API.as(OTHER_TENANT).get("/api/v1/profiles/" + profileId + "/timeline").then().statusCode(404)
                .contentType("application/problem+json");
        API.as(READER).get("/api/v1/profiles/" + unique("nobody") + "/timeline").then().statusCode(404)
                .contentType("application/problem+json");
        API.anonymous().get("/api/v1/profiles/" + profileId + "/timeline").then().statusCode(401);
    }

    @Test
    void aBadLimitOrCursorIs400NamingIt() {
        for (String limit : List.of("0", "201", "-1", "ten", "")) {
            API.as(READER).queryParam("limit", limit).get("/api/v1/profiles/" + profileId + "/timeline").then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("errors.field", equalTo(List.of("limit")));
        }
        for (String cursor : List.of("not-a-cursor", "", "dDF8bm90LWEtdGltZXxpZA")) {
            API.as(READER).queryParam("cursor", cursor).get("/api/v1/profiles/" + profileId + "/timeline").then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("errors.field", equalTo(List.of("cursor")));
        }
        API.as(READER).queryParam("limit", "0").queryParam("cursor", "")
                .get("/api/v1/profiles/" + profileId + "/timeline").then().statusCode(400)
                .body("errors.field", equalTo(List.of("limit", "cursor")));
    }

    @Test
    void theOpenApiDocumentDescribesTheTimeline() {
        JsonPath doc = API.anonymous().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();

        assertThat(doc.getMap("paths.'/api/v1/profiles/{id}/timeline'")).containsKey("get");
        assertThat(doc.getList("paths.'/api/v1/profiles/{id}/timeline'.get.parameters.name"))
                .contains("id", "limit", "cursor");
        assertThat(doc.getMap("components.schemas")).containsKeys("TimelineBody", "TimelineTouchpointBody",
                "TimelineJourneyBody");
        assertThat(doc.getMap("paths.'/api/v1/profiles/{id}/timeline'.get.responses")).containsKeys("200", "400",
                "404");
    }

    private static void send(Touchpoints... touchpoints) {
        for (Touchpoints t : touchpoints) {
            API.as(INGEST).body(t.json()).post("/api/v1/touchpoints").then().statusCode(202)
                    .body("results[0].status", equalTo("accepted"));
            API.awaitPipelineDrained(INGEST);
        }
    }

    private static JsonPath timeline(String client, String id, String limit, String cursor) {
        var request = API.as(client);
        if (limit != null) {
            request = request.queryParam("limit", limit);
        }
        if (cursor != null) {
            request = request.queryParam("cursor", cursor);
        }
        return request.get("/api/v1/profiles/" + id + "/timeline").then().statusCode(200).extract().jsonPath();
    }

    private static List<String> newestFirst() {
        List<String> ids = new ArrayList<>(sent.stream().map(Touchpoints::id).toList());
        java.util.Collections.reverse(ids);
        return ids;
    }

    private static Map<String, Object> touchpointOf(JsonPath t, String id) {
        return t.getMap("touchpoints.find { it.id == '" + id + "' }");
    }

    private static Map<String, Object> journeyOf(JsonPath t, String list, String type) {
        return t.getMap(list + ".find { it.type == '" + type + "' }");
    }

    private static Touchpoints at(int minutes, String type, String channel) {
        return touchpoint(type, channel, START.plus(minutes, ChronoUnit.MINUTES));
    }
}
