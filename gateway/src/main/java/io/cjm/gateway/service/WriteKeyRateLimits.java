package io.cjm.gateway.service;

import io.cjm.gateway.config.RateLimitConfig;
import io.cjm.gateway.service.ClientRateLimits.Kind;
import io.cjm.gateway.service.ClientRateLimits.Limit;
import io.cjm.gateway.service.TokenBucket.Decision;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The rate limits of write-key clients: the ingest limit of {@link RateLimitConfig}, one
 * bucket per tenant and key id. The gateway's RateLimitFilter cannot take them, because a
 * Segment library may send its key in the body, which is read after the filters; so the
 * Segment resource takes the token itself once it knows the key.
 */
@ApplicationScoped
public class WriteKeyRateLimits {

    private final boolean enabled;
    private final ClientRateLimits limits;

    WriteKeyRateLimits(RateLimitConfig config) {
        this.enabled = config.enabled();
        Limit ingest = new Limit(config.ingestRate(), config.ingestBurst());
        this.limits = new ClientRateLimits(ingest, ingest, System::nanoTime);
    }

    /** Takes a token from the key's bucket; null when rate limiting is off. */
    public Decision tryAcquire(String tenantId, String keyId) {
        return enabled ? limits.tryAcquire(tenantId + " write key " + keyId, Kind.INGEST) : null;
    }

    /** The limit every key has. */
    public Limit limit() {
        return limits.limit(Kind.INGEST);
    }
}
