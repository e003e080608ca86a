package io.cjm.touchpoint.service;

import io.cjm.platform.telemetry.TraceParent;
import io.cjm.proto.touchpoint.v1.CaptureResult;
import io.cjm.proto.touchpoint.v1.CaptureStatus;
import io.cjm.proto.touchpoint.v1.FieldError;
import io.cjm.proto.touchpoint.v1.Touchpoint;
import io.cjm.touchpoint.domain.TouchpointValidator;
import io.cjm.touchpoint.entity.TouchpointEntity;
import io.cjm.touchpoint.mapping.TouchpointMapper;
import io.cjm.touchpoint.repository.TouchpointRepository;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Validates a batch of touchpoints and stores the valid ones, each with its outbox row, in
 * one statement (one multi-row insert of touchpoints and one of outbox rows for those it
 * stored): when the caller gets its answer, every accepted touchpoint is committed. The
 * client's id is the idempotency key per tenant; the database's unique constraint is the
 * final word ({@code ON CONFLICT DO NOTHING}), so two concurrent sends of one id store it
 * once and the one that did not store it reports a duplicate.
 * <p>
 * Each outbox row keeps the trace context of the capture, so the relay's later delivery of
 * the touchpoint belongs to the same trace as the request that brought it in.
 */
@ApplicationScoped
public class CaptureService {

    static final AttributeKey<String> TOUCHPOINT_ID = AttributeKey.stringKey("cjm.touchpoint.id");
    static final AttributeKey<Long> TOUCHPOINT_COUNT = AttributeKey.longKey("cjm.touchpoint.count");

    private final TouchpointRepository touchpoints;
    private final PipelineMetrics metrics;
    private final CaptureLoad load;

    CaptureService(TouchpointRepository touchpoints, PipelineMetrics metrics, CaptureLoad load) {
        this.load = load;
        this.touchpoints = touchpoints;
        this.metrics = metrics;
    }

    @WithSpan
    public Uni<List<CaptureResult>> capture(@SpanAttribute("cjm.tenant") String tenantId, List<Touchpoint> batch) {
        Span span = Span.current();
        span.setAttribute(TOUCHPOINT_COUNT, (long) batch.size());
        if (batch.size() == 1) {
            span.setAttribute(TOUCHPOINT_ID, batch.get(0).getId());
        }
        String traceparent = TraceParent.current();
        return store(tenantId, batch, traceparent).invoke(results -> {
            metrics.captured(results);
            load.accepted(results.stream().filter(r -> r.getStatus() == CaptureStatus.CAPTURE_STATUS_ACCEPTED).count());
            results.stream().collect(Collectors.groupingBy(r -> PipelineMetrics.result(r.getStatus()),
                    Collectors.counting())).forEach((result, n) -> span.setAttribute("cjm.touchpoint." + result, n));
        });
    }

    private Uni<List<CaptureResult>> store(String tenantId, List<Touchpoint> batch, String traceparent) {
        Instant now = Instant.now();
        List<List<FieldError>> errors = batch.stream().map(t -> TouchpointValidator.validate(t, now)).toList();
        // The valid items, each id once: a second copy of an id in the batch is a duplicate.
        Set<String> taken = new HashSet<>();
        List<TouchpointEntity> rows = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Touchpoint t = batch.get(i);
            if (errors.get(i).isEmpty() && taken.add(t.getId())) {
                rows.add(TouchpointMapper.toEntity(tenantId, t, now));
            }
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().item(results(batch, errors, Set.of()));
        }
        // One statement stores the new touchpoints and their outbox rows: atomic on its own, and
        // committed when it answers.
        return Panache.withSession(() -> touchpoints.insertNew(tenantId, rows, now, traceparent))
                .onFailure(CaptureService::isRetryable).retry()
                .withBackOff(Duration.ofMillis(5), Duration.ofMillis(50)).atMost(3)
                .map(accepted -> results(batch, errors, accepted));
    }

    /**
     * A unique violation (cannot happen with the insert's ON CONFLICT, kept as a safety net) or a
     * deadlock (the rows go in uid order, so none is expected): the batch is tried again.
     */
    static boolean isRetryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("40P01") || message.contains("deadlock detected")) {
                return true;
            }
        }
        return isUniqueViolation(failure);
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
