package io.cjm.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Write keys of Segment-spec clients ({@code cjm.gateway.write-keys.*}, environment
 * {@code CJM_GATEWAY_WRITE_KEYS_*}).
 */
@ConfigMapping(prefix = "cjm.gateway.write-keys")
public interface WriteKeyConfig {

    /**
     * How long a gateway remembers what touchpoint-service answered about a write key (its
     * tenant, or that it is unknown or revoked), so that ingest does not cost one more gRPC
     * call per request. A revoked key therefore still works for at most this long on a
     * gateway that saw it just before; a new key works at once unless its exact secret was
     * tried and refused within this time.
     */
    @WithDefault("30s")
    Duration cacheTtl();
}
