package io.cjm.scoring.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * What the JES model reads from one touchpoint of a journey. The boxed fields are null when
 * the touchpoint does not carry them.
 *
 * @param sentiment -1 (negative) to 1 (positive)
 * @param csat 1 to 5
 * @param nps 0 to 10
 */
public record TouchpointInput(String id, String channel, Instant occurredAt, Double sentiment, Integer csat,
        Integer nps) {

    public TouchpointInput {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (sentiment != null && !Double.isFinite(sentiment)) {
            throw new IllegalArgumentException("sentiment must be a finite number: " + sentiment);
        }
    }
}
