package io.cjm.journey.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * When a journey's touchpoints count as friction.
 *
 * @param repeatContactWindow how soon a second assisted contact (or a switch between assisted
 *     channels) counts as the customer having to reach out again
 * @param longWaitSeconds waits longer than this are a {@link FrictionKind#LONG_WAIT}
 * @param negativeSentiment sentiment at or below this (on -1..1) is a
 *     {@link FrictionKind#NEGATIVE_SENTIMENT}
 */
public record FrictionThresholds(Duration repeatContactWindow, int longWaitSeconds, double negativeSentiment) {

    public FrictionThresholds {
        Objects.requireNonNull(repeatContactWindow, "repeatContactWindow");
        if (repeatContactWindow.isNegative() || longWaitSeconds < 0) {
            throw new IllegalArgumentException("friction thresholds must not be negative");
        }
    }

    /** 48 hours between repeat contacts, waits over 180 seconds, sentiment at or below -0.3. */
    public static FrictionThresholds defaults() {
        return new FrictionThresholds(Duration.ofHours(48), 180, -0.3);
    }
}
