package io.cjm.touchpoint.service;

import io.cjm.platform.grpc.Contexts;
import io.cjm.proto.touchpoint.v1.CaptureResult;
import io.cjm.proto.touchpoint.v1.CaptureStatus;
import io.cjm.touchpoint.repository.OutboxRepository;
import io.cjm.touchpoint.repository.TouchpointRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The touchpoint-service's own metrics, at /q/metrics:
 * <ul>
 * <li>{@code cjm_touchpoints_captured_total{result}}: Capture results, {@code accepted},
 * {@code duplicate} or {@code rejected}, counted once the batch is committed;</li>
 * <li>{@code cjm_relay_deliveries_seconds{outcome}}: the relay's delivery attempts and how long
 * they took, by outcome ({@code done}, {@code retry}, {@code quarantined}, {@code gone});</li>
 * <li>{@code cjm_touchpoint_pipeline_seconds}: from acceptance to through the pipeline;</li>
 * <li>{@code cjm_outbox_backlog} and {@code cjm_outbox_oldest_age_seconds}: outbox rows waiting
 * and the age of the oldest;</li>
 * <li>{@code cjm_touchpoints{status}}: touchpoints {@code pending} in the pipeline and
 * {@code quarantined}.</li>
 * </ul>
 * The gauges are read from the database every {@code cjm.metrics.refresh-every}, over all
 * tenants: every replica reports the same value (aggregate them with max, not sum). They are
 * NaN until the first read.
 */
@ApplicationScoped
public class PipelineMetrics {

    private static final Logger LOG = Logger.getLogger(PipelineMetrics.class);

    /** What became of one delivery attempt. */
    public enum Outcome {
        /** Through the pipeline; its outbox row is gone. */
        DONE,
        /** Failed, or its journeys are not scored yet: tried again later. */
        RETRY,
        /** Given up after too many attempts. */
        QUARANTINED,
        /** A service behind the relay could not be reached: tried again soon, not counted toward quarantine. */
        UNAVAILABLE,
        /** The touchpoint or its outbox row no longer existed. */
        GONE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final OutboxRepository outbox;
    private final TouchpointRepository touchpoints;
    private final MetricsConfig config;
    private final Vertx vertx;
    private final Map<CaptureStatus, Counter> captured = new EnumMap<>(CaptureStatus.class);
    private final Map<Outcome, Timer> deliveries = new EnumMap<>(Outcome.class);
    private final Timer pipeline;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile double backlog = Double.NaN;
    private volatile double oldestAgeSeconds = Double.NaN;
    private volatile double pending = Double.NaN;
    private volatile double quarantined = Double.NaN;
    private long timer = -1;

    PipelineMetrics(MeterRegistry registry, OutboxRepository outbox, TouchpointRepository touchpoints,
            MetricsConfig config, Vertx vertx) {
        this.outbox = outbox;
        this.touchpoints = touchpoints;
        this.config = config;
        this.vertx = vertx;
        for (CaptureStatus status : List.of(CaptureStatus.CAPTURE_STATUS_ACCEPTED,
                CaptureStatus.CAPTURE_STATUS_DUPLICATE, CaptureStatus.CAPTURE_STATUS_REJECTED)) {
            captured.put(status, Counter.builder("cjm.touchpoints.captured")
                    .description("Touchpoints taken by Capture, by result").tag("result", result(status))
                    .register(registry));
        }
        for (Outcome outcome : Outcome.values()) {
            deliveries.put(outcome, Timer.builder("cjm.relay.deliveries")
                    .description("Delivery attempts of the outbox relay, by outcome")
                    .tag("outcome", outcome.label()).register(registry));
        }
        pipeline = Timer.builder("cjm.touchpoint.pipeline")
                .description("Time from a touchpoint's acceptance until it is through the pipeline")
                .register(registry);
        Gauge.builder("cjm.outbox.backlog", this, m -> m.backlog)
                .description("Outbox rows waiting for delivery, all tenants").register(registry);
        Gauge.builder("cjm.outbox.oldest.age", this, m -> m.oldestAgeSeconds).baseUnit("seconds")
                .description("Age of the oldest outbox row, 0 when the outbox is empty").register(registry);
        Gauge.builder("cjm.touchpoints", this, m -> m.pending).tag("status", "pending")
                .description("Touchpoints by pipeline status, all tenants").register(registry);
        Gauge.builder("cjm.touchpoints", this, m -> m.quarantined).tag("status", "quarantined")
                .description("Touchpoints by pipeline status, all tenants").register(registry);
    }

    /** Starts reading the gauges once the database exists (after DatabaseBootstrap). */
    void start(@Observes @Priority(10) StartupEvent event) {
        refresh();
        timer = vertx.setPeriodic(config.refreshEvery().toMillis(), id -> refresh());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** A Capture status as a metric and span label: {@code accepted}, {@code duplicate}, {@code rejected}. */
    public static String result(CaptureStatus status) {
        return status.name().substring("CAPTURE_STATUS_".length()).toLowerCase(Locale.ROOT);
    }

    /** Counts the results of a committed Capture. */
    public void captured(List<CaptureResult> results) {
        for (CaptureResult r : results) {
            Counter c = captured.get(r.getStatus());
            if (c != null) {
                c.increment();
            }
        }
    }

    /** Records one delivery attempt. */
    public void delivered(Outcome outcome, Duration took) {
        deliveries.get(outcome).record(took);
    }

    /** Records a touchpoint that went through the pipeline, {@code took} after it was accepted. */
    public void through(Duration took) {
        pipeline.record(took);
    }

    /** Reads the gauges from the database, unless the previous read is still running. */
    void refresh() {
        if (!refreshing.compareAndSet(false, true)) {
            return;
        }
        Contexts.onNewContext(vertx, this::read).subscribe().with(x -> refreshing.set(false), e -> {
            refreshing.set(false);
            LOG.debugf("Could not read the pipeline gauges: %s", e.getMessage());
        });
    }

    /** Reads the gauges once. */
    Uni<Void> read() {
        return Panache.withSession(() -> outbox.backlog().chain(b -> touchpoints.pendingAndQuarantined().invoke(c -> {
            backlog = b.rows();
            oldestAgeSeconds = b.oldestAgeSeconds();
            pending = c[0];
            quarantined = c[1];
        }))).replaceWithVoid();
    }
}
