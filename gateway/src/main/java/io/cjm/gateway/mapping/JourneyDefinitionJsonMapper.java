package io.cjm.gateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.cjm.gateway.rest.model.FieldErrorBody;
import io.cjm.gateway.rest.model.JourneyDefinitionBody;
import io.cjm.gateway.rest.model.JourneyDefinitionBody.JourneyStageBody;
import io.cjm.gateway.rest.model.JourneySettingsBody;
import io.cjm.proto.journey.v1.JourneyDefinition;
import io.cjm.proto.journey.v1.JourneySettings;
import io.cjm.proto.journey.v1.JourneyStage;
import io.cjm.proto.journey.v1.VersionedJourneyDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads journey definition and settings bodies into the journey-service's messages,
 * reporting every field of the wrong JSON type or unknown (a field set to null counts as
 * absent); the rules on values are journey-service's, whose field errors
 * {@link #restField(String)} renames to this body's fields. Writes the answers.
 */
public final class JourneyDefinitionJsonMapper {

    /** What was read, and the errors found reading it (the value is only usable without errors). */
    public record Parsed<T>(T value, List<FieldErrorBody> errors) {
    }

    static final Set<String> DEFINITION_FIELDS = Set.of("key", "name", "category", "entryPatterns", "stages",
            "goalPatterns", "failurePatterns", "inactivityTimeout", "correlationKeys", "expectedTouchpoints",
            "expectedDuration", "businessValue", "version", "updatedAt", "builtIn");
    /** Answer fields a client may send back unchanged; ignored. */
    static final Set<String> READ_ONLY = Set.of("version", "updatedAt", "builtIn");
    static final Set<String> STAGE_FIELDS = Set.of("name", "patterns");
    static final Set<String> SETTINGS_FIELDS = Set.of("repeatContactWindow", "longWaitSeconds", "negativeSentiment",
            "version", "updatedAt");

    private JourneyDefinitionJsonMapper() {
    }

    /** The definition of a PUT to {@code /journey-definitions/{key}}; a key in the body must be the path's. */
    public static Parsed<JourneyDefinition> definition(String pathKey, JsonNode node) {
        List<FieldErrorBody> errors = new ArrayList<>();
        JourneyDefinition.Builder b = JourneyDefinition.newBuilder().setKey(pathKey);
        if (node == null || !node.isObject()) {
            errors.add(new FieldErrorBody("", "the body must be a JSON object"));
            return new Parsed<>(null, errors);
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            JsonNode v = field.getValue();
            if (!DEFINITION_FIELDS.contains(name)) {
                errors.add(new FieldErrorBody(name, "unknown field"));
                continue;
            }
            if (v.isNull() || READ_ONLY.contains(name)) {
                continue;
            }
            switch (name) {
                case "key" -> text(v, name, errors, k -> {
                    if (!k.equals(pathKey)) {
                        errors.add(new FieldErrorBody(name, "must be the key of the path, " + pathKey));
                    }
                });
                case "name" -> text(v, name, errors, b::setName);
                case "category" -> text(v, name, errors, b::setCategory);
                case "entryPatterns" -> strings(v, name, errors, b::addEntryPatterns);
                case "goalPatterns" -> strings(v, name, errors, b::addGoalPatterns);
                case "failurePatterns" -> strings(v, name, errors, b::addFailurePatterns);
                case "correlationKeys" -> strings(v, name, errors, b::addCorrelationKeys);
                case "inactivityTimeout" -> text(v, name, errors, b::setInactivityTimeout);
                case "expectedDuration" -> text(v, name, errors, b::setExpectedDuration);
                case "expectedTouchpoints" -> {
                    if (v.isIntegralNumber() && v.canConvertToInt()) {
                        b.setExpectedTouchpoints(v.asInt());
                    } else {
                        errors.add(new FieldErrorBody(name, "must be an integer"));
                    }
                }
                case "businessValue" -> {
                    if (v.isNumber()) {
                        b.setBusinessValue(v.asDouble());
                    } else {
                        errors.add(new FieldErrorBody(name, "must be a number"));
                    }
                }
                case "stages" -> stages(v, errors, b);
                default -> throw new IllegalStateException(name);
            }
        }
        return new Parsed<>(b.build(), errors);
    }

    private static void stages(JsonNode v, List<FieldErrorBody> errors, JourneyDefinition.Builder b) {
        if (!v.isArray()) {
            errors.add(new FieldErrorBody("stages", "must be an array of stages"));
            return;
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode s = v.get(i);
            String path = "stages[" + i + "]";
            if (!s.isObject()) {
                errors.add(new FieldErrorBody(path, "must be an object with name and patterns"));
                continue;
            }
            JourneyStage.Builder stage = JourneyStage.newBuilder();
            for (Map.Entry<String, JsonNode> field : s.properties()) {
                String name = field.getKey();
                if (!STAGE_FIELDS.contains(name)) {
                    errors.add(new FieldErrorBody(path + "." + name, "unknown field"));
                } else if (!field.getValue().isNull()) {
                    if (name.equals("name")) {
                        text(field.getValue(), path + ".name", errors, stage::setName);
                    } else {
                        strings(field.getValue(), path + ".patterns", errors, stage::addPatterns);
                    }
                }
            }
            b.addStages(stage);
        }
    }

    /** The thresholds of a PUT to {@code /journey-settings}; every threshold is required. */
    public static Parsed<JourneySettings> settings(JsonNode node) {
        List<FieldErrorBody> errors = new ArrayList<>();
        if (node == null || !node.isObject()) {
            errors.add(new FieldErrorBody("", "the body must be a JSON object"));
            return new Parsed<>(null, errors);
        }
        JourneySettings.Builder b = JourneySettings.newBuilder();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!SETTINGS_FIELDS.contains(field.getKey())) {
                errors.add(new FieldErrorBody(field.getKey(), "unknown field"));
            }
        }
        JsonNode window = node.get("repeatContactWindow");
        if (window == null || window.isNull()) {
            errors.add(new FieldErrorBody("repeatContactWindow", "required"));
        } else {
            text(window, "repeatContactWindow", errors, b::setRepeatContactWindow);
        }
        JsonNode wait = node.get("longWaitSeconds");
        if (wait == null || wait.isNull()) {
            errors.add(new FieldErrorBody("longWaitSeconds", "required"));
        } else if (wait.isIntegralNumber() && wait.canConvertToInt()) {
            b.setLongWaitSeconds(wait.asInt());
        } else {
            errors.add(new FieldErrorBody("longWaitSeconds", "must be an integer"));
        }
        JsonNode sentiment = node.get("negativeSentiment");
        if (sentiment == null || sentiment.isNull()) {
            errors.add(new FieldErrorBody("negativeSentiment", "required"));
        } else if (sentiment.isNumber()) {
            b.setNegativeSentiment(sentiment.asDouble());
        } else {
            errors.add(new FieldErrorBody("negativeSentiment", "must be a number"));
        }
        return new Parsed<>(b.build(), errors);
    }

    /**
     * The REST field of a journey-service field error: {@code definition.stages[1].name} is
     * {@code stages[1].name}, {@code settings.long_wait_seconds} is {@code longWaitSeconds}.
     */
    public static String restField(String protoField) {
        String f = protoField;
        for (String prefix : List.of("definition.", "settings.")) {
            if (f.startsWith(prefix)) {
                f = f.substring(prefix.length());
            }
        }
        return GrpcFieldErrors.camelCase(f);
    }

    public static JourneyDefinitionBody body(VersionedJourneyDefinition v) {
        JourneyDefinition d = v.getDefinition();
        return new JourneyDefinitionBody(d.getKey(), d.getName(), d.getCategory(), d.getEntryPatternsList(),
                d.getStagesList().stream().map(s -> new JourneyStageBody(s.getName(), s.getPatternsList())).toList(),
                d.getGoalPatternsList(), d.getFailurePatternsList(), d.getInactivityTimeout(),
                d.getCorrelationKeysList(), d.getExpectedTouchpoints(), d.getExpectedDuration(), d.getBusinessValue(),
                v.getVersion(), v.hasUpdatedAt() ? ApiMapper.time(v.getUpdatedAt()) : null,
                v.getBuiltIn());
    }

    public static JourneySettingsBody body(JourneySettings s) {
        return new JourneySettingsBody(s.getRepeatContactWindow(), s.getLongWaitSeconds(), s.getNegativeSentiment(),
                s.getVersion(), s.hasUpdatedAt() ? ApiMapper.time(s.getUpdatedAt()) : null);
    }

    private static void text(JsonNode v, String field, List<FieldErrorBody> errors, Consumer<String> set) {
        if (v.isTextual()) {
            set.accept(v.asText());
        } else {
            errors.add(new FieldErrorBody(field, "must be a string"));
        }
    }

    private static void strings(JsonNode v, String field, List<FieldErrorBody> errors, Consumer<String> add) {
        if (!v.isArray()) {
            errors.add(new FieldErrorBody(field, "must be an array of strings"));
            return;
        }
        for (int i = 0; i < v.size(); i++) {
            text(v.get(i), field + "[" + i + "]", errors, add);
        }
    }
}
