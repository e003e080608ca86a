package io.cjm.gateway.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cjm.gateway.rest.model.FieldErrorBody;
import io.cjm.proto.scoring.v1.JesGroupBy;
import io.cjm.proto.scoring.v1.JesInterval;
import java.util.List;
import org.junit.jupiter.api.Test;

class JesSeriesQueryMapperTest {

    private static JesSeriesQueryMapper.Parsed parse(String groupBy, String interval, String from, String to,
            String type) {
        return JesSeriesQueryMapper.request("acme", new JesSeriesQueryMapper.Params(groupBy, interval, from, to, type));
    }

    @Test
    void defaultsAreTypeAndDay() {
        var parsed = parse(null, null, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00+02:00", null);
        assertEquals(List.of(), parsed.errors());
        assertEquals(JesGroupBy.JES_GROUP_BY_TYPE, parsed.request().getGroupBy());
        assertEquals(JesInterval.JES_INTERVAL_DAY, parsed.request().getInterval());
        assertEquals(1_775_001_600L - 7200, parsed.request().getTo().getSeconds());
        assertEquals("acme", parsed.request().getTenantId());
        assertEquals("", parsed.request().getJourneyType());
    }

    @Test
    void valuesAreCaseInsensitive() {
        var parsed = parse("Channel", "MONTH", "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", "support");
        assertEquals(JesGroupBy.JES_GROUP_BY_CHANNEL, parsed.request().getGroupBy());
        assertEquals(JesInterval.JES_INTERVAL_MONTH, parsed.request().getInterval());
        assertEquals("support", parsed.request().getJourneyType());
    }

    @Test
    void everyBadParameterIsNamed() {
        var parsed = parse("profile", "hour", "yesterday", null, " ");
        assertNull(parsed.request());
        assertEquals(List.of("groupBy", "interval", "from", "to", "type"),
                parsed.errors().stream().map(FieldErrorBody::field).toList());
        assertEquals(List.of(new FieldErrorBody("to", "must be after from")),
                parse("stage", "week", "2026-03-01T00:00:00Z", "2026-03-01T00:00:00Z", null).errors());
    }
}
