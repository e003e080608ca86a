package io.cjm.journey.repository;

import java.time.Instant;

/**
 * What a journey list is filtered by; every field is optional (null). A journey's activity
 * spans [startedAt, lastActivityAt]: {@code activeFrom} keeps the journeys with
 * {@code lastActivityAt >= activeFrom}, {@code activeTo} those with {@code startedAt < activeTo},
 * so both together keep the journeys whose activity overlaps [activeFrom, activeTo). A JES
 * bound (inclusive) leaves out journeys without a JES.
 */
public record JourneyFilter(String profileId, String type, String status, String stage, Instant activeFrom,
        Instant activeTo, Double minJes, Double maxJes) {

    /** No filter: every journey of the tenant. */
    public static JourneyFilter none() {
        return new JourneyFilter(null, null, null, null, null, null, null, null);
    }
}
