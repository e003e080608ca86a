package io.cjm.touchpoint.service;

import static io.cjm.touchpoint.Touchpoints.randomTenant;
import static io.cjm.touchpoint.Touchpoints.timestamp;
import static io.cjm.touchpoint.Touchpoints.valid;
import static io.cjm.touchpoint.client.Downstream.resolved;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cjm.proto.touchpoint.v1.CaptureRequest;
import io.cjm.proto.touchpoint.v1.GetPipelineStatsRequest;
import io.cjm.proto.touchpoint.v1.GetPipelineStatsResponse;
import io.cjm.proto.touchpoint.v1.ListQuarantinedRequest;
import io.cjm.proto.touchpoint.v1.ListQuarantinedResponse;
import io.cjm.proto.touchpoint.v1.QuarantinedTouchpoint;
import io.cjm.proto.touchpoint.v1.ReplayQuarantinedRequest;
import io.cjm.proto.touchpoint.v1.ReplayQuarantinedResponse;
import io.cjm.proto.touchpoint.v1.SkipReason;
import io.cjm.proto.touchpoint.v1.SkippedTouchpoint;
import io.cjm.proto.touchpoint.v1.Touchpoint;
import io.cjm.proto.touchpoint.v1.TouchpointService;
import io.cjm.touchpoint.client.Downstream;
import io.cjm.touchpoint.service.PipelineMetrics.Outcome;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Quarantined touchpoints, listed and replayed: a touchpoint whose delivery keeps failing
 * (identity-service answers INTERNAL for a tenant without a {@link Downstream} script) is quarantined
 * after {@code cjm.relay.max-attempts}, and a replay hands it to the relay again.
 */
@QuarkusTest
class QuarantineReplayTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @GrpcClient("touchpoint")
    TouchpointService client;

    @Inject
    Downstream downstream;

    @Inject
    Deliveries deliveries;

    @Inject
    RelayConfig relay;

    private final String tenant = randomTenant();

    @Test
    void aTouchpointThatKeepsFailingIsListedWithItsReasonAndAttempts() {
        Touchpoint t = valid().setType("Case Opened").setChannel("chat")
                .setOccurredAt(timestamp(Instant.parse("2026-01-15T09:30:00Z"))).build();
        capture(tenant, t);

        assertEquals(relay.maxAttempts(), deliveries.deliverUntilQuarantined(tenant, t.getId()));

        QuarantinedTouchpoint item = single(list(tenant, 0, "").getItemsList());
        assertEquals(t.getId(), item.getId());
        assertEquals("Case Opened", item.getType());
        assertEquals("chat", item.getChannel());
        assertEquals(t.getOccurredAt(), item.getOccurredAt());
        assertTrue(item.getReason().contains("INTERNAL"), item.getReason());
        assertEquals(relay.maxAttempts(), item.getAttempts());
        assertTrue(item.getQuarantinedAt().getSeconds() > 0);
        assertEquals(List.of(), deliveries.outbox(tenant));
    }

    @Test
    void aReplayedTouchpointIsBackInTheOutboxWithNoAttemptsAndIsThenDelivered() {
        String id = quarantined(tenant);
        downstream.onResolve(tenant, r -> resolved("p-1", 1));

        ReplayQuarantinedResponse replay = replay(tenant, id);

        assertEquals(1, replay.getReplayed());
        assertEquals(List.of(id), replay.getReplayedIdsList());
        assertEquals(List.of(), replay.getSkippedList());
        assertEquals(List.of(id), deliveries.outboxFresh(tenant));
        assertEquals(List.of(), list(tenant, 0, "").getItemsList());
        GetPipelineStatsResponse stats = stats(tenant);
        assertEquals(1, stats.getPending());
        assertEquals(0, stats.getQuarantined());

        assertEquals(Outcome.DONE, deliveries.deliver(tenant, id));

        assertEquals(List.of(), deliveries.outbox(tenant));
        assertEquals(id, single(downstream.applied(tenant)).getTouchpoint().getId());
        assertEquals(0, stats(tenant).getPending());
    }

    @Test
    void aReplayedTouchpointThatFailsAgainGetsAllItsAttemptsBeforeItIsQuarantinedAgain() {
        String id = quarantined(tenant);
        replay(tenant, id);

        assertEquals(relay.maxAttempts(), deliveries.deliverUntilQuarantined(tenant, id));
        assertEquals(relay.maxAttempts(), single(list(tenant, 0, "").getItemsList()).getAttempts());
    }

    @Test
    void replayingAgainReplaysNothingAndReportsEachSkippedId() {
        String id = quarantined(tenant);
        Touchpoint healthy = valid().build();
        capture(tenant, healthy);
        replay(tenant, id);

        ReplayQuarantinedResponse again = replay(tenant, id, healthy.getId(), "tp-never-sent", id);

        assertEquals(0, again.getReplayed());
        assertEquals(List.of(skipped(id, SkipReason.SKIP_REASON_NOT_QUARANTINED),
                skipped(healthy.getId(), SkipReason.SKIP_REASON_NOT_QUARANTINED),
                skipped("tp-never-sent", SkipReason.SKIP_REASON_NOT_FOUND)), again.getSkippedList());
        assertEquals(List.of(healthy.getId(), id).stream().sorted().toList(), deliveries.outbox(tenant));
    }

    @Test
    void anotherTenantsQuarantinedTouchpointIsNeitherListedNorReplayed() {
        String other = randomTenant();
        String theirs = quarantined(other);

        assertEquals(List.of(), list(tenant, 0, "").getItemsList());
        ReplayQuarantinedResponse named = replay(tenant, theirs);
        ReplayQuarantinedResponse all = replay(tenant);

        assertEquals(List.of(skipped(theirs, SkipReason.SKIP_REASON_NOT_FOUND)), named.getSkippedList());
        assertEquals(0, all.getReplayed());
        assertEquals(theirs, single(list(other, 0, "").getItemsList()).getId());
        assertEquals(List.of(), deliveries.outbox(other));
    }

    @Test
    void aReplayWithoutIdsReplaysEveryQuarantinedTouchpointOfTheTenant() {
        String first = quarantined(tenant);
        String second = quarantined(tenant);

        ReplayQuarantinedResponse all = replay(tenant);

        assertEquals(2, all.getReplayed());
        assertEquals(List.of(first, second).stream().sorted().toList(),
                all.getReplayedIdsList().stream().sorted().toList());
        assertFalse(all.getMore());
        assertEquals(List.of(), list(tenant, 0, "").getItemsList());
        assertEquals(0, replay(tenant).getReplayed());
    }

    @Test
    void theListIsPagedNewestQuarantineFirst() {
        String oldest = quarantined(tenant);
        String middle = quarantined(tenant);
        String newest = quarantined(tenant);

        ListQuarantinedResponse first = list(tenant, 2, "");
        ListQuarantinedResponse second = list(tenant, 2, first.getNextPageToken());

        assertEquals(List.of(newest, middle), first.getItemsList().stream().map(QuarantinedTouchpoint::getId).toList());
        assertFalse(first.getNextPageToken().isEmpty());
        assertEquals(List.of(oldest), second.getItemsList().stream().map(QuarantinedTouchpoint::getId).toList());
        assertEquals("", second.getNextPageToken());
    }

    @Test
    void aBadLimitOrPageTokenIsInvalid() {
        assertInvalid(() -> list(tenant, 501, ""));
        assertInvalid(() -> list(tenant, -1, ""));
        assertInvalid(() -> list(tenant, 10, "not-a-token"));
        assertInvalid(() -> list("", 10, ""));
        assertInvalid(() -> replay(tenant, " "));
        assertInvalid(() -> replay("", "tp-1"));
    }

    /** A touchpoint of the tenant, captured and delivered until quarantined (the tenant's Resolve fails). */
    private String quarantined(String tenantId) {
        Touchpoint t = valid().build();
        capture(tenantId, t);
        deliveries.deliverUntilQuarantined(tenantId, t.getId());
        return t.getId();
    }

    private void capture(String tenantId, Touchpoint t) {
        client.capture(CaptureRequest.newBuilder().setTenantId(tenantId).addTouchpoints(t).build()).await()
                .atMost(WAIT);
    }

    private ListQuarantinedResponse list(String tenantId, int limit, String pageToken) {
        return client.listQuarantined(ListQuarantinedRequest.newBuilder().setTenantId(tenantId).setLimit(limit)
                .setPageToken(pageToken).build()).await().atMost(WAIT);
    }

    private ReplayQuarantinedResponse replay(String tenantId, String... ids) {
        return client.replayQuarantined(ReplayQuarantinedRequest.newBuilder().setTenantId(tenantId)
                .addAllTouchpointIds(List.of(ids)).build()).await().atMost(WAIT);
    }

    private GetPipelineStatsResponse stats(String tenantId) {
        return client.getPipelineStats(GetPipelineStatsRequest.newBuilder().setTenantId(tenantId).build()).await()
                .atMost(WAIT);
    }

    private static SkippedTouchpoint skipped(String id, SkipReason reason) {
        return SkippedTouchpoint.newBuilder().setId(id).setReason(reason).build();
    }

    private static void assertInvalid(Runnable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    }

    private static <T> T single(List<T> items) {
        assertEquals(1, items.size(), items.toString());
        return items.get(0);
    }
}
