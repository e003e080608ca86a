package io.cjm.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Per-client rate limits of the gateway ({@code cjm.gateway.rate-limit.*}, environment
 * {@code CJM_GATEWAY_RATE_LIMIT_*}). Each client (the token's tenant and its {@code azp}
 * client, or its {@code sub} when it names no client) has one token bucket for ingest
 * ({@code POST /api/v1/touchpoints}) and one for every other call. The buckets live in the
 * memory of each gateway instance: with N replicas a client may make N times as many calls.
 */
@ConfigMapping(prefix = "cjm.gateway.rate-limit")
public interface RateLimitConfig {

    /** {@code false} turns rate limiting off. */
    @WithDefault("true")
    boolean enabled();

    /** Ingest calls a client may make per second, on average. */
    @WithDefault("200")
    double ingestRate();

    /** Ingest calls a client may make at once after being idle: the bucket's size. */
    @WithDefault("400")
    int ingestBurst();

    /** Other calls (reads and admin calls) a client may make per second, on average. */
    @WithDefault("100")
    double readRate();

    /** Other calls a client may make at once after being idle: the bucket's size. */
    @WithDefault("200")
    int readBurst();
}
