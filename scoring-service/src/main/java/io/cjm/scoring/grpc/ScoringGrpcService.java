package io.cjm.scoring.grpc;

import static io.cjm.platform.grpc.GrpcErrors.requireTenant;

import io.cjm.platform.grpc.GrpcErrors;
import io.cjm.proto.scoring.v1.DeleteJourneyScoresRequest;
import io.cjm.proto.scoring.v1.DeleteJourneyScoresResponse;
import io.cjm.proto.scoring.v1.GetJourneyScoreRequest;
import io.cjm.proto.scoring.v1.GetJourneyScoreResponse;
import io.cjm.proto.scoring.v1.ScoreJourneyRequest;
import io.cjm.proto.scoring.v1.ScoreJourneyResponse;
import io.cjm.proto.scoring.v1.ScoringService;
import io.cjm.scoring.mapping.ScoreMapper;
import io.cjm.scoring.service.JesService;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/** The scoring-service's gRPC API. */
@GrpcService
public class ScoringGrpcService implements ScoringService {

    private final JesService jes;

    ScoringGrpcService(JesService jes) {
        this.jes = jes;
    }

    @Override
    public Uni<ScoreJourneyResponse> scoreJourney(ScoreJourneyRequest request) {
        requireTenant(request.getTenantId());
        if (request.getJourney().getJourneyId().isBlank()) {
            throw GrpcErrors.invalid("journey.journey_id", "required");
        }
        return jes.score(request.getTenantId(), request.getJourney().getProfileId(),
                ScoreMapper.toInput(request.getJourney()))
                .map(e -> ScoreJourneyResponse.newBuilder().setScore(ScoreMapper.toProto(e)).build());
    }

    @Override
    public Uni<GetJourneyScoreResponse> getJourneyScore(GetJourneyScoreRequest request) {
        requireTenant(request.getTenantId());
        return jes.get(request.getTenantId(), request.getJourneyId())
                .map(found -> GetJourneyScoreResponse.newBuilder().setScore(ScoreMapper.toProto(
                        found.orElseThrow(() -> GrpcErrors.notFound("score of journey", request.getJourneyId()))))
                        .build());
    }

    @Override
    public Uni<DeleteJourneyScoresResponse> deleteJourneyScores(DeleteJourneyScoresRequest request) {
        requireTenant(request.getTenantId());
        return jes.delete(request.getTenantId(), request.getJourneyIdsList())
                .map(n -> DeleteJourneyScoresResponse.newBuilder().setDeleted(n.intValue()).build());
    }
}
