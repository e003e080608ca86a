package io.cjm.scoring.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cjm.proto.scoring.v1.JesWeights;
import io.cjm.scoring.domain.WeightsRevision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightsMapperTest {

    @Test
    void nothingSetIsTheDefaults() {
        WeightsMapper.Parsed parsed = WeightsMapper.fromProto(JesWeights.getDefaultInstance());
        assertEquals(List.of(), parsed.errors());
        assertEquals(io.cjm.scoring.domain.JesWeights.defaults(), parsed.weights());
    }

    @Test
    void theDefaultsGoBackAndForth() {
        io.cjm.scoring.domain.JesWeights d = io.cjm.scoring.domain.JesWeights.defaults();
        assertEquals(d, WeightsMapper.fromProto(WeightsMapper.toProto(d)).weights());
    }

    @Test
    void setWeightsReplaceTheirDefaultOnly() {
        WeightsMapper.Parsed parsed = WeightsMapper.fromProto(JesWeights.newBuilder().setBase(0)
                .setOpenPoints(-5).putFrictionKindPenalties("long_wait", 7).build());
        assertEquals(0, parsed.weights().base());
        assertEquals(-5, parsed.weights().openPoints());
        assertEquals(15, parsed.weights().completedPoints());
        // A map that is sent replaces the default map as a whole.
        assertEquals(Map.of("long_wait", 7.0), parsed.weights().frictionKindPenalties());
        assertEquals(7, parsed.weights().frictionPenalty("long_wait"));
        assertEquals(3, parsed.weights().frictionPenalty("transfer"));
    }

    @Test
    void everyBadFieldIsNamedWithItsRange() {
        WeightsMapper.Parsed parsed = WeightsMapper.fromProto(JesWeights.newBuilder().setBase(101)
                .setFailedPoints(-100.5).setHandoffCap(-1).setNpsNeutral(11).setSentimentScale(Double.POSITIVE_INFINITY)
                .putFrictionKindPenalties("x y", 1).build());
        assertNull(parsed.weights());
        assertEquals(List.of("weights.base: must be between 0 and 100",
                "weights.failed_points: must be between -100 and 100",
                "weights.handoff_cap: must be between 0 and 100",
                "weights.friction_kind_penalties[x y]: a friction kind is 1 to 64 lower case letters, digits, '_' or '-'",
                "weights.nps_neutral: must be between 0 and 10",
                "weights.sentiment_scale: must be a finite number"), parsed.errors());
    }

    @Test
    void journeyTypesLookLikeDefinitionKeys() {
        assertNull(WeightsMapper.journeyTypeError("plan_change"));
        assertNull(WeightsMapper.journeyTypeError("b2b-onboarding2"));
        assertEquals("required", WeightsMapper.journeyTypeError(""));
        assertEquals("must be 1 to 64 lower case letters, digits, '_' or '-'",
                WeightsMapper.journeyTypeError("Support"));
        assertEquals("must be 1 to 64 lower case letters, digits, '_' or '-'",
                WeightsMapper.journeyTypeError("a".repeat(65)));
    }

    @Test
    void theModelVersionNamesTheJourneyTypeAndRevision() {
        assertEquals("jes-1.1", WeightsRevision.defaults("support").modelVersion());
        assertEquals("jes-1.1+support.w3", new WeightsRevision("support", 3,
                io.cjm.scoring.domain.JesWeights.defaults(), java.time.Instant.EPOCH).modelVersion());
    }
}
