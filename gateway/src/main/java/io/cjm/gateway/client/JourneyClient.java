package io.cjm.gateway.client;

import io.cjm.proto.journey.v1.GetJourneyRequest;
import io.cjm.proto.journey.v1.Journey;
import io.cjm.proto.journey.v1.JourneyService;
import io.cjm.proto.journey.v1.ListJourneysRequest;
import io.cjm.proto.journey.v1.ListJourneysResponse;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Reads journeys from journey-service. */
@ApplicationScoped
public class JourneyClient {

    private final JourneyService stub;

    JourneyClient(@GrpcClient("journey") JourneyService stub) {
        this.stub = stub;
    }

    public Uni<Optional<Journey>> get(String tenantId, String journeyId) {
        return Calls.notFoundAsEmpty(stub.getJourney(GetJourneyRequest.newBuilder().setTenantId(tenantId)
                .setJourneyId(journeyId).build()).map(r -> r.getJourney()));
    }

    public Uni<ListJourneysResponse> list(ListJourneysRequest request) {
        return Calls.bounded(stub.listJourneys(request));
    }
}
