package io.cjm.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The JES ranks journeys like their latent quality and predicts who stays. */
class JesEvaluationTest {

    @Test
    void jesRanksJourneysLikeTheirLatentQualityAndPredictsRetention() {
        JesEvaluation.Result result = JesEvaluation.run(5000, 7);
        System.out.println("JES evaluation: " + result);
        assertEquals(result.customers(), result.journeys(), "each synthetic customer has one support journey");
        assertTrue(result.spearman() >= 0.7, "Spearman below 0.7: " + result);
        assertTrue(result.retentionAuc() >= 0.8, "AUC below 0.8: " + result);
    }

    @Test
    void statisticsAgreeWithHandComputedValues() {
        assertEquals(1.0, Statistics.spearman(new double[] {1, 2, 3, 4}, new double[] {10, 20, 30, 40}), 1e-9);
        assertEquals(-1.0, Statistics.spearman(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}), 1e-9);
        assertEquals(1.0, Statistics.auc(new double[] {0.1, 0.2, 0.8, 0.9}, new boolean[] {false, false, true, true}),
                1e-9);
        assertEquals(0.75, Statistics.auc(new double[] {0.1, 0.3, 0.4, 0.9}, new boolean[] {false, true, false, true}),
                1e-9);
    }
}
