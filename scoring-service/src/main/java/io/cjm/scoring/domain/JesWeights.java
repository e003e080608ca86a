package io.cjm.scoring.domain;

import java.util.Map;
import java.util.Objects;

/**
 * The weights of the JES model, settable per tenant and journey type. Outcome points are
 * signed (added as they are); every penalty and cap is a positive magnitude that is
 * subtracted. See {@link JesModel} for how each weight is used.
 *
 * @param base points every journey starts with
 * @param completedPoints outcome points of a completed journey
 * @param failedPoints outcome points of a failed journey
 * @param abandonedPoints outcome points of an abandoned journey
 * @param openPoints outcome points of a journey still open
 * @param extraTouchpointPenalty per touchpoint beyond the expected number
 * @param extraTouchpointCap the most the extra touchpoints can cost
 * @param overDurationPenalty when the journey took longer than expected
 * @param farOverDurationPenalty when it took more than twice as long as expected
 * @param handoffPenalty per channel handoff
 * @param handoffCap the most handoffs can cost
 * @param frictionSignalPenalty per friction signal of a kind not in {@code frictionKindPenalties}
 * @param frictionKindPenalties per signal of the given kinds
 * @param frictionCap the most all friction together can cost
 * @param csatNeutral the CSAT that adds nothing
 * @param csatPointsPerStep points per CSAT step above (or below) neutral
 * @param npsNeutral the NPS answer that adds nothing
 * @param npsPointsPerStep points per NPS step above (or below) neutral
 * @param satisfactionCap the most satisfaction can add or cost
 * @param sentimentScale points for a mean sentiment of 1 (and minus that for -1)
 */
public record JesWeights(
        double base,
        double completedPoints,
        double failedPoints,
        double abandonedPoints,
        double openPoints,
        double extraTouchpointPenalty,
        double extraTouchpointCap,
        double overDurationPenalty,
        double farOverDurationPenalty,
        double handoffPenalty,
        double handoffCap,
        double frictionSignalPenalty,
        Map<String, Double> frictionKindPenalties,
        double frictionCap,
        double csatNeutral,
        double csatPointsPerStep,
        double npsNeutral,
        double npsPointsPerStep,
        double satisfactionCap,
        double sentimentScale) {

    public JesWeights {
        frictionKindPenalties = Map.copyOf(Objects.requireNonNull(frictionKindPenalties, "frictionKindPenalties"));
        double[] signed = {base, completedPoints, failedPoints, abandonedPoints, openPoints, csatNeutral, npsNeutral};
        double[] magnitudes = {extraTouchpointPenalty, extraTouchpointCap, overDurationPenalty, farOverDurationPenalty,
            handoffPenalty, handoffCap, frictionSignalPenalty, frictionCap, csatPointsPerStep, npsPointsPerStep,
            satisfactionCap, sentimentScale};
        for (double weight : signed) {
            requireFinite(weight);
        }
        for (double magnitude : magnitudes) {
            requireMagnitude(magnitude);
        }
        frictionKindPenalties.values().forEach(JesWeights::requireMagnitude);
    }

    /**
     * The documented defaults (model {@code jes-1.1}, see the scoring-service README): base 70;
     * outcome completed +15, failed -20, abandoned -15, open 0; effort -2 per extra touchpoint
     * (at most -10), -3 over the expected duration, -6 over twice; handoffs -2 each (at most
     * -8); friction -3 per signal, -4 for {@code repeat_contact} and {@code transfer}, at most
     * -50 in all; satisfaction (CSAT - 3) x 5 plus (NPS - 7) x 2 within +-15; sentiment mean x
     * 15.
     */
    public static JesWeights defaults() {
        return new JesWeights(70, 15, -20, -15, 0, 2, 10, 3, 6, 2, 8, 3,
                Map.of("repeat_contact", 4.0, "transfer", 4.0), 50, 3, 5, 7, 2, 15, 15);
    }

    private static void requireFinite(double weight) {
        if (!Double.isFinite(weight)) {
            throw new IllegalArgumentException("weights must be finite numbers: " + weight);
        }
    }

    private static void requireMagnitude(double magnitude) {
        requireFinite(magnitude);
        if (magnitude < 0) {
            throw new IllegalArgumentException("penalties, caps and scales are positive magnitudes: " + magnitude);
        }
    }

    /** The points one signal of the given friction kind costs, as a positive magnitude. */
    public double frictionPenalty(String kind) {
        return frictionKindPenalties.getOrDefault(kind, frictionSignalPenalty);
    }
}
