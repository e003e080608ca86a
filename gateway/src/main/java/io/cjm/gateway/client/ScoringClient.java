package io.cjm.gateway.client;

import io.cjm.proto.scoring.v1.GetJourneyScoreRequest;
import io.cjm.proto.scoring.v1.JourneyScore;
import io.cjm.proto.scoring.v1.ScoringService;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Reads JES scores with their breakdown from scoring-service. */
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
}
