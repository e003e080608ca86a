package io.cjm.scoring.domain;

import java.math.BigDecimal;
import java.time.Duration;

/** Short human renderings for factor details. */
final class Texts {

    private static final long MINUTE = 60;
    private static final long HOUR = 60 * MINUTE;
    private static final long TWO_DAYS = 48 * HOUR;

    private Texts() {
    }

    static String duration(Duration duration) {
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

    static String points(double points) {
        return BigDecimal.valueOf(points).stripTrailingZeros().toPlainString() + " points";
    }
}
