package io.cjm.touchpoint.grpc;

import static io.cjm.proto.touchpoint.v1.CaptureStatus.CAPTURE_STATUS_ACCEPTED;
import static io.cjm.touchpoint.Touchpoints.randomTenant;
import static io.cjm.touchpoint.Touchpoints.valid;
import static io.cjm.touchpoint.client.Downstream.resolved;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cjm.proto.touchpoint.v1.CaptureRequest;
import io.cjm.proto.touchpoint.v1.CaptureResult;
import io.cjm.proto.touchpoint.v1.EraseTouchpointsRequest;
import io.cjm.proto.touchpoint.v1.GetPipelineStatsRequest;
import io.cjm.proto.touchpoint.v1.GetPipelineStatsResponse;
import io.cjm.proto.touchpoint.v1.Touchpoint;
import io.cjm.proto.touchpoint.v1.TouchpointService;
import io.cjm.touchpoint.client.Downstream;
import io.cjm.touchpoint.service.Deliveries;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * EraseTouchpoints. Touchpoints get a profile through the relay, against a scripted
 * identity-service; journey-service is down, so their outbox rows stay.
 */
@QuarkusTest
class EraseTouchpointsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @GrpcClient("touchpoint")
    TouchpointService client;

    @Inject
    Downstream downstream;

    @Inject
    Deliveries deliveries;

    private final String tenant = randomTenant();
    private final String other = randomTenant();

    @Test
    void touchpointsNamedByIdOrByProfileAreDeletedWithTheirOutboxRowsInThatTenantOnly() {
        String byId = capture(tenant);
        String byProfile = resolvedTo(tenant, "p-erased");
        String kept = resolvedTo(tenant, "p-kept");
        capture(other, byId);
        String othersUnderTheSameProfileId = resolvedTo(other, "p-erased");

        int deleted = erase(tenant, List.of(byId), List.of("p-erased"));

        assertEquals(2, deleted);
        assertEquals(List.of(kept), deliveries.touchpoints(tenant));
        assertEquals(List.of(kept), deliveries.outbox(tenant));
        assertEquals(sorted(byId, othersUnderTheSameProfileId), deliveries.touchpoints(other));
        assertEquals(sorted(byId, othersUnderTheSameProfileId), deliveries.outbox(other));
        assertEquals(Optional.empty(), deliveries.stored(tenant, byProfile));
    }

    @Test
    void erasingAgainDeletesNothing() {
        String touchpoint = capture(tenant);
        String underProfile = resolvedTo(tenant, "p-1");
        assertEquals(2, erase(tenant, List.of(touchpoint), List.of("p-1")));

        assertEquals(0, erase(tenant, List.of(touchpoint), List.of("p-1")));
        assertEquals(0, erase(tenant, List.of(underProfile, "tp-never-seen"), List.of()));
        assertEquals(List.of(), deliveries.touchpoints(tenant));
    }

    @Test
    void erasedTouchpointsDisappearFromThePipelineCounts() {
        String pending = capture(tenant);
        String resolved = resolvedTo(tenant, "p-1");
        capture(tenant);
        GetPipelineStatsResponse before = stats(tenant);
        assertEquals(3, before.getAccepted());
        assertEquals(1, before.getResolved());
        assertEquals(3, before.getPending());

        erase(tenant, List.of(pending, resolved), List.of());

        GetPipelineStatsResponse after = stats(tenant);
        assertEquals(1, after.getAccepted());
        assertEquals(0, after.getResolved());
        assertEquals(1, after.getPending());
    }

    @Test
    void anErasedIdSentAgainIsANewTouchpoint() {
        Touchpoint t = valid().build();
        capture(tenant, t);
        erase(tenant, List.of(t.getId()), List.of());

        CaptureResult again = capture(tenant, t);

        assertEquals(CAPTURE_STATUS_ACCEPTED, again.getStatus());
        assertEquals(List.of(t.getId()), deliveries.outbox(tenant));
    }

    @Test
    void aRequestWithoutTenantOrWithoutAnythingToEraseIsInvalid() {
        assertInvalid(EraseTouchpointsRequest.newBuilder().addTouchpointIds("tp-1"));
        assertInvalid(EraseTouchpointsRequest.newBuilder().setTenantId(tenant));
    }

    /** A new touchpoint of the tenant, resolved by the relay to the profile; it stays in the outbox. */
    private String resolvedTo(String tenantId, String profileId) {
        String id = capture(tenantId);
        downstream.onResolve(tenantId, r -> resolved(profileId, 1));
        downstream.journeyDown(tenantId);
        deliveries.deliver(tenantId, id);
        assertEquals(profileId, deliveries.stored(tenantId, id).orElseThrow().profileId());
        return id;
    }

    private String capture(String tenantId) {
        return capture(tenantId, valid().build()).getId();
    }

    private String capture(String tenantId, String touchpointId) {
        return capture(tenantId, valid(touchpointId).build()).getId();
    }

    private CaptureResult capture(String tenantId, Touchpoint t) {
        return client.capture(CaptureRequest.newBuilder().setTenantId(tenantId).addTouchpoints(t).build())
                .await().atMost(WAIT).getResults(0);
    }

    private int erase(String tenantId, List<String> touchpointIds, List<String> profileIds) {
        return client.eraseTouchpoints(EraseTouchpointsRequest.newBuilder().setTenantId(tenantId)
                .addAllTouchpointIds(touchpointIds).addAllProfileIds(profileIds).build()).await().atMost(WAIT)
                .getDeleted();
    }

    private GetPipelineStatsResponse stats(String tenantId) {
        return client.getPipelineStats(GetPipelineStatsRequest.newBuilder().setTenantId(tenantId).build())
                .await().atMost(WAIT);
    }

    private void assertInvalid(EraseTouchpointsRequest.Builder request) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> client.eraseTouchpoints(request.build()).await().atMost(WAIT));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e::getMessage);
    }

    private static List<String> sorted(String... ids) {
        return Stream.of(ids).sorted().toList();
    }
}
