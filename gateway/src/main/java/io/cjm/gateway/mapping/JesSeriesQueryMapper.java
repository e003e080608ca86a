package io.cjm.gateway.mapping;

import com.google.protobuf.Timestamp;
import io.cjm.gateway.rest.model.FieldErrorBody;
import io.cjm.gateway.rest.model.JesSeriesBody;
import io.cjm.proto.scoring.v1.GetJesSeriesRequest;
import io.cjm.proto.scoring.v1.GetJesSeriesResponse;
import io.cjm.proto.scoring.v1.JesGroupBy;
import io.cjm.proto.scoring.v1.JesInterval;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The query of {@code GET /analytics/jes} to a GetJesSeries request: every bad parameter is
 * named. groupBy is type, channel or stage (default type); interval day, week or month
 * (default day); from and to are required RFC 3339 date-times; type is optional.
 */
public final class JesSeriesQueryMapper {

    /** The query parameters as received (null when absent). */
    public record Params(String groupBy, String interval, String from, String to, String type) {
    }

    /** The request, or the errors (then the request is null). */
    public record Parsed(GetJesSeriesRequest request, List<FieldErrorBody> errors) {
    }

    private static final Map<String, JesGroupBy> GROUP_BY = Map.of("type", JesGroupBy.JES_GROUP_BY_TYPE,
            "channel", JesGroupBy.JES_GROUP_BY_CHANNEL, "stage", JesGroupBy.JES_GROUP_BY_STAGE);
    private static final Map<String, JesInterval> INTERVAL = Map.of("day", JesInterval.JES_INTERVAL_DAY,
            "week", JesInterval.JES_INTERVAL_WEEK, "month", JesInterval.JES_INTERVAL_MONTH);

    private JesSeriesQueryMapper() {
    }

    public static Parsed request(String tenantId, Params p) {
        List<FieldErrorBody> errors = new ArrayList<>();
        JesGroupBy groupBy = p.groupBy() == null ? JesGroupBy.JES_GROUP_BY_TYPE
                : GROUP_BY.get(p.groupBy().strip().toLowerCase(Locale.ROOT));
        if (groupBy == null) {
            errors.add(new FieldErrorBody("groupBy", "must be type, channel or stage"));
        }
        JesInterval interval = p.interval() == null ? JesInterval.JES_INTERVAL_DAY
                : INTERVAL.get(p.interval().strip().toLowerCase(Locale.ROOT));
        if (interval == null) {
            errors.add(new FieldErrorBody("interval", "must be day, week or month"));
        }
        OffsetDateTime from = time("from", p.from(), errors);
        OffsetDateTime to = time("to", p.to(), errors);
        if (from != null && to != null && !to.isAfter(from)) {
            errors.add(new FieldErrorBody("to", "must be after from"));
        }
        if (p.type() != null && p.type().isBlank()) {
            errors.add(new FieldErrorBody("type", "must not be blank"));
        }
        if (!errors.isEmpty()) {
            return new Parsed(null, errors);
        }
        GetJesSeriesRequest.Builder b = GetJesSeriesRequest.newBuilder().setTenantId(tenantId).setGroupBy(groupBy)
                .setInterval(interval).setFrom(timestamp(from)).setTo(timestamp(to));
        if (p.type() != null) {
            b.setJourneyType(p.type().strip());
        }
        return new Parsed(b.build(), List.of());
    }

    /** scoring-service's field as the query parameter. */
    public static String restField(String protoField) {
        return switch (protoField) {
            case "group_by" -> "groupBy";
            case "journey_type" -> "type";
            default -> protoField;
        };
    }

    public static JesSeriesBody body(GetJesSeriesRequest q, GetJesSeriesResponse r) {
        return new JesSeriesBody(q.getGroupBy().name().substring("JES_GROUP_BY_".length()).toLowerCase(Locale.ROOT),
                q.getInterval().name().substring("JES_INTERVAL_".length()).toLowerCase(Locale.ROOT),
                ApiMapper.time(q.getFrom()), ApiMapper.time(q.getTo()),
                q.getJourneyType().isEmpty() ? null : q.getJourneyType(),
                r.getBucketsList().stream().map(b -> new JesSeriesBody.Bucket(ApiMapper.time(b.getStart()),
                        b.getGroup(), b.getJourneys(), b.getAverageJes(), b.getMinJes(), b.getMaxJes(), b.getP50Jes(),
                        b.getP90Jes(), b.getOpen(), b.getCompleted(), b.getFailedOrAbandoned())).toList());
    }

    /** A required RFC 3339 date-time with an offset, in google.protobuf.Timestamp's range. */
    private static OffsetDateTime time(String name, String value, List<FieldErrorBody> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldErrorBody(name, "required, an RFC 3339 date-time such as 2026-01-15T00:00:00Z"));
            return null;
        }
        try {
            OffsetDateTime t = OffsetDateTime.parse(value.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            int year = t.atZoneSameInstant(ZoneOffset.UTC).getYear();
            if (year >= 1 && year <= 9999) {
                return t;
            }
            errors.add(new FieldErrorBody(name, "must be between the years 1 and 9999"));
        } catch (DateTimeParseException e) {
            errors.add(new FieldErrorBody(name, "must be an RFC 3339 date-time with an offset, for example "
                    + "2026-01-15T00:00:00Z (encode a + in the offset as %2B)"));
        }
        return null;
    }

    private static Timestamp timestamp(OffsetDateTime t) {
        var instant = t.toInstant();
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
