package io.cjm.journey.service;

import io.cjm.journey.domain.JourneyStatus;
import io.cjm.journey.repository.JourneyRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The journey-service's own metrics, at /q/metrics: {@code cjm_journeys{status}}, the journeys
 * of all tenants by status ({@code open}, {@code completed}, {@code failed}, {@code abandoned}).
 * The gauge is read from the database every {@code cjm.metrics.refresh-every}, so every
 * replica reports the same value (aggregate with max, not sum); it is NaN until the first read.
 */
@ApplicationScoped
public class JourneyMetrics {

    private static final Logger LOG = Logger.getLogger(JourneyMetrics.class);

    private final JourneyRepository journeys;
    /** Journeys by stored status name; null until the first read. */
    private volatile Map<String, Long> counts;

    JourneyMetrics(JourneyRepository journeys, MeterRegistry registry) {
        this.journeys = journeys;
        for (JourneyStatus status : JourneyStatus.values()) {
            Gauge.builder("cjm.journeys", this, m -> m.count(status)).tag("status", status.wireName())
                    .description("Journeys by status, all tenants").register(registry);
        }
    }

    @Scheduled(every = "${cjm.metrics.refresh-every}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return Panache.withSession(journeys::countByStatus)
                .invoke(read -> counts = read)
                .onFailure().invoke(e -> LOG.debugf("Could not read the journeys gauge: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private double count(JourneyStatus status) {
        Map<String, Long> read = counts;
        return read == null ? Double.NaN : read.getOrDefault(status.wireName(), 0L);
    }
}
