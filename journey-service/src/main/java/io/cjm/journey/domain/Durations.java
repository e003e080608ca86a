package io.cjm.journey.domain;

import java.time.Duration;

/** Short human renderings of durations for friction details. */
final class Durations {

    private static final long MINUTE = 60;
    private static final long HOUR = 60 * MINUTE;
    private static final long TWO_DAYS = 48 * HOUR;

    private Durations() {
    }

    static String human(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < MINUTE) {
            return seconds + " s";
        }
        if (seconds < HOUR) {
            return duration.toMinutes() + " min";
        }
        if (seconds < TWO_DAYS) {
            return duration.toHours() + " h";
        }
        return duration.toDays() + " d";
    }
}
