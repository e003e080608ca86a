package io.cjm.touchpoint.service;

import io.cjm.touchpoint.service.PipelineMetrics.Outcome;
import java.util.Collection;
import java.util.function.LongSupplier;

/**
 * Pauses the relay while the services behind it cannot be reached. A round in which every
 * delivery found a service unreachable pauses the next rounds, 1 s after the first such round,
 * doubling up to 30 s; a round with any other outcome ends the pause. The first round after a
 * pause is the probe: when the services are back, the backlog drains from then on, at once
 * (outage failures do not push a touchpoint's next attempt further out, see OutboxRelay).
 * <p>
 * Without it, every pending row would be tried, and fail, on its own schedule while a
 * service is down: a load on the database and the logs that grows with the backlog.
 */
final class OutageBreaker {

    static final long FIRST_PAUSE_MILLIS = 1_000;
    static final long LONGEST_PAUSE_MILLIS = 30_000;

    private final LongSupplier clockMillis;
    private int unreachableRounds;
    private long pausedUntil;

    OutageBreaker(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    /** Whether a round may start now. */
    synchronized boolean allowsRound() {
        return clockMillis.getAsLong() >= pausedUntil;
    }

    /** Milliseconds until the next round may start; 0 when not paused. */
    synchronized long pausedForMillis() {
        return Math.max(0, pausedUntil - clockMillis.getAsLong());
    }

    /** Records the outcomes of a round's deliveries (none when nothing was due). */
    synchronized void roundEnded(Collection<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        if (outcomes.stream().allMatch(o -> o == Outcome.UNAVAILABLE)) {
            unreachableRounds++;
            long pause = Math.min(LONGEST_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << Math.min(unreachableRounds - 1, 10));
            pausedUntil = clockMillis.getAsLong() + pause;
        } else {
            unreachableRounds = 0;
            pausedUntil = 0;
        }
    }
}
