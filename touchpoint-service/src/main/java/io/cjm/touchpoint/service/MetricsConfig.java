package io.cjm.touchpoint.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the service's database-backed gauges are kept current. */
@ConfigMapping(prefix = "cjm.metrics")
public interface MetricsConfig {

    /** How often the outbox and pipeline gauges are read from the database. */
    @WithDefault("15s")
    Duration refreshEvery();
}
