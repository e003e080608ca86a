package io.cjm.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The one lifecycle manager of the suite under test: a real Keycloak (from the Maven
 * dependency, with the repo's realm) and the five built services, each a separate process
 * on a free port, against the real PostgreSQL with databases of their own, exporting their
 * traces to an in-process OTLP receiver. Started once per test JVM, stopped when the JVM
 * ends. Logs go to target/system-test-logs.
 */
public final class Suite {

    /** Client secrets generated for this run and handed to Keycloak's realm import. */
    static final Map<String, String> SECRETS = Map.of(
            "acme-ingest", randomSecret(),
            "globex-ingest", randomSecret(),
            "acme-reader", randomSecret(),
            "acme-admin", randomSecret(),
            // The suite's own service account (gRPC between the services) and acme's internal teams
            // (acme-analytics reads and scores, acme-reports only reads).
            "cjm-services", randomSecret(),
            "acme-analytics", randomSecret(),
            "acme-reports", randomSecret());

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static Suite instance;

    private final Path root = Path.of(System.getProperty("cjm.root", "..")).toAbsolutePath().normalize();
    private final Path logs = Path.of(System.getProperty("cjm.logs", "target/system-test-logs"));
    private final List<Process> processes = new ArrayList<>();
    private final Map<String, ProcessBuilder> builders = new HashMap<>();
    private final Map<String, Process> byName = new HashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String dbHost = env("DB_HOST", "localhost");
    private final String dbPort = env("DB_PORT", "5432");
    private final String dbUser = env("DB_USER", "postgres");
    private final String dbPassword = env("DB_PASSWORD", "");
    final int keycloakPort = freePort();
    final int gatewayPort = freePort();
    final Map<String, Integer> servicePorts = new LinkedHashMap<>();
    private OtlpReceiver otlp;

    private Suite() {
    }

    /** The running suite, started on first use. */
    public static synchronized Suite get() {
        if (instance == null) {
            Suite suite = new Suite();
            Runtime.getRuntime().addShutdownHook(new Thread(suite::stop));
            try {
                suite.start();
            } catch (Exception e) {
                suite.stop();
                throw new IllegalStateException("The suite did not start; see " + suite.logs.toAbsolutePath(), e);
            }
            instance = suite;
        }
        return instance;
    }

    public String gatewayUrl() {
        return "http://localhost:" + gatewayPort;
    }

    public String issuer() {
        return "http://localhost:" + keycloakPort + "/realms/cjm";
    }

    /** The base URL of a service behind the gateway: identity, touchpoint, journey or scoring. */
    public String serviceUrl(String service) {
        return "http://localhost:" + servicePorts.get(service);
    }

    /** The spans the five services have exported so far. */
    OtlpReceiver traces() {
        return otlp;
    }

    /** The output of a process of the suite so far, e.g. {@code identity-service}. */
    String log(String name) {
        try {
            return Files.readString(logs.resolve(name + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void start() throws Exception {
        Files.createDirectories(logs);
        try (Stream<Path> old = Files.list(logs)) {
            for (Path log : old.filter(f -> f.toString().endsWith(".log")).toList()) {
                Files.delete(log);
            }
        }
        otlp = new OtlpReceiver();
        startKeycloak();
        recreateDatabases();
        for (String service : List.of("identity", "scoring", "journey", "touchpoint")) {
            servicePorts.put(service, freePort());
        }
        for (String service : List.of("identity", "scoring", "journey", "touchpoint")) {
            startService(service + "-service", servicePorts.get(service), Map.of("DB_NAME", "cjm_st_" + service));
        }
        // Write keys are remembered for 1 s, so SegmentSystemTest sees a revocation at once.
        startService("gateway", gatewayPort, Map.of("CJM_OIDC_URL", issuer(), "CJM_GATEWAY_WRITE_KEYS_CACHE_TTL", "1s"));
        for (var e : servicePorts.entrySet()) {
            awaitHttp("http://localhost:" + e.getValue() + "/q/health/ready", e.getKey() + "-service");
        }
        awaitHttp(gatewayUrl() + "/q/health/ready", "gateway");
    }

    private void startKeycloak() throws IOException {
        Path home = Path.of(System.getProperty("cjm.keycloak.home"));
        Path data = home.resolve("data");
        deleteTree(data);
        Files.createDirectories(data.resolve("import"));
        Files.copy(root.resolve("keycloak/cjm-realm.json"), data.resolve("import/cjm-realm.json"),
                StandardCopyOption.REPLACE_EXISTING);
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", randomSecret());
        env.put("CJM_ACME_INGEST_SECRET", SECRETS.get("acme-ingest"));
        env.put("CJM_GLOBEX_INGEST_SECRET", SECRETS.get("globex-ingest"));
        env.put("CJM_ACME_READER_SECRET", SECRETS.get("acme-reader"));
        env.put("CJM_ACME_ADMIN_SECRET", SECRETS.get("acme-admin"));
        env.put("CJM_SERVICES_SECRET", SECRETS.get("cjm-services"));
        env.put("CJM_ACME_ANALYTICS_SECRET", SECRETS.get("acme-analytics"));
        env.put("CJM_ACME_REPORTS_SECRET", SECRETS.get("acme-reports"));
        launch("keycloak", List.of("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + keycloakPort, "--http-management-port=" + freePort(), "--import-realm"), env, home);
        awaitHttp(issuer() + "/.well-known/openid-configuration", "keycloak");
    }

    private void startService(String module, int port, Map<String, String> extra) throws IOException {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw package)");
        }
        Map<String, String> env = new HashMap<>(extra);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("DB_HOST", dbHost);
        env.put("DB_PORT", dbPort);
        env.put("DB_USER", dbUser);
        env.put("DB_PASSWORD", dbPassword);
        // Traces go to the tests' receiver at once; gauges are read from the database every second.
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint());
        env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        env.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
        // Benchmarks run the services' own default (15 s): a gauge refresh counts the pending
        // touchpoints and the journeys by status, which costs the database more than a test wants.
        if (!Boolean.getBoolean("cjm.bench")) {
            env.put("CJM_METRICS_REFRESH_EVERY", "1s");
        }
        // Every gRPC call is authenticated: the callee checks the token against Keycloak, the caller
        // gets one as the service account cjm-services.
        env.put("CJM_GRPC_AUTH_ENABLED", "true");
        env.put("CJM_OIDC_URL", issuer());
        env.put("CJM_GRPC_CLIENT_ID", "cjm-services");
        env.put("CJM_GRPC_CLIENT_SECRET", SECRETS.get("cjm-services"));
        servicePorts.forEach((name, p) -> env.put("QUARKUS_GRPC_CLIENTS_" + name.toUpperCase() + "_PORT",
                Integer.toString(p)));
        // Extra environment for every service, e.g. a setting to compare in a benchmark:
        // -Dcjm.suite.env=CJM_RELAY_ROUNDS=3,CJM_RELAY_BATCH_SIZE=1000
        for (String setting : System.getProperty("cjm.suite.env", "").split(",")) {
            int eq = setting.indexOf('=');
            if (eq > 0) {
                env.put(setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
        // Extra JVM options for every service, e.g. a flight recording per process while profiling:
        // -Dcjm.suite.java-options=-XX:StartFlightRecording=filename=/tmp/jfr/%p.jfr,settings=profile
        String options = System.getProperty("cjm.suite.java-options", "").trim();
        if (!options.isEmpty()) {
            command.addAll(List.of(options.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        launch(module, command, env, root);
    }

    private void launch(String name, List<String> command, Map<String, String> env, Path dir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
        pb.environment().putAll(env);
        builders.put(name, pb);
        Process process = pb.start();
        processes.add(process);
        byName.put(name, process);
    }

    /** The processes of the suite by name (keycloak, gateway, identity-service, ...), for CPU accounting. */
    synchronized Map<String, ProcessHandle> processes() {
        Map<String, ProcessHandle> out = new LinkedHashMap<>();
        byName.forEach((name, process) -> out.put(name, process.toHandle()));
        return out;
    }

    /** Stops one service the way Kubernetes does (SIGTERM) and waits until it has exited. */
    public synchronized void stopGracefully(String module) {
        Process process = byName.remove(module);
        processes.remove(process);
        process.destroy();
        try {
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(module + " did not stop within 60 s of SIGTERM");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills one service outright (SIGKILL, as {@code kill -9}: no shutdown hook runs) and waits until it is gone. */
    public synchronized void kill(String module) {
        Process process = byName.remove(module);
        processes.remove(process);
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException(module + " did not die within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts a stopped service again with the same settings and waits until it is ready. */
    public synchronized void start(String module) throws IOException {
        Process process = builders.get(module).start();
        processes.add(process);
        byName.put(module, process);
        awaitHttp(serviceUrl(module.replace("-service", "")) + "/q/health/ready", module);
    }

    /** A single number from a service's database, e.g. a count. */
    public long queryLong(String service, String sql) throws SQLException {
        return queryOne(service, sql, rs -> rs.getLong(1));
    }

    /** A single value from a service's database, as text (null for SQL NULL). */
    public String queryString(String service, String sql) throws SQLException {
        return queryOne(service, sql, rs -> rs.getString(1));
    }

    private interface Column<T> {
        T read(java.sql.ResultSet rs) throws SQLException;
    }

    private <T> T queryOne(String service, String sql, Column<T> column) throws SQLException {
        try (Connection c = connect("cjm_st_" + service);
                Statement st = c.createStatement();
                var rs = st.executeQuery(sql)) {
            rs.next();
            return column.read(rs);
        }
    }

    /** A JDBC connection to a database of the suite's PostgreSQL server (a service's, or {@code postgres}). */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + dbHost + ":" + dbPort + "/" + database, dbUser,
                dbPassword.isEmpty() ? null : dbPassword);
    }

    /** Runs one statement in a service's database (e.g. ANALYZE). */
    public void execute(String service, String sql) throws SQLException {
        try (Connection c = connect("cjm_st_" + service);
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Fresh databases for the services, so every run starts from nothing; the services create them again. */
    private void recreateDatabases() throws SQLException {
        try (Connection c = connect("postgres");
                Statement st = c.createStatement()) {
            for (String service : List.of("identity", "touchpoint", "journey", "scoring")) {
                st.execute("DROP DATABASE IF EXISTS cjm_st_" + service + " WITH (FORCE)");
            }
        }
    }

    private void awaitHttp(String url, String what) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (processes.stream().anyMatch(p -> !p.isAlive())) {
                throw new IllegalStateException("A process of the suite exited while waiting for " + what);
            }
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException(what + " was not ready at " + url + " within " + START_TIMEOUT);
    }

    private void stop() {
        List<Process> reversed = new ArrayList<>(processes);
        java.util.Collections.reverse(reversed);
        for (Process p : reversed) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : reversed) {
            try {
                if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        if (otlp != null) {
            otlp.close();
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
