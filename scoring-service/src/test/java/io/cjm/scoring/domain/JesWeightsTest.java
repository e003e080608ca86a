package io.cjm.scoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JesWeightsTest {

    @Test
    void defaultsChargeRepeatContactsAndTransfersMoreThanOtherFriction() {
        JesWeights defaults = JesWeights.defaults();

        assertEquals(4, defaults.frictionPenalty("repeat_contact"));
        assertEquals(4, defaults.frictionPenalty("transfer"));
        assertEquals(3, defaults.frictionPenalty("long_wait"));
        assertEquals(3, defaults.frictionPenalty("a_tenant_defined_kind"));
    }

    @Test
    void defaultsRankOutcomesCompletedOverOpenOverAbandonedOverFailed() {
        JesWeights defaults = JesWeights.defaults();

        assertEquals(true, defaults.completedPoints() > defaults.openPoints());
        assertEquals(true, defaults.openPoints() > defaults.abandonedPoints());
        assertEquals(true, defaults.abandonedPoints() > defaults.failedPoints());
    }

    @Test
    void penaltiesMustBeGivenAsPositiveMagnitudes() {
        assertThrows(IllegalArgumentException.class, () -> new JesWeights(60, 25, -35, -25, 0, -3, 15, 5, 10, 4, 12,
                5, Map.of(), 30, 3, 5, 7, 2, 15, 10));
        assertThrows(IllegalArgumentException.class, () -> new JesWeights(60, 25, -35, -25, 0, 3, 15, 5, 10, 4, 12,
                5, Map.of("transfer", -6.0), 30, 3, 5, 7, 2, 15, 10));
        assertThrows(IllegalArgumentException.class, () -> new JesWeights(Double.NaN, 25, -35, -25, 0, 3, 15, 5, 10,
                4, 12, 5, Map.of(), 30, 3, 5, 7, 2, 15, 10));
    }
}
