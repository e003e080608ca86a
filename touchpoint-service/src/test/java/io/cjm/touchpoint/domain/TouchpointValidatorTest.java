package io.cjm.touchpoint.domain;

import static io.cjm.touchpoint.Touchpoints.content;
import static io.cjm.touchpoint.Touchpoints.fields;
import static io.cjm.touchpoint.Touchpoints.timestamp;
import static io.cjm.touchpoint.Touchpoints.valid;
import static io.cjm.touchpoint.Touchpoints.voiceMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cjm.proto.touchpoint.v1.Attachment;
import io.cjm.proto.touchpoint.v1.FieldError;
import io.cjm.proto.touchpoint.v1.Touchpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TouchpointValidatorTest {

    private static final Instant NOW = Instant.now();

    private static List<FieldError> validate(Touchpoint.Builder t) {
        return TouchpointValidator.validate(t.build(), NOW);
    }

    /** Asserts exactly one error, on the field, and returns its message. */
    private static String onlyError(Touchpoint.Builder t, String field) {
        List<FieldError> errors = validate(t);
        assertEquals(List.of(field), fields(errors), () -> "errors: " + errors);
        return errors.getFirst().getMessage();
    }

    @Test
    void aCompleteTouchpointIsValid() {
        Touchpoint.Builder t = valid().setDirection("inbound").setSentiment(-0.4).setCsat(2).setNps(0)
                .setWaitSeconds(0).setAgentId("agent-7").setValue(19.99)
                .setContent(content(voiceMessage().build(), voiceMessage().setSizeBytes(0).build()));

        assertEquals(List.of(), validate(t));
    }

    @Test
    void everyErrorOfATouchpointIsReportedAtOnce() {
        Touchpoint.Builder t = Touchpoint.newBuilder().setDirection("sideways").setCsat(9);

        assertEquals(List.of("id", "type", "channel", "occurredAt", "identifiers", "direction", "csat"),
                fields(validate(t)));
    }

    @Nested
    class RequiredText {

        @Test
        void idIsRequired() {
            assertEquals("required", onlyError(valid().setId("  "), "id"));
        }

        @Test
        void idIsAtMost200Characters() {
            assertEquals(List.of(), validate(valid("x".repeat(200))));
            assertEquals("longer than 200 characters", onlyError(valid("x".repeat(201)), "id"));
        }

        @Test
        void typeIsRequiredAndAtMost200Characters() {
            assertEquals("required", onlyError(valid().setType(""), "type"));
            assertEquals("longer than 200 characters", onlyError(valid().setType("t".repeat(201)), "type"));
        }

        @Test
        void agentIdIsAtMost200Characters() {
            assertEquals("longer than 200 characters", onlyError(valid().setAgentId("a".repeat(201)), "agentId"));
        }
    }

    @Nested
    class Channel {

        @Test
        void isRequired() {
            assertEquals("required", onlyError(valid().setChannel(" "), "channel"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"web", "mobile_app", "email", "phone", "chat", "whatsapp", "sms", "social", "kiosk",
                "store", "review", "bot"})
        void everyChannelOfTheSuiteIsAccepted(String channel) {
            assertEquals(List.of(), validate(valid().setChannel(channel)));
        }

        @ParameterizedTest
        @ValueSource(strings = {"fax", "Web", "carrier pigeon"})
        void anyOtherIsRejectedNamingTheKnownOnes(String channel) {
            String message = onlyError(valid().setChannel(channel), "channel");

            assertTrue(message.startsWith("must be one of bot, chat, email,"), message);
        }
    }

    @Nested
    class OccurredAt {

        @Test
        void isRequired() {
            assertEquals("required", onlyError(valid().clearOccurredAt(), "occurredAt"));
        }

        @Test
        void mayBeUpToADayAhead() {
            assertEquals(List.of(), validate(valid().setOccurredAt(timestamp(NOW.plus(Duration.ofHours(23))))));
        }

        @Test
        void mayNotBeMoreThanADayAhead() {
            Touchpoint.Builder t = valid().setOccurredAt(timestamp(NOW.plus(Duration.ofDays(1)).plusSeconds(60)));

            assertEquals("is more than a day in the future", onlyError(t, "occurredAt"));
        }

        @Test
        void mayNotBeBefore1970() {
            // Year 0 is valid RFC 3339 but no customer contact, and PostgreSQL refuses to read it:
            // one such item must be rejected alone, not fail the batch it came in.
            Touchpoint.Builder t = valid().setOccurredAt(timestamp(Instant.parse("0000-01-01T00:00:00Z")));

            assertEquals("is before 1970-01-01T00:00:00Z", onlyError(t, "occurredAt"));
            assertEquals(List.of(), validate(valid().setOccurredAt(timestamp(Instant.parse("1970-01-01T00:00:00Z")))));
        }

        @Test
        void mayBeLongAgo() {
            assertEquals(List.of(), validate(valid().setOccurredAt(timestamp(Instant.parse("2019-01-01T00:00:00Z")))));
        }
    }

    @Nested
    class Identifiers {

        @Test
        void atLeastOneIsRequired() {
            assertEquals("at least one identifier is required", onlyError(valid().clearIdentifiers(), "identifiers"));
        }

        @Test
        void atMostTwentyAreAllowed() {
            Touchpoint.Builder t = valid().clearIdentifiers();
            for (int i = 0; i < 21; i++) {
                t.putIdentifiers("type" + i, "value" + i);
            }

            assertEquals("at most 20 identifiers", onlyError(t, "identifiers"));
        }

        @Test
        void aValueMustNotBeBlank() {
            assertEquals("must not be empty", onlyError(valid().putIdentifiers("phone", " "), "identifiers.phone"));
        }

        @Test
        void aValueIsAtMost500Characters() {
            Touchpoint.Builder t = valid().putIdentifiers("customerId", "c".repeat(501));

            assertEquals("longer than 500 characters", onlyError(t, "identifiers.customerId"));
        }

        @Test
        void aTypeIsOneTo64Characters() {
            assertEquals("identifier types are 1 to 64 characters",
                    onlyError(valid().putIdentifiers(" ", "x"), "identifiers"));
            assertEquals("identifier types are 1 to 64 characters",
                    onlyError(valid().putIdentifiers("t".repeat(65), "x"), "identifiers"));
        }
    }

    @Nested
    class Measures {

        @Test
        void directionIsInboundOrOutbound() {
            assertEquals(List.of(), validate(valid().setDirection("outbound")));
            assertEquals("must be inbound or outbound", onlyError(valid().setDirection("in"), "direction"));
        }

        @ParameterizedTest
        @ValueSource(doubles = {-1.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY})
        void sentimentIsBetweenMinusOneAndOne(double sentiment) {
            assertEquals("must be between -1 and 1", onlyError(valid().setSentiment(sentiment), "sentiment"));
        }

        @Test
        void sentimentBoundsAreIncluded() {
            assertEquals(List.of(), validate(valid().setSentiment(-1)));
            assertEquals(List.of(), validate(valid().setSentiment(1)));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 6, -3})
        void csatIsOneToFive(int csat) {
            assertEquals("must be between 1 and 5", onlyError(valid().setCsat(csat), "csat"));
        }

        @ParameterizedTest
        @ValueSource(ints = {-1, 11})
        void npsIsZeroToTen(int nps) {
            assertEquals("must be between 0 and 10", onlyError(valid().setNps(nps), "nps"));
        }

        @Test
        void waitSecondsIsNotNegative() {
            assertEquals("must not be negative", onlyError(valid().setWaitSeconds(-1), "waitSeconds"));
        }

        @ParameterizedTest
        @ValueSource(doubles = {Double.NaN, Double.NEGATIVE_INFINITY})
        void valueIsAFiniteNumber(double value) {
            assertEquals("must be a finite number", onlyError(valid().setValue(value), "value"));
        }

        @Test
        void aNegativeValueIsAllowed() {
            assertEquals(List.of(), validate(valid().setValue(-25)));
        }
    }

    @Nested
    class Contents {

        @Test
        void textIsAtMost16000Characters() {
            assertEquals(List.of(), validate(valid().setContent(content().setText("x".repeat(16_000)))));
            assertEquals("longer than 16000 characters",
                    onlyError(valid().setContent(content().setText("x".repeat(16_001))), "content.text"));
        }

        @Test
        void atMostTwentyAttachments() {
            Attachment[] attachments = new Attachment[21];
            java.util.Arrays.fill(attachments, voiceMessage().build());

            assertEquals("at most 20 attachments",
                    onlyError(valid().setContent(content(attachments)), "content.attachments"));
        }

        @Test
        void attachmentErrorsNameTheAttachmentAndItsField() {
            Touchpoint.Builder t = valid().setContent(content(
                    voiceMessage().build(),
                    voiceMessage().setUri(" ").build(),
                    voiceMessage().setMediaType("").setSizeBytes(-1).build()));

            assertEquals(List.of("content.attachments[1].uri", "content.attachments[2].mediaType",
                    "content.attachments[2].sizeBytes"), fields(validate(t)));
        }

        @Test
        void theFirstAttachmentIsIndexZero() {
            Touchpoint.Builder t = valid().setContent(content(voiceMessage().clearUri().build()));

            assertEquals("required", onlyError(t, "content.attachments[0].uri"));
        }
    }

    @Nested
    class ContactCenterAndCommerce {

        @Test
        void aContactCenterContactWithEveryDetailIsValid() {
            Touchpoint.Builder t = valid().setChannel("phone").setWaitSeconds(240).setHandleSeconds(610)
                    .setTransfers(2).setAgentId("agent-7").setBotIntent("refund_status").setBotOutcome("escalated")
                    .setValue(49.5).setCurrency("EUR").setSource("genesys");

            assertEquals(List.of(), validate(t));
        }

        @Test
        void handleTimeIsNeverNegative() {
            assertEquals("must not be negative", onlyError(valid().setHandleSeconds(-1), "handleSeconds"));
        }

        @ParameterizedTest
        @ValueSource(ints = {-1, 101})
        void transfersAreACountUpToAHundred(int transfers) {
            assertEquals("must be between 0 and 100", onlyError(valid().setTransfers(transfers), "transfers"));
        }

        @Test
        void botOutcomeIsOneOfTheKnownEndings() {
            assertEquals("must be one of abandoned, escalated, failed, resolved",
                    onlyError(valid().setBotOutcome("handed_over"), "botOutcome"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"eur", "EURO", "XYZ", "E1R"})
        void currencyIsAnIso4217Code(String code) {
            assertEquals("must be an ISO 4217 currency code such as EUR or USD",
                    onlyError(valid().setValue(10).setCurrency(code), "currency"));
        }

        @Test
        void aCurrencyWithoutAValueIsRefused() {
            assertEquals("is the currency of value, which is missing", onlyError(valid().setCurrency("USD"), "currency"));
        }

        @Test
        void anAttachmentKindIsVoiceImageVideoOrFile() {
            Touchpoint.Builder t = valid().setContent(content(voiceMessage().setKind("sticker").build()));

            assertEquals("must be one of file, image, video, voice", onlyError(t, "content.attachments[0].kind"));
        }

        @Test
        void theKindOfAnAttachmentFollowsItsMediaTypeUnlessGiven() {
            assertEquals("voice", TouchpointValidator.attachmentKind(voiceMessage().setMediaType("audio/ogg").build()));
            assertEquals("image", TouchpointValidator.attachmentKind(voiceMessage().setMediaType("image/png").build()));
            assertEquals("video", TouchpointValidator.attachmentKind(voiceMessage().setMediaType("video/mp4").build()));
            assertEquals("file", TouchpointValidator.attachmentKind(
                    voiceMessage().setMediaType("application/pdf").build()));
            assertEquals("file", TouchpointValidator.attachmentKind(
                    voiceMessage().setMediaType("audio/ogg").setKind("file").build()));
        }

        @Test
        void aTouchpointOverThirtyTwoKilobytesIsRefusedWhole() {
            Touchpoint.Builder t = valid().setAttributes(com.google.protobuf.Struct.newBuilder()
                    .putFields("note", com.google.protobuf.Value.newBuilder().setStringValue("x".repeat(33_000)).build()));

            assertEquals("a touchpoint is at most 32768 bytes", onlyError(t, ""));
        }
    }
}
