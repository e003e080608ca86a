package io.cjm.touchpoint.client;

import io.cjm.platform.grpc.Contexts;
import io.cjm.proto.journey.v1.ApplyBatchRequest;
import io.cjm.proto.journey.v1.ApplyBatchResponse;
import io.cjm.proto.journey.v1.ApplyBatchResult;
import io.cjm.proto.journey.v1.ApplyRequest;
import io.cjm.proto.journey.v1.ApplyResponse;
import io.cjm.proto.journey.v1.JourneyService;
import io.cjm.proto.journey.v1.JourneyTouchpoint;
import io.cjm.proto.journey.v1.ProfileAssignment;
import io.cjm.touchpoint.domain.Resolution;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/** Wraps the journey-service stub. Failures surface to the relay, which retries with backoff. */
@ApplicationScoped
public class JourneyClient {

    /** A call that takes longer is failed, and the relay retries it later. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final JourneyService stub;

    JourneyClient(@GrpcClient("journey") JourneyService stub) {
        this.stub = stub;
    }

    /**
     * Hands a resolved touchpoint to journey-service with everything its resolution changed: the
     * merged profiles, the reassigned touchpoints and the graph version they belong to.
     */
    public Uni<ApplyResponse> apply(String tenantId, Resolution resolution, JourneyTouchpoint touchpoint) {
        return Contexts.resumeOnCaller(stub.apply(request(tenantId, resolution, touchpoint))
                .ifNoItem().after(TIMEOUT).fail());
    }

    /**
     * Hands several resolved touchpoints of one tenant to journey-service in one call; answers
     * one result per item, in order: its outcome, or its own error.
     */
    public Uni<List<ApplyBatchResult>> applyBatch(String tenantId, List<ApplyRequest> items) {
        return Contexts.resumeOnCaller(stub.applyBatch(ApplyBatchRequest.newBuilder().setTenantId(tenantId)
                .addAllItems(items).build())
                .ifNoItem().after(TIMEOUT).fail())
                .map(ApplyBatchResponse::getResultsList);
    }

    public static ApplyRequest request(String tenantId, Resolution resolution, JourneyTouchpoint touchpoint) {
        return ApplyRequest.newBuilder().setTenantId(tenantId).setProfileId(resolution.profileId())
                .addAllMergedProfileIds(resolution.mergedProfileIds()).setTouchpoint(touchpoint)
                .addAllReassigned(resolution.reassigned().stream().map(a -> ProfileAssignment.newBuilder()
                        .setTouchpointId(a.touchpointId()).setProfileId(a.profileId()).build()).toList())
                .setGraphVersion(resolution.graphVersion())
                .build();
    }
}
