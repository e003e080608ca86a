package io.cjm.systemtest;

import static io.cjm.systemtest.Touchpoints.touchpoint;
import static io.cjm.systemtest.Touchpoints.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Only Keycloak tokens of the realm get in; roles decide what they may do; tenants never see each other. */
class SecuritySystemTest {

    private final Api api = new Api();

    @Test
    void noTokenGets401() {
        api.anonymous().get("/api/v1/pipeline").then().statusCode(401)
                .contentType(startsWith("application/problem+json")).header("WWW-Authenticate", "Bearer");
        api.anonymous().body(touchpoint("Case Opened", "chat", Instant.now()).json()).post("/api/v1/touchpoints")
                .then().statusCode(401);
    }

    @Test
    void aForgedTokenGets401() {
        api.anonymous().auth().oauth2("eyJhbGciOiJSUzI1NiJ9.eyJ0ZW5hbnQiOiJhY21lIn0.c2lnbmF0dXJl")
                .get("/api/v1/pipeline").then().statusCode(401);
    }

    @Test
    void aReadOnlyClientCannotSendTouchpointsButCanRead() {
        api.as("acme-reader").body(touchpoint("Case Opened", "chat", Instant.now()).identifier("email", "r@x.io")
                .json()).post("/api/v1/touchpoints").then().statusCode(403)
                .contentType(startsWith("application/problem+json"));
        api.as("acme-reader").get("/api/v1/pipeline").then().statusCode(200);
    }

    @Test
    void anotherTenantsProfileAndJourneyAnswer404() {
        String email = unique("iso") + "@example.com";
        Touchpoints t = touchpoint("Case Opened", "email", Instant.now().minusSeconds(30)).identifier("email", email);
        api.as("acme-ingest").body(t.json()).post("/api/v1/touchpoints").then().statusCode(202);
        api.awaitPipelineDrained("acme-ingest");
        String profileId = api.as("acme-ingest").queryParam("identifier", "email:" + email).get("/api/v1/profiles")
                .then().statusCode(200).extract().path("id");
        String journeyId = api.as("acme-ingest").queryParam("profileId", profileId).get("/api/v1/journeys").then()
                .statusCode(200).body("items.size()", equalTo(1)).extract().path("items[0].id");

        api.as("acme-ingest").get("/api/v1/journeys/" + journeyId).then().statusCode(200);
        api.as("globex-ingest").get("/api/v1/journeys/" + journeyId).then().statusCode(404);
        api.as("globex-ingest").get("/api/v1/profiles/" + profileId).then().statusCode(404);
        api.as("globex-ingest").queryParam("identifier", "email:" + email).get("/api/v1/profiles").then()
                .statusCode(404);
        api.as("globex-ingest").queryParam("profileId", profileId).get("/api/v1/journeys").then().statusCode(200)
                .body("items.size()", equalTo(0));
    }
}
