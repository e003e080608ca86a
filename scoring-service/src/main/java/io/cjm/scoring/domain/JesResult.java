package io.cjm.scoring.domain;

import java.util.List;

/**
 * A journey's Journey Excellence Score, 0 to 100, with the factors that make it up; the
 * factors' points add up exactly to the score.
 *
 * @param modelVersion the version of the model that produced the score, e.g. {@code jes-1.0}
 */
public record JesResult(double score, String modelVersion, List<Factor> breakdown) {

    public JesResult {
        breakdown = List.copyOf(breakdown);
    }
}
