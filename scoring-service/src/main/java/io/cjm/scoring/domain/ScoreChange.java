package io.cjm.scoring.domain;

import java.time.Instant;

/**
 * A stored score that differs from the journey's previous one (JES, model version, status or
 * stage), or its first score.
 *
 * @param oldJes the previous JES; null for the first score
 * @param changedAt when the new score was stored
 */
public record ScoreChange(String tenantId, String journeyId, String journeyType, String status, String stage,
        Double oldJes, double newJes, String modelVersion, Instant changedAt) {
}
