package io.cjm.gateway.client;

import io.cjm.proto.touchpoint.v1.CaptureRequest;
import io.cjm.proto.touchpoint.v1.CaptureResult;
import io.cjm.proto.touchpoint.v1.GetPipelineStatsRequest;
import io.cjm.proto.touchpoint.v1.GetPipelineStatsResponse;
import io.cjm.proto.touchpoint.v1.Touchpoint;
import io.cjm.proto.touchpoint.v1.TouchpointService;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Sends touchpoints to touchpoint-service and reads the pipeline counts. */
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
}
