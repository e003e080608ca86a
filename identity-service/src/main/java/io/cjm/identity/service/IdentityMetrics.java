package io.cjm.identity.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The identity-service's own metrics, at /q/metrics, counted once a resolution is committed:
 * <ul>
 * <li>{@code cjm_identity_merges_total}: profiles merged into another profile;</li>
 * <li>{@code cjm_identity_identifiers_skipped_total}: identifiers left out of resolution
 * because they were junk or invalid.</li>
 * </ul>
 */
@ApplicationScoped
public class IdentityMetrics {

    private final Counter merges;
    private final Counter skipped;

    IdentityMetrics(MeterRegistry registry) {
        merges = Counter.builder("cjm.identity.merges")
                .description("Profiles merged into another profile").register(registry);
        skipped = Counter.builder("cjm.identity.identifiers.skipped")
                .description("Identifiers left out of resolution because they were junk or invalid").register(registry);
    }

    /** Counts what one committed resolution did. */
    public void resolved(ResolutionService.Resolution resolution) {
        merges.increment(resolution.mergedProfileIds().size());
        skipped.increment(resolution.issues().size());
    }
}
