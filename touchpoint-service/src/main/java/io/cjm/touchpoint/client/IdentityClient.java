package io.cjm.touchpoint.client;

import io.cjm.platform.grpc.Timestamps;
import io.cjm.proto.identity.v1.IdentityService;
import io.cjm.proto.identity.v1.ResolveRequest;
import io.cjm.proto.identity.v1.ResolveResponse;
import io.cjm.touchpoint.mapping.TouchpointMapper;
import io.cjm.platform.grpc.Contexts;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.Duration;
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

    public Uni<ResolveResponse> resolve(String tenantId, String touchpointId, Map<String, String> identifiers,
            Instant occurredAt) {
        return Contexts.resumeOnCaller(stub.resolve(ResolveRequest.newBuilder().setTenantId(tenantId).setTouchpointId(touchpointId)
                .putAllIdentifiers(identifiers).setOccurredAt(Timestamps.of(occurredAt)).build())
                .ifNoItem().after(TIMEOUT).fail());
    }
}
