package io.cjm.identity.grpc;

import static io.cjm.identity.grpc.Resolves.e164;
import static io.cjm.identity.grpc.Resolves.randomEmail;
import static io.cjm.identity.grpc.Resolves.randomPhone;
import static io.cjm.identity.grpc.Resolves.randomTenant;
import static io.cjm.identity.grpc.Resolves.touchpoint;
import static io.cjm.platform.testing.RecordedSpans.named;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cjm.platform.testing.RecordedSpans;
import io.cjm.platform.testing.Scrape;
import io.cjm.proto.identity.v1.IdentityService;
import io.cjm.proto.identity.v1.LookupProfileRequest;
import io.cjm.proto.identity.v1.ResolveRequest;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What identity resolution shows in its metrics and spans, and what it never shows. */
@QuarkusTest
class IdentityObservabilityTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @GrpcClient("identity")
    IdentityService client;

    @Inject
    RecordedSpans spans;

    private final String tenant = randomTenant();

    @Test
    void aMergeIsCountedOnceEvenWhenItsTouchpointIsResolvedAgain() {
        String email = randomEmail();
        String phone = randomPhone();
        resolve(touchpoint(tenant).putIdentifiers("email", email));
        resolve(touchpoint(tenant).putIdentifiers("phone", phone));
        ResolveRequest.Builder linking = touchpoint(tenant).putIdentifiers("email", email)
                .putIdentifiers("phone", phone);
        double before = merges();

        resolve(linking);
        resolve(linking);

        assertEquals(1, merges() - before);
    }

    @Test
    void identifiersThatCannotIdentifyAPersonAreCountedAsSkipped() {
        double before = scrape().valueOrZero("cjm_identity_identifiers_skipped_total", Map.of());

        resolve(touchpoint(tenant).putIdentifiers("email", "unknown").putIdentifiers("phone", "n/a"));

        assertEquals(2, scrape().valueOrZero("cjm_identity_identifiers_skipped_total", Map.of()) - before);
    }

    @Test
    void theResolveSpanNamesTenantAndTouchpointAndNoSpanCarriesAnIdentifierValue() {
        String email = randomEmail();
        String phone = randomPhone();
        ResolveRequest.Builder request = touchpoint(tenant).putIdentifiers("email", email)
                .putIdentifiers("phone", phone);
        resolve(request);
        assertThrows(StatusRuntimeException.class, () -> client.lookupProfile(LookupProfileRequest.newBuilder()
                .setTenantId(tenant).setType("email").setValue("nobody." + email).build()).await().atMost(WAIT));

        SpanData span = spans.await("ResolutionService.resolve of " + request.getTouchpointId(),
                named("ResolutionService.resolve", "cjm.touchpoint.id", request.getTouchpointId()));
        assertEquals(tenant, span.getAttributes().get(AttributeKey.stringKey("cjm.tenant")));
        spans.await("ProfileQueryService.lookup", named("ProfileQueryService.lookup", "cjm.tenant", tenant));
        List<String> values = List.of(email, email.toLowerCase(Locale.ROOT), phone, e164(phone));
        for (SpanData s : spans.all()) {
            s.getAttributes().forEach((key, value) -> values.forEach(v -> assertFalse(String.valueOf(value).contains(v),
                    s.getName() + " has " + key + " = " + value)));
            s.getEvents().forEach(e -> e.getAttributes().forEach((key, value) -> values.forEach(v -> assertFalse(
                    String.valueOf(value).contains(v), s.getName() + " event " + e.getName() + " has " + value))));
        }
    }

    private void resolve(ResolveRequest.Builder request) {
        client.resolve(request.build()).await().atMost(WAIT);
    }

    private static double merges() {
        return scrape().valueOrZero("cjm_identity_merges_total", Map.of());
    }

    private static Scrape scrape() {
        return Scrape.of(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }
}
