package io.cjm.touchpoint.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.cjm.proto.touchpoint.v1.Attachment;
import io.cjm.proto.touchpoint.v1.Content;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON columns capture writes read back as sent, and say what protobuf's JsonFormat said. */
class StoredJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void attributesOfEveryJsonTypeReadBackAsSent() throws Exception {
        Struct attributes = Struct.newBuilder()
                .putFields("caseId", text("c-1 <b>&'\"\\ é"))
                .putFields("amount", Value.newBuilder().setNumberValue(49.5).build())
                .putFields("count", Value.newBuilder().setNumberValue(3).build())
                .putFields("vip", Value.newBuilder().setBoolValue(true).build())
                .putFields("none", Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build())
                .putFields("tags", Value.newBuilder().setListValue(ListValue.newBuilder().addValues(text("a"))
                        .addValues(Value.newBuilder().setNumberValue(-1e-7))).build())
                .putFields("nested", Value.newBuilder().setStructValue(Struct.newBuilder()
                        .putFields("empty", Value.newBuilder().setStructValue(Struct.getDefaultInstance()).build())).build())
                .build();

        String stored = StoredJson.structJson(attributes);

        assertEquals(attributes, parse(stored, Struct.newBuilder()));
        assertEquals(attributes, StoredJson.struct(stored));
        assertSameJson(JsonFormat.printer().print(attributes), stored);
    }

    @Test
    void contentWithAttachmentsReadsBackAsSent() throws Exception {
        Content content = Content.newBuilder().setText("My parcel\nhas not arrived \u2014 \"order\" 7")
                .addAttachments(Attachment.newBuilder().setUri("https://media.example.com/v/1.ogg")
                        .setMediaType("audio/ogg").setSizeBytes(5_000_000_000L).setKind("voice"))
                .addAttachments(Attachment.newBuilder().setUri("s3://bucket/f.pdf").setKind("file"))
                .build();

        String stored = StoredJson.contentJson(content);

        assertEquals(content, parse(stored, Content.newBuilder()));
        assertEquals(content, StoredJson.content(stored));
        assertSameJson(JsonFormat.printer().print(content), stored);
    }

    @Test
    void emptyContentIsAnEmptyObject() throws Exception {
        assertEquals("{}", StoredJson.contentJson(Content.getDefaultInstance()));
        assertSameJson(JsonFormat.printer().print(Content.getDefaultInstance()), "{}");
    }

    @Test
    void identifiersReadBackAsSent() {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("email", "ann@example.com");
        ids.put("phone", "+49 30 1234\"5");

        assertEquals(ids, StoredJson.identifiers(StoredJson.identifiersJson(ids)));
    }

    private static Value text(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }

    private static Message parse(String json, Message.Builder into) throws Exception {
        JsonFormat.parser().merge(json, into);
        return into.build();
    }

    private static void assertSameJson(String expected, String actual) throws Exception {
        assertEquals(JSON.readTree(expected), JSON.readTree(actual));
    }
}
