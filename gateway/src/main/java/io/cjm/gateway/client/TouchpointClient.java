package io.cjm.gateway.client;

import io.cjm.proto.touchpoint.v1.AuthenticateWriteKeyRequest;
import io.cjm.proto.touchpoint.v1.AuthenticateWriteKeyResponse;
import io.cjm.proto.touchpoint.v1.CaptureRequest;
import io.cjm.proto.touchpoint.v1.CaptureResult;
import io.cjm.proto.touchpoint.v1.CreateWriteKeyRequest;
import io.cjm.proto.touchpoint.v1.CreateWriteKeyResponse;
import io.cjm.proto.touchpoint.v1.EraseTouchpointsRequest;
import io.cjm.proto.touchpoint.v1.GetPipelineStatsRequest;
import io.cjm.proto.touchpoint.v1.GetPipelineStatsResponse;
import io.cjm.proto.touchpoint.v1.ListProfileTouchpointsRequest;
import io.cjm.proto.touchpoint.v1.ListProfileTouchpointsResponse;
import io.cjm.proto.touchpoint.v1.ListQuarantinedRequest;
import io.cjm.proto.touchpoint.v1.ListQuarantinedResponse;
import io.cjm.proto.touchpoint.v1.ListWriteKeysRequest;
import io.cjm.proto.touchpoint.v1.ReplayQuarantinedRequest;
import io.cjm.proto.touchpoint.v1.ReplayQuarantinedResponse;
import io.cjm.proto.touchpoint.v1.RevokeWriteKeyRequest;
import io.cjm.proto.touchpoint.v1.Touchpoint;
import io.cjm.proto.touchpoint.v1.TouchpointService;
import io.cjm.proto.touchpoint.v1.WriteKey;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

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

    /** Makes a write key for the tenant; the answer carries its secret, this once. */
    public Uni<CreateWriteKeyResponse> createWriteKey(String tenantId, String name, String createdBy) {
        return Calls.bounded(stub.createWriteKey(CreateWriteKeyRequest.newBuilder().setTenantId(tenantId)
                .setName(name).setCreatedBy(createdBy).build()));
    }

    /** The tenant's write keys, newest first, revoked ones included; no secrets. */
    public Uni<List<WriteKey>> writeKeys(String tenantId) {
        return Calls.bounded(stub.listWriteKeys(ListWriteKeysRequest.newBuilder().setTenantId(tenantId).build()))
                .map(r -> r.getWriteKeysList());
    }

    /** Revokes the tenant's write key; empty when the tenant has no such key. */
    public Uni<Optional<WriteKey>> revokeWriteKey(String tenantId, String id) {
        return Calls.notFoundAsEmpty(stub.revokeWriteKey(RevokeWriteKeyRequest.newBuilder().setTenantId(tenantId)
                .setWriteKeyId(id).build())).map(r -> r.map(x -> x.getWriteKey()));
    }

    /** The tenant and key id of an active write key's secret; empty when it is no key's or revoked. */
    public Uni<Optional<AuthenticateWriteKeyResponse>> authenticateWriteKey(String secret) {
        return Calls.notFoundAsEmpty(stub.authenticateWriteKey(
                AuthenticateWriteKeyRequest.newBuilder().setSecret(secret).build()));
    }
}
