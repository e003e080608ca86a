package io.cjm.gateway.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cjm.gateway.rest.model.FieldErrorBody;
import java.util.List;
import org.junit.jupiter.api.Test;

class JesWeightsJsonMapperTest {

    private final ObjectMapper json = new ObjectMapper();

    private JesWeightsJsonMapper.Parsed parse(String body) throws Exception {
        return JesWeightsJsonMapper.weights(json.readTree(body));
    }

    @Test
    void numbersAreSetAndTheRestLeftToTheirDefaults() throws Exception {
        var parsed = parse("{\"base\": 55, \"handoffPenalty\": 2.5, \"openPoints\": null, "
                + "\"frictionKindPenalties\": {\"long_wait\": 6}}");
        assertEquals(List.of(), parsed.errors());
        assertEquals(55, parsed.weights().getBase());
        assertEquals(2.5, parsed.weights().getHandoffPenalty());
        assertFalse(parsed.weights().hasOpenPoints(), "null counts as left out");
        assertFalse(parsed.weights().hasCompletedPoints());
        assertEquals(6, parsed.weights().getFrictionKindPenaltiesOrThrow("long_wait"));
    }

    @Test
    void everyBadFieldIsNamed() throws Exception {
        var parsed = parse("{\"base\": \"high\", \"bonus\": 3, \"frictionKindPenalties\": {\"transfer\": true}, "
                + "\"handoffCap\": [1]}");
        assertNull(parsed.weights());
        assertEquals(List.of(new FieldErrorBody("base", "must be a number"), new FieldErrorBody("bonus", "unknown field"),
                new FieldErrorBody("frictionKindPenalties[transfer]", "must be a number"),
                new FieldErrorBody("handoffCap", "must be a number")), parsed.errors());
        assertEquals(List.of(new FieldErrorBody("", "the body must be a JSON object")), parse("[1]").errors());
    }

    @Test
    void scoringFieldsBecomeRestFields() {
        assertEquals("handoffPenalty", JesWeightsJsonMapper.restField("weights.handoff_penalty"));
        assertEquals("frictionKindPenalties[long_wait]",
                JesWeightsJsonMapper.restField("weights.friction_kind_penalties[long_wait]"));
        assertEquals("journeyType", JesWeightsJsonMapper.restField("journey_type"));
    }
}
