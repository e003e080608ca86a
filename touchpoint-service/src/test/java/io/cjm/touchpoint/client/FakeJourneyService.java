package io.cjm.touchpoint.client;

import io.cjm.proto.journey.v1.ApplyBatchRequest;
import io.cjm.proto.journey.v1.ApplyBatchResponse;
import io.cjm.proto.journey.v1.ApplyRequest;
import io.cjm.proto.journey.v1.ApplyResponse;
import io.cjm.proto.journey.v1.MutinyJourneyServiceGrpc;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/** journey-service in the tests: Apply as {@link Downstream} scripts and records it; every other RPC is UNIMPLEMENTED. */
@GrpcService
public class FakeJourneyService extends MutinyJourneyServiceGrpc.JourneyServiceImplBase {

    private final Downstream downstream;

    FakeJourneyService(Downstream downstream) {
        this.downstream = downstream;
    }

    @Override
    public Uni<ApplyResponse> apply(ApplyRequest request) {
        return downstream.apply(request);
    }

    @Override
    public Uni<ApplyBatchResponse> applyBatch(ApplyBatchRequest request) {
        return downstream.applyBatch(request);
    }
}
