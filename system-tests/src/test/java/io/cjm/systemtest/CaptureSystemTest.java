package io.cjm.systemtest;

import static io.cjm.systemtest.Touchpoints.touchpoint;
import static io.cjm.systemtest.Touchpoints.unique;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a client sees when it sends touchpoints: duplicates, and clear errors that store nothing. */
class CaptureSystemTest {

    private final Api api = new Api();

    @Test
    void aResentTouchpointIsADuplicate() {
        Touchpoints t = touchpoint("Case Opened", "chat", Instant.now()).identifier("email", unique("r") + "@x.io");
        api.as("acme-ingest").body(t.json()).post("/api/v1/touchpoints").then().statusCode(202)
                .body("results[0].status", equalTo("accepted")).body("results[0].id", equalTo(t.id()));
        api.as("acme-ingest").body(t.json()).post("/api/v1/touchpoints").then().statusCode(202)
                .body("results[0].status", equalTo("duplicate"));
    }

    @Test
    void aTouchpointWithoutRequiredFieldsGets400NamingEachFieldAndIsNotStored() {
        Touchpoints t = touchpoint("Case Opened", "chat", Instant.now()).without("channel").without("occurredAt");
        api.as("acme-ingest").body(t.json()).post("/api/v1/touchpoints").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400))
                .body("errors.field", containsInAnyOrder("channel", "occurredAt", "identifiers"));
        // Nothing was stored: the same id, now complete, is accepted rather than a duplicate.
        t.with("channel", "chat").with("occurredAt", Instant.now().toString()).identifier("email",
                unique("fix") + "@x.io");
        api.as("acme-ingest").body(t.json()).post("/api/v1/touchpoints").then().statusCode(202)
                .body("results[0].status", equalTo("accepted"));
    }

    @Test
    void aBatchWithOnlyInvalidItemsGets400WithIndexedFieldPaths() {
        Touchpoints noId = touchpoint("Case Opened", "chat", Instant.now()).without("id")
                .identifier("email", "a@b.io");
        Touchpoints badTime = touchpoint("Case Opened", "fax", Instant.now()).with("occurredAt", "yesterday")
                .identifier("email", "a@b.io");
        api.as("acme-ingest").body(Touchpoints.batch(noId, badTime)).post("/api/v1/touchpoints").then()
                .statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors.field", hasItem("touchpoints[0].id"))
                .body("errors.field", hasItem("touchpoints[1].occurredAt"));
    }

    @Test
    void aMixedBatchAcceptsTheValidItemAndRejectsTheOther() {
        Touchpoints good = touchpoint("Product Viewed", "web", Instant.now()).identifier("anonymousId", unique("c"));
        Touchpoints bad = touchpoint("Product Viewed", "web", Instant.now()).identifier("anonymousId", unique("c"))
                .with("csat", 9);
        api.as("acme-ingest").body(Touchpoints.batch(good, bad)).post("/api/v1/touchpoints").then().statusCode(202)
                .body("results[0].status", equalTo("accepted"))
                .body("results[1].status", equalTo("rejected"))
                .body("results[1].errors[0].field", equalTo("csat"));
    }

    @Test
    void malformedJsonGets400ProblemJson() {
        api.as("acme-ingest").body("{\"id\": \"x\", ").post("/api/v1/touchpoints").then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("title", equalTo("Malformed JSON"));
    }

    @Test
    void theTenantCannotBeSetFromTheBody() {
        Touchpoints t = touchpoint("Case Opened", "chat", Instant.now()).identifier("email", "t@x.io")
                .with("tenant", "globex");
        api.as("acme-ingest").body(t.json()).post("/api/v1/touchpoints").then().statusCode(400)
                .body("errors.field", hasItem("tenant"));
    }
}
