package io.cjm.touchpoint.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.cjm.proto.touchpoint.v1.Attachment;
import io.cjm.proto.touchpoint.v1.Content;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the JSON columns of a stored touchpoint (written by {@link TouchpointMapper} with
 * protobuf's JsonFormat) with Jackson, for reads of many rows at once such as the agent
 * timeline: JsonFormat's parser walks the message descriptors for every value and takes
 * several times as long. The shapes are the ones JsonFormat writes: identifiers an object of
 * strings, content {@code {"text", "attachments": [{"uri", "mediaType", "sizeBytes", "kind"}]}} (an
 * int64 written as a string), attributes any JSON object.
 */
public final class StoredJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StoredJson() {
    }

    public static Map<String, String> identifiers(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tree(json).fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    public static Content content(String json) {
        JsonNode node = tree(json);
        Content.Builder c = Content.newBuilder().setText(node.path("text").asText(""));
        for (JsonNode a : node.path("attachments")) {
            c.addAttachments(Attachment.newBuilder().setUri(a.path("uri").asText(""))
                    .setMediaType(a.path("mediaType").asText("")).setSizeBytes(a.path("sizeBytes").asLong(0))
                    .setKind(a.path("kind").asText("")));
        }
        return c.build();
    }

    public static Struct struct(String json) {
        return struct(tree(json));
    }

    private static Struct struct(JsonNode object) {
        Struct.Builder s = Struct.newBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            s.putFields(e.getKey(), value(e.getValue()));
        }
        return s.build();
    }

    private static Value value(JsonNode n) {
        Value.Builder v = Value.newBuilder();
        if (n.isObject()) {
            v.setStructValue(struct(n));
        } else if (n.isArray()) {
            ListValue.Builder l = ListValue.newBuilder();
            n.forEach(x -> l.addValues(value(x)));
            v.setListValue(l);
        } else if (n.isTextual()) {
            v.setStringValue(n.textValue());
        } else if (n.isNumber()) {
            v.setNumberValue(n.doubleValue());
        } else if (n.isBoolean()) {
            v.setBoolValue(n.booleanValue());
        } else {
            v.setNullValue(NullValue.NULL_VALUE);
        }
        return v.build();
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored JSON column is not JSON", e);
        }
    }
}
