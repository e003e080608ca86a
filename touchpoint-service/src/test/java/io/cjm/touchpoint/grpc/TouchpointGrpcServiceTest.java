package io.cjm.touchpoint.grpc;

import static io.cjm.proto.touchpoint.v1.CaptureStatus.CAPTURE_STATUS_ACCEPTED;
import static io.cjm.proto.touchpoint.v1.CaptureStatus.CAPTURE_STATUS_DUPLICATE;
import static io.cjm.proto.touchpoint.v1.CaptureStatus.CAPTURE_STATUS_REJECTED;
import static io.cjm.touchpoint.Touchpoints.content;
import static io.cjm.touchpoint.Touchpoints.fields;
import static io.cjm.touchpoint.Touchpoints.randomTenant;
import static io.cjm.touchpoint.Touchpoints.valid;
import static io.cjm.touchpoint.Touchpoints.voiceMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cjm.proto.touchpoint.v1.CaptureRequest;
import io.cjm.proto.touchpoint.v1.CaptureResult;
import io.cjm.proto.touchpoint.v1.CaptureStatus;
import io.cjm.proto.touchpoint.v1.GetPipelineStatsRequest;
import io.cjm.proto.touchpoint.v1.GetPipelineStatsResponse;
import io.cjm.proto.touchpoint.v1.Touchpoint;
import io.cjm.proto.touchpoint.v1.TouchpointService;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

@QuarkusTest
class TouchpointGrpcServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @GrpcClient("touchpoint")
    TouchpointService client;

    @Inject
    Pool pool;

    private final String tenant = randomTenant();

    @Test
    void aValidBatchIsAcceptedAndCountedAsPending() {
        List<CaptureResult> results = capture(tenant, valid().setContent(content(voiceMessage().build())), valid());

        assertEquals(List.of(CAPTURE_STATUS_ACCEPTED, CAPTURE_STATUS_ACCEPTED), statuses(results));
        assertEquals(List.of(0, 1), results.stream().map(CaptureResult::getIndex).toList());
        GetPipelineStatsResponse stats = stats(tenant);
        assertEquals(2, stats.getAccepted());
        assertEquals(2, stats.getPending());
        assertEquals(0, stats.getResolved());
        assertEquals(0, stats.getQuarantined());
    }

    @Test
    void resendingABatchReportsDuplicatesAndStoresNothingNew() {
        Touchpoint first = valid().build();
        Touchpoint second = valid().build();
        capture(tenant, first.toBuilder(), second.toBuilder());
        GetPipelineStatsResponse before = stats(tenant);

        List<CaptureResult> again = capture(tenant, first.toBuilder(), second.toBuilder());

        assertEquals(List.of(CAPTURE_STATUS_DUPLICATE, CAPTURE_STATUS_DUPLICATE), statuses(again));
        assertEquals(List.of(first.getId(), second.getId()), again.stream().map(CaptureResult::getId).toList());
        GetPipelineStatsResponse after = stats(tenant);
        assertEquals(2, after.getAccepted());
        assertEquals(before.getAccepted(), after.getAccepted());
        assertEquals(before.getPending(), after.getPending());
    }

    @Test
    void aResentIdIsADuplicateEvenWhenItsContentChanged() {
        Touchpoint.Builder original = valid();
        capture(tenant, original);

        List<CaptureResult> again = capture(tenant, original.clone().setType("Order Completed"));

        assertEquals(List.of(CAPTURE_STATUS_DUPLICATE), statuses(again));
        assertEquals(1, stats(tenant).getAccepted());
    }

    @Test
    void aMixedBatchRejectsTheInvalidItemWithItsErrorsAndStoresTheValidOne() {
        Touchpoint.Builder invalid = valid().setChannel("fax").setCsat(0);

        List<CaptureResult> results = capture(tenant, valid(), invalid);

        assertEquals(List.of(CAPTURE_STATUS_ACCEPTED, CAPTURE_STATUS_REJECTED), statuses(results));
        assertEquals(List.of(), results.get(0).getErrorsList());
        assertEquals(invalid.getId(), results.get(1).getId());
        assertEquals(List.of("channel", "csat"), fields(results.get(1).getErrorsList()));
        assertEquals(1, stats(tenant).getAccepted());
    }

    @Test
    void nothingOfARejectedItemIsStoredSoItIsAcceptedOnceFixed() {
        Touchpoint.Builder invalid = valid().setChannel("fax");
        capture(tenant, valid(), invalid);

        List<CaptureResult> fixed = capture(tenant, invalid.clone().setChannel("web"));

        assertEquals(List.of(CAPTURE_STATUS_ACCEPTED), statuses(fixed));
        assertEquals(2, stats(tenant).getAccepted());
    }

    @Test
    void aBatchOfOnlyInvalidItemsStoresNothing() {
        List<CaptureResult> results = capture(tenant, valid().clearIdentifiers(), valid().setType(""));

        assertEquals(List.of(CAPTURE_STATUS_REJECTED, CAPTURE_STATUS_REJECTED), statuses(results));
        assertEquals(List.of("identifiers"), fields(results.get(0).getErrorsList()));
        assertEquals(List.of("type"), fields(results.get(1).getErrorsList()));
        assertEquals(0, stats(tenant).getAccepted());
    }

    @Test
    void theSameIdTwiceInOneBatchIsAcceptedOnceThenADuplicate() {
        Touchpoint.Builder t = valid();

        List<CaptureResult> results = capture(tenant, t, t.clone().setType("Cart Viewed"));

        assertEquals(List.of(CAPTURE_STATUS_ACCEPTED, CAPTURE_STATUS_DUPLICATE), statuses(results));
        assertEquals(1, stats(tenant).getAccepted());
    }

    @Test
    void aBatchOf500IsAccepted() {
        List<CaptureResult> results = capture(tenant, batch(500));

        assertEquals(500, results.stream().filter(r -> r.getStatus() == CAPTURE_STATUS_ACCEPTED).count());
        assertEquals(500, stats(tenant).getAccepted());
    }

    @Test
    void aBatchOf501IsInvalidAndNothingOfItIsStored() {
        CaptureRequest request = CaptureRequest.newBuilder().setTenantId(tenant).addAllTouchpoints(batch(501)).build();

        assertStatus(Status.Code.INVALID_ARGUMENT, () -> client.capture(request).await().atMost(WAIT));
        assertEquals(0, stats(tenant).getAccepted());
    }

    @Test
    void anEmptyBatchIsInvalid() {
        assertStatus(Status.Code.INVALID_ARGUMENT,
                () -> client.capture(CaptureRequest.newBuilder().setTenantId(tenant).build()).await().atMost(WAIT));
    }

    @Test
    void aRequestWithoutTenantIsInvalid() {
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> client.capture(CaptureRequest.newBuilder().setTenantId(" ")
                .addTouchpoints(valid()).build()).await().atMost(WAIT));
        assertStatus(Status.Code.INVALID_ARGUMENT,
                () -> client.getPipelineStats(GetPipelineStatsRequest.getDefaultInstance()).await().atMost(WAIT));
    }

    @Test
    void aTenantSeesOnlyItsOwnCounts() {
        capture(tenant, valid(), valid(), valid());
        String other = randomTenant();

        assertEquals(0, stats(other).getAccepted());
        assertEquals(0, stats(other).getPending());
        assertEquals(0, stats(other).getOldestPendingSeconds());

        capture(other, valid());
        assertEquals(1, stats(other).getAccepted());
        assertEquals(3, stats(tenant).getAccepted());
    }

    @Test
    void contactCenterDetailsAndAttachmentKindsAreStoredAsSent() {
        Touchpoint.Builder t = valid().setChannel("phone").setWaitSeconds(240).setHandleSeconds(610).setTransfers(2)
                .setAgentId("agent-7").setBotIntent("refund_status").setBotOutcome("escalated").setValue(49.5)
                .setCurrency("EUR").setSource("genesys")
                .setContent(content(voiceMessage().build(), voiceMessage().setMediaType("application/pdf")
                        .setKind("file").build()));

        assertEquals(List.of(CAPTURE_STATUS_ACCEPTED), statuses(capture(tenant, t)));

        Row row = pool.preparedQuery("SELECT wait_seconds, handle_seconds, transfers, agent_id, bot_intent, bot_outcome, "
                + "value, currency, source, content FROM touchpoint WHERE tenant_id = $1 AND touchpoint_id = $2")
                .execute(Tuple.of(tenant, t.getId())).await().atMost(WAIT).iterator().next();
        assertEquals(240, row.getInteger("wait_seconds"));
        assertEquals(610, row.getInteger("handle_seconds"));
        assertEquals(2, row.getInteger("transfers"));
        assertEquals("agent-7", row.getString("agent_id"));
        assertEquals("refund_status", row.getString("bot_intent"));
        assertEquals("escalated", row.getString("bot_outcome"));
        assertEquals(49.5, row.getDouble("value"));
        assertEquals("EUR", row.getString("currency"));
        assertEquals("genesys", row.getString("source"));
        // The voice message's kind comes from its media type; the PDF keeps the kind it was sent with.
        JsonObject content = new JsonObject(row.getString("content"));
        assertEquals(List.of("voice", "file"), content.getJsonArray("attachments").stream()
                .map(a -> ((JsonObject) a).getString("kind")).toList());
    }

    @Test
    void aBotOutcomeOutsideTheListIsRejectedAndNotStored() {
        List<CaptureResult> results = capture(tenant, valid().setBotOutcome("handed_over"), valid());

        assertEquals(List.of(CAPTURE_STATUS_REJECTED, CAPTURE_STATUS_ACCEPTED), statuses(results));
        assertEquals(List.of("botOutcome"), fields(results.getFirst().getErrorsList()));
        assertEquals(1, stats(tenant).getAccepted());
    }

    @Test
    void theSameIdInAnotherTenantIsAnotherTouchpoint() {
        Touchpoint.Builder t = valid();
        capture(tenant, t);

        List<CaptureResult> results = capture(randomTenant(), t);

        assertEquals(List.of(CAPTURE_STATUS_ACCEPTED), statuses(results));
    }

    private List<CaptureResult> capture(String tenantId, Touchpoint.Builder... touchpoints) {
        List<Touchpoint> batch = new ArrayList<>();
        for (Touchpoint.Builder t : touchpoints) {
            batch.add(t.build());
        }
        return capture(tenantId, batch);
    }

    private List<CaptureResult> capture(String tenantId, List<Touchpoint> batch) {
        return client.capture(CaptureRequest.newBuilder().setTenantId(tenantId).addAllTouchpoints(batch).build())
                .await().atMost(WAIT).getResultsList();
    }

    private GetPipelineStatsResponse stats(String tenantId) {
        return client.getPipelineStats(GetPipelineStatsRequest.newBuilder().setTenantId(tenantId).build())
                .await().atMost(WAIT);
    }

    private static List<Touchpoint> batch(int size) {
        List<Touchpoint> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            batch.add(valid().build());
        }
        return batch;
    }

    private static List<CaptureStatus> statuses(List<CaptureResult> results) {
        return results.stream().map(CaptureResult::getStatus).toList();
    }

    private static void assertStatus(Status.Code expected, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(expected, e.getStatus().getCode(), e::getMessage);
    }
}
