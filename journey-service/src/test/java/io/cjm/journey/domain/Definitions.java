package io.cjm.journey.domain;

import java.time.Duration;
import java.util.List;

/** Test data: small journey definitions for routing rules the default catalogue does not exercise. */
final class Definitions {

    private Definitions() {
    }

    /** A one-stage map that opens on {@code entryType} and completes on {@code goalType}. */
    static JourneyDefinition simple(String key, String entryType, String goalType) {
        return new JourneyDefinition(key, key, Category.OTHER, 1, List.of(entryType),
                List.of(new Stage("started", List.of(entryType))), List.of(goalType), List.of(),
                Duration.ofDays(7), List.of("caseId"), 2, Duration.ofDays(1), 10);
    }
}
