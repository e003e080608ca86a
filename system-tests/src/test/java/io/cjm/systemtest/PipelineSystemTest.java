package io.cjm.systemtest;

import static io.cjm.systemtest.Touchpoints.touchpoint;
import static io.cjm.systemtest.Touchpoints.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Touchpoints sent to the gateway come out as profiles and scored journeys. */
class PipelineSystemTest {

    private final Api api = new Api();

    @Test
    void emailThenPhoneThenALinkingTouchpointEndInOneProfileAndOneScoredJourney() {
        String email = unique("ana") + "@example.com";
        String phone = "+1415555" + String.format("%04d", (int) (Math.random() * 10_000));
        Instant start = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Touchpoints byEmail = touchpoint("Case Opened", "email", start).identifier("email", email)
                .with("direction", "inbound").with("content", Map.of("text", "My router keeps dropping"));
        Touchpoints byPhone = touchpoint("Call Started", "phone", start.plus(30, ChronoUnit.MINUTES))
                .identifier("phone", phone).with("waitSeconds", 45);
        Touchpoints linking = touchpoint("Case Resolved", "phone", start.plus(50, ChronoUnit.MINUTES))
                .identifier("phone", phone).identifier("email", " " + email.toUpperCase() + " ").with("csat", 4);

        for (Touchpoints t : List.of(byEmail, byPhone, linking)) {
            api.as("acme-ingest").body(t.json()).post("/api/v1/touchpoints").then().statusCode(202)
                    .body("results[0].status", equalTo("accepted"));
            api.awaitPipelineDrained("acme-ingest");
        }

        JsonPath profile = api.as("acme-ingest").queryParam("identifier", "email:" + email)
                .get("/api/v1/profiles").then().statusCode(200).extract().jsonPath();
        String profileId = profile.getString("id");
        assertThat(profile.getList("identifiers.value")).contains(email, phone);
        api.as("acme-ingest").queryParam("identifier", "phone:" + phone).get("/api/v1/profiles").then()
                .statusCode(200).body("id", equalTo(profileId));
        List<String> mergedIds = profile.getList("mergedIds");
        assertThat(mergedIds).hasSize(1);
        api.as("acme-ingest").get("/api/v1/profiles/" + mergedIds.get(0)).then().statusCode(200)
                .body("id", equalTo(profileId)).body("merged", equalTo(true))
                .body("requestedId", equalTo(mergedIds.get(0)));

        JsonPath journeys = api.as("acme-ingest").queryParam("profileId", profileId).get("/api/v1/journeys").then()
                .statusCode(200).extract().jsonPath();
        assertThat(journeys.getList("items")).hasSize(1);
        String journeyId = journeys.getString("items[0].id");

        JsonPath journey = api.as("acme-ingest").get("/api/v1/journeys/" + journeyId).then().statusCode(200)
                .extract().jsonPath();
        assertThat(journey.getString("type")).isEqualTo("support");
        assertThat(journey.getString("status")).isEqualTo("completed");
        assertThat(journey.getString("stage")).isEqualTo("assisted");
        assertThat(journey.getList("touchpointIds")).containsExactly(byEmail.id(), byPhone.id(), linking.id());
        assertThat(journey.getList("handoffs.from")).containsExactly("email");
        double score = journey.getDouble("jes.score");
        assertThat(score).isBetween(0.0, 100.0);
        List<Float> points = journey.getList("jes.breakdown.points", Float.class);
        assertThat(points.stream().mapToDouble(Float::doubleValue).sum()).isCloseTo(score,
                org.assertj.core.data.Offset.offset(0.01));
        assertThat(journey.getList("jes.breakdown.factor")).contains("outcome", "satisfaction");
        assertThat(journey.getString("jes.modelVersion")).isNotBlank();
    }

    @Test
    void aPaymentFailureFollowedByAnOrderIsACompletedPurchaseWithFriction() {
        String cookie = unique("cookie");
        Instant start = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Touchpoints viewed = touchpoint("Product Viewed", "web", start).identifier("anonymousId", cookie);
        Touchpoints checkout = touchpoint("checkout_started", "web", start.plusSeconds(60))
                .identifier("anonymousId", cookie);
        Touchpoints failed = touchpoint("Payment Failed", "web", start.plusSeconds(120))
                .identifier("anonymousId", cookie);
        Touchpoints ordered = touchpoint("order.completed", "mobile_app", start.plusSeconds(300))
                .identifier("anonymousId", cookie).with("value", 59.9);

        api.as("acme-ingest").body(Touchpoints.batch(ordered, failed, viewed, checkout)).post("/api/v1/touchpoints")
                .then().statusCode(202);
        api.awaitPipelineDrained("acme-ingest");

        String profileId = api.as("acme-ingest").queryParam("identifier", "anonymousId:" + cookie)
                .get("/api/v1/profiles").then().statusCode(200).extract().path("id");
        JsonPath journeys = Api.eventually(() -> api.as("acme-ingest").queryParam("profileId", profileId)
                .get("/api/v1/journeys").then().statusCode(200).extract().jsonPath(),
                j -> j.getList("items").size() == 1 && j.get("items[0].jes") != null, "one scored journey");
        assertThat(journeys.getString("items[0].type")).isEqualTo("purchase");
        assertThat(journeys.getString("items[0].status")).isEqualTo("completed");
        JsonPath journey = api.as("acme-ingest").get("/api/v1/journeys/" + journeys.getString("items[0].id"))
                .then().statusCode(200).extract().jsonPath();
        assertThat(journey.getList("touchpointIds")).containsExactly(viewed.id(), checkout.id(), failed.id(),
                ordered.id());
        assertThat(journey.getList("friction.kind")).contains("failure_event");
        assertThat(journey.getList("jes.breakdown.factor")).contains("friction.failure_event");
    }

    @Test
    void thePipelineCountsEveryStep() {
        Touchpoints t = touchpoint("Signed Up", "web", Instant.now().minusSeconds(60))
                .identifier("email", unique("new") + "@example.com");
        api.as("globex-ingest").body(t.json()).post("/api/v1/touchpoints").then().statusCode(202);
        JsonPath p = api.awaitPipelineDrained("globex-ingest");
        assertThat(p.getLong("accepted")).isPositive();
        assertThat(p.getLong("resolved")).isEqualTo(p.getLong("accepted"));
        assertThat(p.getLong("assembled")).isEqualTo(p.getLong("accepted"));
        assertThat(p.getLong("oldestPendingSeconds")).isZero();
    }
}
