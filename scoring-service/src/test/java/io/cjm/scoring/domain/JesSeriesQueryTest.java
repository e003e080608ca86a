package io.cjm.scoring.domain;

import static io.cjm.scoring.domain.JesSeriesQuery.Interval.DAY;
import static io.cjm.scoring.domain.JesSeriesQuery.Interval.MONTH;
import static io.cjm.scoring.domain.JesSeriesQuery.Interval.WEEK;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JesSeriesQueryTest {

    private static Instant at(String s) {
        return Instant.parse(s);
    }

    @Test
    void bucketsStartAtUtcMidnightMondayAndTheFirstOfTheMonth() {
        assertEquals(at("2026-03-04T00:00:00Z"), JesSeriesQuery.bucketStart(at("2026-03-04T23:59:59.999Z"), DAY));
        // Sunday 8 March belongs to the ISO week of Monday 2 March; Monday 9 starts the next.
        assertEquals(at("2026-03-02T00:00:00Z"), JesSeriesQuery.bucketStart(at("2026-03-08T12:00:00Z"), WEEK));
        assertEquals(at("2026-03-09T00:00:00Z"), JesSeriesQuery.bucketStart(at("2026-03-09T00:00:00Z"), WEEK));
        // A week across a year end.
        assertEquals(at("2025-12-29T00:00:00Z"), JesSeriesQuery.bucketStart(at("2026-01-01T08:00:00Z"), WEEK));
        assertEquals(at("2026-02-01T00:00:00Z"), JesSeriesQuery.bucketStart(at("2026-02-28T23:00:00Z"), MONTH));
    }

    @Test
    void theBucketCountIncludesPartialBucketsAtBothEnds() {
        assertEquals(1, JesSeriesQuery.bucketCount(at("2026-03-02T10:00:00Z"), at("2026-03-02T11:00:00Z"), DAY));
        assertEquals(2, JesSeriesQuery.bucketCount(at("2026-03-02T10:00:00Z"), at("2026-03-03T00:00:01Z"), DAY));
        // to is exclusive: up to midnight is one day.
        assertEquals(1, JesSeriesQuery.bucketCount(at("2026-03-02T00:00:00Z"), at("2026-03-03T00:00:00Z"), DAY));
        assertEquals(2, JesSeriesQuery.bucketCount(at("2026-03-08T00:00:00Z"), at("2026-03-10T00:00:00Z"), WEEK));
        assertEquals(12, JesSeriesQuery.bucketCount(at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z"), MONTH));
    }

    @Test
    void errorsNameEachField() {
        Instant from = at("2026-01-01T00:00:00Z");
        assertEquals(List.of(), JesSeriesQuery.errors(JesSeriesQuery.GroupBy.TYPE, DAY, from,
                from.plusSeconds(86_400L * 1000)));
        assertEquals(List.of("to: at most 1000 days after from"), JesSeriesQuery.errors(JesSeriesQuery.GroupBy.TYPE,
                DAY, from, from.plusSeconds(86_400L * 1000 + 1)));
        assertEquals(List.of(), JesSeriesQuery.errors(JesSeriesQuery.GroupBy.TYPE, WEEK, from,
                from.plusSeconds(86_400L * 1000 + 1)));
        assertEquals(List.of("group_by: must be TYPE, CHANNEL or STAGE", "interval: must be DAY, WEEK or MONTH",
                "from: required", "to: required"), JesSeriesQuery.errors(null, null, null, null));
        assertEquals(List.of("to: must be after from"), JesSeriesQuery.errors(JesSeriesQuery.GroupBy.STAGE, MONTH,
                from, from));
    }
}
