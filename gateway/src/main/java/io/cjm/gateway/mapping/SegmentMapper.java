package io.cjm.gateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import io.cjm.gateway.rest.model.FieldErrorBody;
import io.cjm.proto.touchpoint.v1.Touchpoint;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Maps one message of the Segment tracking spec (identify, track, page, screen, group, alias)
 * onto a touchpoint, as the README's table describes: {@code messageId} is the touchpoint's
 * id (and so the idempotency key), {@code userId}, {@code anonymousId} and the email and
 * phone traits become identifiers, {@code properties} become attributes, the context is kept
 * under {@code attributes.context}. Field errors name the Segment field, for example
 * {@code messageId} or {@code properties.revenue}. Unknown fields are ignored, as Segment
 * does: the spec has many optional ones ({@code integrations}, {@code version}, ...).
 */
public final class SegmentMapper {

    /** The Segment calls. */
    public enum Call {
        IDENTIFY, TRACK, PAGE, SCREEN, GROUP, ALIAS;

        /** The call named by a message's {@code type} or a path, e.g. {@code track}; empty when none. */
        public static Optional<Call> of(String name) {
            for (Call c : values()) {
                if (c.name().equalsIgnoreCase(name)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }

        public String lowerCase() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A message mapped onto a touchpoint, and the errors found; the touchpoint is only usable without errors. */
    public record Mapped(Touchpoint touchpoint, List<FieldErrorBody> errors, Call call) {
    }

    /** The suite's channels; a {@code channel} property or context field naming one of them wins. */
    static final Set<String> CHANNELS = Set.of("web", "mobile_app", "email", "phone", "chat", "whatsapp", "sms",
            "social", "kiosk", "store", "review", "bot");
    /** The channel of a message that says nothing about where it happened (e.g. from a server-side library). */
    public static final String DEFAULT_CHANNEL = "web";
    static final String IDENTIFY_TYPE = "Identify";
    static final String PAGE_TYPE = "Page Viewed";
    static final String SCREEN_TYPE = "Screen Viewed";
    static final String GROUP_TYPE = "Group";
    static final String ALIAS_TYPE = "Alias";
    private static final Set<String> MOBILE_OS = Set.of("ios", "ipados", "android", "watchos", "tvos");
    private static final Set<String> MOBILE_LIBRARIES = Set.of("analytics-ios", "analytics-android",
            "analytics-swift", "analytics-kotlin", "analytics-react-native", "analytics-flutter");

    private SegmentMapper() {
    }

    /**
     * Maps one message. {@code call} is the call of the endpoint, or null for an item of a
     * batch, whose {@code type} names it. {@code batchContext} is the batch's own
     * {@code context} (the Java library puts its library name there), merged under the
     * message's; {@code batchSentAt} its {@code sentAt}; either may be null.
     */
    public static Mapped map(JsonNode message, Call call, JsonNode batchContext, JsonNode batchSentAt,
            Instant receivedAt) {
        List<FieldErrorBody> errors = new ArrayList<>();
        Touchpoint.Builder t = Touchpoint.newBuilder();
        if (message == null || !message.isObject()) {
            errors.add(new FieldErrorBody("", "a message must be a JSON object"));
            return new Mapped(t.build(), errors, call);
        }
        String messageId = text(message, "messageId", errors);
        if (messageId == null || messageId.isBlank()) {
            errors.add(new FieldErrorBody("messageId", "required: it is the idempotency key of the message"));
        } else {
            t.setId(messageId);
        }
        if (call == null) {
            String type = text(message, "type", errors);
            call = type == null ? null : Call.of(type).orElse(null);
            if (call == null) {
                errors.add(new FieldErrorBody("type", "must be one of identify, track, page, screen, group, alias"));
                return new Mapped(t.build(), errors, null);
            }
        }
        JsonNode context = mergedContext(batchContext, message.get("context"), errors);
        JsonNode properties = object(message, "properties", errors);
        JsonNode traits = object(message, "traits", errors);

        t.setType(type(call, message, errors));
        t.setChannel(channel(call, message, properties, context));
        occurredAt(message, batchSentAt, receivedAt, errors).ifPresent(t::setOccurredAt);
        identifiers(call, message, traits, context, errors, t);
        Struct.Builder attributes = Struct.newBuilder();
        if (call == Call.TRACK || call == Call.PAGE || call == Call.SCREEN) {
            if (properties != null) {
                properties.properties().forEach(f -> put(attributes, f.getKey(), f.getValue(),
                        "properties." + f.getKey(), errors));
                correlation(attributes, properties, "order_id", "orderId", errors);
                correlation(attributes, properties, "case_id", "caseId", errors);
                value(properties, errors, t);
            }
        }
        if (call == Call.PAGE || call == Call.SCREEN) {
            putText(attributes, message, "name", errors);
            putText(attributes, message, "category", errors);
        }
        if (call == Call.IDENTIFY || call == Call.GROUP) {
            if (traits != null) {
                put(attributes, "traits", traits, "traits", errors);
            }
        }
        if (call == Call.GROUP) {
            String groupId = idText(message, "groupId", errors);
            if (groupId == null) {
                errors.add(new FieldErrorBody("groupId", "required"));
            } else {
                attributes.putFields("groupId", Value.newBuilder().setStringValue(groupId).build());
            }
        }
        if (call == Call.ALIAS) {
            String previousId = idText(message, "previousId", errors);
            if (previousId != null) {
                attributes.putFields("previousId", Value.newBuilder().setStringValue(previousId).build());
            }
        }
        if (context != null && !context.isEmpty()) {
            put(attributes, "context", context, "context", errors);
        }
        t.setAttributes(attributes);
        return new Mapped(t.build(), errors, call);
    }

    /**
     * The Segment field a touchpoint-service error about {@code field} (a touchpoint field
     * path) is about, e.g. {@code identifiers.customerId} is {@code userId}.
     */
    public static String segmentField(Call call, String field) {
        String traits = call == Call.IDENTIFY ? "traits" : "context.traits";
        return switch (field) {
            case "id" -> "messageId";
            case "type" -> call == Call.TRACK ? "event" : "type";
            case "occurredAt" -> "timestamp";
            case "identifiers", "identifiers.customerId" -> "userId";
            case "identifiers.anonymousId" -> call == Call.ALIAS ? "previousId" : "anonymousId";
            case "identifiers.email" -> traits + ".email";
            case "identifiers.phone" -> traits + ".phone";
            case "value" -> "properties.revenue";
            default -> {
                if (field.startsWith("attributes.context")) {
                    yield field.substring("attributes.".length());
                }
                if (field.startsWith("attributes.traits") || field.startsWith("attributes.groupId")
                        || field.startsWith("attributes.previousId")) {
                    yield field.substring("attributes.".length());
                }
                if (field.startsWith("attributes.")) {
                    yield "properties." + field.substring("attributes.".length());
                }
                yield field;
            }
        };
    }

    private static String type(Call call, JsonNode message, List<FieldErrorBody> errors) {
        return switch (call) {
            case TRACK -> {
                String event = text(message, "event", errors);
                if (event == null || event.isBlank()) {
                    errors.add(new FieldErrorBody("event", "required"));
                    yield "";
                }
                yield event;
            }
            case IDENTIFY -> IDENTIFY_TYPE;
            case PAGE -> PAGE_TYPE;
            case SCREEN -> SCREEN_TYPE;
            case GROUP -> GROUP_TYPE;
            case ALIAS -> ALIAS_TYPE;
        };
    }

    /**
     * In this order: a {@code channel} property or context field naming one of the suite's
     * channels; Segment's own {@code channel} ({@code browser} is web, {@code mobile} is
     * mobile_app); a screen call (screens are mobile); a mobile operating system or device in
     * the context, or a mobile Segment library; a browser in the context (user agent, page)
     * or analytics.js; otherwise {@link #DEFAULT_CHANNEL}.
     */
    static String channel(Call call, JsonNode message, JsonNode properties, JsonNode context) {
        for (JsonNode candidate : new JsonNode[] {
                properties == null ? null : properties.get("channel"),
                context == null ? null : context.get("channel") }) {
            if (candidate != null && candidate.isTextual() && CHANNELS.contains(candidate.asText())) {
                return candidate.asText();
            }
        }
        String segmentChannel = message.path("channel").asText("");
        if (segmentChannel.equals("browser")) {
            return "web";
        }
        if (segmentChannel.equals("mobile") || call == Call.SCREEN) {
            return "mobile_app";
        }
        if (context != null) {
            String os = context.path("os").path("name").asText("").toLowerCase(Locale.ROOT).replace(" ", "");
            String device = context.path("device").path("type").asText("").toLowerCase(Locale.ROOT);
            String library = context.path("library").path("name").asText("").toLowerCase(Locale.ROOT);
            if (MOBILE_OS.contains(os) || MOBILE_OS.contains(device) || MOBILE_LIBRARIES.contains(library)) {
                return "mobile_app";
            }
            if (context.hasNonNull("userAgent") || context.has("page") || library.startsWith("analytics.js")
                    || library.contains("analytics-next")) {
                return "web";
            }
        }
        return DEFAULT_CHANNEL;
    }

    /** {@code timestamp}, else {@code originalTimestamp}, the message's then the batch's {@code sentAt}, {@code receivedAt}, now. */
    private static Optional<Timestamp> occurredAt(JsonNode message, JsonNode batchSentAt, Instant receivedAt,
            List<FieldErrorBody> errors) {
        for (String field : List.of("timestamp", "originalTimestamp", "sentAt")) {
            JsonNode v = message.get(field);
            if (v != null && !v.isNull()) {
                return time(v, field, errors);
            }
        }
        if (batchSentAt != null && !batchSentAt.isNull()) {
            return time(batchSentAt, "sentAt", errors);
        }
        JsonNode received = message.get("receivedAt");
        if (received != null && !received.isNull()) {
            return time(received, "receivedAt", errors);
        }
        return Optional.of(timestamp(receivedAt));
    }

    private static Optional<Timestamp> time(JsonNode v, String field, List<FieldErrorBody> errors) {
        if (v.isTextual()) {
            try {
                return Optional.of(timestamp(OffsetDateTime.parse(v.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant()));
            } catch (DateTimeParseException e) {
                try {
                    // An ISO 8601 time without an offset, as some libraries send it: UTC.
                    return Optional.of(timestamp(LocalDateTime.parse(v.asText(), DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                            .toInstant(ZoneOffset.UTC)));
                } catch (DateTimeParseException again) {
                    // below
                }
            }
        }
        errors.add(new FieldErrorBody(field, "must be an ISO 8601 date-time, e.g. 2026-11-25T10:15:30.000Z"));
        return Optional.empty();
    }

    private static Timestamp timestamp(Instant i) {
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }

    /**
     * userId is the customerId and anonymousId the anonymousId; an alias links previousId (as
     * the anonymousId it was) to userId. Email and phone come from the traits of an identify,
     * and from {@code context.traits} otherwise (a group's traits describe the group: its
     * email is the company's, which must not join all its members into one profile).
     */
    private static void identifiers(Call call, JsonNode message, JsonNode traits, JsonNode context,
            List<FieldErrorBody> errors, Touchpoint.Builder t) {
        String userId = idText(message, "userId", errors);
        String anonymousId = idText(message, "anonymousId", errors);
        if (call == Call.ALIAS) {
            String previousId = idText(message, "previousId", errors);
            if (previousId == null) {
                errors.add(new FieldErrorBody("previousId", "required"));
            }
            if (userId == null) {
                errors.add(new FieldErrorBody("userId", "required"));
            }
            anonymousId = previousId;
        } else if (userId == null && anonymousId == null) {
            errors.add(new FieldErrorBody("userId", "userId or anonymousId is required"));
        }
        if (userId != null) {
            t.putIdentifiers("customerId", userId);
        }
        if (anonymousId != null) {
            t.putIdentifiers("anonymousId", anonymousId);
        }
        JsonNode source = call == Call.IDENTIFY ? traits : context == null ? null : context.get("traits");
        String path = call == Call.IDENTIFY ? "traits" : "context.traits";
        if (source != null && source.isObject()) {
            for (String type : List.of("email", "phone")) {
                JsonNode v = source.get(type);
                if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
                    continue;
                }
                if (v.isTextual() || v.isNumber()) {
                    t.putIdentifiers(type, v.asText());
                } else {
                    errors.add(new FieldErrorBody(path + "." + type, "must be a string"));
                }
            }
        }
    }

    /** {@code properties.revenue}, else {@code properties.value}: a number, or a string holding one. */
    private static void value(JsonNode properties, List<FieldErrorBody> errors, Touchpoint.Builder t) {
        for (String field : List.of("revenue", "value")) {
            JsonNode v = properties.get(field);
            if (v == null || v.isNull()) {
                continue;
            }
            if (v.isNumber()) {
                t.setValue(v.asDouble());
            } else {
                try {
                    t.setValue(Double.parseDouble(v.asText().strip()));
                } catch (NumberFormatException e) {
                    errors.add(new FieldErrorBody("properties." + field, "must be a number"));
                }
            }
            return;
        }
    }

    /** Segment's e-commerce {@code order_id} (and {@code case_id}) as the suite's correlation key, unless set. */
    private static void correlation(Struct.Builder attributes, JsonNode properties, String segment, String suite,
            List<FieldErrorBody> errors) {
        JsonNode v = properties.get(segment);
        if (v != null && (v.isTextual() || v.isNumber()) && !attributes.containsFields(suite)) {
            put(attributes, suite, v, "properties." + segment, errors);
        }
    }

    /** The batch's context with the message's over it, field by field; null when neither has one. */
    private static JsonNode mergedContext(JsonNode batch, JsonNode message, List<FieldErrorBody> errors) {
        if (message != null && !message.isNull() && !message.isObject()) {
            errors.add(new FieldErrorBody("context", "must be a JSON object"));
            message = null;
        }
        boolean hasBatch = batch != null && batch.isObject() && !batch.isEmpty();
        boolean hasMessage = message != null && message.isObject();
        if (!hasBatch) {
            return hasMessage ? message : null;
        }
        if (!hasMessage) {
            return batch;
        }
        var merged = ((com.fasterxml.jackson.databind.node.ObjectNode) batch).deepCopy();
        message.properties().forEach(f -> merged.set(f.getKey(), f.getValue()));
        return merged;
    }

    private static JsonNode object(JsonNode message, String field, List<FieldErrorBody> errors) {
        JsonNode v = message.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            errors.add(new FieldErrorBody(field, "must be a JSON object"));
            return null;
        }
        return v;
    }

    private static String text(JsonNode message, String field, List<FieldErrorBody> errors) {
        JsonNode v = message.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            errors.add(new FieldErrorBody(field, "must be a string"));
            return null;
        }
        return v.asText();
    }

    /** An id Segment allows as a string or a number; null when absent or blank. */
    private static String idText(JsonNode message, String field, List<FieldErrorBody> errors) {
        JsonNode v = message.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() && !v.isNumber()) {
            errors.add(new FieldErrorBody(field, "must be a string"));
            return null;
        }
        String s = v.asText().strip();
        return s.isEmpty() ? null : s;
    }

    private static void putText(Struct.Builder attributes, JsonNode message, String field, List<FieldErrorBody> errors) {
        String v = text(message, field, errors);
        if (v != null) {
            attributes.putFields(field, Value.newBuilder().setStringValue(v).build());
        }
    }

    private static void put(Struct.Builder attributes, String key, JsonNode v, String path, List<FieldErrorBody> errors) {
        JsonValues.toValue(v, path, errors).ifPresent(x -> attributes.putFields(key, x));
    }
}
