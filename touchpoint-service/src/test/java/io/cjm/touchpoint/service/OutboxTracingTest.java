package io.cjm.touchpoint.service;

import static io.cjm.platform.testing.RecordedSpans.named;
import static io.cjm.touchpoint.Touchpoints.randomTenant;
import static io.cjm.touchpoint.Touchpoints.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.cjm.platform.grpc.Contexts;
import io.cjm.proto.touchpoint.v1.CaptureRequest;
import io.cjm.proto.touchpoint.v1.Touchpoint;
import io.cjm.proto.touchpoint.v1.TouchpointService;
import io.cjm.platform.testing.RecordedSpans;
import io.cjm.touchpoint.repository.OutboxRepository;
import io.cjm.touchpoint.repository.OutboxRepository.Leased;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One trace runs from a capture, through its outbox row, into the relay's delivery. */
@QuarkusTest
class OutboxTracingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @GrpcClient("touchpoint")
    TouchpointService client;

    @Inject
    RecordedSpans spans;

    @Inject
    OutboxRelay relay;

    @Inject
    PipelineMetrics metrics;

    @Inject
    OutboxRepository outbox;

    @Inject
    AgroalDataSource database;

    @Inject
    Vertx vertx;

    private final String tenant = randomTenant();

    @Test
    void theOutboxRowKeepsTheTraceContextOfItsCapture() {
        Touchpoint t = capture();

        SpanData captureSpan = spans.await("CaptureService.capture of " + t.getId(),
                named("CaptureService.capture", "cjm.touchpoint.id", t.getId()));
        Leased row = outboxRow();

        assertEquals("00-" + captureSpan.getTraceId() + "-" + captureSpan.getSpanId() + "-01", row.traceparent());
        assertEquals(tenant, captureSpan.getAttributes().get(AttributeKey.stringKey("cjm.tenant")));
        assertEquals(1L, captureSpan.getAttributes().get(AttributeKey.longKey("cjm.touchpoint.accepted")));
    }

    @Test
    void aDeliveryContinuesTheTraceOfTheCaptureAndItsCallsAreItsChildren() {
        Touchpoint t = capture();
        SpanData captureSpan = spans.await("CaptureService.capture of " + t.getId(),
                named("CaptureService.capture", "cjm.touchpoint.id", t.getId()));

        // In tests every gRPC client points at this service, which has no Resolve: the attempt fails.
        Contexts.onNewContext(vertx, () -> relay.traced(outboxRow(), null)).await().atMost(WAIT);

        SpanData delivery = spans.await("OutboxRelay.deliver of " + t.getId(),
                named("OutboxRelay.deliver", "cjm.touchpoint.id", t.getId()));
        assertEquals(captureSpan.getTraceId(), delivery.getTraceId());
        assertEquals(captureSpan.getSpanId(), delivery.getParentSpanId());
        assertEquals(SpanKind.CONSUMER, delivery.getKind());
        assertEquals(tenant, delivery.getAttributes().get(AttributeKey.stringKey("cjm.tenant")));
        assertEquals(1L, delivery.getAttributes().get(AttributeKey.longKey("cjm.delivery.attempt")));
        assertEquals("retry", delivery.getAttributes().get(AttributeKey.stringKey("cjm.delivery.outcome")));
        assertEquals(StatusCode.ERROR, delivery.getStatus().getStatusCode());
        SpanData resolveCall = spans.await("the Resolve call of that delivery",
                s -> s.getKind() == SpanKind.CLIENT && s.getParentSpanId().equals(delivery.getSpanId())
                        && s.getName().contains("Resolve"));
        assertEquals(delivery.getTraceId(), resolveCall.getTraceId());
    }

    @Test
    void pollingTheOutboxLeavesNoTraces() {
        Contexts.onNewContext(vertx, () -> Panache.withTransaction(() -> outbox.lease(0, 60))).await().atMost(WAIT);
        Contexts.onNewContext(vertx, metrics::read).await().atMost(WAIT);

        // A relay round's lease and a gauge read query the database outside any operation:
        // those queries are not sampled, so no span of them ever ends.
        assertTrue(spans.all().stream().noneMatch(s -> s.getKind() == SpanKind.CLIENT
                && !s.getParentSpanContext().isValid()
                && s.getAttributes().asMap().keySet().stream().anyMatch(k -> k.getKey().startsWith("db."))),
                () -> "root query spans among " + spans.all());
    }

    @Test
    void noSpanCarriesTheTouchpointsIdentifierValues() {
        Touchpoint t = capture();
        spans.await("CaptureService.capture of " + t.getId(),
                named("CaptureService.capture", "cjm.touchpoint.id", t.getId()));
        String email = t.getIdentifiersMap().get("email");

        for (SpanData span : spans.all()) {
            span.getAttributes().forEach((key, value) -> assertFalse(String.valueOf(value).contains(email),
                    span.getName() + " has " + key + " = " + value));
        }
        assertTrue(email.contains("@"));
    }

    private Touchpoint capture() {
        Touchpoint t = valid().build();
        client.capture(CaptureRequest.newBuilder().setTenantId(tenant).addTouchpoints(t).build())
                .await().atMost(WAIT);
        return t;
    }

    private Leased outboxRow() {
        try (Connection c = database.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT uid, tenant_id, touchpoint_id, attempts, traceparent FROM outbox"
                                + " WHERE tenant_id = ?")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "an outbox row of tenant " + tenant);
                return new Leased(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
