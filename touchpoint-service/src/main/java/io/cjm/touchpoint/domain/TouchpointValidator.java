package io.cjm.touchpoint.domain;

import io.cjm.proto.touchpoint.v1.Attachment;
import io.cjm.proto.touchpoint.v1.FieldError;
import io.cjm.proto.touchpoint.v1.Touchpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules a touchpoint must meet before it is stored. Errors name the field by its path in
 * the touchpoint's JSON form, so the gateway can hand them to the client as they are.
 */
public final class TouchpointValidator {

    /** The channels of DESIGN.md. */
    public static final Set<String> CHANNELS = Set.of("web", "mobile_app", "email", "phone", "chat", "whatsapp", "sms",
            "social", "kiosk", "store", "review", "bot");
    static final Set<String> DIRECTIONS = Set.of("inbound", "outbound");
    static final int MAX_ID = 200;
    static final int MAX_TYPE = 200;
    static final int MAX_IDENTIFIERS = 20;
    static final int MAX_IDENTIFIER_TYPE = 64;
    static final int MAX_IDENTIFIER_VALUE = 500;
    static final int MAX_TEXT = 16_000;
    static final int MAX_ATTACHMENTS = 20;
    static final Duration MAX_FUTURE = Duration.ofDays(1);
    /** The earliest occurredAt taken: no customer contact predates it, and PostgreSQL reads every time after it. */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    /** One touchpoint in its stored (protobuf) form; the gateway holds its JSON form to 32 KB too. */
    static final int MAX_BYTES = 32 * 1024;
    static final int MAX_TRANSFERS = 100;
    static final int MAX_SOURCE = 100;
    /** How a bot's part of a contact can end. */
    public static final Set<String> BOT_OUTCOMES = Set.of("resolved", "escalated", "abandoned", "failed");
    /** What an attachment holds. */
    public static final Set<String> ATTACHMENT_KINDS = Set.of("voice", "image", "video", "file");

    private TouchpointValidator() {
    }

    /** All errors of one touchpoint; empty when it is valid. */
    public static List<FieldError> validate(Touchpoint t, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        if (t.getSerializedSize() > MAX_BYTES) {
            errors.add(error("", "a touchpoint is at most " + MAX_BYTES + " bytes"));
            return errors;
        }
        requireText(errors, "id", t.getId(), MAX_ID);
        requireText(errors, "type", t.getType(), MAX_TYPE);
        if (t.getChannel().isBlank()) {
            errors.add(error("channel", "required"));
        } else if (!CHANNELS.contains(t.getChannel())) {
            errors.add(error("channel", "must be one of " + String.join(", ", CHANNELS.stream().sorted().toList())));
        }
        if (!t.hasOccurredAt()) {
            errors.add(error("occurredAt", "required"));
        } else if (Instant.ofEpochSecond(t.getOccurredAt().getSeconds()).isAfter(now.plus(MAX_FUTURE))) {
            errors.add(error("occurredAt", "is more than a day in the future"));
        } else if (Instant.ofEpochSecond(t.getOccurredAt().getSeconds()).isBefore(EARLIEST)) {
            errors.add(error("occurredAt", "is before 1970-01-01T00:00:00Z"));
        }
        identifiers(errors, t.getIdentifiersMap());
        if (!t.getDirection().isEmpty() && !DIRECTIONS.contains(t.getDirection())) {
            errors.add(error("direction", "must be inbound or outbound"));
        }
        if (t.hasSentiment() && !(t.getSentiment() >= -1 && t.getSentiment() <= 1)) {
            errors.add(error("sentiment", "must be between -1 and 1"));
        }
        if (t.hasCsat() && (t.getCsat() < 1 || t.getCsat() > 5)) {
            errors.add(error("csat", "must be between 1 and 5"));
        }
        if (t.hasNps() && (t.getNps() < 0 || t.getNps() > 10)) {
            errors.add(error("nps", "must be between 0 and 10"));
        }
        if (t.hasWaitSeconds() && t.getWaitSeconds() < 0) {
            errors.add(error("waitSeconds", "must not be negative"));
        }
        if (t.hasValue() && !Double.isFinite(t.getValue())) {
            errors.add(error("value", "must be a finite number"));
        }
        if (t.getAgentId().length() > MAX_ID) {
            errors.add(error("agentId", "longer than " + MAX_ID + " characters"));
        }
        contactCenter(errors, t);
        content(errors, t);
        return errors;
    }

    private static void identifiers(List<FieldError> errors, Map<String, String> ids) {
        if (ids.isEmpty()) {
            errors.add(error("identifiers", "at least one identifier is required"));
            return;
        }
        if (ids.size() > MAX_IDENTIFIERS) {
            errors.add(error("identifiers", "at most " + MAX_IDENTIFIERS + " identifiers"));
        }
        ids.forEach((type, value) -> {
            if (type.isBlank() || type.length() > MAX_IDENTIFIER_TYPE) {
                errors.add(error("identifiers", "identifier types are 1 to " + MAX_IDENTIFIER_TYPE + " characters"));
            } else if (value.isBlank()) {
                errors.add(error("identifiers." + type, "must not be empty"));
            } else if (value.length() > MAX_IDENTIFIER_VALUE) {
                errors.add(error("identifiers." + type, "longer than " + MAX_IDENTIFIER_VALUE + " characters"));
            }
        });
    }

    private static void contactCenter(List<FieldError> errors, Touchpoint t) {
        if (t.hasHandleSeconds() && t.getHandleSeconds() < 0) {
            errors.add(error("handleSeconds", "must not be negative"));
        }
        if (t.hasTransfers() && (t.getTransfers() < 0 || t.getTransfers() > MAX_TRANSFERS)) {
            errors.add(error("transfers", "must be between 0 and " + MAX_TRANSFERS));
        }
        if (t.getBotIntent().length() > MAX_TYPE) {
            errors.add(error("botIntent", "longer than " + MAX_TYPE + " characters"));
        }
        if (!t.getBotOutcome().isEmpty() && !BOT_OUTCOMES.contains(t.getBotOutcome())) {
            errors.add(error("botOutcome", "must be one of " + String.join(", ", BOT_OUTCOMES.stream().sorted().toList())));
        }
        if (!t.getCurrency().isEmpty() && !isCurrency(t.getCurrency())) {
            errors.add(error("currency", "must be an ISO 4217 currency code such as EUR or USD"));
        }
        if (!t.getCurrency().isEmpty() && !t.hasValue()) {
            errors.add(error("currency", "is the currency of value, which is missing"));
        }
        if (t.getSource().length() > MAX_SOURCE) {
            errors.add(error("source", "longer than " + MAX_SOURCE + " characters"));
        }
    }

    private static boolean isCurrency(String code) {
        if (!code.matches("[A-Z]{3}")) {
            return false;
        }
        try {
            java.util.Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** What an attachment holds, from its kind or else its media type. */
    public static String attachmentKind(Attachment a) {
        if (!a.getKind().isEmpty()) {
            return a.getKind();
        }
        String type = a.getMediaType().toLowerCase(java.util.Locale.ROOT);
        return type.startsWith("audio/") ? "voice" : type.startsWith("image/") ? "image"
                : type.startsWith("video/") ? "video" : "file";
    }

    private static void content(List<FieldError> errors, Touchpoint t) {
        if (!t.hasContent()) {
            return;
        }
        if (t.getContent().getText().length() > MAX_TEXT) {
            errors.add(error("content.text", "longer than " + MAX_TEXT + " characters"));
        }
        List<Attachment> attachments = t.getContent().getAttachmentsList();
        if (attachments.size() > MAX_ATTACHMENTS) {
            errors.add(error("content.attachments", "at most " + MAX_ATTACHMENTS + " attachments"));
        }
        for (int i = 0; i < attachments.size(); i++) {
            Attachment a = attachments.get(i);
            String path = "content.attachments[" + i + "]";
            if (a.getUri().isBlank()) {
                errors.add(error(path + ".uri", "required"));
            }
            if (a.getMediaType().isBlank()) {
                errors.add(error(path + ".mediaType", "required"));
            }
            if (a.getSizeBytes() < 0) {
                errors.add(error(path + ".sizeBytes", "must not be negative"));
            }
            if (!a.getKind().isEmpty() && !ATTACHMENT_KINDS.contains(a.getKind())) {
                errors.add(error(path + ".kind", "must be one of file, image, video, voice"));
            }
        }
    }

    private static void requireText(List<FieldError> errors, String field, String value, int max) {
        if (value.isBlank()) {
            errors.add(error(field, "required"));
        } else if (value.length() > max) {
            errors.add(error(field, "longer than " + max + " characters"));
        }
    }

    static FieldError error(String field, String message) {
        return FieldError.newBuilder().setField(field).setMessage(message).build();
    }
}
