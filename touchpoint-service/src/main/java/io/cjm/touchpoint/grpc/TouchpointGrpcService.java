package io.cjm.touchpoint.grpc;

import static io.cjm.platform.grpc.GrpcErrors.requireTenant;

import io.cjm.platform.grpc.GrpcErrors;
import io.cjm.proto.touchpoint.v1.CaptureRequest;
import io.cjm.proto.touchpoint.v1.CaptureResponse;
import io.cjm.proto.touchpoint.v1.EraseTouchpointsRequest;
import io.cjm.proto.touchpoint.v1.EraseTouchpointsResponse;
import io.cjm.proto.touchpoint.v1.GetPipelineStatsRequest;
import io.cjm.proto.touchpoint.v1.GetPipelineStatsResponse;
import io.cjm.proto.touchpoint.v1.TouchpointService;
import io.cjm.touchpoint.service.CaptureService;
import io.cjm.touchpoint.service.EraseService;
import io.cjm.touchpoint.service.PipelineStatsService;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/** The touchpoint-service's gRPC API. */
@GrpcService
public class TouchpointGrpcService implements TouchpointService {

    /** The largest batch one call may carry. */
    static final int MAX_BATCH = 500;

    private final CaptureService capture;
    private final PipelineStatsService stats;
    private final EraseService erase;

    TouchpointGrpcService(CaptureService capture, PipelineStatsService stats, EraseService erase) {
        this.capture = capture;
        this.stats = stats;
        this.erase = erase;
    }

    @Override
    public Uni<CaptureResponse> capture(CaptureRequest request) {
        requireTenant(request.getTenantId());
        if (request.getTouchpointsCount() == 0) {
            throw GrpcErrors.invalid("touchpoints", "at least one touchpoint is required");
        }
        if (request.getTouchpointsCount() > MAX_BATCH) {
            throw GrpcErrors.invalid("touchpoints", "at most " + MAX_BATCH + " touchpoints per call");
        }
        return capture.capture(request.getTenantId(), request.getTouchpointsList())
                .map(results -> CaptureResponse.newBuilder().addAllResults(results).build());
    }

    @Override
    public Uni<GetPipelineStatsResponse> getPipelineStats(GetPipelineStatsRequest request) {
        requireTenant(request.getTenantId());
        return stats.stats(request.getTenantId());
    }

    @Override
    public Uni<EraseTouchpointsResponse> eraseTouchpoints(EraseTouchpointsRequest request) {
        requireTenant(request.getTenantId());
        if (request.getTouchpointIdsCount() == 0 && request.getProfileIdsCount() == 0) {
            throw GrpcErrors.invalid("touchpoint_ids", "at least one touchpoint id or profile id is required");
        }
        return erase.erase(request.getTenantId(), request.getTouchpointIdsList(), request.getProfileIdsList())
                .map(deleted -> EraseTouchpointsResponse.newBuilder().setDeleted(deleted).build());
    }
}
