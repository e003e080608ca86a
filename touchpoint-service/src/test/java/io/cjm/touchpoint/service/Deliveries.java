package io.cjm.touchpoint.service;

import io.agroal.api.AgroalDataSource;
import io.cjm.platform.grpc.Contexts;
import io.cjm.touchpoint.service.PipelineMetrics.Outcome;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Drives the relay in tests, where its timer is off: delivers one touchpoint as a relay round
 * would (on a context of its own), and reads what the service stored, straight from the tables.
 */
@ApplicationScoped
public class Deliveries {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** What the service stored as a touchpoint's profile. */
    public record Stored(String profileId, Long graphVersion) {
    }

    private final OutboxRelay relay;
    private final Vertx vertx;
    private final AgroalDataSource database;

    Deliveries(OutboxRelay relay, Vertx vertx, AgroalDataSource database) {
        this.relay = relay;
        this.vertx = vertx;
        this.database = database;
    }

    /** Delivers the tenant's touchpoint once, now, and tells what became of it. */
    public Outcome deliver(String tenantId, String touchpointId) {
        String uid = uid(tenantId, touchpointId);
        return Contexts.onNewContext(vertx, () -> relay.deliver(uid, Span.getInvalid())).await().atMost(WAIT);
    }

    /**
     * Delivers the tenant's touchpoints as one relay round does: their identities resolved
     * together first, then each delivered with its resolution on its own context; their outcomes in order.
     */
    public List<Outcome> deliverAsRound(String tenantId, List<String> touchpointIds) {
        List<io.cjm.touchpoint.repository.OutboxRepository.Leased> rows = touchpointIds.stream()
                .map(id -> new io.cjm.touchpoint.repository.OutboxRepository.Leased(uid(tenantId, id),
                        tenantId, id, 0, null)).toList();
        var resolved = Contexts.onNewContext(vertx, () -> relay.resolveRound(rows)).await().atMost(WAIT);
        List<Uni<Outcome>> deliveries = rows.stream().map(row -> Contexts.onNewContext(vertx,
                () -> relay.deliver(row.uid(), Span.getInvalid(), resolved.get(row.uid())))).toList();
        return Uni.join().all(deliveries).andFailFast().await().atMost(WAIT);
    }

    /**
     * Delivers the tenant's touchpoints as one relay round does for a tenant with several due
     * rows: together (one ResolveBatch, one ApplyBatch); their outcomes in order.
     */
    public List<Outcome> deliverAsBatch(String tenantId, List<String> touchpointIds) {
        List<io.cjm.touchpoint.repository.OutboxRepository.Leased> rows = touchpointIds.stream()
                .map(id -> new io.cjm.touchpoint.repository.OutboxRepository.Leased(uid(tenantId, id),
                        tenantId, id, 0, null)).toList();
        return Contexts.onNewContext(vertx, () -> relay.deliverTenant(tenantId, rows)).await().atMost(WAIT);
    }

    /** Delivers the tenant's touchpoints all at once, each on its own context as the relay does; their outcomes in order. */
    public List<Outcome> deliverTogether(String tenantId, List<String> touchpointIds) {
        List<Uni<Outcome>> deliveries = touchpointIds.stream().map(id -> uid(tenantId, id))
                .map(uid -> Contexts.onNewContext(vertx, () -> relay.deliver(uid, Span.getInvalid()))).toList();
        return Uni.join().all(deliveries).andFailFast().await().atMost(WAIT);
    }

    /** The stored touchpoint's uid, looked up; for one the tenant does not have, a uid no row has. */
    public String uid(String tenantId, String touchpointId) {
        return query("SELECT uid FROM touchpoint WHERE tenant_id = ? AND touchpoint_id = ?", rs -> rs.getString(1),
                tenantId, touchpointId).stream().findFirst().orElseGet(() -> java.util.UUID.randomUUID().toString());
    }

    /** The touchpoint's stored profile and graph version; empty when the tenant has no such touchpoint. */
    public Optional<Stored> stored(String tenantId, String touchpointId) {
        List<Stored> rows = query("SELECT profile_id, graph_version FROM touchpoint WHERE tenant_id = ? AND touchpoint_id = ?",
                rs -> new Stored(rs.getString(1), (Long) rs.getObject(2)), tenantId, touchpointId);
        return rows.stream().findFirst();
    }

    /** The ids of the tenant's stored touchpoints, sorted. */
    public List<String> touchpoints(String tenantId) {
        return query("SELECT touchpoint_id FROM touchpoint WHERE tenant_id = ?", rs -> rs.getString(1), tenantId)
                .stream().sorted().toList();
    }

    /** The touchpoint ids of the tenant's outbox rows, sorted. */
    public List<String> outbox(String tenantId) {
        return query("SELECT touchpoint_id FROM outbox WHERE tenant_id = ?", rs -> rs.getString(1), tenantId)
                .stream().sorted().toList();
    }

    /** The touchpoint ids of the tenant's outbox rows that are due now with no attempt made, sorted. */
    public List<String> outboxFresh(String tenantId) {
        return query("SELECT touchpoint_id FROM outbox WHERE tenant_id = ? AND attempts = 0 AND next_attempt_at <= now()"
                + " AND leased_until IS NULL", rs -> rs.getString(1), tenantId).stream().sorted().toList();
    }

    /** The attempts and the failures counting toward quarantine of the touchpoint's outbox row; empty when it has none. */
    public Optional<int[]> attemptsAndFailures(String tenantId, String touchpointId) {
        return query("SELECT attempts, failures FROM outbox WHERE tenant_id = ? AND touchpoint_id = ?",
                rs -> new int[] {rs.getInt(1), rs.getInt(2)}, tenantId, touchpointId).stream().findFirst();
    }

    /** Makes the touchpoint's outbox row due now, as if its backoff had passed. */
    public void dueNow(String tenantId, String touchpointId) {
        try (Connection c = database.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE outbox SET next_attempt_at = now() WHERE tenant_id = ? AND touchpoint_id = ?")) {
            ps.setString(1, tenantId);
            ps.setString(2, touchpointId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Delivers the tenant's touchpoint until it is quarantined (identity or journey must keep failing); the attempts it took. */
    public int deliverUntilQuarantined(String tenantId, String touchpointId) {
        for (int attempt = 1; attempt <= 100; attempt++) {
            Outcome outcome = deliver(tenantId, touchpointId);
            if (outcome == Outcome.QUARANTINED) {
                return attempt;
            }
            if (outcome != Outcome.RETRY) {
                throw new IllegalStateException("Delivery of " + touchpointId + " ended " + outcome);
            }
        }
        throw new IllegalStateException(touchpointId + " was not quarantined after 100 attempts");
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> row, String... parameters) {
        try (Connection c = database.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
