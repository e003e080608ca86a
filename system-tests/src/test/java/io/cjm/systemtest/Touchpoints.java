package io.cjm.systemtest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds touchpoints as a client sends them, with ids unique to the test run. */
final class Touchpoints {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    static Touchpoints touchpoint(String type, String channel, Instant at) {
        Touchpoints t = new Touchpoints();
        t.fields.put("id", unique("tp"));
        t.fields.put("type", type);
        t.fields.put("channel", channel);
        t.fields.put("occurredAt", at.toString());
        t.fields.put("identifiers", new LinkedHashMap<String, Object>());
        return t;
    }

    @SuppressWarnings("unchecked")
    Touchpoints identifier(String type, String value) {
        ((Map<String, Object>) fields.get("identifiers")).put(type, value);
        return this;
    }

    Touchpoints attribute(String key, Object value) {
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) fields.computeIfAbsent("attributes",
                k -> new LinkedHashMap<String, Object>());
        attributes.put(key, value);
        return this;
    }

    Touchpoints with(String field, Object value) {
        fields.put(field, value);
        return this;
    }

    Touchpoints without(String field) {
        fields.remove(field);
        return this;
    }

    String id() {
        return (String) fields.get("id");
    }

    Map<String, Object> json() {
        return fields;
    }

    static Map<String, Object> batch(Touchpoints... items) {
        return Map.of("touchpoints", List.of(items).stream().map(Touchpoints::json).toList());
    }
}
