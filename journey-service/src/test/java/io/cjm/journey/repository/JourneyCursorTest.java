package io.cjm.journey.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class JourneyCursorTest {

    @Test
    void aTokenNamesThePositionItWasMadeFrom() {
        JourneyCursor cursor = new JourneyCursor(Instant.parse("2026-01-15T09:30:00.123456Z"), "j:purchase:42");

        String token = cursor.encode();

        assertEquals(cursor, JourneyCursor.decode(token).orElseThrow());
        assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
    }

    @Test
    void aTimeBeforeTheEpochSurvivesTheToken() {
        JourneyCursor cursor = new JourneyCursor(Instant.parse("1960-01-01T00:00:00.5Z"), "x");

        assertEquals(cursor, JourneyCursor.decode(cursor.encode()).orElseThrow());
    }

    @Test
    void tokensThisServiceDidNotIssueAreRefused() {
        for (String token : new String[] { "", "abc", "20", "!!!", encode("j1:1:2"), encode("j2:1:0:id"),
                encode("j1:x:0:id"), encode("j1:1:-1:id"), encode("j1:1:1000000000:id"), encode("j1:1:0:"),
                encode("j1:99999999999999999999:0:id") }) {
            assertFalse(JourneyCursor.decode(token).isPresent(), token);
        }
    }

    private static String encode(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }
}
