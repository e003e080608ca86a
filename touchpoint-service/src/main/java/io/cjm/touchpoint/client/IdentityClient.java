package io.cjm.touchpoint.client;

import io.cjm.platform.grpc.Contexts;
import io.cjm.platform.grpc.Timestamps;
import io.cjm.proto.identity.v1.IdentityService;
import io.cjm.proto.identity.v1.ResolveBatchRequest;
import io.cjm.proto.identity.v1.ResolveRequest;
import io.cjm.proto.identity.v1.ResolveResponse;
import io.cjm.touchpoint.domain.Resolution;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Wraps the identity-service stub. Failures surface to the relay, which retries with backoff. */
@ApplicationScoped
public class IdentityClient {

    /** A call that takes longer is failed, and the relay retries it later. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final IdentityService stub;

    IdentityClient(@GrpcClient("identity") IdentityService stub) {
        this.stub = stub;
    }

    /** The profile of one touchpoint, with the merges and reassignments the resolution caused. */
    public Uni<Resolution> resolve(String tenantId, String touchpointId, Map<String, String> identifiers,
            Instant occurredAt) {
        return Contexts.resumeOnCaller(stub.resolve(ResolveRequest.newBuilder().setTenantId(tenantId).setTouchpointId(touchpointId)
                .putAllIdentifiers(identifiers).setOccurredAt(Timestamps.of(occurredAt)).build())
                .ifNoItem().after(TIMEOUT).fail())
                .map(IdentityClient::resolution);
    }

    /**
     * The profiles of several touchpoints of one tenant in one call (one pass over the tenant's
     * identity graph): their resolutions in the order of {@code items}.
     */
    public Uni<List<Resolution>> resolveBatch(String tenantId, List<ResolveRequest> items) {
        return Contexts.resumeOnCaller(stub.resolveBatch(ResolveBatchRequest.newBuilder().setTenantId(tenantId)
                .addAllItems(items).build())
                .ifNoItem().after(TIMEOUT).fail())
                .map(r -> r.getResultsList().stream().map(IdentityClient::resolution).toList());
    }

    /** What identity-service needs of one touchpoint. */
    public static ResolveRequest request(String tenantId, String touchpointId, Map<String, String> identifiers,
            Instant occurredAt) {
        return ResolveRequest.newBuilder().setTenantId(tenantId).setTouchpointId(touchpointId)
                .putAllIdentifiers(identifiers).setOccurredAt(Timestamps.of(occurredAt)).build();
    }

    static Resolution resolution(ResolveResponse r) {
        return new Resolution(r.getProfileId(), r.getMergedProfileIdsList(), r.getReassignedList().stream()
                .map(a -> new Resolution.Assignment(a.getTouchpointId(), a.getProfileId())).toList(),
                r.getGraphVersion());
    }
}
