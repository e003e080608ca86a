package io.cjm.platform.db;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Makes a service own its database: at start-up it creates the database named in the JDBC
 * URL when it does not exist yet (connecting to the server's maintenance database), then
 * applies the versioned Flyway migrations of the service. Runs before anything else
 * observes start-up, so no request ever meets a missing table.
 */
@ApplicationScoped
public class DatabaseBootstrap {

    private static final Logger LOG = Logger.getLogger(DatabaseBootstrap.class);
    private static final Pattern JDBC_URL = Pattern.compile("^(jdbc:postgresql://[^/]+/)([^?]+)(\\?.*)?$");
    private static final String DUPLICATE_DATABASE = "42P04";
    private static final String UNIQUE_VIOLATION = "23505";

    private final Instance<Flyway> flyway;
    private final String jdbcUrl;
    private final Optional<String> user;
    private final Optional<String> password;
    private final String maintenanceDatabase;
    private final boolean migrate;

    DatabaseBootstrap(
            Instance<Flyway> flyway,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
            @ConfigProperty(name = "cjm.db.maintenance-database", defaultValue = "postgres") String maintenanceDatabase,
            @ConfigProperty(name = "cjm.db.migrate-at-start", defaultValue = "true") boolean migrate) {
        this.flyway = flyway;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.maintenanceDatabase = maintenanceDatabase;
        this.migrate = migrate;
    }

    void onStart(@Observes @Priority(1) StartupEvent event) throws SQLException {
        if (!migrate) {
            return;
        }
        createDatabaseIfMissing();
        var result = flyway.get().migrate();
        LOG.infof("Database schema at version %s (%d migrations applied now)",
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
    }

    /**
     * How a service's database is created: byte-order collation ({@code LC_COLLATE 'C'}), the
     * server's character classification kept. Every key the services index is an opaque id
     * (name-based UUIDs, client ids, identifier values), and a btree compares text on every
     * insert and probe: with the default collation of most installations ({@code en_US.UTF-8},
     * and also {@code C.UTF-8}, which PostgreSQL 15 does not recognise as byte order) each
     * comparison copies both strings and calls {@code strcoll}; in byte order it is one
     * {@code memcmp}. The order of ids and keys in answers is byte order, the same as the
     * code-point order of {@code C.UTF-8}.
     */
    static final String CREATE = "CREATE DATABASE \"%s\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C'";

    /** Creates the database of {@code quarkus.datasource.jdbc.url} unless it exists. */
    void createDatabaseIfMissing() throws SQLException {
        Matcher m = JDBC_URL.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalStateException("Not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        String database = m.group(2);
        if (!database.matches("[A-Za-z0-9_]+")) {
            throw new IllegalStateException("Database name must be letters, digits and _: " + database);
        }
        String adminUrl = m.group(1) + maintenanceDatabase + (m.group(3) != null ? m.group(3) : "");
        try (Connection c = DriverManager.getConnection(adminUrl, user.orElse(null), password.orElse(null))) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                ps.setString(1, database);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute(CREATE.formatted(database));
                LOG.infof("Created database %s", database);
            } catch (SQLException e) {
                // Another replica created it at the same moment: that is fine.
                if (!DUPLICATE_DATABASE.equals(e.getSQLState()) && !UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }
}
