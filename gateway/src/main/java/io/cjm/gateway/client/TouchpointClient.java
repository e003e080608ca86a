package io.cjm.gateway.client;

import io.cjm.proto.touchpoint.v1.CaptureRequest;
import io.cjm.proto.touchpoint.v1.CaptureResult;
import io.cjm.proto.touchpoint.v1.EraseTouchpointsRequest;
import io.cjm.proto.touchpoint.v1.GetPipelineStatsRequest;
import io.cjm.proto.touchpoint.v1.GetPipelineStatsResponse;
import io.cjm.proto.touchpoint.v1.Touchpoint;
import io.cjm.proto.touchpoint.v1.TouchpointService;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Sends touchpoints to touchpoint-service, reads the pipeline counts, and erases touchpoints. */
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
}
