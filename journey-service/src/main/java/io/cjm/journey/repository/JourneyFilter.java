package io.cjm.journey.repository;

import java.time.Instant;
import java.util.Set;

/**
 * What a journey list is filtered by; every field is optional (null). A journey's activity
 * spans [startedAt, lastActivityAt]: {@code activeFrom} keeps the journeys with
 * {@code lastActivityAt >= activeFrom}, {@code activeTo} those with {@code startedAt < activeTo},
 * so both together keep the journeys whose activity overlaps [activeFrom, activeTo). A JES
 * bound (inclusive) leaves out journeys without a JES. {@code statuses}: the journeys with any of
 * these stored status names (null or empty: any status).
 */
public record JourneyFilter(String profileId, String type, Set<String> statuses, String stage, Instant activeFrom,
        Instant activeTo, Double minJes, Double maxJes) {

    public JourneyFilter {
        statuses = statuses == null || statuses.isEmpty() ? null : Set.copyOf(statuses);
    }

    /** No filter: every journey of the tenant. */
    public static JourneyFilter none() {
        return new JourneyFilter(null, null, null, null, null, null, null, null);
    }
}
