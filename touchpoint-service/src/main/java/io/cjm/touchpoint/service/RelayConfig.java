package io.cjm.touchpoint.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the outbox relay drains touchpoints to identity and journey services. */
@ConfigMapping(prefix = "cjm.relay")
public interface RelayConfig {

    /** Whether this instance runs the relay. */
    @WithDefault("true")
    boolean enabled();

    /** Milliseconds between two looks for due rows. */
    @WithDefault("200")
    long everyMillis();

    /** Touchpoints leased per round. */
    @WithDefault("500")
    int batchSize();

    /**
     * Rounds running at the same time. Several let a round's touchpoints be resolved by
     * identity-service while an earlier round's are applied by journey-service; with three, the
     * next round is leased and resolved while a tenant's earlier round waits for its lock in
     * journey-service, so the pipeline leaves the CPU idle less often.
     */
    @WithDefault("3")
    int rounds();

    /**
     * Capture first: while this instance accepts more touchpoints a second than this, the relay
     * runs one round of at most {@link #yieldBatchSize()} rows at a time, at its timer's pace (no
     * second round, no round straight after a full one), leaving most of the CPU to capture,
     * which clients wait on; the backlog drains at full speed once capture slows down. Set it
     * above the steady rate the pipeline keeps up with: below that, yielding only makes
     * touchpoints wait (one round of 100 at the timer's pace delivers at most 500 a second,
     * fewer while a round takes longer than the timer). 0: never yield.
     */
    @WithDefault("1500")
    long yieldAbovePerSecond();

    /** Rows of a round while the relay yields to capture. */
    @WithDefault("100")
    int yieldBatchSize();

    /** Tenants of one round delivered at the same time (a tenant's rows of a round go through together). */
    @WithDefault("8")
    int concurrency();

    /** Seconds a leased row stays reserved for this relay. */
    @WithDefault("60")
    int leaseSeconds();

    /**
     * Milliseconds a stopping service waits for the relay round in flight; rows of the round
     * not yet attempted are handed back at once.
     */
    @WithDefault("10000")
    long shutdownWaitMillis();

    /** Attempts before a touchpoint is quarantined. */
    @WithDefault("20")
    int maxAttempts();

    /** First retry delay in milliseconds; doubles per attempt. */
    @WithDefault("500")
    long initialBackoffMillis();

    /** Longest retry delay in milliseconds. */
    @WithDefault("60000")
    long maxBackoffMillis();
}
