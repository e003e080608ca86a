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
