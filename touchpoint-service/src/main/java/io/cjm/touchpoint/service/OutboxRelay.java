package io.cjm.touchpoint.service;

import io.cjm.platform.grpc.Contexts;
import io.cjm.platform.telemetry.TraceParent;
import io.cjm.proto.identity.v1.ResolveRequest;
import io.cjm.proto.journey.v1.ApplyBatchResult;
import io.cjm.touchpoint.client.IdentityClient;
import io.cjm.touchpoint.client.JourneyClient;
import io.cjm.touchpoint.domain.Resolution;
import io.cjm.touchpoint.entity.TouchpointEntity;
import io.cjm.touchpoint.mapping.TouchpointMapper;
import io.cjm.touchpoint.repository.OutboxRepository.Leased;
import io.cjm.touchpoint.repository.OutboxRepository;
import io.cjm.touchpoint.repository.TouchpointRepository;
import io.cjm.touchpoint.service.PipelineMetrics.Outcome;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Drains the outbox: for each leased touchpoint it asks identity-service for the profile,
 * then hands the touchpoint to journey-service, recording each step on the touchpoint.
 * Delivery is at least once (both receivers are idempotent on the touchpoint id). A failure
 * puts the row back with exponential backoff; after too many failures the touchpoint is
 * quarantined with its reason instead of blocking the others. Only the touchpoint's own
 * failures count toward quarantine: while identity- or journey-service cannot be reached
 * (UNAVAILABLE, RESOURCE_EXHAUSTED, connection refused) the row waits, the relay pauses
 * ({@link OutageBreaker}) and the backlog drains once they are back, however long they were
 * gone; journeys not scored yet (scoring-service down) are retried with backoff, also without
 * counting.
 * <p>
 * Identity may move earlier touchpoints to another profile (merges, recomputed links): the
 * relay records each touchpoint's profile with the identity graph version it comes from and
 * never replaces it with an assignment of a lower version, then passes the reassignments and the
 * version on to journey-service. A touchpoint erased during its delivery is left gone: every
 * later statement changes no row, and once erased it is not handed to journey-service.
 * <p>
 * A round resolves the identities of its touchpoints with one {@code ResolveBatch} per tenant
 * (one pass over the tenant's identity graph instead of one per touchpoint, which serialized a
 * tenant at about 60 resolutions a second), then delivers each touchpoint with its resolution.
 * A failed batch fails each of its deliveries, which then retry on their own schedule; a retried
 * touchpoint alone in its round is resolved with a single {@code Resolve}.
 * <p>
 * Each delivery attempt is a span, {@code OutboxRelay.deliver}, whose parent is the capture
 * span stored in the outbox row: the calls to identity-service and journey-service (and
 * journey-service's to scoring-service) belong to the trace of the request that brought the
 * touchpoint in. Attempts of one touchpoint are sibling spans in that trace.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    static final AttributeKey<String> TENANT = AttributeKey.stringKey("cjm.tenant");
    static final AttributeKey<String> TOUCHPOINT_ID = AttributeKey.stringKey("cjm.touchpoint.id");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("cjm.delivery.attempt");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("cjm.delivery.outcome");
    static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("cjm.batch.size");
    /** Touchpoint ids per reassignment statement. */
    static final int REASSIGN_CHUNK = 1000;

    private final OutboxRepository outbox;
    private final TouchpointRepository touchpoints;
    private final IdentityClient identity;
    private final JourneyClient journeys;
    private final RelayConfig config;
    private final Vertx vertx;
    private final Tracer tracer;
    private final PipelineMetrics metrics;
    private final CaptureLoad captureLoad;
    /** Rounds in flight: up to cjm.relay.rounds, so that one round's rows are resolved while another's are applied. */
    private final AtomicInteger running = new AtomicInteger();
    private final OutageBreaker breaker = new OutageBreaker(System::currentTimeMillis);
    private volatile boolean stopping;
    private long timer = -1;

    OutboxRelay(OutboxRepository outbox, TouchpointRepository touchpoints, IdentityClient identity,
            JourneyClient journeys, RelayConfig config, Vertx vertx, Tracer tracer, PipelineMetrics metrics,
            CaptureLoad captureLoad) {
        this.captureLoad = captureLoad;
        this.vertx = vertx;
        this.tracer = tracer;
        this.metrics = metrics;
        this.outbox = outbox;
        this.touchpoints = touchpoints;
        this.identity = identity;
        this.journeys = journeys;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        if (config.enabled()) {
            timer = vertx.setPeriodic(config.everyMillis(), id -> tick());
        }
    }

    /**
     * Graceful stop: no new round starts, the delivery in flight finishes, the rows of the
     * round not yet attempted are handed back (not left leased until their lease expires), so
     * the outbox is consistent when the process ends.
     */
    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        long deadline = System.nanoTime() + Duration.ofMillis(config.shutdownWaitMillis()).toNanos();
        while (running.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (running.get() > 0) {
            LOG.warn("Stopped with a relay round still running; its rows are delivered again after their lease");
        }
    }

    /** Starts a round unless {@code cjm.relay.rounds} are still running or the service is stopping. */
    void tick() {
        if (stopping || !breaker.allowsRound()) {
            return;
        }
        boolean yielding = yielding();
        if (running.incrementAndGet() > (yielding ? 1 : config.rounds())) {
            running.decrementAndGet();
            return;
        }
        int limit = yielding ? Math.min(config.batchSize(), config.yieldBatchSize()) : config.batchSize();
        Contexts.onNewContext(vertx, () -> drain(limit)).subscribe().with(leased -> {
            running.decrementAndGet();
            // A full round means more is due: the next one starts now, not at the next tick
            // (unless the relay yields to capture).
            if (leased >= config.batchSize() && !yielding()) {
                tick();
            }
        }, failure -> running.decrementAndGet());
    }

    /** Whether capture is busy enough that the relay leaves it the CPU (see {@link RelayConfig#yieldAbovePerSecond()}). */
    boolean yielding() {
        return config.yieldAbovePerSecond() > 0 && captureLoad.perSecond() > config.yieldAbovePerSecond();
    }

    /**
     * One round: lease due rows and deliver them, the rows of each tenant together (one
     * {@code ResolveBatch} and one {@code ApplyBatch}, see {@link #deliverTenant}) and a tenant's
     * single row on its own; each tenant on its own context (its own session), up to
     * {@code cjm.relay.concurrency} tenants at a time. Answers the number of rows leased.
     */
    Uni<Integer> drain() {
        return drain(config.batchSize());
    }

    /** One round of at most {@code limit} rows; answers the number of rows leased. */
    Uni<Integer> drain(int limit) {
        return Panache.withTransaction(() -> outbox.lease(limit, config.leaseSeconds()))
                .chain(rows -> {
                    Map<String, List<Leased>> byTenant = new TreeMap<>();
                    rows.forEach(row -> byTenant.computeIfAbsent(row.tenantId(), t -> new ArrayList<>()).add(row));
                    return Multi.createFrom().iterable(byTenant.entrySet())
                            .onItem().transformToUni(e -> stopping
                                    ? Multi.createFrom().iterable(e.getValue())
                                            .onItem().transformToUniAndConcatenate(row -> Panache.withTransaction(
                                                    () -> outbox.release(row.uid())).replaceWith(Outcome.GONE))
                                            .collect().asList()
                                    : Contexts.onNewContext(vertx, () -> e.getValue().size() == 1
                                            ? traced(e.getValue().getFirst(), null).map(List::of)
                                            : deliverTenant(e.getKey(), e.getValue())))
                            .merge(config.concurrency())
                            .collect().in(ArrayList<Outcome>::new, List::addAll)
                            .invoke(outcomes -> {
                                breaker.roundEnded(outcomes);
                                if (breaker.pausedForMillis() > 0) {
                                    LOG.warnf("Identity- or journey-service cannot be reached: relay paused for %d ms",
                                            breaker.pausedForMillis());
                                }
                            })
                            .replaceWith(rows.size());
                })
                .onFailure().invoke(e -> LOG.warnf("Outbox relay round failed: %s", e.getMessage()))
                .onFailure().recoverWithItem(0);
    }

    /** A delivery in a batch: its row, its span and, once loaded, its touchpoint and resolution. */
    private static final class Delivery {
        final Leased row;
        final Span span;
        final long started = System.nanoTime();
        TouchpointEntity touchpoint;
        Resolution resolution;
        /** Whether journey-service put the touchpoint in a journey. */
        boolean joined;
        Outcome outcome;

        Delivery(Leased row, Span span) {
            this.row = row;
            this.span = span;
        }
    }

    /**
     * Delivers several rows of one tenant together: their touchpoints read in one query, their
     * identities resolved with one {@code ResolveBatch}, their profiles recorded in one statement,
     * one {@code ApplyBatch} to journey-service, and the touchpoints that are through recorded
     * and their outbox rows deleted in one transaction. Each row keeps its own
     * {@code OutboxRelay.deliver} span (a child of its capture span) with its outcome, and its
     * own fate: a failure reported for one touchpoint is recorded on its row alone, exactly as a
     * single delivery would record it. When the whole {@code ApplyBatch} call fails without an
     * outage (an older journey-service, say), the touchpoints are applied one by one.
     */
    Uni<List<Outcome>> deliverTenant(String tenantId, List<Leased> rows) {
        List<Delivery> all = rows.stream().map(row -> new Delivery(row, tracer.spanBuilder("OutboxRelay.deliver")
                .setParent(TraceParent.parent(row.traceparent()))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(TENANT, row.tenantId())
                .setAttribute(TOUCHPOINT_ID, row.touchpointId())
                .setAttribute(ATTEMPT, row.attempts() + 1L)
                .startSpan())).toList();
        List<String> uids = rows.stream().map(Leased::uid).toList();
        return Panache.withSession(() -> touchpoints.list("uid in ?1", uids))
                .chain(found -> {
                    Map<String, TouchpointEntity> byUid = new HashMap<>();
                    found.forEach(t -> byUid.put(t.uid, t));
                    List<Delivery> present = new ArrayList<>();
                    List<String> missing = new ArrayList<>();
                    for (Delivery d : all) {
                        d.touchpoint = byUid.get(d.row.uid());
                        if (d.touchpoint == null) {
                            d.outcome = Outcome.GONE;
                            missing.add(d.row.uid());
                        } else {
                            present.add(d);
                        }
                    }
                    return (missing.isEmpty() ? Uni.createFrom().voidItem()
                            : Panache.withTransaction(() -> outbox.delete("uid in ?1", missing)).replaceWithVoid())
                            .chain(() -> present.isEmpty() ? Uni.createFrom().voidItem() : resolveAndApply(tenantId, present));
                })
                .onFailure().recoverWithUni(e -> Multi.createFrom().iterable(all)
                        .filter(d -> d.outcome == null)
                        .onItem().transformToUniAndConcatenate(d -> failed(d.row.uid(), e, d.span)
                                .invoke(o -> d.outcome = o))
                        .collect().last().replaceWithVoid())
                .map(x -> {
                    List<Outcome> outcomes = new ArrayList<>();
                    for (Delivery d : all) {
                        Outcome outcome = d.outcome == null ? Outcome.RETRY : d.outcome;
                        d.span.setAttribute(OUTCOME, outcome.label());
                        metrics.delivered(outcome, Duration.ofNanos(System.nanoTime() - d.started));
                        d.span.end();
                        outcomes.add(outcome);
                    }
                    return outcomes;
                });
    }

    /** Resolves, records and applies a tenant's present touchpoints; sets each delivery's outcome. */
    private Uni<Void> resolveAndApply(String tenantId, List<Delivery> present) {
        List<TouchpointEntity> entities = present.stream().map(d -> d.touchpoint).toList();
        return batchSpan("OutboxRelay.resolveBatch", tenantId, present,
                () -> identity.resolveBatch(tenantId, entities.stream().map(t -> IdentityClient.request(t.tenantId,
                        t.touchpointId, TouchpointMapper.identifiers(t), t.occurredAt)).toList()))
                .onItemOrFailure().transformToUni((results, error) -> {
                    if (error != null) {
                        return each(present, d -> failed(d.row.uid(), error, d.span));
                    }
                    for (int i = 0; i < present.size(); i++) {
                        present.get(i).resolution = results.get(i);
                    }
                    return stillThere(present).chain(resolved -> applyAll(tenantId, resolved));
                });
    }

    /**
     * Records the reassignments of each resolution and answers the deliveries whose touchpoint is
     * still there (one erased while it was resolved is gone, and not handed to journey-service).
     * The touchpoints' own profiles are recorded once journey-service has answered: with the
     * rest of their state when they are through ({@link #finishAll}), on their own otherwise
     * ({@link #recordResolutions}), so that a touchpoint through in one round is updated once.
     */
    private Uni<List<Delivery>> stillThere(List<Delivery> present) {
        return Panache.withSession(() -> touchpoints.existing(present.stream().map(d -> d.row.uid()).toList()))
                .chain(found -> {
                    List<Delivery> still = new ArrayList<>();
                    for (Delivery d : present) {
                        if (found.contains(d.row.uid())) {
                            still.add(d);
                        } else {
                            d.outcome = Outcome.GONE;
                        }
                    }
                    return Multi.createFrom().iterable(still)
                            .onItem().transformToUniAndConcatenate(d -> reassign(d.touchpoint.tenantId, d.resolution))
                            .collect().last().replaceWith(still);
                });
    }

    /**
     * Records each touchpoint's profile, one statement for all, never lowering a stored graph
     * version (a touchpoint erased meanwhile changes no row).
     */
    private Uni<Void> recordResolutions(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<TouchpointRepository.ResolvedRow> resolved = deliveries.stream().map(OutboxRelay::resolvedRow).toList();
        return Panache.withTransaction(() -> touchpoints.resolvedAll(resolved, Instant.now())).replaceWithVoid();
    }

    private static TouchpointRepository.ResolvedRow resolvedRow(Delivery d) {
        return new TouchpointRepository.ResolvedRow(d.row.uid(), d.resolution.profileId(), d.resolution.graphVersion());
    }

    /** Hands the resolved touchpoints to journey-service in one ApplyBatch and records what became of each. */
    private Uni<Void> applyAll(String tenantId, List<Delivery> resolved) {
        if (resolved.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return batchSpan("OutboxRelay.applyBatch", tenantId, resolved, () -> journeys.applyBatch(tenantId,
                resolved.stream().map(d -> JourneyClient.request(tenantId, d.resolution,
                        TouchpointMapper.toJourneyTouchpoint(d.touchpoint))).toList()))
                .onItemOrFailure().transformToUni((results, error) -> {
                    if (error != null) {
                        // Unreachable: every row waits for it. Otherwise (an older journey-service
                        // without ApplyBatch, say) each touchpoint is applied alone, with its own fate.
                        return recordResolutions(resolved).chain(() -> each(resolved, d -> outage(error)
                                ? failed(d.row.uid(), error, d.span)
                                : journeys.apply(tenantId, d.resolution, TouchpointMapper.toJourneyTouchpoint(d.touchpoint))
                                        .chain(applied -> finish(d.touchpoint, applied.getJoinedJourney(),
                                                applied.getScored()))
                                        .onFailure().recoverWithUni(e -> failed(d.row.uid(), e, d.span))));
                    }
                    List<Delivery> done = new ArrayList<>();
                    List<Delivery> others = new ArrayList<>();
                    Map<String, ApplyBatchResult> byId = new HashMap<>();
                    results.forEach(r -> byId.put(r.getTouchpointId(), r));
                    for (Delivery d : resolved) {
                        ApplyBatchResult r = byId.get(d.touchpoint.touchpointId);
                        boolean isDone = r != null && r.hasApplied()
                                && (!r.getApplied().getJoinedJourney() || r.getApplied().getScored());
                        if (isDone) {
                            d.joined = r.getApplied().getJoinedJourney();
                            done.add(d);
                        } else {
                            others.add(d);
                        }
                    }
                    return finishAll(done).chain(() -> recordResolutions(others)).chain(() -> each(others, d -> {
                        ApplyBatchResult r = byId.get(d.touchpoint.touchpointId);
                        if (r == null) {
                            return failed(d.row.uid(), Status.INTERNAL.withDescription("not answered in the batch")
                                    .asRuntimeException(), d.span);
                        }
                        if (r.hasError()) {
                            return failed(d.row.uid(), Status.fromCodeValue(codeOf(r.getError().getCode()))
                                    .withDescription(r.getError().getMessage()).asRuntimeException(), d.span);
                        }
                        return finish(d.touchpoint, r.getApplied().getJoinedJourney(), r.getApplied().getScored());
                    }));
                });
    }

    /** The number of a gRPC status code name; UNKNOWN's for a name it does not know. */
    static int codeOf(String name) {
        try {
            return Status.Code.valueOf(name).value();
        } catch (IllegalArgumentException e) {
            return Status.Code.UNKNOWN.value();
        }
    }

    /**
     * Records the touchpoints that are through (resolved to their profile, assembled, scored when
     * they joined a journey, done, counted into the pipeline counts) and deletes their outbox
     * rows: one transaction, two statements.
     */
    private Uni<Void> finishAll(List<Delivery> done) {
        if (done.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now();
        List<String> uids = new ArrayList<>();
        for (Delivery d : done) {
            uids.add(d.row.uid());
        }
        return Panache.withTransaction(() -> touchpoints.finishAll(done.stream().map(d -> new TouchpointRepository
                .FinishedRow(d.row.uid(), d.joined, true, resolvedRow(d))).toList(), now)
                .call(() -> outbox.delete("uid in ?1", uids)))
                .invoke(found -> {
                    for (Delivery d : done) {
                        if (found.contains(d.row.uid())) {
                            d.outcome = Outcome.DONE;
                            if (d.touchpoint.acceptedAt != null) {
                                metrics.through(Duration.between(d.touchpoint.acceptedAt, now));
                            }
                        } else {
                            d.outcome = Outcome.GONE;
                        }
                    }
                })
                .replaceWithVoid();
    }

    /** Runs {@code work} for each delivery, one after the other, setting its outcome. */
    private static Uni<Void> each(List<Delivery> deliveries, java.util.function.Function<Delivery, Uni<Outcome>> work) {
        if (deliveries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(deliveries)
                .onItem().transformToUniAndConcatenate(d -> work.apply(d).invoke(o -> d.outcome = o))
                .collect().last().replaceWithVoid();
    }

    /**
     * Runs a call for several touchpoints of a tenant in a span whose parent is the first one's
     * capture span, linked to the others'.
     */
    private <T> Uni<T> batchSpan(String name, String tenantId, List<Delivery> deliveries,
            java.util.function.Supplier<Uni<T>> call) {
        var builder = tracer.spanBuilder(name)
                .setParent(TraceParent.parent(deliveries.getFirst().row.traceparent()))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(TENANT, tenantId)
                .setAttribute(BATCH_SIZE, (long) deliveries.size());
        for (Delivery d : deliveries.subList(1, deliveries.size())) {
            var context = Span.fromContext(TraceParent.parent(d.row.traceparent())).getSpanContext();
            if (context.isValid()) {
                builder.addLink(context);
            }
        }
        Span span = builder.startSpan();
        Scope scope = span.makeCurrent();
        return Uni.createFrom().deferred(call::get)
                .onFailure().invoke(e -> span.setStatus(StatusCode.ERROR, e instanceof StatusRuntimeException s
                        ? "gRPC " + s.getStatus().getCode() : e.getClass().getSimpleName()))
                .onTermination().invoke(() -> {
                    scope.close();
                    span.end();
                });
    }

    /**
     * Delivers one leased row inside a span that continues the trace of its capture. Runs on the
     * delivery's own duplicated context, so the span stays current for every query and call of
     * the delivery, and is dropped with the context when the delivery ends.
     */
    Uni<Outcome> traced(Leased row, Resolved resolved) {
        Span span = tracer.spanBuilder("OutboxRelay.deliver")
                .setParent(TraceParent.parent(row.traceparent()))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(TENANT, row.tenantId())
                .setAttribute(TOUCHPOINT_ID, row.touchpointId())
                .setAttribute(ATTEMPT, row.attempts() + 1L)
                .startSpan();
        Scope scope = span.makeCurrent();
        long started = System.nanoTime();
        return deliver(row.uid(), span, resolved)
                .invoke(outcome -> {
                    span.setAttribute(OUTCOME, outcome.label());
                    metrics.delivered(outcome, Duration.ofNanos(System.nanoTime() - started));
                })
                .onTermination().invoke(() -> {
                    scope.close();
                    span.end();
                });
    }

    /** The resolution of a touchpoint made for its round, or the reason there is none. */
    record Resolved(Resolution resolution, Throwable failure) {
    }

    /**
     * Resolves the identities of a round's touchpoints, one {@code ResolveBatch} per tenant with
     * two or more of them, the tenants one after the other; keyed by outbox uid. A tenant's
     * batch is a span whose parent is the first touchpoint's capture span, linked to the others'.
     */
    Uni<Map<String, Resolved>> resolveRound(List<Leased> rows) {
        Map<String, List<Leased>> byTenant = new TreeMap<>();
        for (Leased row : rows) {
            byTenant.computeIfAbsent(row.tenantId(), t -> new ArrayList<>()).add(row);
        }
        byTenant.values().removeIf(tenantRows -> tenantRows.size() < 2);
        if (byTenant.isEmpty() || stopping) {
            return Uni.createFrom().item(Map.of());
        }
        return Multi.createFrom().iterable(byTenant.entrySet())
                .onItem().transformToUniAndConcatenate(e -> resolveTenant(e.getKey(), e.getValue()))
                .collect().in(HashMap::new, Map::putAll);
    }

    private Uni<Map<String, Resolved>> resolveTenant(String tenantId, List<Leased> rows) {
        var builder = tracer.spanBuilder("OutboxRelay.resolveBatch")
                .setParent(TraceParent.parent(rows.getFirst().traceparent()))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(TENANT, tenantId)
                .setAttribute(BATCH_SIZE, (long) rows.size());
        for (Leased row : rows.subList(1, rows.size())) {
            var context = Span.fromContext(TraceParent.parent(row.traceparent())).getSpanContext();
            if (context.isValid()) {
                builder.addLink(context);
            }
        }
        Span span = builder.startSpan();
        Scope scope = span.makeCurrent();
        List<String> uids = rows.stream().map(Leased::uid).toList();
        return Panache.withSession(() -> touchpoints.list("uid in ?1", uids))
                .chain(found -> {
                    if (found.isEmpty()) {
                        return Uni.createFrom().item(Map.<String, Resolved>of());
                    }
                    List<ResolveRequest> items = found.stream().map(t -> IdentityClient.request(t.tenantId,
                            t.touchpointId, TouchpointMapper.identifiers(t), t.occurredAt)).toList();
                    return identity.resolveBatch(tenantId, items).map(results -> {
                        Map<String, Resolved> out = new HashMap<>();
                        for (int i = 0; i < found.size(); i++) {
                            out.put(found.get(i).uid, new Resolved(results.get(i), null));
                        }
                        return out;
                    });
                })
                .onFailure().recoverWithItem(e -> {
                    span.setStatus(StatusCode.ERROR, e instanceof StatusRuntimeException s
                            ? "gRPC " + s.getStatus().getCode() : e.getClass().getSimpleName());
                    Map<String, Resolved> out = new HashMap<>();
                    uids.forEach(uid -> out.put(uid, new Resolved(null, e)));
                    return out;
                })
                .onTermination().invoke(() -> {
                    scope.close();
                    span.end();
                });
    }

    /** Delivers one touchpoint and tells what became of it; never fails (a failure is recorded on its outbox row). */
    Uni<Outcome> deliver(String uid, Span span) {
        return deliver(uid, span, null);
    }

    /**
     * Delivers one touchpoint with the resolution made for its round (null: resolve it now) and
     * tells what became of it; never fails (a failure is recorded on its outbox row).
     */
    Uni<Outcome> deliver(String uid, Span span, Resolved ofRound) {
        return Panache.withSession(() -> touchpoints.findById(uid)).chain(t -> {
            if (t == null) {
                return Panache.withTransaction(() -> outbox.delete("uid = ?1", uid)).replaceWith(Outcome.GONE);
            }
            return resolve(t, ofRound).chain(resolved -> resolved == null ? Uni.createFrom().item(Outcome.GONE)
                    : journeys.apply(t.tenantId, resolved, TouchpointMapper.toJourneyTouchpoint(t))
                            .chain(applied -> finish(t, applied.getJoinedJourney(), applied.getScored())))
                    .onFailure().recoverWithUni(e -> failed(uid, e, span));
        });
    }

    /**
     * Resolves the touchpoint's profile and records it, and the profiles of the touchpoints the
     * resolution reassigned, each unless a newer graph version is stored. Answers null when the
     * touchpoint was erased meanwhile: it is then not handed to journey-service.
     */
    private Uni<Resolution> resolve(TouchpointEntity t, Resolved resolved) {
        Uni<Resolution> resolution = resolved == null
                ? identity.resolve(t.tenantId, t.touchpointId, TouchpointMapper.identifiers(t), t.occurredAt)
                : resolved.failure() != null ? Uni.createFrom().failure(resolved.failure())
                        : Uni.createFrom().item(resolved.resolution());
        return resolution
                .chain(r -> Panache.withTransaction(() -> touchpoints.resolved(t.uid, r.profileId(), r.graphVersion(),
                        Instant.now()))
                        .call(() -> reassign(t.tenantId, r))
                        .map(found -> found ? r : null));
    }

    /**
     * Records the reassignments of a resolution: one statement per new profile and chunk of ids,
     * each in its own short transaction, locking its rows in uid order (deliveries run side by
     * side and may reassign overlapping touchpoints). A statement never lowers a touchpoint's
     * graph version, so applying them one by one, in any order or again after a retry, ends in
     * the same state.
     */
    private Uni<Void> reassign(String tenantId, Resolution r) {
        Map<String, List<String>> byProfile = new TreeMap<>();
        for (Resolution.Assignment a : r.reassigned()) {
            byProfile.computeIfAbsent(a.profileId(), p -> new ArrayList<>()).add(a.touchpointId());
        }
        List<Map.Entry<String, List<String>>> statements = new ArrayList<>();
        byProfile.forEach((profileId, ids) -> {
            List<String> sorted = ids.stream().distinct().sorted().toList();
            for (int from = 0; from < sorted.size(); from += REASSIGN_CHUNK) {
                statements.add(Map.entry(profileId, sorted.subList(from, Math.min(sorted.size(), from + REASSIGN_CHUNK))));
            }
        });
        if (statements.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(statements)
                .onItem().transformToUniAndConcatenate(e -> Panache.withTransaction(
                        () -> touchpoints.reassign(tenantId, e.getValue(), e.getKey(), r.graphVersion())))
                .collect().last().replaceWithVoid();
    }

    /**
     * Records the assembly; the touchpoint is done when it joined no journey or its journeys are
     * scored, and then counted into its tenant's pipeline counts in the same statement
     * ({@link TouchpointRepository#finishAll}). A touchpoint erased meanwhile is gone: the
     * statements change no row.
     */
    private Uni<Outcome> finish(TouchpointEntity t, boolean joined, boolean scored) {
        String uid = t.uid;
        Instant now = Instant.now();
        boolean done = !joined || scored;
        return Panache.withTransaction(() -> touchpoints.finishAll(
                List.of(new TouchpointRepository.FinishedRow(uid, joined && scored, done)), now)
                .chain(found -> found.isEmpty()
                        ? outbox.delete("uid = ?1", uid).replaceWith(Outcome.GONE)
                        : done ? outbox.delete("uid = ?1", uid).replaceWith(Outcome.DONE)
                                : retryLater(uid, "journeys not scored yet", false)))
                .invoke(outcome -> {
                    if (outcome == Outcome.DONE && t.acceptedAt != null) {
                        metrics.through(Duration.between(t.acceptedAt, now));
                    }
                });
    }

    private Uni<Outcome> failed(String uid, Throwable error, Span span) {
        String reason = error.getClass().getSimpleName() + ": " + error.getMessage();
        LOG.debugf("Delivery of %s failed: %s", uid, reason);
        // The kind of failure only: a message may quote stored values.
        span.setStatus(StatusCode.ERROR, error instanceof StatusRuntimeException s
                ? "gRPC " + s.getStatus().getCode() : error.getClass().getSimpleName());
        return Panache.withTransaction(() -> outage(error) ? waitForService(uid, reason) : retryLater(uid, reason, true))
                .onFailure().invoke(e -> LOG.warnf("Could not record failed delivery of %s: %s", uid, e.getMessage()))
                .onFailure().recoverWithItem(Outcome.RETRY);
    }

    /**
     * Whether a failure is an outage of the service called rather than a problem of the
     * touchpoint: the service is down, unreachable, or shedding load.
     */
    static boolean outage(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof StatusRuntimeException s && (s.getStatus().getCode() == Status.Code.UNAVAILABLE
                    || s.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED)) {
                return true;
            }
            if (t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The row waits for the service to come back: due again after the shortest pause, its
     * attempts and failures unchanged (the breaker paces the retries, not the row).
     */
    private Uni<Outcome> waitForService(String uid, String reason) {
        return outbox.update("lastError = ?1, leasedUntil = null, nextAttemptAt = ?2 where uid = ?3", truncate(reason),
                Instant.now().plusMillis(OutageBreaker.FIRST_PAUSE_MILLIS), uid)
                .map(found -> found == 0 ? Outcome.GONE : Outcome.UNAVAILABLE);
    }

    /**
     * Backs off, or quarantines the touchpoint after too many failures that count. Runs inside a
     * transaction, with statements only (no entity loaded and flushed at commit: under
     * concurrent deliveries, a find-then-flush left its transaction hanging in our runs).
     */
    private Uni<Outcome> retryLater(String uid, String reason, boolean counts) {
        String error = truncate(reason);
        return outbox.state(uid).chain(row -> {
            if (row == null) {
                return Uni.createFrom().item(Outcome.GONE);
            }
            int attempts = row.attempts() + 1;
            int failures = row.failures() + (counts ? 1 : 0);
            Instant now = Instant.now();
            if (counts && failures >= config.maxAttempts()) {
                LOG.warnf("Quarantined touchpoint %s of tenant %s after %d attempts: %s", row.touchpointId(),
                        row.tenantId(), attempts, error);
                return touchpoints.update("quarantinedAt = ?1, quarantineReason = ?2, quarantineAttempts = ?3 where uid = ?4",
                        now, error, attempts, uid)
                        .chain(() -> outbox.delete("uid = ?1", uid)).replaceWith(Outcome.QUARANTINED);
            }
            return outbox.update("attempts = ?1, failures = ?2, lastError = ?3, leasedUntil = null, nextAttemptAt = ?4 "
                    + "where uid = ?5", attempts, failures, error, now.plus(backoff(attempts)), uid)
                    .replaceWith(Outcome.RETRY);
        });
    }

    private Duration backoff(int attempts) {
        long millis = config.initialBackoffMillis() << Math.min(attempts - 1, 20);
        return Duration.ofMillis(Math.min(millis, config.maxBackoffMillis()));
    }

    private static String truncate(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
