package io.cjm.gateway.mapping;

import static io.cjm.gateway.mapping.TouchpointJson.attributesWithValueAtDepth;
import static io.cjm.gateway.mapping.TouchpointJson.fields;
import static io.cjm.gateway.mapping.TouchpointJson.full;
import static io.cjm.gateway.mapping.TouchpointJson.minimal;
import static io.cjm.gateway.mapping.TouchpointJson.parse;
import static io.cjm.gateway.mapping.TouchpointJson.pathAtDepth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import io.cjm.gateway.mapping.TouchpointJsonMapper.Parsed;
import io.cjm.gateway.rest.model.FieldErrorBody;
import io.cjm.proto.touchpoint.v1.Attachment;
import io.cjm.proto.touchpoint.v1.Touchpoint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TouchpointJsonMapperTest {

    private static final String RFC_3339 =
            "must be an RFC 3339 date-time with a time zone offset, e.g. 2026-11-25T10:15:30Z";

    private static Touchpoint readValid(ObjectNode json) {
        Parsed parsed = TouchpointJsonMapper.read(json);
        assertEquals(List.of(), parsed.errors());
        return parsed.touchpoint();
    }

    /** Asserts that reading gives exactly one error, and returns it. */
    private static FieldErrorBody onlyError(ObjectNode json) {
        List<FieldErrorBody> errors = TouchpointJsonMapper.read(json).errors();
        assertEquals(1, errors.size(), () -> "errors: " + errors);
        return errors.getFirst();
    }

    @Nested
    class ValidTouchpoints {

        @Test
        void everyFieldOfAFullTouchpointIsRead() {
            Touchpoint t = readValid(full());

            assertEquals("tp-42", t.getId());
            assertEquals("Call Completed", t.getType());
            assertEquals("phone", t.getChannel());
            assertEquals("inbound", t.getDirection());
            assertEquals("agent-7", t.getAgentId());
            assertEquals(-0.6, t.getSentiment());
            assertEquals(2, t.getCsat());
            assertEquals(3, t.getNps());
            assertEquals(340, t.getWaitSeconds());
            assertEquals(129.95, t.getValue());
            assertEquals("EUR", t.getCurrency());
            assertEquals(615, t.getHandleSeconds());
            assertEquals(1, t.getTransfers());
            assertEquals("where_is_my_order", t.getBotIntent());
            assertEquals("escalated", t.getBotOutcome());
            assertEquals("genesys", t.getSource());
        }

        @Test
        void aTouchpointOfExactly32KilobytesIsRead() {
            ObjectNode json = minimal();
            json.putObject("attributes").put("note", "");
            int padding = TouchpointJsonMapper.MAX_ITEM_BYTES - TouchpointJsonMapper.jsonSize(json);
            ((ObjectNode) json.get("attributes")).put("note", "x".repeat(padding));

            assertEquals(TouchpointJsonMapper.MAX_ITEM_BYTES, TouchpointJsonMapper.jsonSize(json));
            assertEquals("tp-1", readValid(json).getId());
        }

        @Test
        void aTouchpointOneByteOver32KilobytesIsRejectedWholeWithItsId() {
            ObjectNode json = minimal();
            json.putObject("attributes").put("note", "");
            int padding = TouchpointJsonMapper.MAX_ITEM_BYTES - TouchpointJsonMapper.jsonSize(json) + 1;
            ((ObjectNode) json.get("attributes")).put("note", "x".repeat(padding));

            Parsed parsed = TouchpointJsonMapper.read(json);
            assertEquals(List.of(new FieldErrorBody("", "a touchpoint is at most 32768 bytes of JSON; this one is 32769")),
                    parsed.errors());
            assertEquals("tp-1", parsed.touchpoint().getId());
        }

        @Test
        void theTimeIsReadWithItsOffsetAndFraction() {
            Instant expected = Instant.parse("2026-03-01T10:15:30.250Z");

            assertEquals(Timestamp.newBuilder().setSeconds(expected.getEpochSecond()).setNanos(250_000_000).build(),
                    readValid(full()).getOccurredAt());
        }

        @Test
        void identifiersAreKeptAsSentAndNumbersBecomeText() {
            assertEquals(Map.of("email", "Ana@Example.com", "phone", "+34 600 123 456", "customerId", "1042"),
                    readValid(full()).getIdentifiersMap());
        }

        @Test
        void contentKeepsItsTextAndAttachmentsInOrder() {
            Touchpoint t = readValid(full());

            assertEquals("The parcel never arrived", t.getContent().getText());
            assertEquals(List.of(
                    Attachment.newBuilder().setUri("https://media.example.com/v/1.ogg").setMediaType("audio/ogg")
                            .setSizeBytes(48213).build(),
                    Attachment.newBuilder().setUri("https://media.example.com/i/2.png").setMediaType("image/png")
                            .setSizeBytes(1024).setKind("image").build()),
                    t.getContent().getAttachmentsList());
        }

        @Test
        void attributesKeepEveryJsonType() {
            Struct attributes = readValid(full()).getAttributes();

            assertEquals(Value.newBuilder().setStringValue("C-17").build(), attributes.getFieldsOrThrow("caseId"));
            assertEquals(Value.newBuilder().setNumberValue(9001).build(), attributes.getFieldsOrThrow("orderId"));
            assertEquals(Value.newBuilder().setBoolValue(true).build(), attributes.getFieldsOrThrow("vip"));
            assertEquals(Value.newBuilder().setListValue(ListValue.newBuilder()
                    .addValues(Value.newBuilder().setStringValue("late"))
                    .addValues(Value.newBuilder().setStringValue("refund"))).build(),
                    attributes.getFieldsOrThrow("tags"));
            assertEquals(Value.newBuilder().setStructValue(Struct.newBuilder()
                    .putFields("city", Value.newBuilder().setStringValue("Madrid").build())
                    .putFields("zip", Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build())).build(),
                    attributes.getFieldsOrThrow("address"));
        }

        @Test
        void optionalFieldsLeftOutStayUnset() {
            Touchpoint t = readValid(minimal());

            assertFalse(t.hasSentiment());
            assertFalse(t.hasCsat());
            assertFalse(t.hasNps());
            assertFalse(t.hasWaitSeconds());
            assertFalse(t.hasValue());
            assertFalse(t.hasContent());
            assertFalse(t.hasAttributes());
            assertEquals("", t.getDirection());
        }

        @Test
        void optionalFieldsSentAsNullStayUnset() {
            ObjectNode json = minimal();
            json.putNull("csat").putNull("sentiment").putNull("content").putNull("attributes").putNull("direction");

            Touchpoint t = readValid(json);

            assertFalse(t.hasCsat());
            assertFalse(t.hasSentiment());
            assertFalse(t.hasContent());
            assertFalse(t.hasAttributes());
        }

        @Test
        void aNullIdentifierIsLeftOut() {
            ObjectNode json = minimal();
            ((ObjectNode) json.get("identifiers")).putNull("phone");

            assertEquals(Map.of("email", "ana@example.com"), readValid(json).getIdentifiersMap());
        }

        @Test
        void valuesAreNotCheckedHereButByTouchpointService() {
            ObjectNode json = minimal().put("channel", "fax").put("csat", 9).put("id", "");

            Touchpoint t = readValid(json);

            assertEquals("fax", t.getChannel());
            assertEquals(9, t.getCsat());
        }
    }

    @Nested
    class WrongTypes {

        @ParameterizedTest(name = "{0} = {1}")
        @CsvSource(delimiter = '|', textBlock = """
                id          | 42                      | must be a string
                type        | {"name": "x"}           | must be a string
                channel     | ["web"]                 | must be a string
                direction   | true                    | must be a string
                agentId     | 7                       | must be a string
                sentiment   | "-0.5"                  | must be a number
                value       | false                   | must be a number
                csat        | "5"                     | must be an integer
                csat        | 4.5                     | must be an integer
                nps         | 3000000000              | must be an integer
                waitSeconds | "340"                   | must be an integer
                identifiers | ["ana@example.com"]     | must be an object of identifier type to value
                attributes  | "vip"                   | must be a JSON object
                attributes  | [1, 2]                  | must be a JSON object
                content     | "The parcel"            | must be a JSON object
                """)
        void areReportedWithTheFieldName(String field, String json, String message) {
            ObjectNode touchpoint = minimal();
            touchpoint.set(field, parse(json));

            assertEquals(new FieldErrorBody(field, message), onlyError(touchpoint));
        }

        @Test
        void aWrongIdentifierValueIsReportedWithItsType() {
            ObjectNode json = minimal();
            ((ObjectNode) json.get("identifiers")).putObject("phone").put("number", "600");

            assertEquals(new FieldErrorBody("identifiers.phone", "must be a string"), onlyError(json));
        }

        @Test
        void wrongContentFieldsAreReportedWithTheirPath() {
            ObjectNode json = minimal();
            json.set("content", parse("""
                    {"text": 5,
                     "attachments": [{"uri": "https://m.example.com/1", "mediaType": "image/png", "sizeBytes": "big"},
                                     "https://m.example.com/2",
                                     {"uri": 3, "mediaType": "image/png", "sizeBytes": 1.5}]}
                    """));

            assertEquals(List.of(
                    new FieldErrorBody("content.text", "must be a string"),
                    new FieldErrorBody("content.attachments[0].sizeBytes", "must be an integer"),
                    new FieldErrorBody("content.attachments[1]", "must be a JSON object"),
                    new FieldErrorBody("content.attachments[2].uri", "must be a string"),
                    new FieldErrorBody("content.attachments[2].sizeBytes", "must be an integer")),
                    TouchpointJsonMapper.read(json).errors());
        }

        @Test
        void attachmentsMustBeAnArray() {
            ObjectNode json = minimal();
            json.set("content", parse("{\"attachments\": {\"uri\": \"https://m.example.com/1\"}}"));

            assertEquals(new FieldErrorBody("content.attachments", "must be an array"), onlyError(json));
        }

        @Test
        void everyProblemOfATouchpointIsReportedAtOnce() {
            ObjectNode json = minimal().put("csat", "5").put("tenant", "acme").put("colour", "red");

            assertEquals(List.of("csat", "tenant", "colour"), fields(TouchpointJsonMapper.read(json).errors()));
        }

        @Test
        void somethingOtherThanAnObjectIsNotATouchpoint() {
            assertEquals(List.of(new FieldErrorBody("", "a touchpoint must be a JSON object")),
                    TouchpointJsonMapper.read(parse("[{\"id\": \"tp-1\"}]")).errors());
            assertEquals(List.of(new FieldErrorBody("", "a touchpoint must be a JSON object")),
                    TouchpointJsonMapper.read(null).errors());
        }
    }

    @Nested
    class Times {

        @ParameterizedTest
        @ValueSource(strings = {"2026-03-01T10:15:30", "2026-03-01", "01/03/2026 10:15", "2026-03-01T10:15:30 UTC",
                "2026-02-30T10:15:30Z", "1772360130", "yesterday"})
        void aTimeThatIsNotRfc3339IsReportedOnOccurredAt(String time) {
            assertEquals(new FieldErrorBody("occurredAt", RFC_3339), onlyError(minimal().put("occurredAt", time)));
        }

        @Test
        void aNumberIsNotATime() {
            assertEquals(new FieldErrorBody("occurredAt", "must be an RFC 3339 date-time string"),
                    onlyError(minimal().put("occurredAt", 1772360130)));
        }

        @ParameterizedTest
        @ValueSource(strings = {"2026-03-01T10:15:30Z", "2026-03-01T11:15:30+01:00", "2026-03-01T05:15:30-05:00",
                "2026-03-01T10:15:30.000Z"})
        void anyOffsetGivesTheSameInstant(String time) {
            assertEquals(Instant.parse("2026-03-01T10:15:30Z").getEpochSecond(),
                    readValid(minimal().put("occurredAt", time)).getOccurredAt().getSeconds());
        }
    }

    @Nested
    class FieldsAClientMayNotSend {

        @ParameterizedTest
        @ValueSource(strings = {"tenant", "tenantId", "profileId", "jes", "journeyId", "status"})
        void fieldsSetByTheSuiteAreRejectedAsSuch(String field) {
            assertEquals(new FieldErrorBody(field, "is set by the suite, not by the client"),
                    onlyError(minimal().put(field, "acme")));
        }

        @Test
        void aTenantIsRejectedEvenWhenNull() {
            ObjectNode json = minimal();
            json.putNull("tenant");

            assertEquals(new FieldErrorBody("tenant", "is set by the suite, not by the client"), onlyError(json));
        }

        @Test
        void unknownFieldsAreReported() {
            assertEquals(new FieldErrorBody("colour", "unknown field"), onlyError(minimal().put("colour", "red")));
        }

        @Test
        void unknownContentAndAttachmentFieldsAreReportedWithTheirPath() {
            ObjectNode json = minimal();
            json.set("content", parse("""
                    {"summary": "late parcel",
                     "attachments": [{"uri": "https://m.example.com/1", "mediaType": "audio/ogg", "duration": 12}]}
                    """));

            assertEquals(List.of("content.summary", "content.attachments[0].duration"),
                    fields(TouchpointJsonMapper.read(json).errors()));
        }
    }

    @Nested
    class Nesting {

        @Test
        void attributesMayNestTenLevels() {
            ObjectNode json = minimal();
            json.set("attributes", attributesWithValueAtDepth(10));

            assertTrue(readValid(json).hasAttributes());
        }

        @Test
        void attributesNestedDeeperThanTenLevelsAreRejectedAtTheTooDeepValue() {
            ObjectNode json = minimal();
            json.set("attributes", attributesWithValueAtDepth(11));

            assertEquals(new FieldErrorBody(pathAtDepth(11), "nested deeper than 10 levels"), onlyError(json));
        }

        @Test
        void arraysCountAsALevel() {
            ObjectNode json = minimal();
            ObjectNode attributes = (ObjectNode) attributesWithValueAtDepth(9);
            json.set("attributes", attributes);
            ObjectNode innermost = (ObjectNode) attributes.at("/l2/l3/l4/l5/l6/l7/l8");
            innermost.putArray("list").addArray().add(1);

            assertEquals(new FieldErrorBody(pathAtDepth(8) + ".list[0][0]", "nested deeper than 10 levels"),
                    onlyError(json));
        }
    }
}
