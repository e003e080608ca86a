package io.cjm.gateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.cjm.gateway.rest.model.FieldErrorBody;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Free-form JSON (attributes, Segment properties and context) as a protobuf {@link Value}, depth-limited. */
final class JsonValues {

    /** How deep free-form JSON may nest: a touchpoint's attributes are level 1. */
    static final int MAX_DEPTH = 10;

    private JsonValues() {
    }

    /**
     * The JSON value as a protobuf value; empty, with an error naming the path of the first
     * value nested deeper than {@link #MAX_DEPTH} levels, when it nests too deep.
     */
    static Optional<Value> toValue(JsonNode v, String path, List<FieldErrorBody> errors) {
        return toValue(v, path, 1, errors);
    }

    private static Optional<Value> toValue(JsonNode v, String path, int depth, List<FieldErrorBody> errors) {
        if (depth > MAX_DEPTH) {
            errors.add(new FieldErrorBody(path, "nested deeper than " + MAX_DEPTH + " levels"));
            return Optional.empty();
        }
        Value.Builder b = Value.newBuilder();
        if (v.isObject()) {
            Struct.Builder s = Struct.newBuilder();
            for (Map.Entry<String, JsonNode> f : v.properties()) {
                var inner = toValue(f.getValue(), path + "." + f.getKey(), depth + 1, errors);
                if (inner.isEmpty()) {
                    return inner;
                }
                s.putFields(f.getKey(), inner.get());
            }
            b.setStructValue(s);
        } else if (v.isArray()) {
            ListValue.Builder l = ListValue.newBuilder();
            for (int i = 0; i < v.size(); i++) {
                var inner = toValue(v.get(i), path + "[" + i + "]", depth + 1, errors);
                if (inner.isEmpty()) {
                    return inner;
                }
                l.addValues(inner.get());
            }
            b.setListValue(l);
        } else if (v.isTextual()) {
            b.setStringValue(v.asText());
        } else if (v.isNumber()) {
            b.setNumberValue(v.asDouble());
        } else if (v.isBoolean()) {
            b.setBoolValue(v.asBoolean());
        } else {
            b.setNullValue(NullValue.NULL_VALUE);
        }
        return Optional.of(b.build());
    }
}
