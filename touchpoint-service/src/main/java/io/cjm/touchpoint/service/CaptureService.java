package io.cjm.touchpoint.service;

import io.cjm.proto.touchpoint.v1.CaptureResult;
import io.cjm.proto.touchpoint.v1.CaptureStatus;
import io.cjm.proto.touchpoint.v1.FieldError;
import io.cjm.proto.touchpoint.v1.Touchpoint;
import io.cjm.touchpoint.domain.TouchpointValidator;
import io.cjm.touchpoint.entity.OutboxEntity;
import io.cjm.touchpoint.entity.TouchpointEntity;
import io.cjm.touchpoint.mapping.TouchpointMapper;
import io.cjm.touchpoint.repository.OutboxRepository;
import io.cjm.touchpoint.repository.TouchpointRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Validates a batch of touchpoints and stores the valid ones, each with its outbox row, in
 * one transaction: when the caller gets its answer, every accepted touchpoint is committed.
 * The client's id is the idempotency key per tenant; the database's unique constraint is
 * the final word, so two concurrent sends of one id store it once (the loser retries and
 * then sees a duplicate).
 */
@ApplicationScoped
public class CaptureService {

    private final TouchpointRepository touchpoints;
    private final OutboxRepository outbox;
    CaptureService(TouchpointRepository touchpoints, OutboxRepository outbox) {
        this.touchpoints = touchpoints;
        this.outbox = outbox;
    }

    public Uni<List<CaptureResult>> capture(String tenantId, List<Touchpoint> batch) {
        Instant now = Instant.now();
        List<List<FieldError>> errors = batch.stream().map(t -> TouchpointValidator.validate(t, now)).toList();
        List<String> validIds = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (errors.get(i).isEmpty()) {
                validIds.add(batch.get(i).getId());
            }
        }
        if (validIds.isEmpty()) {
            return Uni.createFrom().item(results(batch, errors, Set.of()));
        }
        return Panache.withTransaction(() -> touchpoints.existingIds(tenantId, validIds)
                .chain(existing -> store(tenantId, batch, errors, new HashSet<>(existing), now)))
                .onFailure(CaptureService::isUniqueViolation).retry()
                .withBackOff(Duration.ofMillis(5), Duration.ofMillis(50)).atMost(3);
    }

    private Uni<List<CaptureResult>> store(String tenantId, List<Touchpoint> batch, List<List<FieldError>> errors,
            Set<String> duplicates, Instant now) {
        Set<String> taken = new HashSet<>(duplicates);
        List<TouchpointEntity> rows = new ArrayList<>();
        List<OutboxEntity> outboxRows = new ArrayList<>();
        Set<String> accepted = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            Touchpoint t = batch.get(i);
            if (!errors.get(i).isEmpty() || !taken.add(t.getId())) {
                continue;
            }
            TouchpointEntity e = TouchpointMapper.toEntity(tenantId, t, now);
            rows.add(e);
            outboxRows.add(outboxRow(e, now));
            accepted.add(t.getId());
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().item(results(batch, errors, accepted));
        }
        return touchpoints.persist(rows).chain(() -> touchpoints.flush())
                .chain(() -> outbox.persist(outboxRows)).chain(() -> outbox.flush())
                .map(x -> results(batch, errors, accepted));
    }

    static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof ConstraintViolationException || message.contains("23505")
                    || message.contains("duplicate key")) {
                return true;
            }
        }
        return false;
    }

    private static OutboxEntity outboxRow(TouchpointEntity e, Instant now) {
        OutboxEntity o = new OutboxEntity();
        o.uid = e.uid;
        o.tenantId = e.tenantId;
        o.touchpointId = e.touchpointId;
        o.createdAt = now;
        o.nextAttemptAt = now;
        return o;
    }

    /** One result per item: rejected with its errors, accepted if stored now, otherwise a duplicate. */
    private static List<CaptureResult> results(List<Touchpoint> batch, List<List<FieldError>> errors,
            Set<String> acceptedIds) {
        List<CaptureResult> out = new ArrayList<>(batch.size());
        Set<String> reported = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            Touchpoint t = batch.get(i);
            CaptureResult.Builder r = CaptureResult.newBuilder().setIndex(i).setId(t.getId());
            if (!errors.get(i).isEmpty()) {
                r.setStatus(CaptureStatus.CAPTURE_STATUS_REJECTED).addAllErrors(errors.get(i));
            } else if (acceptedIds.contains(t.getId()) && reported.add(t.getId())) {
                r.setStatus(CaptureStatus.CAPTURE_STATUS_ACCEPTED);
            } else {
                r.setStatus(CaptureStatus.CAPTURE_STATUS_DUPLICATE);
            }
            out.add(r.build());
        }
        return out;
    }
}
