package io.cjm.systemtest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where PostgreSQL's time went during part of a benchmark, for runs that ask for it
 * ({@code -Dcjm.bench.pg-statements=true}) on a server with {@code pg_stat_statements} loaded
 * ({@code shared_preload_libraries}): {@link #reset} at the start, {@link #top} at the end. The
 * extension slows every statement a little, so runs with it are marked as such.
 */
final class PgStatements {

    private final Suite suite;

    PgStatements(Suite suite) {
        this.suite = suite;
    }

    static boolean asked() {
        return Boolean.getBoolean("cjm.bench.pg-statements");
    }

    void reset() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            st.execute("SELECT pg_stat_statements_reset()");
            st.execute("SELECT pg_stat_reset_shared('bgwriter')");
        }
    }

    /** The statements with the most execution time since {@link #reset}, with the buffers they read and hit. */
    List<String> top(int n) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection c = connect(); Statement st = c.createStatement()) {
            try (ResultSet r = st.executeQuery("""
                    SELECT d.datname, s.calls, s.total_exec_time, s.rows, s.shared_blks_hit, s.shared_blks_read,
                           s.shared_blks_dirtied, s.wal_bytes, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 160)
                    FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                    WHERE d.datname LIKE 'cjm_st_%' ORDER BY s.total_exec_time DESC""" + " LIMIT " + n)) {
                while (r.next()) {
                    lines.add(String.format(Locale.ROOT,
                            "  %-18s %7d calls %8.0f ms (%.2f ms each) rows %d, buffers hit %d read %d dirtied %d, WAL %d kB: %s",
                            r.getString(1), r.getLong(2), r.getDouble(3), r.getDouble(3) / Math.max(1, r.getLong(2)),
                            r.getLong(4), r.getLong(5), r.getLong(6), r.getLong(7), r.getLong(8) / 1024, r.getString(9)));
                }
            }
            try (ResultSet r = st.executeQuery("""
                    SELECT sum(total_exec_time), sum(shared_blks_hit), sum(shared_blks_read), sum(wal_bytes)
                    FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname LIKE 'cjm_st_%'""")) {
                r.next();
                lines.add(String.format(Locale.ROOT, "  all statements: %.0f ms, buffers hit %d read %d, WAL %d MB",
                        r.getDouble(1), r.getLong(2), r.getLong(3), r.getLong(4) / 1024 / 1024));
            }
            try (ResultSet r = st.executeQuery("""
                    SELECT checkpoints_timed + checkpoints_req, buffers_checkpoint, buffers_clean, buffers_backend
                    FROM pg_stat_bgwriter""")) {
                r.next();
                lines.add(String.format(Locale.ROOT,
                        "  checkpoints %d; buffers written by checkpoints %d, by the background writer %d, by backends %d",
                        r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4)));
            }
        }
        return lines;
    }

    private Connection connect() throws SQLException {
        return suite.connect("postgres");
    }
}
