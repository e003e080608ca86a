package io.cjm.scoring.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * The weights in force for one journey type of a tenant.
 *
 * @param journeyType the journey type (definition key)
 * @param revision 0 for the documented defaults; 1, 2, ... for each change the tenant made
 * @param weights the weights
 * @param updatedAt when the revision was set; null for the defaults
 */
public record WeightsRevision(String journeyType, int revision, JesWeights weights, Instant updatedAt) {

    public WeightsRevision {
        Objects.requireNonNull(journeyType, "journeyType");
        Objects.requireNonNull(weights, "weights");
        if (revision < 0) {
            throw new IllegalArgumentException("revision must not be negative");
        }
    }

    /** The documented defaults for a journey type the tenant never set weights for. */
    public static WeightsRevision defaults(String journeyType) {
        return new WeightsRevision(journeyType, 0, JesWeights.defaults(), null);
    }

    /**
     * The model version scores with these weights carry: {@code jes-1.1} with the defaults,
     * {@code jes-1.1+<journeyType>.w<revision>} with a tenant's weights, for example
     * {@code jes-1.1+support.w2}. The formula is the same; only the weights differ, and the
     * revision names them (a model version is only ever shown within its tenant).
     */
    public String modelVersion() {
        return revision == 0 ? JesModel.VERSION : JesModel.VERSION + "+" + journeyType + ".w" + revision;
    }

    /** The model that scores with these weights. */
    public JesModel model() {
        return new JesModel(weights, modelVersion());
    }
}
