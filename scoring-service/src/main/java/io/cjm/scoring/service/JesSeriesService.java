package io.cjm.scoring.service;

import io.cjm.scoring.domain.JesSeriesQuery;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The JES series, aggregated by PostgreSQL over the latest score of each journey: a journey
 * falls in the bucket of its last activity ({@code series_at}), so a series shows how the
 * journeys that were active in each period have been scored, and a journey that goes on
 * moves to its newer period when it is scored again. By channel, a journey counts once in
 * every channel it touched.
 */
@ApplicationScoped
public class JesSeriesService {

    /**
     * One bucket of the series.
     *
     * @param start the bucket's start (inclusive)
     * @param group the journey type, channel or stage ("" for a journey without a stage)
     */
    public record Bucket(Instant start, String group, int journeys, double average, double min, double max,
            double p50, double p90, int open, int completed, int failedOrAbandoned) {
    }

    private final Pool pool;

    JesSeriesService(Pool pool) {
        this.pool = pool;
    }

    @WithSpan
    public Uni<List<Bucket>> series(JesSeriesQuery q) {
        String group = switch (q.groupBy()) {
            case TYPE -> "s.journey_type";
            case CHANNEL -> "ch.channel";
            case STAGE -> "coalesce(s.stage, '')";
        };
        String from = q.groupBy() == JesSeriesQuery.GroupBy.CHANNEL
                ? "journey_score s CROSS JOIN LATERAL unnest(s.channels) AS ch(channel)"
                : "journey_score s";
        // The interval is one of three constants (an enum), never caller text.
        String sql = "SELECT date_trunc('" + q.interval().field() + "', s.series_at, 'UTC') AS bucket, " + group
                + " AS grp, count(*)::int, round(avg(s.score)::numeric, 1)::float8, min(s.score), max(s.score), "
                + "round(percentile_cont(0.5) WITHIN GROUP (ORDER BY s.score)::numeric, 1)::float8, "
                + "round(percentile_cont(0.9) WITHIN GROUP (ORDER BY s.score)::numeric, 1)::float8, "
                + "(count(*) FILTER (WHERE s.status = 'open'))::int, "
                + "(count(*) FILTER (WHERE s.status = 'completed'))::int, "
                + "(count(*) FILTER (WHERE s.status IN ('failed', 'abandoned')))::int "
                + "FROM " + from + " WHERE s.tenant_id = $1 AND s.series_at >= $2 AND s.series_at < $3 "
                + "AND ($4::text IS NULL OR s.journey_type = $4) GROUP BY 1, 2 ORDER BY 1, 2";
        Tuple args = Tuple.tuple().addString(q.tenantId()).addOffsetDateTime(utc(q.from()))
                .addOffsetDateTime(utc(q.to())).addString(q.journeyType());
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            List<Bucket> buckets = new ArrayList<>();
            rows.forEach(r -> buckets.add(new Bucket(r.getOffsetDateTime(0).toInstant(), r.getString(1),
                    r.getInteger(2), r.getDouble(3), r.getDouble(4), r.getDouble(5), r.getDouble(6), r.getDouble(7),
                    r.getInteger(8), r.getInteger(9), r.getInteger(10))));
            return buckets;
        });
    }

    private static OffsetDateTime utc(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
