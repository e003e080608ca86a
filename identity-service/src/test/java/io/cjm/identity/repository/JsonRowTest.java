package io.cjm.identity.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The JSON rows of the bulk inserts: what a JSON parser reads back is what was written. */
class JsonRowTest {

    @Test
    void valuesComeBackAsWrittenWhetherOrNotTheyNeedEscaping() {
        String tricky = "say \"hi\" \\ then\na tab\t and \u0001";
        StringBuilder out = new StringBuilder();
        new BulkInserts.JsonRow(out).text("plain", "alice@example.com").text("tricky", tricky).text("none", null)
                .time("at", Instant.parse("2026-11-26T10:15:30.123456Z"));
        out.append('}');

        JsonObject row = new JsonObject(out.toString());

        assertEquals("alice@example.com", row.getString("plain"));
        assertEquals(tricky, row.getString("tricky"));
        assertTrue(row.containsKey("none") && row.getValue("none") == null);
        assertEquals("2026-11-26T10:15:30.123456Z", row.getString("at"));
    }
}
