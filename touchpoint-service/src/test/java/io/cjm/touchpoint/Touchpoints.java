package io.cjm.touchpoint;

import com.google.protobuf.Timestamp;
import io.cjm.proto.touchpoint.v1.Attachment;
import io.cjm.proto.touchpoint.v1.Content;
import io.cjm.proto.touchpoint.v1.FieldError;
import io.cjm.proto.touchpoint.v1.Touchpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Test data: valid touchpoints that a test changes in the one way it is about. */
public final class Touchpoints {

    private Touchpoints() {
    }

    public static String randomTenant() {
        return "tenant-" + UUID.randomUUID();
    }

    /** A valid touchpoint with a fresh id: a product view on the web an hour ago, by a known email. */
    public static Touchpoint.Builder valid() {
        return valid("tp-" + UUID.randomUUID());
    }

    /** A valid touchpoint with the given id: a product view on the web an hour ago, by a known email. */
    public static Touchpoint.Builder valid(String id) {
        return Touchpoint.newBuilder()
                .setId(id)
                .setType("Product Viewed")
                .setChannel("web")
                .setOccurredAt(timestamp(Instant.now().minus(Duration.ofHours(1))))
                .putIdentifiers("email", "ana." + id + "@example.com");
    }

    public static Content.Builder content(Attachment... attachments) {
        return Content.newBuilder().setText("My order has not arrived").addAllAttachments(List.of(attachments));
    }

    /** A valid attachment: a short voice message. */
    public static Attachment.Builder voiceMessage() {
        return Attachment.newBuilder().setUri("https://media.example.com/v/1.ogg").setMediaType("audio/ogg")
                .setSizeBytes(48_213);
    }

    public static Timestamp timestamp(Instant i) {
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }

    /** The field paths of the errors, in the order they were reported. */
    public static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::getField).toList();
    }
}
