package io.cjm.journey.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cjm.journey.domain.Category;
import io.cjm.journey.domain.DefaultCatalogue;
import io.cjm.journey.domain.EventTypes;
import io.cjm.journey.domain.FrictionThresholds;
import io.cjm.journey.domain.JourneyDefinition;
import io.cjm.journey.domain.Stage;
import io.cjm.proto.journey.v1.JourneySettings;
import io.cjm.proto.journey.v1.JourneyStage;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Journey definitions and friction thresholds between the API (proto), the domain and
 * storage (JSON), with the rules a tenant's definition must follow. Validation reports every
 * broken rule at once, each with the path of its field in the request (for example
 * {@code definition.stages[1].name}).
 */
public final class DefinitionMapper {

    /** One broken rule. */
    public record FieldError(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    /** A definition that passed validation (version 1 until stored), or the errors found. */
    public record Parsed<T>(T value, List<FieldError> errors) {
    }

    /** A definition as stored in journey_definition_version.body: durations as ISO-8601 text. */
    public record StoredDefinition(String name, String category, List<String> entryPatterns,
            List<StoredStage> stages, List<String> goalPatterns, List<String> failurePatterns,
            String inactivityTimeout, List<String> correlationKeys, int expectedTouchpoints, String expectedDuration,
            double businessValue) {
    }

    /** A stage as stored. */
    public record StoredStage(String name, List<String> patterns) {
    }

    static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    static final Pattern CORRELATION_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    static final int MAX_NAME = 200;
    static final int MAX_STAGE_NAME = 100;
    static final int MAX_PATTERN = 200;
    static final int MAX_PATTERNS = 100;
    static final int MAX_STAGES = 50;
    static final int MAX_CORRELATION_KEYS = 20;
    static final int MAX_EXPECTED_TOUCHPOINTS = 1000;
    static final Duration MIN_TIMEOUT = Duration.ofMinutes(1);
    static final Duration MAX_DURATION = Duration.ofDays(365);
    static final Duration MIN_REPEAT_WINDOW = Duration.ofMinutes(1);
    static final Duration MAX_REPEAT_WINDOW = Duration.ofDays(90);
    static final int MAX_LONG_WAIT = 86_400;

    private static final ObjectMapper JSON = new ObjectMapper();

    private DefinitionMapper() {
    }

    /** Whether the text is a valid definition key (for lookups by key). */
    public static boolean isKey(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    /**
     * The domain definition of a request's definition, at version 1, or every rule it
     * breaks. Field paths start with {@code prefix} (e.g. {@code "definition."}).
     */
    public static Parsed<JourneyDefinition> parse(io.cjm.proto.journey.v1.JourneyDefinition d, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        if (!isKey(d.getKey())) {
            errors.add(new FieldError(prefix + "key", d.getKey().isEmpty() ? "required"
                    : "must be lower case letters, digits and _, starting with a letter, at most 63 characters"));
        }
        if (d.getName().isBlank()) {
            errors.add(new FieldError(prefix + "name", "required"));
        } else if (d.getName().length() > MAX_NAME) {
            errors.add(new FieldError(prefix + "name", "at most " + MAX_NAME + " characters"));
        }
        Category category = null;
        try {
            category = Category.fromWireName(d.getCategory());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(prefix + "category", d.getCategory().isEmpty() ? "required"
                    : "must be one of purchase, setup, support, billing, retention, other"));
        }
        patterns(d.getEntryPatternsList(), prefix + "entry_patterns", true, errors);
        List<Stage> stages = new ArrayList<>();
        if (d.getStagesCount() == 0) {
            errors.add(new FieldError(prefix + "stages", "at least one stage"));
        } else if (d.getStagesCount() > MAX_STAGES) {
            errors.add(new FieldError(prefix + "stages", "at most " + MAX_STAGES + " stages"));
        }
        Set<String> stageNames = new HashSet<>();
        for (int i = 0; i < d.getStagesCount(); i++) {
            JourneyStage s = d.getStages(i);
            String path = prefix + "stages[" + i + "]";
            boolean nameOk = true;
            if (s.getName().isBlank()) {
                errors.add(new FieldError(path + ".name", "required"));
                nameOk = false;
            } else if (s.getName().length() > MAX_STAGE_NAME) {
                errors.add(new FieldError(path + ".name", "at most " + MAX_STAGE_NAME + " characters"));
                nameOk = false;
            } else if (!stageNames.add(s.getName().trim().toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError(path + ".name", "must be unique among the stages"));
                nameOk = false;
            }
            boolean patternsOk = patterns(s.getPatternsList(), path + ".patterns", true, errors);
            if (nameOk && patternsOk) {
                stages.add(new Stage(s.getName().trim(), s.getPatternsList()));
            }
        }
        patterns(d.getGoalPatternsList(), prefix + "goal_patterns", true, errors);
        patterns(d.getFailurePatternsList(), prefix + "failure_patterns", false, errors);
        Duration timeout = duration(d.getInactivityTimeout(), prefix + "inactivity_timeout", MIN_TIMEOUT,
                MAX_DURATION, errors);
        List<String> correlationKeys = d.getCorrelationKeysCount() == 0 ? DefaultCatalogue.CORRELATION_KEYS
                : d.getCorrelationKeysList();
        if (correlationKeys.size() > MAX_CORRELATION_KEYS) {
            errors.add(new FieldError(prefix + "correlation_keys", "at most " + MAX_CORRELATION_KEYS + " keys"));
        }
        Set<String> seenKeys = new HashSet<>();
        for (int i = 0; i < d.getCorrelationKeysCount(); i++) {
            String k = d.getCorrelationKeys(i);
            if (!CORRELATION_KEY.matcher(k).matches()) {
                errors.add(new FieldError(prefix + "correlation_keys[" + i + "]",
                        "must be letters, digits, _, . or -, starting with a letter, at most 64 characters"));
            } else if (!seenKeys.add(k)) {
                errors.add(new FieldError(prefix + "correlation_keys[" + i + "]", "repeated"));
            }
        }
        if (d.getExpectedTouchpoints() < 1 || d.getExpectedTouchpoints() > MAX_EXPECTED_TOUCHPOINTS) {
            errors.add(new FieldError(prefix + "expected_touchpoints",
                    "must be between 1 and " + MAX_EXPECTED_TOUCHPOINTS));
        }
        Duration expected = duration(d.getExpectedDuration(), prefix + "expected_duration", Duration.ofSeconds(1),
                MAX_DURATION, errors);
        double value = d.getBusinessValue();
        if (!(value >= 0 && value <= 100)) {
            errors.add(new FieldError(prefix + "business_value", "must be between 0 and 100"));
        }
        if (!errors.isEmpty()) {
            return new Parsed<>(null, List.copyOf(errors));
        }
        return new Parsed<>(new JourneyDefinition(d.getKey(), d.getName().trim(), category, 1,
                d.getEntryPatternsList(), stages, d.getGoalPatternsList(), d.getFailurePatternsList(), timeout,
                correlationKeys, d.getExpectedTouchpoints(), expected, value), List.of());
    }

    /** Checks a list of type patterns; true when it is fine. */
    private static boolean patterns(List<String> patterns, String path, boolean required, List<FieldError> errors) {
        int before = errors.size();
        if (required && patterns.isEmpty()) {
            errors.add(new FieldError(path, "at least one event type"));
        }
        if (patterns.size() > MAX_PATTERNS) {
            errors.add(new FieldError(path, "at most " + MAX_PATTERNS + " event types"));
        }
        for (int i = 0; i < patterns.size(); i++) {
            String p = patterns.get(i);
            String normalized = EventTypes.normalize(p);
            if (p.length() > MAX_PATTERN) {
                errors.add(new FieldError(path + "[" + i + "]", "at most " + MAX_PATTERN + " characters"));
            } else if (normalized.isEmpty()) {
                errors.add(new FieldError(path + "[" + i + "]", "must name an event type"));
            } else if (normalized.equals("*")) {
                // A lone wildcard would take every touchpoint of the tenant.
                errors.add(new FieldError(path + "[" + i + "]", "a wildcard needs a prefix, e.g. support.*"));
            } else if (normalized.indexOf('*') >= 0 && normalized.indexOf('*') != normalized.length() - 1) {
                errors.add(new FieldError(path + "[" + i + "]", "* may only end a pattern"));
            }
        }
        return errors.size() == before;
    }

    /** An ISO-8601 duration within [min, max]; null (with an error) otherwise. */
    private static Duration duration(String text, String path, Duration min, Duration max,
            List<FieldError> errors) {
        if (text.isBlank()) {
            errors.add(new FieldError(path, "required, an ISO-8601 duration such as P14D or PT12H"));
            return null;
        }
        Duration d;
        try {
            d = Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(path, "not an ISO-8601 duration such as P14D or PT12H"));
            return null;
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            errors.add(new FieldError(path, "must be between " + iso(min) + " and " + iso(max)));
            return null;
        }
        return d;
    }

    /** The thresholds of a settings request, or every rule it breaks (paths start with {@code prefix}). */
    public static Parsed<FrictionThresholds> parse(JourneySettings s, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        Duration window = duration(s.getRepeatContactWindow(), prefix + "repeat_contact_window", MIN_REPEAT_WINDOW,
                MAX_REPEAT_WINDOW, errors);
        if (s.getLongWaitSeconds() < 1 || s.getLongWaitSeconds() > MAX_LONG_WAIT) {
            errors.add(new FieldError(prefix + "long_wait_seconds", "must be between 1 and " + MAX_LONG_WAIT));
        }
        double sentiment = s.getNegativeSentiment();
        if (!(sentiment >= -1 && sentiment <= 1)) {
            errors.add(new FieldError(prefix + "negative_sentiment", "must be between -1 and 1"));
        }
        if (!errors.isEmpty()) {
            return new Parsed<>(null, List.copyOf(errors));
        }
        return new Parsed<>(new FrictionThresholds(window, s.getLongWaitSeconds(), sentiment), List.of());
    }

    /** ISO-8601 text of a duration, in whole days when it is whole days ({@code P14D}, not {@code PT336H}). */
    public static String iso(Duration d) {
        long seconds = d.toSeconds();
        if (seconds > 0 && seconds % 86_400 == 0 && d.getNano() == 0) {
            return "P" + seconds / 86_400 + "D";
        }
        return d.toString();
    }

    public static JourneySettings.Builder toProto(FrictionThresholds t) {
        return JourneySettings.newBuilder().setRepeatContactWindow(iso(t.repeatContactWindow()))
                .setLongWaitSeconds(t.longWaitSeconds()).setNegativeSentiment(t.negativeSentiment());
    }

    public static io.cjm.proto.journey.v1.JourneyDefinition toProto(JourneyDefinition d) {
        return io.cjm.proto.journey.v1.JourneyDefinition.newBuilder().setKey(d.key()).setName(d.name())
                .setCategory(d.category().wireName()).addAllEntryPatterns(d.entryPatterns())
                .addAllStages(d.stages().stream().map(s -> JourneyStage.newBuilder().setName(s.name())
                        .addAllPatterns(s.patterns()).build()).toList())
                .addAllGoalPatterns(d.goalPatterns()).addAllFailurePatterns(d.failurePatterns())
                .setInactivityTimeout(iso(d.inactivityTimeout())).addAllCorrelationKeys(d.correlationKeys())
                .setExpectedTouchpoints(d.expectedTouchpoints()).setExpectedDuration(iso(d.expectedDuration()))
                .setBusinessValue(d.businessValue()).build();
    }

    /** The JSON body a definition is stored as. */
    public static String write(JourneyDefinition d) {
        try {
            return JSON.writeValueAsString(new StoredDefinition(d.name(), d.category().wireName(), d.entryPatterns(),
                    d.stages().stream().map(s -> new StoredStage(s.name(), s.patterns())).toList(), d.goalPatterns(),
                    d.failurePatterns(), iso(d.inactivityTimeout()), d.correlationKeys(),
                    d.expectedTouchpoints(), iso(d.expectedDuration()), d.businessValue()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stored definition at its key and version. */
    public static JourneyDefinition read(String key, int version, String body) {
        try {
            StoredDefinition s = JSON.readValue(body, StoredDefinition.class);
            return new JourneyDefinition(key, s.name(), Category.fromWireName(s.category()), version,
                    s.entryPatterns(), s.stages().stream().map(st -> new Stage(st.name(), st.patterns())).toList(),
                    s.goalPatterns(), s.failurePatterns(), Duration.parse(s.inactivityTimeout()),
                    s.correlationKeys(), s.expectedTouchpoints(), Duration.parse(s.expectedDuration()),
                    s.businessValue());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored journey definition " + key + " v" + version, e);
        }
    }
}
