package io.cjm.journey.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What journey assembly needs to know about one touchpoint of a profile.
 *
 * <p>{@code channel} and {@code direction} are stored lower-case; {@code correlation} holds
 * the touchpoint's correlation values (e.g. {@code {"caseId":"C-1"}}) with blank values left
 * out. The boxed fields are null when the touchpoint does not carry them.
 *
 * @param direction {@code inbound}, {@code outbound} or null when unknown
 * @param anonymous whether the touchpoint was identified only by an anonymous id (cookie or
 *     device), not by an identifier that names the customer
 */
public record TouchpointFact(
        String id,
        String type,
        String channel,
        Instant occurredAt,
        String direction,
        Map<String, String> correlation,
        Double sentiment,
        Integer csat,
        Integer nps,
        Integer waitSeconds,
        String agentId,
        boolean anonymous) {

    public TouchpointFact {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(occurredAt, "occurredAt");
        channel = channel.trim().toLowerCase(Locale.ROOT);
        direction = direction == null || direction.isBlank() ? null : direction.trim().toLowerCase(Locale.ROOT);
        correlation = withoutBlankValues(correlation);
    }

    /** Whether the customer started this touchpoint (inbound) or its direction is unknown. */
    public boolean customerInitiated() {
        return !"outbound".equals(direction);
    }

    private static Map<String, String> withoutBlankValues(Map<String, String> correlation) {
        TreeMap<String, String> kept = new TreeMap<>();
        if (correlation != null) {
            correlation.forEach((key, value) -> {
                if (key != null && value != null && !value.isBlank()) {
                    kept.put(key, value);
                }
            });
        }
        return Collections.unmodifiableMap(kept);
    }
}
