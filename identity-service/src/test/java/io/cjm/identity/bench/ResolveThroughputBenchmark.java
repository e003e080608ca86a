package io.cjm.identity.bench;

import io.cjm.proto.identity.v1.IdentityService;
import io.cjm.proto.identity.v1.ResolveBatchRequest;
import io.cjm.proto.identity.v1.ResolveRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark, not a test: resolutions per second through the gRPC API (the service on its
 * test port, the client in the same JVM, PostgreSQL on this machine), next to PostgreSQL's
 * own single-row insert rate measured in the same run. It asserts nothing and runs only
 * when asked:
 *
 * <pre>./mvnw -pl identity-service verify -Dcjm.bench=true -Dtest=ResolveThroughputBenchmark</pre>
 *
 * The figures are printed and written to identity-service/target/benchmarks/identity.txt.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "cjm.bench", matches = "true")
class ResolveThroughputBenchmark {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int SECONDS = Integer.getInteger("cjm.bench.seconds", 15);

    @GrpcClient("identity")
    IdentityService client;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    private final List<String> lines = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();

    @Test
    void resolutionsPerSecond() throws Exception {
        print("identity-service benchmark, %s, %d cores, %d s per figure", Instant.now(),
                Runtime.getRuntime().availableProcessors(), SECONDS);
        // Warm-up: JIT, connection pool, statement caches.
        freshCustomers("warmup-" + UUID.randomUUID(), 200, 1, 5);

        double yardstick = singleRowInserts(8);
        print("PostgreSQL single-row INSERT, autocommit, 8 connections: %,.0f rows/s", yardstick);
        double yardstick1 = singleRowInserts(1);
        print("PostgreSQL single-row INSERT, autocommit, 1 connection:  %,.0f rows/s", yardstick1);

        for (int batch : new int[] { 1, 100, 500, 1000 }) {
            double r = freshCustomers("bench-" + UUID.randomUUID(), batch, 1, SECONDS);
            print("Resolve, new customers (2 identifiers each), batch %4d, 1 tenant:   %,8.0f resolutions/s", batch, r);
        }
        double multi = freshCustomers("bench-" + UUID.randomUUID(), 500, 4, SECONDS);
        print("Resolve, new customers (2 identifiers each), batch  500, 4 tenants:  %,8.0f resolutions/s", multi);
        double single = freshCustomers("bench-" + UUID.randomUUID(), 1, 8, SECONDS);
        print("Resolve, new customers (2 identifiers each), batch    1, 8 tenants:  %,8.0f resolutions/s", single);

        for (int k : new int[] { 10, 100, 1000 }) {
            growingProfile(k);
        }
        Path out = Path.of("target", "benchmarks", "identity.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
    }

    private void print(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println("[bench] " + line);
        lines.add(line);
    }

    /** Resolves touchpoints of new customers (email + anonymousId) for a while; resolutions per second. */
    private double freshCustomers(String tenantPrefix, int batch, int tenants, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        List<Uni<Long>> workers = new ArrayList<>();
        for (int t = 0; t < tenants; t++) {
            String tenant = tenantPrefix + "-" + t;
            workers.add(loop(tenant, batch, deadline));
        }
        long done = Uni.join().all(workers).andFailFast().await().atMost(WAIT.plusSeconds(seconds)).stream()
                .mapToLong(Long::longValue).sum();
        return done / ((System.nanoTime() - start) / 1e9);
    }

    private Uni<Long> loop(String tenant, int batch, long deadline) {
        return Uni.createFrom().item(0L).onItem().transformToUni(n -> step(tenant, batch, deadline, 0L));
    }

    private Uni<Long> step(String tenant, int batch, long deadline, long done) {
        if (System.nanoTime() > deadline) {
            return Uni.createFrom().item(done);
        }
        Uni<Integer> call;
        if (batch == 1) {
            call = client.resolve(customer(tenant)).map(r -> 1);
        } else {
            ResolveBatchRequest.Builder b = ResolveBatchRequest.newBuilder().setTenantId(tenant);
            for (int i = 0; i < batch; i++) {
                b.addItems(customer(""));
            }
            call = client.resolveBatch(b.build()).map(r -> r.getResultsCount());
        }
        return call.chain(n -> step(tenant, batch, deadline, done + n));
    }

    private ResolveRequest customer(String tenant) {
        long n = sequence.incrementAndGet();
        return ResolveRequest.newBuilder().setTenantId(tenant).setTouchpointId("tp-" + n)
                .setOccurredAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(1_770_000_000L + n))
                .putIdentifiers("email", "customer" + n + "@bench.example")
                .putIdentifiers("anonymousId", "cookie-" + n).build();
    }

    /**
     * Grows one profile to k identifiers (a customerId seen with k cookies), then times single
     * resolutions that add one more cookie each: every one recomputes the whole profile.
     */
    private void growingProfile(int k) {
        String tenant = "bench-k" + k + "-" + UUID.randomUUID();
        for (int i = 0; i < k; i += 500) {
            ResolveBatchRequest.Builder b = ResolveBatchRequest.newBuilder().setTenantId(tenant);
            for (int j = i; j < Math.min(k, i + 500); j++) {
                b.addItems(login(tenant, "grow-" + j, j));
            }
            client.resolveBatch(b.build()).await().atMost(WAIT);
        }
        int n = 0;
        long start = System.nanoTime();
        long deadline = start + SECONDS * 1_000_000_000L / 3;
        while (System.nanoTime() < deadline) {
            client.resolve(login(tenant, "more-" + n, k + n)).await().atMost(WAIT);
            n++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        print("Resolve into a profile of %4d identifiers, batch 1, sequential: %,8.0f resolutions/s (%.1f ms each)", k,
                n / seconds, 1000 * seconds / n);
    }

    private static ResolveRequest login(String tenant, String tp, int i) {
        return ResolveRequest.newBuilder().setTenantId(tenant).setTouchpointId(tp)
                .setOccurredAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(1_770_000_000L + i))
                .putIdentifiers("customerId", "C-1").putIdentifiers("anonymousId", "cookie-" + i).build();
    }

    /** Rows per second that PostgreSQL inserts one per transaction into a table like identifier. */
    private double singleRowInserts(int connections) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, ""); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_single_row");
            s.execute("CREATE TABLE bench_single_row (id text PRIMARY KEY, tenant_id text NOT NULL, "
                    + "profile_id text NOT NULL, type text NOT NULL, value text NOT NULL, "
                    + "first_seen timestamptz NOT NULL, last_seen timestamptz NOT NULL, "
                    + "UNIQUE (tenant_id, type, value))");
        }
        long deadline = System.nanoTime() + SECONDS * 1_000_000_000L;
        AtomicLong rows = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < connections; t++) {
            Thread thread = Thread.ofPlatform().start(() -> {
                try (Connection c = DriverManager.getConnection(jdbcUrl, user, "");
                        PreparedStatement insert = c.prepareStatement(
                                "INSERT INTO bench_single_row VALUES (?, 'bench', ?, 'email', ?, ?, ?)")) {
                    c.setAutoCommit(true);
                    while (System.nanoTime() < deadline) {
                        String id = UUID.randomUUID().toString();
                        Timestamp now = Timestamp.from(Instant.now());
                        insert.setString(1, id);
                        insert.setString(2, id);
                        insert.setString(3, id + "@bench.example");
                        insert.setTimestamp(4, now);
                        insert.setTimestamp(5, now);
                        insert.executeUpdate();
                        rows.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double perSecond = rows.get() / ((System.nanoTime() - start) / 1e9);
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, ""); Statement s = c.createStatement()) {
            s.execute("DROP TABLE bench_single_row");
        }
        return perSecond;
    }
}
