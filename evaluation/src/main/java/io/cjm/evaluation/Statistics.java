package io.cjm.evaluation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Rank statistics for the evaluations. */
public final class Statistics {

    private Statistics() {
    }

    /** Spearman's rank correlation, ties given their average rank. */
    public static double spearman(double[] x, double[] y) {
        return pearson(ranks(x), ranks(y));
    }

    /**
     * Area under the ROC curve of {@code score} for telling positives from negatives: the
     * probability that a random positive scores higher than a random negative (ties count half).
     */
    public static double auc(double[] score, boolean[] positive) {
        double[] r = ranks(score);
        long positives = 0;
        double rankSum = 0;
        for (int i = 0; i < score.length; i++) {
            if (positive[i]) {
                positives++;
                rankSum += r[i];
            }
        }
        long negatives = score.length - positives;
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    static double[] ranks(double[] values) {
        Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[values.length];
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            double average = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = average;
            }
            i = j + 1;
        }
        return ranks;
    }

    static double pearson(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
