package io.cjm.systemtest;

import static io.cjm.systemtest.Touchpoints.touchpoint;
import static io.cjm.systemtest.Touchpoints.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/journeys} through the gateway with real tokens: the stage, activity
 * window and JES filters, cursor paging, 400 problem+json naming the query parameter, and
 * tenant isolation.
 */
class JourneyListSystemTest {

    private static final String INGEST = "acme-ingest";
    private static final String OTHER_TENANT = "globex-ingest";

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final Api api = new Api();
    private final Instant start = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    private String profileId;
    /** The customer's three journeys as the unfiltered list answers them, newest activity first. */
    private List<Map<String, Object>> all;

    /**
     * One customer with three scored journeys: a purchase at stage cart (active from minute 0
     * to 5), a support case (minute 60) and an onboarding (minute 120).
     */
    @BeforeEach
    void aCustomerWithThreeJourneys() {
        String email = unique("lee") + "@example.com";
        Touchpoints viewed = at(0, "Product Viewed", "web").identifier("email", email);
        Touchpoints added = at(5, "Product Added", "web").identifier("email", email);
        Touchpoints caseOpened = at(60, "Case Opened", "email").identifier("email", email)
                .with("direction", "inbound");
        Touchpoints signedUp = at(120, "Signed Up", "web").identifier("email", email);
        api.as(INGEST).body(Touchpoints.batch(viewed, added, caseOpened, signedUp)).post("/api/v1/touchpoints")
                .then().statusCode(202);
        api.awaitPipelineDrained(INGEST);
        profileId = api.as(INGEST).queryParam("identifier", "email:" + email).get("/api/v1/profiles").then()
                .statusCode(200).extract().path("id");
        // Scores exactly as written (BigDecimal, not Float), so a bound equal to a score is that score.
        RestAssuredConfig exactNumbers = RestAssuredConfig.config()
                .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
        JsonPath page = Api.eventually(() -> list(r -> r.config(exactNumbers)).then().statusCode(200).extract()
                .jsonPath(),
                p -> p.getList("items").size() == 3 && p.getList("items.jes.score").stream().allMatch(s -> s != null),
                "three scored journeys of " + profileId);
        all = page.getList("items");
        assertThat(all).extracting(j -> j.get("type")).containsExactly("onboarding", "support", "purchase");
    }

    @Test
    void theStageFilterKeepsJourneysAtThatStage() {
        assertThat(ids(r -> r.queryParam("stage", "cart"))).containsExactly(idOf("purchase"));
        assertThat(ids(r -> r.queryParam("stage", "cart").queryParam("status", "completed"))).isEmpty();
    }

    @Test
    void theActivityWindowKeepsJourneysWhoseActivityOverlapsIt() {
        // The purchase's last activity (minute 5) counts from `from` on; the support case starts at `to`, excluded.
        assertThat(ids(r -> r.queryParam("from", time(5)).queryParam("to", time(60))))
                .containsExactly(idOf("purchase"));
        assertThat(ids(r -> r.queryParam("from", time(6)).queryParam("to", time(61))))
                .containsExactly(idOf("support"));
        // An offset other than Z is the same instant.
        String sixtyOneWithOffset = start.plus(61, ChronoUnit.MINUTES).atOffset(ZoneOffset.ofHours(2)).toString();
        assertThat(ids(r -> r.queryParam("to", sixtyOneWithOffset))).containsExactly(idOf("support"),
                idOf("purchase"));
        assertThat(ids(r -> r.queryParam("from", time(6)))).containsExactly(idOf("onboarding"), idOf("support"));
    }

    @Test
    void theJesRangeIsInclusive() {
        BigDecimal purchase = scoreOf("purchase");
        for (BigDecimal[] range : new BigDecimal[][] { { BigDecimal.ZERO, HUNDRED }, { purchase, purchase },
                { purchase, HUNDRED }, { BigDecimal.ZERO, purchase } }) {
            List<String> expected = all.stream().filter(j -> score(j).compareTo(range[0]) >= 0
                    && score(j).compareTo(range[1]) <= 0).map(j -> (String) j.get("id")).toList();
            assertThat(expected).contains(idOf("purchase"));
            assertThat(ids(r -> r.queryParam("minJes", range[0].toPlainString())
                    .queryParam("maxJes", range[1].toPlainString())))
                    .as("JES from %s to %s", range[0], range[1]).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aCursorPagesThroughEveryJourneyOnce() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            String after = cursor;
            JsonPath page = list(r -> after == null ? r.queryParam("limit", 1)
                    : r.queryParam("limit", 1).queryParam("cursor", after)).then().statusCode(200).extract()
                    .jsonPath();
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
        } while (cursor != null && seen.size() < 10);

        assertThat(seen).containsExactlyElementsOf(all.stream().map(j -> (String) j.get("id")).toList());
    }

    @Test
    void badParametersGet400NamingThem() {
        assertBadRequest("from", r -> r.queryParam("from", "yesterday"));
        assertBadRequest("to", r -> r.queryParam("to", "2026-01-15T09:30:00"));
        assertBadRequest("to", r -> r.queryParam("from", time(10)).queryParam("to", time(5)));
        assertBadRequest("minJes", r -> r.queryParam("minJes", 101));
        assertBadRequest("maxJes", r -> r.queryParam("maxJes", "high"));
        assertBadRequest("minJes", r -> r.queryParam("minJes", 60).queryParam("maxJes", 50));
        assertBadRequest("limit", r -> r.queryParam("limit", 0));
        assertBadRequest("status", r -> r.queryParam("status", "closed"));
        // journey-service checks the cursor; the gateway names the query parameter.
        assertBadRequest("cursor", r -> r.queryParam("cursor", "not-a-cursor"));
    }

    @Test
    void anotherTenantNeverSeesTheseJourneys() {
        api.as(OTHER_TENANT).queryParam("profileId", profileId).queryParam("stage", "cart")
                .get("/api/v1/journeys").then().statusCode(200).body("items.size()", equalTo(0));
        List<String> globex = api.as(OTHER_TENANT).queryParam("from", time(0)).queryParam("to", time(121))
                .queryParam("minJes", 0).queryParam("limit", 500).get("/api/v1/journeys").then().statusCode(200)
                .extract().path("items.id");
        assertThat(globex).doesNotContainAnyElementsOf(all.stream().map(j -> (String) j.get("id")).toList());
        api.anonymous().queryParam("stage", "cart").get("/api/v1/journeys").then().statusCode(401);
    }

    private Touchpoints at(int minutes, String type, String channel) {
        return touchpoint(type, channel, start.plus(minutes, ChronoUnit.MINUTES));
    }

    private String time(int minutes) {
        return start.plus(minutes, ChronoUnit.MINUTES).toString();
    }

    private io.restassured.response.Response list(UnaryOperator<RequestSpecification> query) {
        return query.apply(api.as(INGEST).queryParam("profileId", profileId)).get("/api/v1/journeys");
    }

    private List<String> ids(UnaryOperator<RequestSpecification> query) {
        return list(query).then().statusCode(200).extract().path("items.id");
    }

    private String idOf(String type) {
        return all.stream().filter(j -> type.equals(j.get("type"))).map(j -> (String) j.get("id")).findFirst()
                .orElseThrow();
    }

    private BigDecimal scoreOf(String type) {
        return all.stream().filter(j -> type.equals(j.get("type"))).map(JourneyListSystemTest::score).findFirst()
                .orElseThrow();
    }

    private static BigDecimal score(Map<String, Object> journey) {
        return (BigDecimal) ((Map<?, ?>) journey.get("jes")).get("score");
    }

    private void assertBadRequest(String parameter, UnaryOperator<RequestSpecification> query) {
        list(query).then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("errors.field", hasItem(parameter))
                .body("detail", startsWith(parameter + ": "));
    }
}
