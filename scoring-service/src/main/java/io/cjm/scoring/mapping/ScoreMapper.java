package io.cjm.scoring.mapping;

import io.cjm.platform.grpc.Timestamps;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;
import io.cjm.proto.scoring.v1.JourneyFacts;
import io.cjm.proto.scoring.v1.JourneyScore;
import io.cjm.proto.scoring.v1.ScoreFactor;
import io.cjm.scoring.domain.Factor;
import io.cjm.scoring.domain.FrictionInput;
import io.cjm.scoring.domain.JourneyInput;
import io.cjm.scoring.domain.TouchpointInput;
import io.cjm.scoring.entity.JourneyScoreEntity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Proto messages to the JES model's inputs, and stored scores back to proto. */
public final class ScoreMapper {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Factor>> FACTORS = new TypeReference<>() {
    };

    private ScoreMapper() {
    }

    public static JourneyInput toInput(JourneyFacts f) {
        List<TouchpointInput> touchpoints = f.getTouchpointsList().stream()
                .map(t -> new TouchpointInput(t.getId(), t.getChannel(), Timestamps.instant(t.getOccurredAt()),
                        t.hasSentiment() ? t.getSentiment() : null,
                        t.hasCsat() ? t.getCsat() : null,
                        t.hasNps() ? t.getNps() : null))
                .toList();
        List<FrictionInput> friction = f.getFrictionList().stream()
                .map(x -> new FrictionInput(x.getKind(), List.copyOf(x.getTouchpointIdsList())))
                .toList();
        return new JourneyInput(f.getJourneyId(), f.getType(), f.getStatus(), f.getStage(),
                Timestamps.instant(f.getStartedAt()), Timestamps.instant(f.getLastActivityAt()), touchpoints, f.getHandoffCount(), friction,
                f.getExpectedTouchpoints(), Duration.ofSeconds(f.getExpectedDurationSeconds()));
    }

    public static String breakdownJson(List<Factor> factors) {
        try {
            return JSON.writeValueAsString(factors);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JourneyScore toProto(JourneyScoreEntity e) {
        List<Factor> factors;
        try {
            factors = JSON.readValue(e.breakdown, FACTORS);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("Unreadable breakdown of journey " + e.journeyId, ex);
        }
        JourneyScore.Builder b = JourneyScore.newBuilder().setJourneyId(e.journeyId).setScore(e.score)
                .setModelVersion(e.modelVersion).setScoredAt(Timestamps.of(e.scoredAt));
        factors.forEach(x -> b.addBreakdown(ScoreFactor.newBuilder().setFactor(x.factor()).setPoints(x.points())
                .addAllTouchpointIds(x.touchpointIds()).setDetail(x.detail() == null ? "" : x.detail())));
        return b.build();
    }

}
