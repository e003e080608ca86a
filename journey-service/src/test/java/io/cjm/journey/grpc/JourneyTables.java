package io.cjm.journey.grpc;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads journey-service's tables directly (over the JDBC datasource that runs the
 * migrations), for what the API does not show: touchpoints that joined no journey, pending
 * assignments, tombstones.
 */
final class JourneyTables {

    private final AgroalDataSource database;

    JourneyTables(AgroalDataSource database) {
        this.database = database;
    }

    /** Stored touchpoints of a profile of the tenant. */
    long touchpointsOf(String tenantId, String profileId) {
        return count("SELECT count(*) FROM journey_touchpoint WHERE tenant_id = ? AND profile_id = ?", tenantId,
                profileId);
    }

    /** Whether the tenant stores this touchpoint, under any profile. */
    boolean stores(String tenantId, String touchpointId) {
        return count("SELECT count(*) FROM journey_touchpoint WHERE tenant_id = ? AND touchpoint_id = ?", tenantId,
                touchpointId) > 0;
    }

    /** Assignments of the tenant waiting for their touchpoint. */
    long pendingAssignments(String tenantId) {
        return count("SELECT count(*) FROM touchpoint_assignment WHERE tenant_id = ?", tenantId);
    }

    /** Tombstones of the tenant. */
    long tombstones(String tenantId) {
        return count("SELECT count(*) FROM erased_id WHERE tenant_id = ?", tenantId);
    }

    /** Sets a journey's stored JES (null: not scored yet), as a finished scoring would. */
    void setJes(String tenantId, String journeyId, Double jes) {
        try (Connection c = database.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE journey SET jes = ? WHERE tenant_id = ? AND id = ?")) {
            if (jes == null) {
                ps.setNull(1, java.sql.Types.DOUBLE);
            } else {
                ps.setDouble(1, jes);
            }
            ps.setString(2, tenantId);
            ps.setString(3, journeyId);
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("no journey " + journeyId);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets a journey's stored status ("open", "completed", "failed", "abandoned"). */
    void setStatus(String tenantId, String journeyId, String status) {
        try (Connection c = database.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE journey SET status = ? WHERE tenant_id = ? AND id = ?")) {
            ps.setString(1, status);
            ps.setString(2, tenantId);
            ps.setString(3, journeyId);
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("no journey " + journeyId);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The plan PostgreSQL chooses for a query, with sequential scans, bitmap scans and sorts
     * priced out, as on a large table where reading in index order beats sorting: on the test
     * database's few rows the planner may otherwise sort a bitmap scan's rows (whatever indexes
     * exist), so a plan with a Sort here means no index serves the order.
     */
    String plan(String sql, String... parameters) {
        try (Connection c = database.getConnection()) {
            try (var st = c.createStatement()) {
                st.execute("SET enable_seqscan = off");
                st.execute("SET enable_bitmapscan = off");
                st.execute("SET enable_sort = off");
            }
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    ps.setString(i + 1, parameters[i]);
                }
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                return plan.toString();
            } finally {
                try (var st = c.createStatement()) {
                    st.execute("RESET enable_seqscan");
                    st.execute("RESET enable_bitmapscan");
                    st.execute("RESET enable_sort");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql, String... parameters) {
        try (Connection c = database.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
