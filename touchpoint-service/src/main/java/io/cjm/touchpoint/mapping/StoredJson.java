package io.cjm.touchpoint.mapping;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.cjm.proto.touchpoint.v1.Attachment;
import io.cjm.proto.touchpoint.v1.Content;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the JSON columns of a stored touchpoint with Jackson: for reads of many
 * rows at once such as the agent timeline, and for capture, which writes three columns for
 * every touchpoint. Protobuf's JsonFormat walks the message descriptors for every value and
 * takes several times as long. The shapes are the ones JsonFormat writes (rows captured
 * before are read the same way, and JsonFormat's parser reads these): identifiers an object
 * of strings, content {@code {"text", "attachments": [{"uri", "mediaType", "sizeBytes", "kind"}]}}
 * (fields with their default value left out, an int64 written as a string), attributes any
 * JSON object.
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

    /** Identifiers as stored: a JSON object of type to value, in the order of {@code ids}. */
    public static String identifiersJson(Map<String, String> ids) {
        return write(g -> {
            g.writeStartObject();
            for (Map.Entry<String, String> e : ids.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        });
    }

    /** Attributes as stored: the struct as a JSON object. */
    public static String structJson(Struct s) {
        return write(g -> writeStruct(g, s));
    }

    /** Content as stored: text and attachments, each field left out when it has its default value. */
    public static String contentJson(Content c) {
        return write(g -> {
            g.writeStartObject();
            if (!c.getText().isEmpty()) {
                g.writeStringField("text", c.getText());
            }
            List<Attachment> attachments = c.getAttachmentsList();
            if (!attachments.isEmpty()) {
                g.writeArrayFieldStart("attachments");
                for (Attachment a : attachments) {
                    g.writeStartObject();
                    if (!a.getUri().isEmpty()) {
                        g.writeStringField("uri", a.getUri());
                    }
                    if (!a.getMediaType().isEmpty()) {
                        g.writeStringField("mediaType", a.getMediaType());
                    }
                    if (a.getSizeBytes() != 0) {
                        g.writeStringField("sizeBytes", Long.toString(a.getSizeBytes()));
                    }
                    if (!a.getKind().isEmpty()) {
                        g.writeStringField("kind", a.getKind());
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    private static void writeStruct(JsonGenerator g, Struct s) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, Value> e : s.getFieldsMap().entrySet()) {
            g.writeFieldName(e.getKey());
            writeValue(g, e.getValue());
        }
        g.writeEndObject();
    }

    private static void writeValue(JsonGenerator g, Value v) throws IOException {
        switch (v.getKindCase()) {
            case STRUCT_VALUE -> writeStruct(g, v.getStructValue());
            case LIST_VALUE -> {
                g.writeStartArray();
                for (Value x : v.getListValue().getValuesList()) {
                    writeValue(g, x);
                }
                g.writeEndArray();
            }
            case STRING_VALUE -> g.writeString(v.getStringValue());
            // As JsonFormat: Double.toString, and NaN or an infinity as a string.
            case NUMBER_VALUE -> {
                if (Double.isFinite(v.getNumberValue())) {
                    g.writeNumber(v.getNumberValue());
                } else {
                    g.writeString(Double.toString(v.getNumberValue()));
                }
            }
            case BOOL_VALUE -> g.writeBoolean(v.getBoolValue());
            default -> g.writeNull();
        }
    }

    private interface Writing {
        void to(JsonGenerator g) throws IOException;
    }

    private static String write(Writing writing) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            writing.to(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
