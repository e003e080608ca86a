package io.cjm.gateway.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;
import io.cjm.proto.touchpoint.v1.Attachment;
import io.cjm.proto.touchpoint.v1.Content;
import io.cjm.proto.touchpoint.v1.Touchpoint;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A touchpoint as the timeline shows it: every stored field that was sent, nothing that was not. */
class TimelineMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-01-15T10:10:00Z");

    private static Touchpoint.Builder call() {
        return Touchpoint.newBuilder().setId("tp-3004").setType("Call Started").setChannel("phone")
                .setOccurredAt(Timestamp.newBuilder().setSeconds(AT.getEpochSecond())).putIdentifiers("email", "a@b.com");
    }

    @Test
    void theContactCenterBotMoneyAndSourceFieldsAreShown() {
        Touchpoint t = call().setWaitSeconds(600).setHandleSeconds(540).setTransfers(2).setAgentId("agent-17")
                .setBotIntent("router_issue").setBotOutcome("escalated").setValue(49.9).setCurrency("EUR")
                .setSource("genesys")
                .setContent(Content.newBuilder().setText("Customer repeats the router issue")
                        .addAttachments(Attachment.newBuilder().setUri("https://media.example.com/calls/17.ogg")
                                .setMediaType("audio/ogg").setSizeBytes(1_200_000).setKind("voice")))
                .build();

        JsonNode json = JSON.valueToTree(TimelineMapper.touchpoint(t, "j-1"));

        assertEquals(600, json.get("waitSeconds").asInt());
        assertEquals(540, json.get("handleSeconds").asInt());
        assertEquals(2, json.get("transfers").asInt());
        assertEquals("agent-17", json.get("agentId").asText());
        assertEquals("router_issue", json.get("botIntent").asText());
        assertEquals("escalated", json.get("botOutcome").asText());
        assertEquals(49.9, json.get("value").asDouble());
        assertEquals("EUR", json.get("currency").asText());
        assertEquals("genesys", json.get("source").asText());
        assertEquals("voice", json.at("/content/attachments/0/kind").asText());
        assertEquals(1_200_000, json.at("/content/attachments/0/sizeBytes").asLong());
        assertEquals("j-1", json.get("journeyId").asText());
    }

    @Test
    void fieldsThatWereNotSentAreLeftOut() {
        JsonNode json = JSON.valueToTree(TimelineMapper.touchpoint(call().build(), null));

        for (String field : List.of("direction", "waitSeconds", "handleSeconds", "transfers", "agentId", "botIntent",
                "botOutcome", "value", "currency", "source", "content", "journeyId", "sentiment", "csat", "nps")) {
            assertFalse(json.has(field), field);
        }
        // A zero that was sent is shown: zero transfers is an answer.
        assertEquals(0, JSON.valueToTree(TimelineMapper.touchpoint(call().setTransfers(0).build(), null))
                .get("transfers").asInt());
    }
}
