package io.cjm.gateway.client;

import io.cjm.proto.journey.v1.JourneyService;
import io.cjm.proto.journey.v1.RescoreJourneysRequest;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Asks journey-service to score a tenant's journeys again, after their JES weights changed. */
@ApplicationScoped
public class RescoreClient {

    private final JourneyService stub;

    RescoreClient(@GrpcClient("journey") JourneyService stub) {
        this.stub = stub;
    }

    /** Marks the tenant's journeys of the type for re-scoring; answers how many. */
    public Uni<Integer> rescore(String tenantId, String journeyType) {
        return Calls.bounded(stub.rescoreJourneys(RescoreJourneysRequest.newBuilder().setTenantId(tenantId)
                .setJourneyType(journeyType).build())).map(r -> r.getMarked());
    }
}
