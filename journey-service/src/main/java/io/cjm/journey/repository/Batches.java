package io.cjm.journey.repository;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a statement over a long list of ids in slices, one slice after the other (they share
 * the caller's session), so that no statement carries more parameters than PostgreSQL takes.
 */
final class Batches {

    static final int SIZE = 1000;

    private Batches() {
    }

    static <T> List<List<T>> slices(Collection<T> items) {
        List<T> all = List.copyOf(items);
        List<List<T>> slices = new ArrayList<>();
        for (int i = 0; i < all.size(); i += SIZE) {
            slices.add(all.subList(i, Math.min(all.size(), i + SIZE)));
        }
        return slices;
    }

    /** The results of {@code query} over every slice, in order; an empty list without a query when there are no ids. */
    static <T, R> Uni<List<R>> list(Collection<T> ids, Function<List<T>, Uni<List<R>>> query) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Multi<List<T>> slices = Multi.createFrom().iterable(slices(ids));
        return slices.onItem().transformToUniAndConcatenate(slice -> query.apply(slice))
                .collect().in(() -> new ArrayList<R>(), (all, rows) -> all.addAll(rows)).map(all -> all);
    }

    /** The summed row counts of {@code statement} over every slice; 0 without a statement when there are no ids. */
    static <T> Uni<Integer> count(Collection<T> ids, Function<List<T>, Uni<Integer>> statement) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Multi<List<T>> slices = Multi.createFrom().iterable(slices(ids));
        return slices.onItem().transformToUniAndConcatenate(slice -> statement.apply(slice))
                .collect().in(() -> new int[1], (sum, n) -> sum[0] += n).map(sum -> sum[0]);
    }
}
