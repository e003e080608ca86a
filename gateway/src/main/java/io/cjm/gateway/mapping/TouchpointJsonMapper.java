package io.cjm.gateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Timestamp;
import io.cjm.gateway.rest.model.FieldErrorBody;
import io.cjm.proto.touchpoint.v1.Attachment;
import io.cjm.proto.touchpoint.v1.Content;
import io.cjm.proto.touchpoint.v1.Touchpoint;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one touchpoint of the REST API into its proto form, reporting what cannot be read
 * (wrong JSON types, times that are not RFC 3339, fields a client must not set). The rules
 * on values (required fields, ranges, known channels) are touchpoint-service's, which owns them.
 */
public final class TouchpointJsonMapper {

    /** A touchpoint read from JSON and the errors found reading it. */
    public record Parsed(Touchpoint touchpoint, List<FieldErrorBody> errors) {
    }

    static final Set<String> FIELDS = Set.of("id", "type", "channel", "occurredAt", "identifiers", "direction",
            "attributes", "content", "sentiment", "csat", "nps", "waitSeconds", "agentId", "value", "handleSeconds",
            "transfers", "botIntent", "botOutcome", "currency", "source");
    static final Set<String> SET_BY_THE_SUITE = Set.of("tenant", "tenantId", "profile", "profileId", "jes", "score",
            "journeyId", "status");
    /** The most one touchpoint may take, as compact JSON in UTF-8. */
    public static final int MAX_ITEM_BYTES = 32 * 1024;

    private TouchpointJsonMapper() {
    }

    public static Parsed read(JsonNode node) {
        List<FieldErrorBody> errors = new ArrayList<>();
        Touchpoint.Builder t = Touchpoint.newBuilder();
        if (node == null || !node.isObject()) {
            errors.add(new FieldErrorBody("", "a touchpoint must be a JSON object"));
            return new Parsed(t.build(), errors);
        }
        int size = jsonSize(node);
        if (size > MAX_ITEM_BYTES) {
            // Too big to be one contact: nothing of it is read, only its id to name it in the answer.
            JsonNode id = node.get("id");
            if (id != null && id.isTextual()) {
                t.setId(id.asText());
            }
            errors.add(new FieldErrorBody("", "a touchpoint is at most " + MAX_ITEM_BYTES
                    + " bytes of JSON; this one is " + size));
            return new Parsed(t.build(), errors);
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            JsonNode v = field.getValue();
            if (v.isNull() && FIELDS.contains(name)) {
                continue;
            }
            switch (name) {
                case "id" -> text(v, name, errors, t::setId);
                case "type" -> text(v, name, errors, t::setType);
                case "channel" -> text(v, name, errors, t::setChannel);
                case "direction" -> text(v, name, errors, t::setDirection);
                case "agentId" -> text(v, name, errors, t::setAgentId);
                case "occurredAt" -> time(v, name, errors, t::setOccurredAt);
                case "identifiers" -> identifiers(v, errors, t);
                case "attributes" -> {
                    if (!v.isObject()) {
                        errors.add(new FieldErrorBody(name, "must be a JSON object"));
                    } else {
                        JsonValues.toValue(v, name, errors).ifPresent(x -> t.setAttributes(x.getStructValue()));
                    }
                }
                case "content" -> content(v, errors, t);
                case "sentiment" -> number(v, name, errors, t::setSentiment);
                case "value" -> number(v, name, errors, t::setValue);
                case "csat" -> integer(v, name, errors, t::setCsat);
                case "nps" -> integer(v, name, errors, t::setNps);
                case "waitSeconds" -> integer(v, name, errors, t::setWaitSeconds);
                case "handleSeconds" -> integer(v, name, errors, t::setHandleSeconds);
                case "transfers" -> integer(v, name, errors, t::setTransfers);
                case "botIntent" -> text(v, name, errors, t::setBotIntent);
                case "botOutcome" -> text(v, name, errors, t::setBotOutcome);
                case "currency" -> text(v, name, errors, t::setCurrency);
                case "source" -> text(v, name, errors, t::setSource);
                default -> errors.add(new FieldErrorBody(name, SET_BY_THE_SUITE.contains(name)
                        ? "is set by the suite, not by the client" : "unknown field"));
            }
        }
        return new Parsed(t.build(), errors);
    }

    private static void identifiers(JsonNode v, List<FieldErrorBody> errors, Touchpoint.Builder t) {
        if (!v.isObject()) {
            errors.add(new FieldErrorBody("identifiers", "must be an object of identifier type to value"));
            return;
        }
        for (Map.Entry<String, JsonNode> id : v.properties()) {
            JsonNode value = id.getValue();
            if (value.isTextual() || value.isNumber()) {
                t.putIdentifiers(id.getKey(), value.asText());
            } else if (!value.isNull()) {
                errors.add(new FieldErrorBody("identifiers." + id.getKey(), "must be a string"));
            }
        }
    }

    private static void content(JsonNode v, List<FieldErrorBody> errors, Touchpoint.Builder t) {
        if (!v.isObject()) {
            errors.add(new FieldErrorBody("content", "must be a JSON object"));
            return;
        }
        Content.Builder c = Content.newBuilder();
        for (Map.Entry<String, JsonNode> f : v.properties()) {
            switch (f.getKey()) {
                case "text" -> text(f.getValue(), "content.text", errors, c::setText);
                case "attachments" -> attachments(f.getValue(), errors, c);
                default -> errors.add(new FieldErrorBody("content." + f.getKey(), "unknown field"));
            }
        }
        t.setContent(c);
    }

    private static void attachments(JsonNode v, List<FieldErrorBody> errors, Content.Builder c) {
        if (!v.isArray()) {
            errors.add(new FieldErrorBody("content.attachments", "must be an array"));
            return;
        }
        for (int i = 0; i < v.size(); i++) {
            String path = "content.attachments[" + i + "]";
            JsonNode a = v.get(i);
            if (!a.isObject()) {
                errors.add(new FieldErrorBody(path, "must be a JSON object"));
                continue;
            }
            Attachment.Builder b = Attachment.newBuilder();
            for (Map.Entry<String, JsonNode> f : a.properties()) {
                String fp = path + "." + f.getKey();
                switch (f.getKey()) {
                    case "uri" -> text(f.getValue(), fp, errors, b::setUri);
                    case "mediaType" -> text(f.getValue(), fp, errors, b::setMediaType);
                    case "kind" -> text(f.getValue(), fp, errors, b::setKind);
                    case "sizeBytes" -> {
                        if (f.getValue().canConvertToLong() && f.getValue().isIntegralNumber()) {
                            b.setSizeBytes(f.getValue().asLong());
                        } else {
                            errors.add(new FieldErrorBody(fp, "must be an integer"));
                        }
                    }
                    default -> errors.add(new FieldErrorBody(fp, "unknown field"));
                }
            }
            c.addAttachments(b);
        }
    }

    /** The size of a JSON value written compactly in UTF-8. */
    public static int jsonSize(JsonNode node) {
        return node.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private static void text(JsonNode v, String field, List<FieldErrorBody> errors,
            java.util.function.Consumer<String> set) {
        if (v.isTextual()) {
            set.accept(v.asText());
        } else {
            errors.add(new FieldErrorBody(field, "must be a string"));
        }
    }

    private static void number(JsonNode v, String field, List<FieldErrorBody> errors,
            java.util.function.DoubleConsumer set) {
        if (v.isNumber()) {
            set.accept(v.asDouble());
        } else {
            errors.add(new FieldErrorBody(field, "must be a number"));
        }
    }

    private static void integer(JsonNode v, String field, List<FieldErrorBody> errors,
            java.util.function.IntConsumer set) {
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            set.accept(v.asInt());
        } else {
            errors.add(new FieldErrorBody(field, "must be an integer"));
        }
    }

    private static void time(JsonNode v, String field, List<FieldErrorBody> errors,
            java.util.function.Consumer<Timestamp> set) {
        if (!v.isTextual()) {
            errors.add(new FieldErrorBody(field, "must be an RFC 3339 date-time string"));
            return;
        }
        try {
            Instant t = instant(v.asText());
            set.accept(Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build());
        } catch (DateTimeParseException e) {
            errors.add(new FieldErrorBody(field,
                    "must be an RFC 3339 date-time with a time zone offset, e.g. 2026-11-25T10:15:30Z"));
        }
    }

    /**
     * An RFC 3339 date-time with an offset, as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}
     * reads it. The usual shape ({@code 2026-11-25T10:15:30Z}, {@code 2026-11-25T10:15:30.123+01:00})
     * is read by hand, since the formatter's parser is a good part of the cost of mapping a
     * touchpoint; anything else, including every invalid value, goes to the formatter, which
     * decides and words the error.
     */
    static Instant instant(String s) {
        Instant fast = usualShape(s);
        return fast != null ? fast : OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:mm)} as an instant; null for any other string or invalid value. */
    private static Instant usualShape(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                nanos = nanos * 10 + (s.charAt(i++) - '0');
            }
            if (i == start) {
                return null;
            }
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        ZoneOffset offset;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offset = ZoneOffset.UTC;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if ((oh | om) < 0) {
                return null;
            }
            int sign = s.charAt(i) == '-' ? -1 : 1;
            try {
                offset = ZoneOffset.ofHoursMinutes(sign * oh, sign * om);
            } catch (DateTimeException e) {
                return null;
            }
        } else {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(offset);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number of {@code length} ASCII digits at {@code from}; -1 if any is not a digit. */
    private static int digits(String s, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
