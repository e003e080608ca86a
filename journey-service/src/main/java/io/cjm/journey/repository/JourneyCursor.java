package io.cjm.journey.repository;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The keyset position of a journey list: the sort key (last activity, then id) of the last
 * journey of a page. The next page starts strictly after it, so journeys that arrive or
 * disappear meanwhile never shift or repeat the journeys of later pages. Callers see it only
 * as an opaque token (URL-safe base64).
 */
public record JourneyCursor(Instant lastActivityAt, String id) {

    private static final String VERSION = "j1";

    /** The token for the page after this position. */
    public String encode() {
        String raw = VERSION + ":" + lastActivityAt.getEpochSecond() + ":" + lastActivityAt.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a token names; empty for a token this service did not issue. */
    public static Optional<JourneyCursor> decode(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = raw.split(":", 4);
            if (parts.length != 4 || !VERSION.equals(parts[0]) || parts[3].isEmpty()) {
                return Optional.empty();
            }
            long seconds = Long.parseLong(parts[1]);
            long nanos = Long.parseLong(parts[2]);
            if (nanos < 0 || nanos > 999_999_999) {
                return Optional.empty();
            }
            return Optional.of(new JourneyCursor(Instant.ofEpochSecond(seconds, nanos), parts[3]));
        } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
            return Optional.empty();
        }
    }
}
