package io.cjm.journey.domain;

import java.time.Duration;

/** Two consecutive touchpoints of a journey on different channels, and the time between them. */
public record Handoff(String fromChannel, String toChannel, Duration gap, String fromTouchpointId,
        String toTouchpointId) {
}
