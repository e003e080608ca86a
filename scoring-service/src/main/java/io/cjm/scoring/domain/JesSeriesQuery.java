package io.cjm.scoring.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.time.DayOfWeek;

/**
 * A request for the JES series: the journeys of a tenant whose last activity is in
 * {@code [from, to)}, in UTC time buckets of one {@link Interval}, per {@link GroupBy} key.
 *
 * @param journeyType only journeys of this type; null for all
 */
public record JesSeriesQuery(String tenantId, GroupBy groupBy, Interval interval, Instant from, Instant to,
        String journeyType) {

    /** The most buckets one series may span, so that one call stays cheap. */
    public static final int MAX_BUCKETS = 1000;

    /** What a series is broken down by. */
    public enum GroupBy {
        /** The journey type. */
        TYPE,
        /** Every channel the journey touched: a journey counts once in each. */
        CHANNEL,
        /** The furthest stage reached. */
        STAGE
    }

    /** The width of a time bucket, in UTC; the name is PostgreSQL's {@code date_trunc} field. */
    public enum Interval {
        DAY("day"), WEEK("week"), MONTH("month");

        private final String field;

        Interval(String field) {
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** The start of the bucket {@code at} falls in: UTC midnight, Monday 00:00 UTC or the 1st 00:00 UTC. */
    public static Instant bucketStart(Instant at, Interval interval) {
        LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate start = switch (interval) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
        return start.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** How many buckets {@code [from, to)} touches. */
    public static long bucketCount(Instant from, Instant to, Interval interval) {
        Instant first = bucketStart(from, interval);
        Instant last = bucketStart(to.minusNanos(1), interval);
        LocalDate a = first.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate b = last.atZone(ZoneOffset.UTC).toLocalDate();
        return switch (interval) {
            case DAY -> ChronoUnit.DAYS.between(a, b) + 1;
            case WEEK -> ChronoUnit.WEEKS.between(a, b) + 1;
            case MONTH -> ChronoUnit.MONTHS.between(a, b) + 1;
        };
    }

    /** What is wrong with the request, as {@code field: message} with proto field names; empty when fine. */
    public static List<String> errors(GroupBy groupBy, Interval interval, Instant from, Instant to) {
        List<String> errors = new ArrayList<>();
        if (groupBy == null) {
            errors.add("group_by: must be TYPE, CHANNEL or STAGE");
        }
        if (interval == null) {
            errors.add("interval: must be DAY, WEEK or MONTH");
        }
        if (from == null) {
            errors.add("from: required");
        }
        if (to == null) {
            errors.add("to: required");
        }
        if (from != null && to != null) {
            if (!to.isAfter(from)) {
                errors.add("to: must be after from");
            } else if (interval != null && bucketCount(from, to, interval) > MAX_BUCKETS) {
                errors.add("to: at most " + MAX_BUCKETS + " " + interval.field() + "s after from");
            }
        }
        return errors;
    }
}
