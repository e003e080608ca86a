package io.cjm.touchpoint.client;

import io.cjm.proto.identity.v1.MutinyIdentityServiceGrpc;
import io.cjm.proto.identity.v1.ResolveRequest;
import io.cjm.proto.identity.v1.ResolveResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/** identity-service in the tests: Resolve as {@link Downstream} scripts it; every other RPC is UNIMPLEMENTED. */
@GrpcService
public class FakeIdentityService extends MutinyIdentityServiceGrpc.IdentityServiceImplBase {

    private final Downstream downstream;

    FakeIdentityService(Downstream downstream) {
        this.downstream = downstream;
    }

    @Override
    public Uni<ResolveResponse> resolve(ResolveRequest request) {
        return downstream.resolve(request);
    }
}
