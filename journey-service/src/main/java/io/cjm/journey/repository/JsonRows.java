package io.cjm.journey.repository;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Writes rows as one JSON array for a multi-row statement that reads them with
 * {@code json_to_recordset}, each value so that PostgreSQL stores what a persist of the entity
 * would: a null is left out (a missing key reads as NULL), a timestamp is an RFC 3339 string cut
 * to microseconds as the PG client cuts a bound value, a double is its Java text (so -0.0, NaN
 * and the infinities survive, which a JSON number would not).
 */
final class JsonRows {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant PG_EPOCH = Instant.parse("2000-01-01T00:00:00Z");

    /** Writes the fields of one row. */
    @FunctionalInterface
    interface Row<T> {
        void write(JsonGenerator g, T row) throws IOException;
    }

    private JsonRows() {
    }

    static <T> String write(List<T> rows, int bytesPerRow, Row<T> row) {
        StringWriter out = new StringWriter(rows.size() * bytesPerRow);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartArray();
            for (T r : rows) {
                g.writeStartObject();
                row.write(g, r);
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return out.toString();
    }

    static void text(JsonGenerator g, String column, String value) throws IOException {
        if (value != null) {
            g.writeStringField(column, value);
        }
    }

    static void integer(JsonGenerator g, String column, Integer value) throws IOException {
        if (value != null) {
            g.writeNumberField(column, value.intValue());
        }
    }

    static void decimal(JsonGenerator g, String column, Double value) throws IOException {
        if (value != null) {
            g.writeStringField(column, Double.toString(value));
        }
    }

    /**
     * A timestamp as the PG client binds it: PostgreSQL keeps microseconds since 2000-01-01 and
     * the client cuts the nanoseconds toward that epoch (down after it, up before it), where
     * PostgreSQL would round the text's nanoseconds.
     */
    static void instant(JsonGenerator g, String column, Instant value) throws IOException {
        if (value != null) {
            g.writeStringField(column, stored(value).toString());
        }
    }

    static Instant stored(Instant value) {
        return PG_EPOCH.plus(ChronoUnit.MICROS.between(PG_EPOCH, value), ChronoUnit.MICROS);
    }
}
