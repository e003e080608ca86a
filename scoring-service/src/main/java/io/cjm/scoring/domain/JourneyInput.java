package io.cjm.scoring.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A journey as the JES model sees it.
 *
 * @param type the journey definition key, e.g. {@code purchase}
 * @param status {@code open}, {@code completed}, {@code failed} or {@code abandoned}
 * @param stage the furthest stage reached, or null
 * @param startedAt first touchpoint time; when null, taken from the touchpoints
 * @param lastActivityAt last touchpoint time; when null, taken from the touchpoints
 * @param expectedTouchpoints how many touchpoints a smooth journey takes; 0 when unknown
 * @param expectedDuration how long a smooth journey takes; null or zero when unknown
 */
public record JourneyInput(
        String journeyId,
        String type,
        String status,
        String stage,
        Instant startedAt,
        Instant lastActivityAt,
        List<TouchpointInput> touchpoints,
        int handoffCount,
        List<FrictionInput> friction,
        int expectedTouchpoints,
        Duration expectedDuration) {

    public JourneyInput {
        Objects.requireNonNull(status, "status");
        touchpoints = touchpoints == null ? List.of() : List.copyOf(touchpoints);
        friction = friction == null ? List.of() : List.copyOf(friction);
        if (handoffCount < 0 || expectedTouchpoints < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }
}
