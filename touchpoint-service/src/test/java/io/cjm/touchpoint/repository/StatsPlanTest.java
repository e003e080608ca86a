package io.cjm.touchpoint.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GetPipelineStats' statement reads a tenant's touchpoints only through partial indexes: of the
 * rows not counted (V8) and of the quarantined ones (V8's counted quarantined, or V4's quarantine
 * list), never an index or a scan of all the tenant's rows.
 */
@QuarkusTest
class StatsPlanTest {

    @Inject
    AgroalDataSource database;

    @Test
    void theStatsReadOnlyTheTouchpointsNotCountedAndTheCountedQuarantinedOnes() {
        List<String> plan = plan(TouchpointRepository.STATS.replace("?1", "?"), "tenant-plan");

        List<String> touchpointScans = plan.stream().filter(line -> line.contains(" on touchpoint")).toList();
        assertEquals(2, touchpointScans.size(), String.join("\n", plan));
        assertTrue(touchpointScans.stream().anyMatch(line -> line.contains("using touchpoint_not_counted_idx")),
                String.join("\n", plan));
        // The counted quarantined rows: through V8's index of them, or through V4's index of the
        // tenant's quarantined rows (the planner may take either on tables this small, depending
        // on what the tests before stored); both hold quarantined rows only.
        assertTrue(touchpointScans.stream().anyMatch(line -> line.contains("using touchpoint_counted_quarantined_idx")
                || line.contains("using touchpoint_quarantine_list_idx")), String.join("\n", plan));
        assertTrue(plan.stream().anyMatch(line -> line.contains("using pipeline_count_pkey")), String.join("\n", plan));
    }

    /**
     * The plan PostgreSQL chooses with the service's setting ({@code PLAIN_INDEX_SCANS}) and
     * sequential scans priced out: the test tables have no statistics (no autovacuum here) and few
     * rows, where a scan of the whole table would be as cheap. Index scans name their index on the
     * scan's own line.
     */
    private List<String> plan(String sql, String tenantId) {
        try (Connection c = database.getConnection()) {
            try (var st = c.createStatement()) {
                st.execute("SET enable_seqscan = off");
                st.execute(TouchpointRepository.PLAIN_INDEX_SCANS.replace("SET LOCAL", "SET"));
            }
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
                for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                    ps.setString(i, tenantId);
                }
                List<String> plan = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.add(rs.getString(1));
                    }
                }
                return plan;
            } finally {
                try (var st = c.createStatement()) {
                    st.execute("RESET enable_seqscan");
                    st.execute("RESET enable_bitmapscan");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
