package io.cjm.gateway.mapping;

import com.google.protobuf.Timestamp;
import io.cjm.gateway.rest.model.FieldErrorBody;
import io.cjm.proto.journey.v1.JourneyStatus;
import io.cjm.proto.journey.v1.ListJourneysRequest;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The query of {@code GET /api/v1/journeys} as a {@code journey.v1.ListJourneysRequest}.
 * Every parameter is optional. The checks here are the syntax of each parameter and the
 * order of the bounds; every error names its query parameter, and all are reported at once.
 * The cursor is opaque here: journey-service checks it, and {@link #restField} names its
 * errors after the query parameters.
 */
public final class JourneyQueryMapper {

    /** The largest page. */
    public static final int MAX_LIMIT = 500;
    /** The page size when {@code limit} is left out. */
    public static final int DEFAULT_LIMIT = 50;

    private static final BigDecimal MAX_JES = BigDecimal.valueOf(100);

    /** The query parameters as sent, null when absent. */
    public record Params(String profileId, String type, String status, String stage, String from, String to,
            String minJes, String maxJes, String limit, String cursor) {
    }

    /** The request, or the errors (then the request is incomplete and must not be sent). */
    public record Parsed(ListJourneysRequest request, List<FieldErrorBody> errors) {
    }

    private JourneyQueryMapper() {
    }

    public static Parsed request(String tenantId, Params p) {
        List<FieldErrorBody> errors = new ArrayList<>();
        ListJourneysRequest.Builder r = ListJourneysRequest.newBuilder().setTenantId(tenantId)
                .setPageSize(limit(p.limit(), errors));
        if (p.profileId() != null) {
            r.setProfileId(p.profileId());
        }
        if (p.type() != null) {
            r.setType(p.type());
        }
        if (p.stage() != null) {
            r.setStage(p.stage());
        }
        if (p.status() != null) {
            JourneyStatus s = ApiMapper.status(p.status());
            if (s == null) {
                errors.add(new FieldErrorBody("status", "must be one of open, completed, failed, abandoned"));
            } else {
                r.setStatus(s);
            }
        }
        OffsetDateTime from = time("from", p.from(), errors);
        OffsetDateTime to = time("to", p.to(), errors);
        if (from != null) {
            r.setActiveFrom(timestamp(from));
        }
        if (to != null) {
            r.setActiveTo(timestamp(to));
        }
        if (from != null && to != null && !to.toInstant().isAfter(from.toInstant())) {
            errors.add(new FieldErrorBody("to", "must be after from"));
        }
        BigDecimal minJes = jes("minJes", p.minJes(), errors);
        BigDecimal maxJes = jes("maxJes", p.maxJes(), errors);
        if (minJes != null) {
            r.setMinJes(minJes.doubleValue());
        }
        if (maxJes != null) {
            r.setMaxJes(maxJes.doubleValue());
        }
        if (minJes != null && maxJes != null && minJes.compareTo(maxJes) > 0) {
            errors.add(new FieldErrorBody("minJes", "must not be greater than maxJes"));
        }
        if (p.cursor() != null) {
            if (p.cursor().isEmpty()) {
                errors.add(new FieldErrorBody("cursor", "must not be empty; leave it out for the first page"));
            } else {
                r.setPageToken(p.cursor());
            }
        }
        return new Parsed(r.build(), List.copyOf(errors));
    }

    /** journey-service's field names in an INVALID_ARGUMENT as the query parameters. */
    public static String restField(String protoField) {
        return switch (protoField) {
            case "page_token" -> "cursor";
            case "page_size" -> "limit";
            case "active_from" -> "from";
            case "active_to" -> "to";
            default -> GrpcFieldErrors.camelCase(protoField);
        };
    }

    private static int limit(String value, List<FieldErrorBody> errors) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldErrorBody("limit", "must be an integer between 1 and " + MAX_LIMIT));
        return DEFAULT_LIMIT;
    }

    /** An RFC 3339 date-time with an offset, in google.protobuf.Timestamp's range (years 1 to 9999). */
    private static OffsetDateTime time(String name, String value, List<FieldErrorBody> errors) {
        if (value == null) {
            return null;
        }
        try {
            OffsetDateTime t = OffsetDateTime.parse(value.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            int year = t.toInstant().atOffset(java.time.ZoneOffset.UTC).getYear();
            if (year >= 1 && year <= 9999) {
                return t;
            }
            errors.add(new FieldErrorBody(name, "must be between the years 1 and 9999"));
        } catch (DateTimeParseException e) {
            errors.add(new FieldErrorBody(name, "must be an RFC 3339 date-time with an offset, for example "
                    + "2026-01-15T09:30:00Z (encode a + in the offset as %2B)"));
        }
        return null;
    }

    /** A JES bound: a decimal number from 0 to 100, inclusive. */
    private static BigDecimal jes(String name, String value, List<FieldErrorBody> errors) {
        if (value == null) {
            return null;
        }
        try {
            BigDecimal jes = new BigDecimal(value.strip());
            if (jes.signum() >= 0 && jes.compareTo(MAX_JES) <= 0) {
                return jes;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldErrorBody(name, "must be a number from 0 to 100"));
        return null;
    }

    private static Timestamp timestamp(OffsetDateTime t) {
        var instant = t.toInstant();
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
