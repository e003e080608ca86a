package io.cjm.gateway.client;

import io.cjm.proto.scoring.v1.GetJesSeriesRequest;
import io.cjm.proto.scoring.v1.GetJesSeriesResponse;
import io.cjm.proto.scoring.v1.GetJourneyScoreRequest;
import io.cjm.proto.scoring.v1.GetWeightsRequest;
import io.cjm.proto.scoring.v1.GetWeightsResponse;
import io.cjm.proto.scoring.v1.JesWeights;
import io.cjm.proto.scoring.v1.JourneyScore;
import io.cjm.proto.scoring.v1.JourneyTypeWeights;
import io.cjm.proto.scoring.v1.ScoringService;
import io.cjm.proto.scoring.v1.UpdateWeightsRequest;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Reads JES scores with their breakdown, the JES series and the JES weights from scoring-service. */
@ApplicationScoped
public class ScoringClient {

    private final ScoringService stub;

    ScoringClient(@GrpcClient("scoring") ScoringService stub) {
        this.stub = stub;
    }

    public Uni<Optional<JourneyScore>> score(String tenantId, String journeyId) {
        return Calls.notFoundAsEmpty(stub.getJourneyScore(GetJourneyScoreRequest.newBuilder().setTenantId(tenantId)
                .setJourneyId(journeyId).build()).map(r -> r.getScore()));
    }

    public Uni<GetJesSeriesResponse> series(GetJesSeriesRequest request) {
        return Calls.bounded(stub.getJesSeries(request));
    }

    /** The defaults and every journey type the tenant set weights for. */
    public Uni<GetWeightsResponse> weights(String tenantId) {
        return Calls.bounded(stub.getWeights(GetWeightsRequest.newBuilder().setTenantId(tenantId).build()));
    }

    public Uni<JourneyTypeWeights> updateWeights(String tenantId, String journeyType, JesWeights weights) {
        return Calls.bounded(stub.updateWeights(UpdateWeightsRequest.newBuilder().setTenantId(tenantId)
                .setJourneyType(journeyType).setWeights(weights).build())).map(r -> r.getWeights());
    }
}
