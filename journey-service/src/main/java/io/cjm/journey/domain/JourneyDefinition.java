package io.cjm.journey.domain;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A journey map: which touchpoint types open the journey, the ordered stages it goes
 * through, what counts as success or failure, how long it may sit idle before it is
 * abandoned, which correlation keys (e.g. {@code caseId}) tie touchpoints to it, and the
 * expected effort and business value used to score and prioritise it.
 *
 * <p>Patterns are event types compared with {@link EventTypes#matches(String, List)}.
 *
 * @param businessValue relative importance of the journey, 0 to 100, used to rank which
 *     journeys to fix first
 */
public record JourneyDefinition(
        String key,
        String name,
        Category category,
        int version,
        List<String> entryPatterns,
        List<Stage> stages,
        List<String> goalPatterns,
        List<String> failurePatterns,
        Duration inactivityTimeout,
        List<String> correlationKeys,
        int expectedTouchpoints,
        Duration expectedDuration,
        double businessValue) {

    public JourneyDefinition {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(inactivityTimeout, "inactivityTimeout");
        Objects.requireNonNull(expectedDuration, "expectedDuration");
        if (key.isBlank()) {
            throw new IllegalArgumentException("a journey definition needs a key");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1: " + version);
        }
        if (inactivityTimeout.isNegative() || inactivityTimeout.isZero()) {
            throw new IllegalArgumentException("inactivityTimeout must be positive: " + inactivityTimeout);
        }
        if (expectedTouchpoints < 0 || expectedDuration.isNegative()) {
            throw new IllegalArgumentException("expected effort must not be negative");
        }
        entryPatterns = List.copyOf(entryPatterns);
        stages = List.copyOf(stages);
        goalPatterns = List.copyOf(goalPatterns);
        failurePatterns = List.copyOf(failurePatterns);
        correlationKeys = List.copyOf(correlationKeys);
    }

    /** The same definition at another version. */
    public JourneyDefinition withVersion(int newVersion) {
        return new JourneyDefinition(key, name, category, newVersion, entryPatterns, stages, goalPatterns,
                failurePatterns, inactivityTimeout, correlationKeys, expectedTouchpoints, expectedDuration,
                businessValue);
    }
}
