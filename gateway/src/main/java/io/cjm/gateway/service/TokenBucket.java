package io.cjm.gateway.service;

import java.util.function.LongSupplier;

/**
 * A token bucket: holds at most {@code burst} tokens, gains {@code rate} tokens a second, and
 * each call takes one. Thread-safe; the clock (nanoseconds, like {@link System#nanoTime()})
 * is injectable for tests.
 */
public final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final double rate;
    private final int burst;
    private final LongSupplier nanoClock;
    private double tokens;
    private long refilledAt;

    public TokenBucket(double rate, int burst, LongSupplier nanoClock) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be a positive number of calls per second: " + rate);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1: " + burst);
        }
        this.rate = rate;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.refilledAt = nanoClock.getAsLong();
    }

    /** The answer to one call: allowed or not, tokens left, and whole seconds until the next token. */
    public record Decision(boolean allowed, int limit, int remaining, long retryAfterSeconds) {
    }

    /** Takes a token if there is one. */
    public synchronized Decision tryAcquire() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return new Decision(true, burst, (int) Math.floor(tokens), 0);
        }
        long retryAfter = (long) Math.ceil((1 - tokens) / rate);
        return new Decision(false, burst, 0, Math.max(1, retryAfter));
    }

    /** True when the bucket is full again, so forgetting it changes nothing. */
    public synchronized boolean isFull() {
        refill();
        return tokens >= burst;
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        long elapsed = now - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed / NANOS_PER_SECOND * rate);
            refilledAt = now;
        }
    }
}
