package io.cjm.touchpoint.grpc;

import static io.cjm.platform.grpc.GrpcErrors.requireTenant;

import io.cjm.platform.grpc.GrpcErrors;
import io.cjm.proto.touchpoint.v1.AuthenticateWriteKeyRequest;
import io.cjm.proto.touchpoint.v1.AuthenticateWriteKeyResponse;
import io.cjm.proto.touchpoint.v1.CaptureRequest;
import io.cjm.proto.touchpoint.v1.CaptureResponse;
import io.cjm.proto.touchpoint.v1.CreateWriteKeyRequest;
import io.cjm.proto.touchpoint.v1.CreateWriteKeyResponse;
import io.cjm.proto.touchpoint.v1.EraseTouchpointsRequest;
import io.cjm.proto.touchpoint.v1.EraseTouchpointsResponse;
import io.cjm.proto.touchpoint.v1.GetPipelineStatsRequest;
import io.cjm.proto.touchpoint.v1.GetPipelineStatsResponse;
import io.cjm.proto.touchpoint.v1.ListProfileTouchpointsRequest;
import io.cjm.proto.touchpoint.v1.ListProfileTouchpointsResponse;
import io.cjm.proto.touchpoint.v1.ListQuarantinedRequest;
import io.cjm.proto.touchpoint.v1.ListQuarantinedResponse;
import io.cjm.proto.touchpoint.v1.ListWriteKeysRequest;
import io.cjm.proto.touchpoint.v1.ListWriteKeysResponse;
import io.cjm.proto.touchpoint.v1.ReplayQuarantinedRequest;
import io.cjm.proto.touchpoint.v1.ReplayQuarantinedResponse;
import io.cjm.proto.touchpoint.v1.RevokeWriteKeyRequest;
import io.cjm.proto.touchpoint.v1.RevokeWriteKeyResponse;
import io.cjm.proto.touchpoint.v1.TouchpointService;
import io.cjm.touchpoint.service.CaptureService;
import io.cjm.touchpoint.service.EraseService;
import io.cjm.touchpoint.service.PipelineStatsService;
import io.cjm.touchpoint.service.ProfileTimelineService;
import io.cjm.touchpoint.service.QuarantineService;
import io.cjm.touchpoint.service.WriteKeyService;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/** The touchpoint-service's gRPC API. */
@GrpcService
public class TouchpointGrpcService implements TouchpointService {

    /** The largest batch one call may carry. */
    static final int MAX_BATCH = 500;

    /** The default and the largest page of quarantined touchpoints. */
    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 500;

    private final CaptureService capture;
    private final PipelineStatsService stats;
    private final EraseService erase;
    private final QuarantineService quarantine;
    private final ProfileTimelineService timeline;
    private final WriteKeyService writeKeys;

    TouchpointGrpcService(CaptureService capture, PipelineStatsService stats, EraseService erase,
            QuarantineService quarantine, ProfileTimelineService timeline, WriteKeyService writeKeys) {
        this.capture = capture;
        this.stats = stats;
        this.erase = erase;
        this.quarantine = quarantine;
        this.timeline = timeline;
        this.writeKeys = writeKeys;
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

    @Override
    public Uni<ListQuarantinedResponse> listQuarantined(ListQuarantinedRequest request) {
        requireTenant(request.getTenantId());
        if (request.getLimit() < 0 || request.getLimit() > MAX_PAGE) {
            throw GrpcErrors.invalid("limit", "must be between 1 and " + MAX_PAGE + " (0 for " + DEFAULT_PAGE + ")");
        }
        QuarantineService.Position after = request.getPageToken().isEmpty() ? null
                : QuarantineService.Position.decode(request.getPageToken());
        return quarantine.list(request.getTenantId(), request.getLimit() == 0 ? DEFAULT_PAGE : request.getLimit(),
                after);
    }

    @Override
    public Uni<ReplayQuarantinedResponse> replayQuarantined(ReplayQuarantinedRequest request) {
        requireTenant(request.getTenantId());
        if (request.getTouchpointIdsCount() > QuarantineService.MAX_REPLAY) {
            throw GrpcErrors.invalid("touchpoint_ids", "at most " + QuarantineService.MAX_REPLAY + " ids per call");
        }
        for (int i = 0; i < request.getTouchpointIdsCount(); i++) {
            if (request.getTouchpointIds(i).isBlank()) {
                throw GrpcErrors.invalid("touchpoint_ids[" + i + "]", "must not be blank");
            }
        }
        return quarantine.replay(request.getTenantId(), request.getTouchpointIdsList());
    }

    @Override
    public Uni<ListProfileTouchpointsResponse> listProfileTouchpoints(ListProfileTouchpointsRequest request) {
        requireTenant(request.getTenantId());
        if (request.getProfileId().isBlank()) {
            throw GrpcErrors.invalid("profile_id", "is required");
        }
        if (request.getLimit() < 0 || request.getLimit() > ProfileTimelineService.MAX_PAGE) {
            throw GrpcErrors.invalid("limit", "must be between 1 and " + ProfileTimelineService.MAX_PAGE + " (0 for "
                    + ProfileTimelineService.DEFAULT_PAGE + ")");
        }
        ProfileTimelineService.Position after = request.getPageToken().isEmpty() ? null
                : ProfileTimelineService.Position.decode(request.getPageToken());
        return timeline.page(request.getTenantId(), request.getProfileId(),
                request.getLimit() == 0 ? ProfileTimelineService.DEFAULT_PAGE : request.getLimit(), after);
    }

    @Override
    public Uni<CreateWriteKeyResponse> createWriteKey(CreateWriteKeyRequest request) {
        requireTenant(request.getTenantId());
        return writeKeys.create(request.getTenantId(), request.getName(), request.getCreatedBy());
    }

    @Override
    public Uni<ListWriteKeysResponse> listWriteKeys(ListWriteKeysRequest request) {
        requireTenant(request.getTenantId());
        return writeKeys.list(request.getTenantId())
                .map(keys -> ListWriteKeysResponse.newBuilder().addAllWriteKeys(keys).build());
    }

    @Override
    public Uni<RevokeWriteKeyResponse> revokeWriteKey(RevokeWriteKeyRequest request) {
        requireTenant(request.getTenantId());
        if (request.getWriteKeyId().isBlank()) {
            throw GrpcErrors.invalid("write_key_id", "required");
        }
        return writeKeys.revoke(request.getTenantId(), request.getWriteKeyId())
                .map(key -> RevokeWriteKeyResponse.newBuilder().setWriteKey(key).build());
    }

    /** Tenant-less by design: the secret is what names the tenant. */
    @Override
    public Uni<AuthenticateWriteKeyResponse> authenticateWriteKey(AuthenticateWriteKeyRequest request) {
        return writeKeys.authenticate(request.getSecret());
    }
}
