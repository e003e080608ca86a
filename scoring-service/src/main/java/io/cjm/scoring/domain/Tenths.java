package io.cjm.scoring.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** Points held as whole tenths, so that rounded factors add up exactly. */
final class Tenths {

    private Tenths() {
    }

    /** Points rounded half away from zero to one decimal, as tenths. */
    static long of(double points) {
        return BigDecimal.valueOf(points).setScale(1, RoundingMode.HALF_UP).unscaledValue().longValueExact();
    }

    static double toPoints(long tenths) {
        return tenths / 10.0;
    }

    /**
     * Splits {@code total} tenths across the shares in proportion to them (largest remainder,
     * ties to the earlier share), so the parts add up to {@code total} exactly.
     */
    static long[] apportion(List<Double> shares, long total) {
        double sum = shares.stream().mapToDouble(Double::doubleValue).sum();
        long[] parts = new long[shares.size()];
        if (sum <= 0) {
            return parts;
        }
        double[] exact = shares.stream().mapToDouble(share -> share * total / sum).toArray();
        long assigned = 0;
        for (int i = 0; i < parts.length; i++) {
            parts[i] = (long) Math.floor(exact[i]);
            assigned += parts[i];
        }
        List<Integer> byRemainder = IntStream.range(0, parts.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> parts[i] - exact[i]))
                .toList();
        for (int k = 0; k < total - assigned; k++) {
            parts[byRemainder.get(k % parts.length)]++;
        }
        return parts;
    }
}
