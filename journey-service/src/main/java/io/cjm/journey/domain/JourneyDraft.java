package io.cjm.journey.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A journey while its profile's touchpoints are being routed, in time order. */
final class JourneyDraft {

    static final Comparator<JourneyDraft> MOST_RECENTLY_ACTIVE =
            Comparator.comparing(JourneyDraft::lastActivityAt).thenComparingInt(JourneyDraft::sequence);

    private final CompiledDefinition definition;
    private final int sequence;
    private final List<TouchpointFact> touchpoints = new ArrayList<>();
    private final Map<String, String> correlation = new TreeMap<>();
    private final Set<String> correlationPairs = new HashSet<>();
    private int furthestStage = -1;
    private Instant firstGoalAt;
    private Instant lastFailureAt;

    JourneyDraft(CompiledDefinition definition, int sequence) {
        this.definition = definition;
        this.sequence = sequence;
    }

    void add(TouchpointFact touchpoint, String type) {
        touchpoints.add(touchpoint);
        furthestStage = Math.max(furthestStage, definition.stageIndex(type));
        if (firstGoalAt == null && definition.isGoal(type)) {
            firstGoalAt = touchpoint.occurredAt();
        }
        if (definition.isFailure(type)) {
            lastFailureAt = touchpoint.occurredAt();
        }
        for (String key : definition.definition().correlationKeys()) {
            String value = touchpoint.correlation().get(key);
            if (value != null) {
                correlation.putIfAbsent(key, value);
                correlationPairs.add(pair(key, value));
            }
        }
    }

    /** Whether the touchpoint carries a value this journey already has for one of its keys. */
    boolean sharesCorrelationWith(TouchpointFact touchpoint) {
        for (String key : definition.definition().correlationKeys()) {
            String value = touchpoint.correlation().get(key);
            if (value != null && correlationPairs.contains(pair(key, value))) {
                return true;
            }
        }
        return false;
    }

    /** Not completed, and a touchpoint at this time would be within the inactivity timeout. */
    boolean isActiveAt(Instant time) {
        return firstGoalAt == null && !time.isAfter(timesOutAt());
    }

    /** When the journey ended as seen at the given time, or null when it is still open then. */
    Instant endedAsOf(Instant time) {
        if (firstGoalAt != null) {
            return firstGoalAt;
        }
        if (lastFailureAt != null) {
            return lastFailureAt;
        }
        return time.isAfter(timesOutAt()) ? timesOutAt() : null;
    }

    JourneyStatus statusAt(Instant time) {
        if (firstGoalAt != null) {
            return JourneyStatus.COMPLETED;
        }
        if (lastFailureAt != null) {
            return JourneyStatus.FAILED;
        }
        return time.isAfter(timesOutAt()) ? JourneyStatus.ABANDONED : JourneyStatus.OPEN;
    }

    CompiledDefinition definition() {
        return definition;
    }

    int sequence() {
        return sequence;
    }

    boolean isEmpty() {
        return touchpoints.isEmpty();
    }

    List<TouchpointFact> touchpoints() {
        return List.copyOf(touchpoints);
    }

    Map<String, String> correlation() {
        return correlation;
    }

    String stage() {
        return definition.stageName(furthestStage);
    }

    Instant startedAt() {
        return touchpoints.getFirst().occurredAt();
    }

    Instant lastActivityAt() {
        return touchpoints.getLast().occurredAt();
    }

    private Instant timesOutAt() {
        return lastActivityAt().plus(definition.definition().inactivityTimeout());
    }

    private static String pair(String key, String value) {
        return key + '\u0000' + value;
    }
}
