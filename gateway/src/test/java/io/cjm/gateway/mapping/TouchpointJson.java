package io.cjm.gateway.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cjm.gateway.rest.model.FieldErrorBody;
import java.util.List;

/** Test data: touchpoints as a client sends them to the REST API. */
final class TouchpointJson {

    static final ObjectMapper JSON = new ObjectMapper();

    private TouchpointJson() {
    }

    /** The smallest touchpoint a client sends: the required fields only. */
    static ObjectNode minimal() {
        return (ObjectNode) parse("""
                {"id": "tp-1", "type": "Case Opened", "channel": "chat", "occurredAt": "2026-03-01T10:15:30Z",
                 "identifiers": {"email": "ana@example.com"}}
                """);
    }

    /** A touchpoint that uses every field of the API. */
    static ObjectNode full() {
        return (ObjectNode) parse("""
                {
                  "id": "tp-42",
                  "type": "Call Completed",
                  "channel": "phone",
                  "occurredAt": "2026-03-01T12:15:30.250+02:00",
                  "identifiers": {"email": "Ana@Example.com", "phone": "+34 600 123 456", "customerId": 1042},
                  "direction": "inbound",
                  "attributes": {"caseId": "C-17", "orderId": 9001, "vip": true, "tags": ["late", "refund"],
                                 "address": {"city": "Madrid", "zip": null}},
                  "content": {
                    "text": "The parcel never arrived",
                    "attachments": [
                      {"uri": "https://media.example.com/v/1.ogg", "mediaType": "audio/ogg", "sizeBytes": 48213},
                      {"uri": "https://media.example.com/i/2.png", "mediaType": "image/png", "sizeBytes": 1024,
                       "kind": "image"}
                    ]
                  },
                  "sentiment": -0.6,
                  "csat": 2,
                  "nps": 3,
                  "waitSeconds": 340,
                  "agentId": "agent-7",
                  "value": 129.95,
                  "currency": "EUR",
                  "handleSeconds": 615,
                  "transfers": 1,
                  "botIntent": "where_is_my_order",
                  "botOutcome": "escalated",
                  "source": "genesys"
                }
                """);
    }

    /**
     * Attributes holding one value {@code depth} levels deep, the attributes object being
     * level 1: depth 3 is {@code {"l2": {"l3": "value"}}}, the value at {@code attributes.l2.l3}.
     */
    static JsonNode attributesWithValueAtDepth(int depth) {
        ObjectNode attributes = JSON.createObjectNode();
        ObjectNode current = attributes;
        for (int level = 2; level < depth; level++) {
            current = current.putObject("l" + level);
        }
        current.put("l" + depth, "value");
        return attributes;
    }

    /** The path of the value of {@link #attributesWithValueAtDepth(int)}. */
    static String pathAtDepth(int depth) {
        StringBuilder path = new StringBuilder("attributes");
        for (int level = 2; level <= depth; level++) {
            path.append(".l").append(level);
        }
        return path.toString();
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static List<String> fields(List<FieldErrorBody> errors) {
        return errors.stream().map(FieldErrorBody::field).toList();
    }
}
