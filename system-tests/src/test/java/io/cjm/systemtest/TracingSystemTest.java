package io.cjm.systemtest;

import static io.cjm.systemtest.Touchpoints.touchpoint;
import static io.cjm.systemtest.Touchpoints.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.cjm.systemtest.OtlpReceiver.ExportedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The services export their spans to the suite's OTLP receiver: one touchpoint is one trace
 * from the REST call through capture, the outbox relay, identity, journey and scoring, and no
 * span carries a person's identifiers.
 */
class TracingSystemTest {

    private static final Set<String> SERVICES = Set.of("gateway", "touchpoint-service", "identity-service",
            "journey-service", "scoring-service");

    private final Api api = new Api();
    private final OtlpReceiver traces = Suite.get().traces();

    @Test
    void oneTouchpointIsOneConnectedTraceAcrossAllFiveServices() {
        String email = unique("tracy") + "@example.com";
        String phone = "+1415555" + String.format("%04d", (int) (Math.random() * 10_000));
        Instant start = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        send(touchpoint("Case Opened", "email", start).identifier("email", email));
        send(touchpoint("Call Started", "phone", start.plusSeconds(600)).identifier("phone", phone));
        // Links both profiles (a merge in identity-service) and completes the journey (scored).
        Touchpoints linking = touchpoint("Case Resolved", "phone", start.plusSeconds(1200))
                .identifier("phone", phone).identifier("email", email).with("csat", 5);

        send(linking);

        ExportedSpan request = awaitSpan("the gateway's request span of " + linking.id(),
                s -> s.service().equals("gateway") && s.kind() == SpanKind.SPAN_KIND_SERVER
                        && linking.id().equals(s.attribute("cjm.touchpoint.id")));
        List<ExportedSpan> trace = Api.eventually(() -> traces.trace(request.traceId()),
                t -> services(t).equals(SERVICES) && has(t, "JesService.score") && isConnected(t),
                "one connected trace of " + linking.id() + " through all five services");

        assertThat(request.isRoot()).isTrue();
        assertThat(trace.stream().filter(ExportedSpan::isRoot)).containsExactly(request);
        ExportedSpan capture = only(trace, "CaptureService.capture");
        assertThat(capture.service()).isEqualTo("touchpoint-service");
        assertThat(capture.attribute("cjm.tenant")).isEqualTo("acme");
        assertThat(capture.attribute("cjm.touchpoint.id")).isEqualTo(linking.id());
        List<ExportedSpan> deliveries = all(trace, "OutboxRelay.deliver");
        assertThat(deliveries).isNotEmpty().allSatisfy(d -> {
            assertThat(d.parentSpanId()).isEqualTo(capture.spanId());
            assertThat(d.attribute("cjm.tenant")).isEqualTo("acme");
            assertThat(d.attribute("cjm.touchpoint.id")).isEqualTo(linking.id());
        });
        assertThat(deliveries).anySatisfy(d -> assertThat(d.attribute("cjm.delivery.outcome")).isEqualTo("done"));
        // A retried delivery resolves and applies again, in the same trace.
        assertThat(all(trace, "ResolutionService.resolve")).allSatisfy(r -> {
            assertThat(r.service()).isEqualTo("identity-service");
            assertThat(r.attribute("cjm.touchpoint.id")).isEqualTo(linking.id());
        }).anySatisfy(r -> assertThat(r.attribute("cjm.identity.merged_profiles")).isEqualTo("1"));
        assertThat(all(trace, "AssemblyService.apply")).isNotEmpty().allSatisfy(a -> {
            assertThat(a.service()).isEqualTo("journey-service");
            assertThat(a.attribute("cjm.touchpoint.id")).isEqualTo(linking.id());
        });
        assertThat(all(trace, "JesService.score")).allSatisfy(j -> {
            assertThat(j.service()).isEqualTo("scoring-service");
            assertThat(j.attribute("cjm.tenant")).isEqualTo("acme");
        });
        assertNoSpanContains(identifierValues(email, phone));
    }

    @Test
    void logLinesCarryTheIdsOfTheTraceTheyWereWrittenIn() {
        String email = unique("lou") + "@example.com";
        String phone = "+1415556" + String.format("%04d", (int) (Math.random() * 10_000));
        Instant start = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        send(touchpoint("Signed Up", "web", start).identifier("email", email));
        send(touchpoint("Call Started", "phone", start.plusSeconds(60)).identifier("phone", phone));
        Touchpoints linking = touchpoint("Account Created", "web", start.plusSeconds(120))
                .identifier("email", email).identifier("phone", phone);

        send(linking);

        ExportedSpan resolve = awaitSpan("ResolutionService.resolve of " + linking.id(),
                s -> s.name().equals("ResolutionService.resolve")
                        && linking.id().equals(s.attribute("cjm.touchpoint.id")));
        // identity-service logs each merge, naming the touchpoint that caused it.
        String mergeLine = Api.eventually(() -> Suite.get().log("identity-service").lines()
                .filter(l -> l.contains("merged profiles") && l.contains(linking.id())).findFirst().orElse(""),
                l -> !l.isEmpty(), "identity-service's log line of the merge by " + linking.id());
        assertThat(mergeLine).contains("traceId=" + resolve.traceId()).contains("spanId=");
    }

    @Test
    void lookupsByIdentifierLeaveTheValueOutOfEverySpan() {
        String email = unique("lena") + "@example.com";
        send(touchpoint("Signed Up", "web", Instant.now().minusSeconds(60)).identifier("email", email));
        Predicate<ExportedSpan> lookup = s -> s.service().equals("identity-service")
                && s.name().equals("ProfileQueryService.lookup") && "acme".equals(s.attribute("cjm.tenant"));
        Predicate<ExportedSpan> request = s -> s.service().equals("gateway") && s.kind() == SpanKind.SPAN_KIND_SERVER
                && "/api/v1/profiles".equals(s.attribute("url.path"));
        long lookupsBefore = count(lookup);
        long requestsBefore = count(request);

        api.as("acme-ingest").queryParam("identifier", "email:" + email).get("/api/v1/profiles").then()
                .statusCode(200);
        api.as("acme-ingest").queryParam("identifier", "email:nobody." + email).get("/api/v1/profiles").then()
                .statusCode(404);

        Api.eventually(() -> count(lookup) - lookupsBefore, n -> n >= 2, "the two lookups' spans");
        Api.eventually(() -> count(request) - requestsBefore, n -> n >= 2, "the two requests' spans");
        assertThat(traces.spans().stream().filter(request).map(s -> s.attribute("url.query")))
                .contains("identifier=REDACTED");
        assertNoSpanContains(identifierValues(email, email));
    }

    private void send(Touchpoints t) {
        api.as("acme-ingest").body(t.json()).post("/api/v1/touchpoints").then().statusCode(202)
                .body("results[0].status", equalTo("accepted"));
        api.awaitPipelineDrained("acme-ingest");
    }

    private ExportedSpan awaitSpan(String what, Predicate<ExportedSpan> matches) {
        return Api.eventually(() -> traces.spans().stream().filter(matches).findFirst().orElse(null),
                s -> s != null, what);
    }

    private long count(Predicate<ExportedSpan> matches) {
        return traces.spans().stream().filter(matches).count();
    }

    private static Set<String> services(List<ExportedSpan> trace) {
        return trace.stream().map(ExportedSpan::service).collect(Collectors.toSet());
    }

    private static boolean has(List<ExportedSpan> trace, String name) {
        return trace.stream().anyMatch(s -> s.name().equals(name));
    }

    /** One root, and every other span's parent is in the trace. */
    private static boolean isConnected(List<ExportedSpan> trace) {
        Set<String> ids = trace.stream().map(ExportedSpan::spanId).collect(Collectors.toSet());
        return trace.stream().filter(ExportedSpan::isRoot).count() == 1
                && trace.stream().allMatch(s -> s.isRoot() || ids.contains(s.parentSpanId()));
    }

    private static List<ExportedSpan> all(List<ExportedSpan> trace, String name) {
        return trace.stream().filter(s -> s.name().equals(name)).toList();
    }

    private static ExportedSpan only(List<ExportedSpan> trace, String name) {
        List<ExportedSpan> found = all(trace, name);
        assertThat(found).as(name + " in the trace").hasSize(1);
        return found.get(0);
    }

    /** The values as sent and as identity-service normalizes them. */
    private static List<String> identifierValues(String email, String phone) {
        return List.of(email, email.toLowerCase(Locale.ROOT), phone, phone.replaceAll("[^+0-9]", ""));
    }

    /** No attribute of any span so far (nor of its events or resource) quotes one of the values. */
    private void assertNoSpanContains(List<String> values) {
        for (ExportedSpan span : traces.spans()) {
            for (String v : span.allValues()) {
                assertThat(v).as("an attribute of " + span).doesNotContain(values.toArray(String[]::new));
            }
        }
    }
}
