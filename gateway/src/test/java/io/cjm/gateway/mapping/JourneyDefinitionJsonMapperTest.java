package io.cjm.gateway.mapping;

import static io.cjm.gateway.mapping.TouchpointJson.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cjm.gateway.rest.model.FieldErrorBody;
import io.cjm.proto.journey.v1.JourneyDefinition;
import io.cjm.proto.journey.v1.JourneyStage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading journey definition and settings bodies, and naming journey-service's field errors. */
class JourneyDefinitionJsonMapperTest {

    private static List<String> fields(List<FieldErrorBody> errors) {
        return errors.stream().map(FieldErrorBody::field).toList();
    }

    @Test
    void aDefinitionBodyBecomesTheMessageWithThePathsKey() {
        var parsed = JourneyDefinitionJsonMapper.definition("warranty", parse("""
                {"key": "warranty", "name": "Warranty", "category": "support", "entryPatterns": ["Filed"],
                 "stages": [{"name": "filed", "patterns": ["Filed"]}], "goalPatterns": ["Approved"],
                 "failurePatterns": null, "inactivityTimeout": "P10D", "expectedTouchpoints": 3,
                 "expectedDuration": "P5D", "businessValue": 55.5, "version": 4, "builtIn": false}"""));
        assertEquals(List.of(), parsed.errors());
        assertEquals(JourneyDefinition.newBuilder().setKey("warranty").setName("Warranty").setCategory("support")
                .addEntryPatterns("Filed").addStages(JourneyStage.newBuilder().setName("filed").addPatterns("Filed"))
                .addGoalPatterns("Approved").setInactivityTimeout("P10D").setExpectedTouchpoints(3)
                .setExpectedDuration("P5D").setBusinessValue(55.5).build(), parsed.value());
    }

    @Test
    void wrongTypesUnknownFieldsAndAnotherKeyAreNamed() {
        var parsed = JourneyDefinitionJsonMapper.definition("warranty", parse("""
                {"key": "other", "name": 3, "entryPatterns": "Filed", "stages": [{"name": "a", "colour": 1}, 7],
                 "goalPatterns": [1], "expectedTouchpoints": 2.5, "businessValue": "high", "owner": "me"}"""));
        assertEquals(List.of("key", "name", "entryPatterns", "stages[0].colour", "stages[1]", "goalPatterns[0]",
                "expectedTouchpoints", "businessValue", "owner"), fields(parsed.errors()));
        assertEquals(List.of(""), fields(JourneyDefinitionJsonMapper.definition("k", parse("[]")).errors()));
    }

    @Test
    void settingsNeedEveryThreshold() {
        var ok = JourneyDefinitionJsonMapper.settings(parse("""
                {"repeatContactWindow": "P2D", "longWaitSeconds": 120, "negativeSentiment": -0.4, "version": 3}"""));
        assertEquals(List.of(), ok.errors());
        assertEquals(120, ok.value().getLongWaitSeconds());
        var bad = JourneyDefinitionJsonMapper.settings(parse("""
                {"longWaitSeconds": "2", "negativeSentiment": true, "x": 1}"""));
        assertEquals(List.of("x", "repeatContactWindow", "longWaitSeconds", "negativeSentiment"), fields(bad.errors()));
    }

    @Test
    void serviceFieldErrorsAreNamedAsInTheBody() {
        assertEquals("stages[1].name", JourneyDefinitionJsonMapper.restField("definition.stages[1].name"));
        assertEquals("entryPatterns[0]", JourneyDefinitionJsonMapper.restField("definition.entry_patterns[0]"));
        assertEquals("longWaitSeconds", JourneyDefinitionJsonMapper.restField("settings.long_wait_seconds"));
    }
}
