package io.cjm.touchpoint.service;

import io.cjm.proto.identity.v1.ResolveResponse;
import io.cjm.touchpoint.client.IdentityClient;
import io.cjm.touchpoint.client.JourneyClient;
import io.cjm.touchpoint.entity.OutboxEntity;
import io.cjm.touchpoint.entity.TouchpointEntity;
import io.cjm.touchpoint.mapping.TouchpointMapper;
import io.cjm.touchpoint.repository.OutboxRepository;
import io.cjm.touchpoint.repository.TouchpointRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.cjm.platform.grpc.Contexts;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Drains the outbox: for each leased touchpoint it asks identity-service for the profile,
 * then hands the touchpoint to journey-service, recording each step on the touchpoint.
 * Delivery is at least once (both receivers are idempotent on the touchpoint id). A failure
 * puts the row back with exponential backoff; after too many attempts the touchpoint is
 * quarantined with its reason instead of blocking the others.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxRepository outbox;
    private final TouchpointRepository touchpoints;
    private final IdentityClient identity;
    private final JourneyClient journeys;
    private final RelayConfig config;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    OutboxRelay(OutboxRepository outbox, TouchpointRepository touchpoints, IdentityClient identity,
            JourneyClient journeys, RelayConfig config, Vertx vertx) {
        this.vertx = vertx;
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

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Starts a round unless one is still running. */
    void tick() {
        if (running.compareAndSet(false, true)) {
            Contexts.onNewContext(vertx, this::drain).subscribe()
                    .with(done -> running.set(false), failure -> running.set(false));
        }
    }

    /** One round: lease due rows and deliver them, each on its own context (its own session). */
    Uni<Void> drain() {
        return Panache.withTransaction(() -> outbox.lease(config.batchSize(), config.leaseSeconds()))
                .onItem().transformToMulti(uids -> Multi.createFrom().iterable(uids))
                .onItem().transformToUni(uid -> Contexts.onNewContext(vertx, () -> deliver(uid)))
                .merge(config.concurrency())
                .collect().asList().replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("Outbox relay round failed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Delivers one touchpoint; never fails (a failure is recorded on its outbox row). */
    Uni<Void> deliver(String uid) {
        return Panache.withSession(() -> touchpoints.findById(uid)).chain(t -> {
            if (t == null) {
                return Panache.withTransaction(() -> outbox.deleteById(uid)).replaceWithVoid();
            }
            return resolve(t).chain(resolved -> journeys.apply(t.tenantId, resolved.getProfileId(),
                    resolved.getMergedProfileIdsList(), TouchpointMapper.toJourneyTouchpoint(t))
                    .chain(applied -> finish(uid, applied.getJoinedJourney(), applied.getScored())))
                    .onFailure().recoverWithUni(e -> failed(uid, e));
        });
    }

    private Uni<ResolveResponse> resolve(TouchpointEntity t) {
        return identity.resolve(t.tenantId, t.touchpointId, TouchpointMapper.identifiers(t), t.occurredAt)
                .call(r -> Panache.withTransaction(() -> touchpoints.update(
                        "profileId = ?1, resolvedAt = coalesce(resolvedAt, ?2) where uid = ?3",
                        r.getProfileId(), Instant.now(), t.uid)));
    }

    /** Records the assembly; the touchpoint is done when it joined no journey or its journeys are scored. */
    private Uni<Void> finish(String uid, boolean joined, boolean scored) {
        Instant now = Instant.now();
        boolean done = !joined || scored;
        return Panache.withTransaction(() -> touchpoints.update(
                "assembledAt = coalesce(assembledAt, ?1), scoredAt = case when ?2 = true then coalesce(scoredAt, ?1) "
                        + "else scoredAt end, doneAt = case when ?3 = true then coalesce(doneAt, ?1) else doneAt end "
                        + "where uid = ?4",
                now, joined && scored, done, uid)
                .chain(() -> done ? outbox.deleteById(uid).replaceWithVoid()
                        : retryLater(uid, "journeys not scored yet")));
    }

    private Uni<Void> failed(String uid, Throwable error) {
        String reason = error.getClass().getSimpleName() + ": " + error.getMessage();
        LOG.debugf("Delivery of %s failed: %s", uid, reason);
        return Panache.withTransaction(() -> retryLater(uid, reason))
                .onFailure().invoke(e -> LOG.warnf("Could not record failed delivery of %s: %s", uid, e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Backs off, or quarantines the touchpoint after too many attempts. Runs inside a transaction. */
    private Uni<Void> retryLater(String uid, String reason) {
        return outbox.findById(uid).chain(row -> {
            if (row == null) {
                return Uni.createFrom().voidItem();
            }
            row.attempts++;
            row.lastError = truncate(reason);
            row.leasedUntil = null;
            if (row.attempts >= config.maxAttempts()) {
                LOG.warnf("Quarantined touchpoint %s of tenant %s after %d attempts: %s", row.touchpointId,
                        row.tenantId, row.attempts, reason);
                return touchpoints.update("quarantinedAt = ?1, quarantineReason = ?2 where uid = ?3", Instant.now(),
                        row.lastError, uid).chain(() -> outbox.delete(row));
            }
            row.nextAttemptAt = Instant.now().plus(backoff(row));
            return Uni.createFrom().voidItem();
        });
    }

    private Duration backoff(OutboxEntity row) {
        long millis = config.initialBackoffMillis() << Math.min(row.attempts - 1, 20);
        return Duration.ofMillis(Math.min(millis, config.maxBackoffMillis()));
    }

    private static String truncate(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
