package io.cjm.k8s;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What the suite is, independently of the chart: its services, their ports, who calls whom, and every
 * setting each service reads from the environment: the variables its application.properties references,
 * its port and gRPC client addresses, and its own {@code cjm.*} settings ({@code @ConfigProperty},
 * {@code @ConfigMapping}, including the platform module's for the services with a database). The tests
 * hold the chart to this, and EnvironmentTest checks that this list still covers the sources.
 */
final class Suite {

    static final List<String> SERVICES =
            List.of("gateway", "identity-service", "touchpoint-service", "journey-service", "scoring-service");

    static final Map<String, Integer> PORTS = Map.of(
            "gateway", 8080,
            "identity-service", 8081,
            "touchpoint-service", 8082,
            "journey-service", 8083,
            "scoring-service", 8084);

    /** Service: the services it calls over gRPC. */
    static final Map<String, Set<String>> CALLS = Map.of(
            "gateway", Set.of("identity-service", "touchpoint-service", "journey-service", "scoring-service"),
            "identity-service", Set.of(),
            "touchpoint-service", Set.of("identity-service", "journey-service"),
            "journey-service", Set.of("scoring-service"),
            "scoring-service", Set.of());

    /** Quarkus gRPC client name: the service it reaches. */
    static final Map<String, String> CLIENT_TARGETS = Map.of(
            "identity", "identity-service",
            "touchpoint", "touchpoint-service",
            "journey", "journey-service",
            "scoring", "scoring-service");

    static final Set<String> DATA_SERVICES =
            Set.of("identity-service", "touchpoint-service", "journey-service", "scoring-service");

    private static final List<String> DATABASE = List.of(
            "DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD", "DB_POOL_SIZE",
            // cjm.db.maintenance-database and cjm.db.migrate-at-start, read by the platform's DatabaseBootstrap.
            "CJM_DB_MAINTENANCE_DATABASE", "CJM_DB_MIGRATE_AT_START");

    /** Every gRPC call authenticated (platform-auth): the switch, and the realm tokens are checked against. */
    private static final List<String> GRPC_AUTH = List.of("CJM_GRPC_AUTH_ENABLED", "CJM_OIDC_URL");

    /** A gRPC caller's service account (quarkus-oidc-client): its client id and secret. */
    private static final List<String> GRPC_CALLER = List.of("CJM_GRPC_CLIENT_ID", "CJM_GRPC_CLIENT_SECRET");

    /** Service: every environment variable it reads. */
    static final Map<String, List<String>> ENV = Map.of(
            "gateway", concat(
                    List.of("QUARKUS_HTTP_PORT", "CJM_OIDC_URL", "CJM_GATEWAY_TENANT_CLAIM",
                            // RateLimitConfig (cjm.gateway.rate-limit.*).
                            "CJM_GATEWAY_RATE_LIMIT_ENABLED", "CJM_GATEWAY_RATE_LIMIT_INGEST_RATE",
                            "CJM_GATEWAY_RATE_LIMIT_INGEST_BURST", "CJM_GATEWAY_RATE_LIMIT_READ_RATE",
                            "CJM_GATEWAY_RATE_LIMIT_READ_BURST",
                            // WriteKeyConfig (cjm.gateway.write-keys.*).
                            "CJM_GATEWAY_WRITE_KEYS_CACHE_TTL"),
                    clients("identity", "touchpoint", "journey", "scoring"),
                    List.of("CJM_GRPC_AUTH_ENABLED"), GRPC_CALLER),
            "identity-service", concat(
                    List.of("QUARKUS_HTTP_PORT", "CJM_DEFAULT_REGION"),
                    DATABASE, GRPC_AUTH),
            "touchpoint-service", concat(
                    List.of("QUARKUS_HTTP_PORT", "CJM_RELAY_ENABLED", "CJM_METRICS_REFRESH_EVERY", "CJM_RELAY_EVERY_MILLIS",
                            "CJM_RELAY_BATCH_SIZE", "CJM_RELAY_ROUNDS", "CJM_RELAY_YIELD_ABOVE_PER_SECOND",
                            "CJM_RELAY_YIELD_BATCH_SIZE",
                            "CJM_RELAY_CONCURRENCY", "CJM_RELAY_LEASE_SECONDS",
                            "CJM_RELAY_MAX_ATTEMPTS", "CJM_RELAY_SHUTDOWN_WAIT_MILLIS", "CJM_RELAY_INITIAL_BACKOFF_MILLIS",
                            "CJM_RELAY_MAX_BACKOFF_MILLIS"),
                    DATABASE,
                    clients("identity", "journey"), GRPC_AUTH, GRPC_CALLER),
            "journey-service", concat(
                    List.of("QUARKUS_HTTP_PORT", "CJM_ABANDON_CHECK_EVERY", "CJM_METRICS_REFRESH_EVERY"),
                    DATABASE,
                    clients("scoring"), GRPC_AUTH, GRPC_CALLER),
            "scoring-service", concat(
                    List.of("QUARKUS_HTTP_PORT"),
                    DATABASE, GRPC_AUTH));

    /** Set by the chart for every service: graceful shutdown and where traces go. */
    static final List<String> CHART_ENV = List.of("QUARKUS_SHUTDOWN_TIMEOUT", "OTEL_EXPORTER_OTLP_ENDPOINT",
            "OTEL_EXPORTER_OTLP_PROTOCOL");

    private Suite() {
    }

    /** The services that call {@code service}. */
    static Set<String> callersOf(String service) {
        Set<String> callers = new TreeSet<>();
        CALLS.forEach((caller, called) -> {
            if (called.contains(service)) {
                callers.add(caller);
            }
        });
        return callers;
    }

    private static List<String> clients(String... names) {
        return Stream.of(names)
                .flatMap(n -> Stream.of(clientHost(n), clientPort(n)))
                .toList();
    }

    static String clientHost(String client) {
        return "QUARKUS_GRPC_CLIENTS_" + client.toUpperCase().replace('-', '_') + "_HOST";
    }

    static String clientPort(String client) {
        return "QUARKUS_GRPC_CLIENTS_" + client.toUpperCase().replace('-', '_') + "_PORT";
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        return Stream.of(lists).flatMap(List::stream).toList();
    }
}
