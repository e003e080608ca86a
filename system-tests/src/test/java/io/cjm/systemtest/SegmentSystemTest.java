package io.cjm.systemtest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.AliasMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.MessageBuilder;
import com.segment.analytics.messages.TrackMessage;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Segment-spec ingestion through the real processes: a tenant admin makes a write key over
 * REST, and the official Segment Java library (com.segment.analytics.java:analytics), pointed
 * at the gateway with that key, sends identify, alias and track calls that come out as
 * touchpoints in one profile and a purchase journey. The suite's gateway remembers keys for
 * 1 s (CJM_GATEWAY_WRITE_KEYS_CACHE_TTL, set by Suite), so a revocation shows quickly.
 */
class SegmentSystemTest {

    private static final String ADMIN = "acme-admin";
    private static final String READER = "acme-reader";
    private static final String INGEST = "acme-ingest";

    private static final Api API = new Api();
    private static String key;

    private final Instant start = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @BeforeAll
    static void anAdminMakesAWriteKey() {
        key = createKey("segment-java");
    }

    private static String createKey(String name) {
        return API.as(ADMIN).body(Map.of("name", name)).post("/api/v1/write-keys").then().statusCode(201)
                .header("Location", containsString("/api/v1/write-keys/"))
                .body("name", equalTo(name))
                .extract().path("secret");
    }

    private static RequestSpecification segment(String writeKey) {
        return given().baseUri(Suite.get().gatewayUrl()).auth().preemptive().basic(writeKey, "")
                .contentType(ContentType.JSON);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private Date at(int minutes) {
        return Date.from(start.plus(minutes, ChronoUnit.MINUTES));
    }

    /** What the library reported for each message: null for sent, the failure otherwise. */
    private static List<Throwable> sendWithTheJavaLibrary(String writeKey, List<MessageBuilder<?, ?>> messages)
            throws InterruptedException {
        CountDownLatch done = new CountDownLatch(messages.size());
        List<Throwable> outcomes = Collections.synchronizedList(new ArrayList<>());
        Analytics analytics = Analytics.builder(writeKey).endpoint(Suite.get().gatewayUrl()).retries(1)
                .callback(new Callback() {
                    @Override
                    public void success(Message message) {
                        outcomes.add(null);
                        done.countDown();
                    }

                    @Override
                    public void failure(Message message, Throwable throwable) {
                        outcomes.add(throwable);
                        done.countDown();
                    }
                }).build();
        try {
            messages.forEach(analytics::enqueue);
            analytics.flush();
            assertThat(done.await(60, TimeUnit.SECONDS)).as("the library reported on every message").isTrue();
            return outcomes;
        } finally {
            analytics.shutdown();
        }
    }

    private static long count(String sql) throws SQLException {
        return Suite.get().queryLong("touchpoint", sql);
    }

    @Test
    void eventsOfTheOfficialJavaLibraryBecomeTouchpointsOfOneProfileAndAPurchaseJourney() throws Exception {
        String userId = unique("u");
        String anonymousId = unique("anon");
        String email = unique("ana") + "@example.com";
        String identifyId = unique("m-identify");
        String orderId = unique("O");

        List<Throwable> first = sendWithTheJavaLibrary(key, List.of(
                IdentifyMessage.builder().messageId(identifyId).userId(userId)
                        .traits(Map.of("email", email, "name", "Ana")).timestamp(at(0)),
                AliasMessage.builder(anonymousId).messageId(unique("m-alias")).userId(userId).timestamp(at(1))));
        assertThat(first).containsOnlyNulls().hasSize(2);
        API.awaitPipelineDrained(INGEST);

        String searchId = unique("m-search");
        String orderCompletedId = unique("m-order");
        List<Throwable> second = sendWithTheJavaLibrary(key, List.of(
                TrackMessage.builder("Products Searched").messageId(searchId).anonymousId(anonymousId)
                        .properties(Map.of("query", "running shoes")).timestamp(at(10)),
                TrackMessage.builder("Product Added").messageId(unique("m-add")).userId(userId)
                        .properties(Map.of("product_id", "P-1", "price", 89.9)).timestamp(at(15)),
                TrackMessage.builder("Order Completed").messageId(orderCompletedId).userId(userId)
                        .properties(Map.of("order_id", orderId, "revenue", 89.9, "currency", "EUR"))
                        .timestamp(at(20))));
        assertThat(second).containsOnlyNulls().hasSize(3);
        API.awaitPipelineDrained(INGEST);

        JsonPath profile = API.as(READER).queryParam("identifier", "customerId:" + userId).get("/api/v1/profiles")
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, String>> identifiers = profile.getList("identifiers");
        assertThat(identifiers).extracting(i -> i.get("type") + ":" + i.get("value"))
                .contains("customerId:" + userId, "email:" + email, "anonymousId:" + anonymousId);
        String profileId = profile.getString("id");
        API.as(READER).queryParam("identifier", "anonymousId:" + anonymousId).get("/api/v1/profiles").then()
                .statusCode(200).body("id", equalTo(profileId));

        JsonPath journeys = API.as(READER).queryParam("profileId", profileId).queryParam("type", "purchase")
                .get("/api/v1/journeys").then().statusCode(200).extract().jsonPath();
        assertThat(journeys.getList("items")).hasSize(1);
        assertThat(journeys.getString("items[0].status")).isEqualTo("completed");
        assertThat(journeys.getList("items[0].touchpointIds", String.class))
                .contains(searchId, orderCompletedId);

        // The context the library sent (its name, in the batch's context) is kept with each touchpoint.
        assertThat(count("SELECT count(*) FROM touchpoint WHERE touchpoint_id = '" + orderCompletedId + "'"
                + " AND type = 'Order Completed' AND channel = 'web' AND value = 89.9"
                + " AND attributes::jsonb #>> '{context,library,name}' = 'analytics-java'"
                + " AND attributes::jsonb ->> 'orderId' = '" + orderId + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM touchpoint WHERE touchpoint_id = '" + identifyId + "'"
                + " AND type = 'Identify' AND attributes::jsonb #>> '{traits,name}' = 'Ana'")).isEqualTo(1);

        // The same messageId again is a duplicate: nothing changes.
        segment(key).body(Map.of("messageId", orderCompletedId, "event", "Order Completed", "userId", userId))
                .post("/v1/track").then().statusCode(200)
                .body("success", equalTo(true))
                .body("results[0].status", equalTo("duplicate"));
    }

    @Test
    void onlyTenantAdminsManageKeysAndAListNeverShowsASecret() {
        String secret = createKey("website");
        String id = API.as(ADMIN).get("/api/v1/write-keys").then().statusCode(200)
                .body("writeKeys.secret", not(hasItem(secret)))
                .body(not(containsString(secret.substring(10))))
                .extract().path("writeKeys.find { it.prefix == '" + secret.substring(0, 10) + "' }.id");
        assertThat(id).isNotNull();

        API.as(READER).get("/api/v1/write-keys").then().statusCode(403);
        API.as(INGEST).body(Map.of("name", "x")).post("/api/v1/write-keys").then().statusCode(403);
        API.anonymous().get("/api/v1/write-keys").then().statusCode(401);
        API.as(INGEST).delete("/api/v1/write-keys/" + id).then().statusCode(403);
        API.as(ADMIN).delete("/api/v1/write-keys/" + UUID.randomUUID()).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        API.as(ADMIN).body(Map.of("name", " ")).post("/api/v1/write-keys").then().statusCode(400)
                .body("errors[0].field", equalTo("name"));
        API.as(ADMIN).body(Map.of("name", "x", "tenant", "globex")).post("/api/v1/write-keys").then().statusCode(400)
                .body("errors[0].field", equalTo("tenant"));
    }

    @Test
    void aRevokedKeyGets401OnceTheGatewaysCacheExpires() throws Exception {
        String secret = createKey("to-revoke");
        String id = API.as(ADMIN).get("/api/v1/write-keys").then().statusCode(200)
                .extract().path("writeKeys.find { it.prefix == '" + secret.substring(0, 10) + "' }.id");
        track(secret).then().statusCode(200).body("results[0].status", equalTo("accepted"));

        API.as(ADMIN).delete("/api/v1/write-keys/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("revokedAt", not(nullValue()));

        Response refused = Api.eventually(() -> track(secret), r -> r.statusCode() == 401,
                "a revoked key refused within the cache time (1 s)");
        refused.then().contentType(startsWith("application/problem+json"))
                .header("WWW-Authenticate", startsWith("Basic"))
                .body("detail", containsString("revoked"));
        List<Throwable> outcomes = sendWithTheJavaLibrary(secret, List.of(
                TrackMessage.builder("Product Viewed").messageId(unique("m")).userId(unique("u"))));
        assertThat(outcomes).hasSize(1).doesNotContainNull();
        assertThat(outcomes.get(0)).hasMessageContaining("revoked");
        track(key).then().statusCode(200);
    }

    private Response track(String writeKey) {
        return segment(writeKey).body(Map.of("messageId", unique("m"), "event", "Product Viewed",
                "userId", unique("u"))).post("/v1/track");
    }

    @Test
    void aWriteKeyOpensNoApiCallAndABadOneGets401() {
        given().baseUri(Suite.get().gatewayUrl()).auth().preemptive().basic(key, "").get("/api/v1/journeys")
                .then().statusCode(401);
        given().baseUri(Suite.get().gatewayUrl()).auth().oauth2(key).get("/api/v1/journeys").then().statusCode(401);
        segment(key).body("{\"id\":\"x\"}").post("/api/v1/touchpoints").then().statusCode(401);
        segment(key).get("/api/v1/write-keys").then().statusCode(401);

        given().baseUri(Suite.get().gatewayUrl()).contentType(ContentType.JSON)
                .body(Map.of("messageId", unique("m"), "event", "X", "userId", "u")).post("/v1/track").then()
                .statusCode(401).header("WWW-Authenticate", startsWith("Basic"))
                .contentType(startsWith("application/problem+json"));
        segment("wk_not-a-key").body(Map.of("messageId", unique("m"), "event", "X", "userId", "u"))
                .post("/v1/track").then().statusCode(401);
        // A bearer token of the tenant is no write key either.
        given().baseUri(Suite.get().gatewayUrl()).auth().oauth2(API.token(INGEST)).contentType(ContentType.JSON)
                .body(Map.of("messageId", unique("m"), "event", "X", "userId", "u")).post("/v1/track").then()
                .statusCode(401);
    }

    @Test
    void pageScreenGroupAndBatchOverPlainHttp() throws Exception {
        String userId = unique("u");
        String pageId = unique("m-page");
        String screenId = unique("m-screen");
        String groupId = unique("m-group");
        segment(key).body(Map.of("messageId", pageId, "anonymousId", unique("anon"), "name", "Pricing",
                "properties", Map.of("url", "https://acme.example/pricing"),
                "context", Map.of("userAgent", "Mozilla/5.0"))).post("/v1/page")
                .then().statusCode(200).body("success", equalTo(true)).body("results[0].id", equalTo(pageId))
                .body("results[0].status", equalTo("accepted"));
        segment(key).body(Map.of("messageId", screenId, "userId", userId, "name", "Cart")).post("/v1/screen")
                .then().statusCode(200).body("results[0].status", equalTo("accepted"));
        segment(key).body(Map.of("messageId", groupId, "userId", userId, "groupId", "acme-corp",
                "traits", Map.of("name", "Acme Corp"))).post("/v1/group")
                .then().statusCode(200).body("results[0].status", equalTo("accepted"));

        String first = unique("m-b");
        String third = unique("m-b");
        segment(key).body(Map.of("batch", List.of(
                Map.of("type", "identify", "messageId", first, "userId", userId, "traits", Map.of("phone", "+34600111222")),
                Map.of("type", "track", "messageId", unique("m-b"), "userId", userId),
                Map.of("type", "track", "messageId", third, "userId", userId, "event", "Cart Viewed",
                        "timestamp", "2026-11-25T10:00:00Z")),
                "context", Map.of("library", Map.of("name", "analytics-python")))).post("/v1/batch")
                .then().statusCode(200)
                .body("success", equalTo(true))
                .body("results.status", equalTo(List.of("accepted", "rejected", "accepted")))
                .body("results[1].errors[0].field", equalTo("event"));

        // The Java library's path, with the key in the body as that library sends it.
        String imported = unique("m-import");
        given().baseUri(Suite.get().gatewayUrl()).contentType(ContentType.JSON)
                .body(Map.of("writeKey", key, "batch", List.of(Map.of("type", "track", "messageId", imported,
                        "userId", userId, "event", "Checkout Started")))).post("/v1/import/")
                .then().statusCode(200).body("results[0].status", equalTo("accepted"));

        assertThat(count("SELECT count(*) FROM touchpoint WHERE touchpoint_id = '" + pageId
                + "' AND type = 'Page Viewed' AND channel = 'web'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM touchpoint WHERE touchpoint_id = '" + screenId
                + "' AND type = 'Screen Viewed' AND channel = 'mobile_app'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM touchpoint WHERE touchpoint_id = '" + groupId
                + "' AND type = 'Group' AND attributes::jsonb ->> 'groupId' = 'acme-corp'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM touchpoint WHERE touchpoint_id IN ('" + first + "', '" + third + "', '"
                + imported + "')")).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM touchpoint WHERE touchpoint_id = '" + third
                + "' AND attributes::jsonb #>> '{context,library,name}' = 'analytics-python'")).isEqualTo(1);
    }

    @Test
    void badPayloadsAre400NamingTheFieldAndNothingIsStored() throws Exception {
        String orphan = unique("m");
        segment(key).body(Map.of("event", "Order Completed", "userId", "u-1")).post("/v1/track").then()
                .statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors.field", hasItem("messageId"));
        segment(key).body(Map.of("messageId", orphan, "event", "Order Completed")).post("/v1/track").then()
                .statusCode(400).body("errors.field", hasItem("userId"));
        segment(key).body(Map.of("messageId", orphan, "previousId", "a-1")).post("/v1/alias").then()
                .statusCode(400).body("errors.field", hasItem("userId"));
        segment(key).body(Map.of("batch", List.of(
                Map.of("type", "track", "messageId", orphan + "-0", "userId", "u", "timestamp", "soon", "event", "X"),
                Map.of("type", "track", "userId", "u", "event", "X"),
                Map.of("type", "teleport", "messageId", orphan + "-2")))).post("/v1/batch").then()
                .statusCode(400)
                .body("errors.field", equalTo(List.of("batch[0].timestamp", "batch[1].messageId", "batch[2].type")));
        segment(key).body("{\"messageId\": ").post("/v1/track").then().statusCode(400)
                .body("title", equalTo("Malformed JSON"));
        segment(key).contentType("application/xml").body("<track/>").post("/v1/track").then().statusCode(415);
        segment(key).body(Map.of("messageId", orphan, "event", "X", "userId", "u",
                "properties", Map.of("blob", "x".repeat(40_000)))).post("/v1/track").then().statusCode(413);

        assertThat(count("SELECT count(*) FROM touchpoint WHERE touchpoint_id LIKE '" + orphan + "%'")).isZero();
    }
}
