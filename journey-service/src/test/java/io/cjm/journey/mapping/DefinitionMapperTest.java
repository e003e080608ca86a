package io.cjm.journey.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cjm.journey.domain.DefaultCatalogue;
import io.cjm.journey.domain.JourneyDefinition;
import io.cjm.proto.journey.v1.JourneySettings;
import io.cjm.proto.journey.v1.JourneyStage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of a tenant's journey definition and thresholds, and their round trips. */
class DefinitionMapperTest {

    private static io.cjm.proto.journey.v1.JourneyDefinition.Builder valid() {
        return io.cjm.proto.journey.v1.JourneyDefinition.newBuilder().setKey("warranty_claim").setName("Warranty")
                .setCategory("Support").addEntryPatterns("Warranty Claim Filed")
                .addStages(JourneyStage.newBuilder().setName("filed").addPatterns("warranty.*"))
                .addGoalPatterns("Warranty Claim Approved").setInactivityTimeout("PT36H")
                .setExpectedTouchpoints(3).setExpectedDuration("P5D").setBusinessValue(0);
    }

    private static List<String> errors(io.cjm.proto.journey.v1.JourneyDefinition.Builder d) {
        return DefinitionMapper.parse(d.build(), "definition.").errors().stream().map(Object::toString).toList();
    }

    @Test
    void everyDefaultDefinitionPassesTheRulesAndSurvivesTheRoundTrips() {
        for (JourneyDefinition d : DefaultCatalogue.definitions()) {
            var parsed = DefinitionMapper.parse(DefinitionMapper.toProto(d), "definition.");
            assertEquals(List.of(), parsed.errors(), d.key());
            assertEquals(d, parsed.value());
            assertEquals(d.withVersion(4), DefinitionMapper.read(d.key(), 4, DefinitionMapper.write(d)));
        }
    }

    @Test
    void aValidDefinitionGetsTheDefaultCorrelationKeysAndParsedDurations() {
        JourneyDefinition d = DefinitionMapper.parse(valid().build(), "").value();
        assertEquals(List.of("caseId", "orderId"), d.correlationKeys());
        assertEquals(Duration.ofHours(36), d.inactivityTimeout());
        assertEquals(Duration.ofDays(5), d.expectedDuration());
        assertEquals(1, d.version());
    }

    @Test
    void eachBrokenRuleNamesItsField() {
        assertEquals(List.of("definition.key: required"), errors(valid().setKey("")));
        assertEquals(1, errors(valid().setKey("9lives")).size());
        assertEquals(1, errors(valid().setKey("a".repeat(64))).size());
        assertEquals(List.of("definition.name: required"), errors(valid().setName(" ")));
        assertEquals(List.of("definition.category: must be one of purchase, setup, support, billing, retention, "
                + "other"), errors(valid().setCategory("fun")));
        assertEquals(List.of("definition.entry_patterns: at least one event type"),
                errors(valid().clearEntryPatterns()));
        assertEquals(List.of("definition.entry_patterns[1]: must name an event type"),
                errors(valid().addEntryPatterns(" - ")));
        assertEquals(List.of("definition.entry_patterns[1]: a wildcard needs a prefix, e.g. support.*"),
                errors(valid().addEntryPatterns("*")));
        assertEquals(List.of("definition.entry_patterns[1]: * may only end a pattern"),
                errors(valid().addEntryPatterns("a*b")));
        assertEquals(List.of("definition.stages: at least one stage"), errors(valid().clearStages()));
        assertEquals(List.of("definition.stages[1].name: must be unique among the stages"),
                errors(valid().addStages(JourneyStage.newBuilder().setName(" Filed").addPatterns("x"))));
        assertEquals(List.of("definition.stages[1].patterns: at least one event type"),
                errors(valid().addStages(JourneyStage.newBuilder().setName("other"))));
        assertEquals(List.of("definition.goal_patterns: at least one event type"), errors(valid().clearGoalPatterns()));
        assertEquals(List.of("definition.inactivity_timeout: not an ISO-8601 duration such as P14D or PT12H"),
                errors(valid().setInactivityTimeout("14 days")));
        assertEquals(List.of("definition.inactivity_timeout: must be between PT1M and P365D"),
                errors(valid().setInactivityTimeout("PT30S")));
        assertEquals(List.of("definition.expected_duration: required, an ISO-8601 duration such as P14D or PT12H"),
                errors(valid().setExpectedDuration("")));
        assertEquals(List.of("definition.correlation_keys[1]: repeated"),
                errors(valid().addCorrelationKeys("caseId").addCorrelationKeys("caseId")));
        assertEquals(List.of("definition.correlation_keys[0]: must be letters, digits, _, . or -, starting with a "
                + "letter, at most 64 characters"), errors(valid().addCorrelationKeys("case id")));
        assertEquals(List.of("definition.expected_touchpoints: must be between 1 and 1000"),
                errors(valid().setExpectedTouchpoints(0)));
        assertEquals(List.of("definition.business_value: must be between 0 and 100"),
                errors(valid().setBusinessValue(Double.NaN)));
    }

    @Test
    void allBrokenRulesAreReportedTogether() {
        var parsed = DefinitionMapper.parse(valid().setKey("").setName("").setCategory("").clearGoalPatterns()
                .setExpectedTouchpoints(-1).build(), "definition.");
        assertNull(parsed.value());
        assertEquals(5, parsed.errors().size());
    }

    @Test
    void thresholdsHaveRangesAndRoundTrip() {
        JourneySettings ok = JourneySettings.newBuilder().setRepeatContactWindow("PT36H").setLongWaitSeconds(60)
                .setNegativeSentiment(-0.5).build();
        var t = DefinitionMapper.parse(ok, "settings.").value();
        assertEquals(Duration.ofHours(36), t.repeatContactWindow());
        assertEquals(ok, DefinitionMapper.toProto(t).build());
        var bad = DefinitionMapper.parse(ok.toBuilder().setRepeatContactWindow("P91D").setLongWaitSeconds(0)
                .setNegativeSentiment(1.5).build(), "settings.");
        assertEquals(List.of("settings.repeat_contact_window: must be between PT1M and P90D",
                "settings.long_wait_seconds: must be between 1 and 86400",
                "settings.negative_sentiment: must be between -1 and 1"),
                bad.errors().stream().map(Object::toString).toList());
        assertTrue(DefinitionMapper.isKey("plan_change"));
    }
}
