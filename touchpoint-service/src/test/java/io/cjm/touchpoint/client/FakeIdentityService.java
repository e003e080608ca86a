package io.cjm.touchpoint.client;

import io.cjm.proto.identity.v1.MutinyIdentityServiceGrpc;
import io.cjm.proto.identity.v1.ResolveBatchRequest;
import io.cjm.proto.identity.v1.ResolveBatchResponse;
import io.cjm.proto.identity.v1.ResolveRequest;
import io.cjm.proto.identity.v1.ResolveResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * identity-service in the tests: Resolve as {@link Downstream} scripts it, ResolveBatch as a
 * Resolve per item (failing whole when one fails); every other RPC is UNIMPLEMENTED.
 */
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

    @Override
    public Uni<ResolveBatchResponse> resolveBatch(ResolveBatchRequest request) {
        downstream.recordBatch(request);
        return Multi.createFrom().iterable(request.getItemsList())
                .onItem().transformToUniAndConcatenate(item -> downstream.resolve(
                        item.toBuilder().setTenantId(request.getTenantId()).build()))
                .collect().asList()
                .map(results -> ResolveBatchResponse.newBuilder().addAllResults(results).build());
    }
}
