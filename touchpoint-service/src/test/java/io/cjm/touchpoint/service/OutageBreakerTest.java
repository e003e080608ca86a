package io.cjm.touchpoint.service;

import static io.cjm.touchpoint.service.PipelineMetrics.Outcome.DONE;
import static io.cjm.touchpoint.service.PipelineMetrics.Outcome.RETRY;
import static io.cjm.touchpoint.service.PipelineMetrics.Outcome.UNAVAILABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OutageBreakerTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final OutageBreaker breaker = new OutageBreaker(now::get);

    @Test
    void roundsRunWhileDeliveriesGetThrough() {
        breaker.roundEnded(List.of(DONE, RETRY, UNAVAILABLE));

        assertTrue(breaker.allowsRound());
        assertEquals(0, breaker.pausedForMillis());
    }

    @Test
    void aRoundThatReachedNothingPausesOneSecondThenDoublingUpToThirtySeconds() {
        long[] expected = {1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000};
        for (long pause : expected) {
            breaker.roundEnded(List.of(UNAVAILABLE, UNAVAILABLE));
            assertEquals(pause, breaker.pausedForMillis());
            assertFalse(breaker.allowsRound());
            now.addAndGet(pause - 1);
            assertFalse(breaker.allowsRound());
            now.addAndGet(1);
            assertTrue(breaker.allowsRound(), "the probe round after " + pause + " ms");
        }
    }

    @Test
    void aProbeThatGetsThroughEndsThePauseAndTheNextOutageStartsOverAtOneSecond() {
        breaker.roundEnded(List.of(UNAVAILABLE));
        breaker.roundEnded(List.of(UNAVAILABLE));
        now.addAndGet(2_000);

        breaker.roundEnded(List.of(DONE));
        assertTrue(breaker.allowsRound());

        breaker.roundEnded(List.of(UNAVAILABLE));
        assertEquals(1_000, breaker.pausedForMillis());
    }

    @Test
    void anEmptyRoundChangesNothing() {
        breaker.roundEnded(List.of(UNAVAILABLE));
        breaker.roundEnded(List.of());

        assertEquals(1_000, breaker.pausedForMillis());
    }
}
