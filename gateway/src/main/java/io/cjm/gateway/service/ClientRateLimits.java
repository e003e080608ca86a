package io.cjm.gateway.service;

import io.cjm.gateway.service.TokenBucket.Decision;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per client and kind of call, in memory. Full buckets are forgotten
 * when there are many, so the map stays small however many subjects call.
 */
public final class ClientRateLimits {

    /** The two kinds of call with limits of their own. */
    public enum Kind {
        /** {@code POST /api/v1/touchpoints}. */
        INGEST,
        /** Every other call. */
        READ
    }

    /** Rate (calls per second) and burst of one kind of call. */
    public record Limit(double rate, int burst) {
    }

    static final int SWEEP_ABOVE = 10_000;

    private final Map<Kind, Limit> limits;
    private final LongSupplier nanoClock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public ClientRateLimits(Limit ingest, Limit read, LongSupplier nanoClock) {
        this.limits = Map.of(Kind.INGEST, ingest, Kind.READ, read);
        this.nanoClock = nanoClock;
        // Fail at start-up, not on the first call, when a limit is invalid.
        new TokenBucket(ingest.rate(), ingest.burst(), nanoClock);
        new TokenBucket(read.rate(), read.burst(), nanoClock);
    }

    /** Takes a token from the client's bucket of that kind. */
    public Decision tryAcquire(String client, Kind kind) {
        if (buckets.size() > SWEEP_ABOVE) {
            buckets.values().removeIf(TokenBucket::isFull);
        }
        Limit limit = limits.get(kind);
        return buckets.computeIfAbsent(kind + " " + client,
                k -> new TokenBucket(limit.rate(), limit.burst(), nanoClock)).tryAcquire();
    }

    /** The rate and burst of a kind of call. */
    public Limit limit(Kind kind) {
        return limits.get(kind);
    }

    int size() {
        return buckets.size();
    }
}
