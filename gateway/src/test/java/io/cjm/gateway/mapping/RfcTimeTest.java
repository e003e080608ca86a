package io.cjm.gateway.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A touchpoint's time is read exactly as ISO_OFFSET_DATE_TIME reads it, whichever way the mapper takes. */
class RfcTimeTest {

    @ParameterizedTest
    @ValueSource(strings = { "2026-11-25T10:15:30Z", "2026-11-25T10:15:30.1Z", "2026-11-25T10:15:30.123Z",
            "2026-11-25T10:15:30.123456789Z", "2026-11-25T10:15:30+01:00", "2026-11-25T10:15:30.5-05:30",
            "2026-11-25T00:00:00-00:00", "2024-02-29T23:59:59.999999999+18:00", "0000-01-01T00:00:00Z",
            "2026-11-25t10:15:30z", "2026-11-25T10:15Z", "2026-11-25T10:15:30+01",
            "2026-11-25T10:15:30.Z", "+12026-11-25T10:15:30Z" })
    void readsWhatTheFormatterReads(String s) {
        assertEquals(formatter(s), TouchpointJsonMapper.instant(s));
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-11-25T10:15:30", "2026-02-30T10:15:30Z", "2025-02-29T10:15:30Z",
            "2026-13-01T10:15:30Z", "2026-11-25T24:00:00Z", "2026-11-25T10:60:00Z", "2026-11-25T10:15:60Z",
            "2026-11-25T10:15:30+19:00", "2026-11-25T10:15:30+01:60", "2026-11-25T10:15:30.1234567891Z",
            "2026-11-25 10:15:30Z", "2026-1-25T10:15:30Z", "2026-11-25T10:15:30Zx", "2026-11-25T10:15:30+01:00x",
            "20261125T101530Z", "2026-11-25T10:15:30+0100", "2026-11-25T10:15:30.12a4Z", "", "not a time" })
    void rejectsWhatTheFormatterRejects(String s) {
        assertThrows(DateTimeParseException.class, () -> formatter(s));
        assertThrows(DateTimeParseException.class, () -> TouchpointJsonMapper.instant(s));
    }

    private static Instant formatter(String s) {
        return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }
}
