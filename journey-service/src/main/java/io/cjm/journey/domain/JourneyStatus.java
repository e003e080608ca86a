package io.cjm.journey.domain;

import java.util.Locale;

/**
 * Where a journey stands. {@code COMPLETED} wins over {@code FAILED} (a goal reached after a
 * failure is a success with friction), and {@code ABANDONED} only applies to a journey that
 * neither completed nor failed and saw no touchpoint for longer than its inactivity timeout.
 */
public enum JourneyStatus {
    OPEN, COMPLETED, FAILED, ABANDONED;

    /** The lower-case name used in the API and in storage, e.g. {@code "completed"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
