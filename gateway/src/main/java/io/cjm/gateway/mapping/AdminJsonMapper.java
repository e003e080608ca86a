package io.cjm.gateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.cjm.gateway.rest.model.FieldErrorBody;
import io.cjm.gateway.rest.model.IdentitySettingsBody;
import io.cjm.gateway.rest.model.MergeRequestBody;
import io.cjm.gateway.rest.model.ReplayRequestBody;
import io.cjm.gateway.rest.model.SplitRequestBody;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the bodies of the identity admin calls (merge, split, settings), reporting every
 * field that cannot be read: wrong JSON types, unknown fields, missing required ones. A known
 * field set to {@code null} counts as absent. The rules on values (which regions, patterns,
 * types and limits are valid) are identity-service's, which owns them.
 */
public final class AdminJsonMapper {

    /** What was read, and the errors found reading it (the value is only usable without errors). */
    public record Parsed<T>(T value, List<FieldErrorBody> errors) {
    }

    static final Set<String> MERGE_FIELDS = Set.of("otherProfileId", "reason");
    static final Set<String> SPLIT_FIELDS = Set.of("type", "value", "reason");
    static final Set<String> REPLAY_FIELDS = Set.of("touchpointIds");
    /** The most touchpoint ids one replay may name (touchpoint-service's bound). */
    public static final int MAX_REPLAY_IDS = 1000;
    static final Set<String> SETTINGS_FIELDS = Set.of("defaultRegion", "gmailNormalization", "customTypes",
            "blockedPatterns", "priority", "limits");

    private AdminJsonMapper() {
    }

    /** {@code {"otherProfileId": "...", "reason": "..."}}; otherProfileId is required. */
    public static Parsed<MergeRequestBody> merge(JsonNode node) {
        List<FieldErrorBody> errors = new ArrayList<>();
        if (!object(node, errors)) {
            return new Parsed<>(null, errors);
        }
        Map<String, String> texts = texts(node, MERGE_FIELDS, errors);
        required(texts, "otherProfileId", errors);
        return new Parsed<>(new MergeRequestBody(texts.get("otherProfileId"), texts.get("reason")), errors);
    }

    /** {@code {"type": "...", "value": "...", "reason": "..."}}; type and value are required. */
    public static Parsed<SplitRequestBody> split(JsonNode node) {
        List<FieldErrorBody> errors = new ArrayList<>();
        if (!object(node, errors)) {
            return new Parsed<>(null, errors);
        }
        Map<String, String> texts = texts(node, SPLIT_FIELDS, errors);
        required(texts, "type", errors);
        required(texts, "value", errors);
        return new Parsed<>(new SplitRequestBody(texts.get("type"), texts.get("value"), texts.get("reason")), errors);
    }

    /**
     * {@code {"touchpointIds": ["...", ...]}}: at most {@value #MAX_REPLAY_IDS} ids, none blank.
     * Left out, null or empty means all of the tenant's quarantined touchpoints.
     */
    public static Parsed<ReplayRequestBody> replay(JsonNode node) {
        List<FieldErrorBody> errors = new ArrayList<>();
        if (!object(node, errors)) {
            return new Parsed<>(null, errors);
        }
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!REPLAY_FIELDS.contains(field.getKey())) {
                errors.add(new FieldErrorBody(field.getKey(), "unknown field"));
            } else if (!field.getValue().isNull()) {
                JsonNode v = field.getValue();
                strings(v, "touchpointIds", errors, ids);
                for (int i = 0; v.isArray() && i < v.size(); i++) {
                    if (v.get(i).isTextual() && v.get(i).asText().isBlank()) {
                        errors.add(new FieldErrorBody("touchpointIds[" + i + "]", "must not be blank"));
                    }
                }
                if (v.isArray() && v.size() > MAX_REPLAY_IDS) {
                    errors.add(new FieldErrorBody("touchpointIds", "at most " + MAX_REPLAY_IDS + " ids"));
                }
            }
        }
        return new Parsed<>(new ReplayRequestBody(List.copyOf(ids)), errors);
    }

    /** The full settings; a field left out (or null) gets its default: empty, false, no limits. */
    public static Parsed<IdentitySettingsBody> settings(JsonNode node) {
        List<FieldErrorBody> errors = new ArrayList<>();
        String[] region = { "" };
        boolean[] gmail = { false };
        List<String> customTypes = new ArrayList<>();
        List<String> blockedPatterns = new ArrayList<>();
        List<String> priority = new ArrayList<>();
        Map<String, Integer> limits = new LinkedHashMap<>();
        if (!object(node, errors)) {
            return new Parsed<>(null, errors);
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            JsonNode v = field.getValue();
            if (!SETTINGS_FIELDS.contains(name)) {
                errors.add(new FieldErrorBody(name, "unknown field"));
                continue;
            }
            if (v.isNull()) {
                continue;
            }
            switch (name) {
                case "defaultRegion" -> text(v, name, errors, s -> region[0] = s);
                case "gmailNormalization" -> {
                    if (v.isBoolean()) {
                        gmail[0] = v.asBoolean();
                    } else {
                        errors.add(new FieldErrorBody(name, "must be true or false"));
                    }
                }
                case "customTypes" -> strings(v, name, errors, customTypes);
                case "blockedPatterns" -> strings(v, name, errors, blockedPatterns);
                case "priority" -> strings(v, name, errors, priority);
                case "limits" -> limits(v, errors, limits);
                default -> throw new IllegalStateException(name);
            }
        }
        return new Parsed<>(new IdentitySettingsBody(region[0], gmail[0], customTypes, blockedPatterns, priority,
                limits), errors);
    }

    private static boolean object(JsonNode node, List<FieldErrorBody> errors) {
        if (node == null || !node.isObject()) {
            errors.add(new FieldErrorBody("", "the body must be a JSON object"));
            return false;
        }
        return true;
    }

    /** The string fields of a flat JSON object that may hold only the known fields. */
    private static Map<String, String> texts(JsonNode node, Set<String> known, List<FieldErrorBody> errors) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            if (!known.contains(name)) {
                errors.add(new FieldErrorBody(name, "unknown field"));
            } else if (!field.getValue().isNull()) {
                text(field.getValue(), name, errors, s -> texts.put(name, s));
            }
        }
        return texts;
    }

    private static void required(Map<String, String> texts, String field, List<FieldErrorBody> errors) {
        String v = texts.get(field);
        boolean wrongType = errors.stream().anyMatch(e -> e.field().equals(field));
        if ((v == null || v.isBlank()) && !wrongType) {
            errors.add(new FieldErrorBody(field, "required"));
        }
    }

    private static void text(JsonNode v, String field, List<FieldErrorBody> errors, Consumer<String> set) {
        if (v.isTextual()) {
            set.accept(v.asText());
        } else {
            errors.add(new FieldErrorBody(field, "must be a string"));
        }
    }

    private static void strings(JsonNode v, String field, List<FieldErrorBody> errors, List<String> into) {
        if (!v.isArray()) {
            errors.add(new FieldErrorBody(field, "must be an array of strings"));
            return;
        }
        for (int i = 0; i < v.size(); i++) {
            text(v.get(i), field + "[" + i + "]", errors, into::add);
        }
    }

    private static void limits(JsonNode v, List<FieldErrorBody> errors, Map<String, Integer> into) {
        if (!v.isObject()) {
            errors.add(new FieldErrorBody("limits", "must be an object of identifier type to an integer"));
            return;
        }
        for (Map.Entry<String, JsonNode> limit : v.properties()) {
            JsonNode n = limit.getValue();
            if (n.isIntegralNumber() && n.canConvertToInt()) {
                into.put(limit.getKey(), n.asInt());
            } else {
                errors.add(new FieldErrorBody("limits." + limit.getKey(), "must be an integer"));
            }
        }
    }
}
