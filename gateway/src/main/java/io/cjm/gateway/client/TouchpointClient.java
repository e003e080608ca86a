package io.cjm.gateway.client;

import io.cjm.proto.touchpoint.v1.CaptureRequest;
import io.cjm.proto.touchpoint.v1.CaptureResult;
import io.cjm.proto.touchpoint.v1.EraseTouchpointsRequest;
import io.cjm.proto.touchpoint.v1.GetPipelineStatsRequest;
import io.cjm.proto.touchpoint.v1.GetPipelineStatsResponse;
import io.cjm.proto.touchpoint.v1.ListProfileTouchpointsRequest;
import io.cjm.proto.touchpoint.v1.ListProfileTouchpointsResponse;
import io.cjm.proto.touchpoint.v1.ListQuarantinedRequest;
import io.cjm.proto.touchpoint.v1.ListQuarantinedResponse;
import io.cjm.proto.touchpoint.v1.ReplayQuarantinedRequest;
import io.cjm.proto.touchpoint.v1.ReplayQuarantinedResponse;
import io.cjm.proto.touchpoint.v1.Touchpoint;
import io.cjm.proto.touchpoint.v1.TouchpointService;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Sends touchpoints to touchpoint-service, reads the pipeline counts, erases touchpoints, lists and replays the quarantine. */
@ApplicationScoped
public class TouchpointClient {

    private final TouchpointService stub;

    TouchpointClient(@GrpcClient("touchpoint") TouchpointService stub) {
        this.stub = stub;
    }

    public Uni<List<CaptureResult>> capture(String tenantId, List<Touchpoint> touchpoints) {
        return Calls.bounded(stub.capture(CaptureRequest.newBuilder().setTenantId(tenantId)
                .addAllTouchpoints(touchpoints).build())).map(r -> r.getResultsList());
    }

    public Uni<GetPipelineStatsResponse> pipeline(String tenantId) {
        return Calls.bounded(stub.getPipelineStats(GetPipelineStatsRequest.newBuilder().setTenantId(tenantId).build()));
    }

    /** Deletes the touchpoints (and those stored under the profile ids); idempotent. Answers how many went. */
    public Uni<Integer> erase(String tenantId, List<String> touchpointIds, List<String> profileIds) {
        return Calls.bounded(stub.eraseTouchpoints(EraseTouchpointsRequest.newBuilder().setTenantId(tenantId)
                .addAllTouchpointIds(touchpointIds).addAllProfileIds(profileIds).build())).map(r -> r.getDeleted());
    }

    /** One page of the tenant's quarantined touchpoints, newest quarantine first; cursor null for the first page. */
    public Uni<ListQuarantinedResponse> quarantined(String tenantId, int limit, String cursor) {
        return Calls.bounded(stub.listQuarantined(ListQuarantinedRequest.newBuilder().setTenantId(tenantId)
                .setLimit(limit).setPageToken(cursor == null ? "" : cursor).build()));
    }

    /** Replays the tenant's named quarantined touchpoints, or all of them (up to a bound) when none is named. */
    public Uni<ReplayQuarantinedResponse> replay(String tenantId, List<String> touchpointIds) {
        return Calls.bounded(stub.replayQuarantined(ReplayQuarantinedRequest.newBuilder().setTenantId(tenantId)
                .addAllTouchpointIds(touchpointIds).build()));
    }

    /**
     * One page of the profile's touchpoints with their content, newest first; cursor null for the
     * first page. INVALID_ARGUMENT on limit or page_token comes back as it is.
     */
    public Uni<ListProfileTouchpointsResponse> ofProfile(String tenantId, String profileId, int limit,
            String cursor) {
        return Calls.bounded(stub.listProfileTouchpoints(ListProfileTouchpointsRequest.newBuilder()
                .setTenantId(tenantId).setProfileId(profileId).setLimit(limit)
                .setPageToken(cursor == null ? "" : cursor).build()));
    }
}
