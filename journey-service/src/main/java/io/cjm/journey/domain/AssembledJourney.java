package io.cjm.journey.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A journey as assembled from a profile's touchpoints.
 *
 * @param id stable id derived from tenant, definition key and first touchpoint id
 * @param stage the furthest stage reached, or null before any stage touchpoint
 * @param endedAt null while open; the first goal touchpoint's time when completed, the
 *     latest failure touchpoint's time when failed, last activity plus the inactivity
 *     timeout when abandoned
 * @param touchpointIds in journey order (occurred time, then id)
 * @param correlation the first value seen for each of the definition's correlation keys
 */
public record AssembledJourney(
        String id,
        String definitionKey,
        Category category,
        int definitionVersion,
        JourneyStatus status,
        String stage,
        Instant startedAt,
        Instant lastActivityAt,
        Instant endedAt,
        List<String> touchpointIds,
        List<Handoff> handoffs,
        List<Friction> friction,
        Map<String, String> correlation) {

    public AssembledJourney {
        touchpointIds = List.copyOf(touchpointIds);
        handoffs = List.copyOf(handoffs);
        friction = List.copyOf(friction);
        correlation = Collections.unmodifiableMap(new TreeMap<>(correlation));
    }
}
