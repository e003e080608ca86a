package io.cjm.touchpoint.service;

import static io.cjm.touchpoint.Touchpoints.randomTenant;
import static io.cjm.touchpoint.Touchpoints.valid;
import static io.cjm.touchpoint.client.Downstream.resolved;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.cjm.proto.journey.v1.ApplyResponse;
import io.cjm.proto.touchpoint.v1.CaptureRequest;
import io.cjm.proto.touchpoint.v1.EraseTouchpointsRequest;
import io.cjm.proto.touchpoint.v1.GetPipelineStatsRequest;
import io.cjm.proto.touchpoint.v1.GetPipelineStatsResponse;
import io.cjm.proto.touchpoint.v1.ReplayQuarantinedRequest;
import io.cjm.proto.touchpoint.v1.TouchpointService;
import io.cjm.touchpoint.client.Downstream;
import io.cjm.touchpoint.service.PipelineMetrics.Outcome;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GetPipelineStats answers from the tenant's pipeline counts (touchpoints through the pipeline,
 * counted when they are done) plus its touchpoints not counted. Each step here checks the answer
 * against the counts over all of the tenant's rows ({@link #overAllRows}), what the service
 * answered before it kept counts, and against the numbers the step should give.
 */
@QuarkusTest
class PipelineCountsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @GrpcClient("touchpoint")
    TouchpointService client;

    @Inject
    Downstream downstream;

    @Inject
    Deliveries deliveries;

    @Inject
    AgroalDataSource database;

    private final String tenant = randomTenant();

    @Test
    void theCountsStayExactThroughDeliveryRedeliveryAndErasure() {
        String a = capture();
        String b = capture();
        String c = capture();
        String pending = capture();
        assertCounts(4, 0, 0, 0, 4, 0);

        downstream.onResolve(tenant, r -> resolved("p-1", 1));
        assertEquals(List.of(Outcome.DONE, Outcome.DONE), deliveries.deliverAsBatch(tenant, List.of(a, b)));
        assertEquals(Outcome.DONE, deliveries.deliver(tenant, c));
        assertEquals(3, counted());
        assertCounts(4, 3, 3, 0, 1, 0);

        // Delivered again (at least once): done again, not counted again.
        assertEquals(List.of(Outcome.DONE, Outcome.DONE), deliveries.deliverAsBatch(tenant, List.of(a, b)));
        assertEquals(Outcome.DONE, deliveries.deliver(tenant, c));
        assertCounts(4, 3, 3, 0, 1, 0);

        // A redelivery that now joins a scored journey scores a counted touchpoint: counted once more as scored only.
        downstream.onApply(tenant, r -> Uni.createFrom().item(ApplyResponse.newBuilder().setJoinedJourney(true)
                .setScored(true).build()));
        assertEquals(Outcome.DONE, deliveries.deliver(tenant, a));
        assertEquals(List.of(Outcome.DONE, Outcome.DONE), deliveries.deliverAsBatch(tenant, List.of(b, a)));
        assertCounts(4, 3, 3, 2, 1, 0);

        assertEquals(2, erase(a, pending));
        assertCounts(2, 2, 2, 1, 0, 0);
        assertEquals(2, erase(b, c));
        assertCounts(0, 0, 0, 0, 0, 0);
        assertEquals(0, erase(a, b, c, pending));
        assertCounts(0, 0, 0, 0, 0, 0);
    }

    @Test
    void aTouchpointAssembledButNotDoneIsNotCountedUntilItIsDone() {
        String id = capture();
        downstream.onResolve(tenant, r -> resolved("p-1", 1));
        downstream.onApply(tenant, r -> Uni.createFrom().item(ApplyResponse.newBuilder().setJoinedJourney(true)
                .setScored(false).build()));

        assertEquals(Outcome.RETRY, deliveries.deliver(tenant, id));
        assertEquals(0, counted());
        assertCounts(1, 1, 1, 0, 1, 0);

        downstream.onApply(tenant, r -> Uni.createFrom().item(ApplyResponse.newBuilder().setJoinedJourney(true)
                .setScored(true).build()));
        assertEquals(Outcome.DONE, deliveries.deliver(tenant, id));
        assertEquals(1, counted());
        assertCounts(1, 1, 1, 1, 0, 0);
    }

    @Test
    void aQuarantinedTouchpointIsCountedAsQuarantinedThenOnceDoneAfterItsReplay() {
        String id = capture();
        capture();
        deliveries.deliverUntilQuarantined(tenant, id);
        assertEquals(0, counted());
        assertCounts(2, 0, 0, 0, 1, 1);

        replay(id);
        assertCounts(2, 0, 0, 0, 2, 0);

        downstream.onResolve(tenant, r -> resolved("p-1", 1));
        assertEquals(Outcome.DONE, deliveries.deliver(tenant, id));
        assertEquals(1, counted());
        assertCounts(2, 1, 1, 0, 1, 0);
    }

    @Test
    void aDoneTouchpointQuarantinedByALateDeliveryIsCountedOnceAndItsReplayChangesNoCount() {
        String id = capture();
        downstream.onResolve(tenant, r -> resolved("p-1", 1));
        assertEquals(Outcome.DONE, deliveries.deliver(tenant, id));
        // What the relay's quarantine statement does when a delivery that was still running
        // (its lease expired, another relay finished the touchpoint) fails for the last time.
        sql("UPDATE touchpoint SET quarantined_at = now(), quarantine_reason = 'late', quarantine_attempts = 20"
                + " WHERE tenant_id = ? AND touchpoint_id = ?", tenant, id);
        assertCounts(1, 1, 1, 0, 0, 1);

        replay(id);
        assertCounts(1, 1, 1, 0, 0, 0);
        assertEquals(Outcome.DONE, deliveries.deliver(tenant, id));
        assertEquals(1, counted());
        assertCounts(1, 1, 1, 0, 0, 0);

        assertEquals(1, erase(id));
        assertCounts(0, 0, 0, 0, 0, 0);
    }

    @Test
    void aTouchpointMarkedDoneByAnOlderVersionIsCountedExactlyAndOnceWhenDeliveredAgain() {
        String old = capture();
        capture();
        // An instance from before V8, during a rolling update, marks the touchpoint done without counting it.
        sql("UPDATE touchpoint SET resolved_at = now(), assembled_at = now(), done_at = now()"
                + " WHERE tenant_id = ? AND touchpoint_id = ?", tenant, old);
        assertEquals(0, counted());
        assertCounts(2, 1, 1, 0, 1, 0);

        downstream.onResolve(tenant, r -> resolved("p-1", 1));
        assertEquals(Outcome.DONE, deliveries.deliver(tenant, old));
        assertEquals(1, counted());
        assertCounts(2, 1, 1, 0, 1, 0);

        assertEquals(1, erase(old));
        assertCounts(1, 0, 0, 0, 1, 0);
    }

    @Test
    void countedTouchpointsAreAnsweredFromTheCountsNotReadAgain() {
        List<String> ids = List.of(capture(), capture(), capture());
        downstream.onResolve(tenant, r -> resolved("p-1", 1));
        deliveries.deliverAsBatch(tenant, ids);
        assertCounts(3, 3, 3, 0, 0, 0);

        // Behind the service's back: were the counted rows read, the answer would change.
        sql("UPDATE touchpoint SET resolved_at = NULL, scored_at = now() WHERE tenant_id = ?", tenant);

        GetPipelineStatsResponse stats = stats();
        assertEquals(3, stats.getAccepted());
        assertEquals(3, stats.getResolved());
        assertEquals(0, stats.getScored());
        assertEquals(List.of(3L, 0L, 3L, 3L, 0L, 0L), overAllRows());
    }

    /** Asserts the answer, and that it is what the counts over all the tenant's rows give. */
    private void assertCounts(long accepted, long resolved, long assembled, long scored, long pending,
            long quarantined) {
        GetPipelineStatsResponse stats = stats();
        List<Long> answered = List.of(stats.getAccepted(), stats.getResolved(), stats.getAssembled(),
                stats.getScored(), stats.getPending(), stats.getQuarantined());
        assertEquals(List.of(accepted, resolved, assembled, scored, pending, quarantined), answered);
        assertEquals(overAllRows(), answered, "the counts over all of the tenant's rows");
        assertEquals(pending == 0, stats.getOldestPendingSeconds() == 0);
    }

    /** The counts over all of the tenant's rows, as GetPipelineStats computed them before V8. */
    private List<Long> overAllRows() {
        return query("SELECT count(*), count(resolved_at), count(assembled_at), count(scored_at),"
                + " count(*) FILTER (WHERE done_at IS NULL AND quarantined_at IS NULL), count(quarantined_at)"
                + " FROM touchpoint WHERE tenant_id = ?", rs -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        rs.getLong(4), rs.getLong(5), rs.getLong(6)));
    }

    /** The tenant's counted touchpoints. */
    private long counted() {
        return query("SELECT count(*) FROM touchpoint WHERE tenant_id = ? AND counted", rs -> rs.getLong(1));
    }

    private String capture() {
        return client.capture(CaptureRequest.newBuilder().setTenantId(tenant).addTouchpoints(valid()).build())
                .await().atMost(WAIT).getResults(0).getId();
    }

    private int erase(String... ids) {
        return client.eraseTouchpoints(EraseTouchpointsRequest.newBuilder().setTenantId(tenant)
                .addAllTouchpointIds(List.of(ids)).build()).await().atMost(WAIT).getDeleted();
    }

    private void replay(String id) {
        assertEquals(1, client.replayQuarantined(ReplayQuarantinedRequest.newBuilder().setTenantId(tenant)
                .addTouchpointIds(id).build()).await().atMost(WAIT).getReplayed());
    }

    private GetPipelineStatsResponse stats() {
        return client.getPipelineStats(GetPipelineStatsRequest.newBuilder().setTenantId(tenant).build())
                .await().atMost(WAIT);
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T query(String sql, Row<T> row) {
        try (Connection c = database.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return row.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void sql(String sql, String... parameters) {
        try (Connection c = database.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
