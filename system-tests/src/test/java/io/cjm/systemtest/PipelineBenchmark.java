package io.cjm.systemtest;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.postgresql.PGConnection;

/**
 * Benchmark, not a test: the capture pipeline with the whole suite (Keycloak, the five
 * services as processes, PostgreSQL, all on this machine). It asserts nothing and runs only
 * when asked:
 *
 * <pre>./mvnw -B -pl system-tests -am verify -Dcjm.bench=true -Dtest=PipelineBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * After a warm-up ({@code cjm.bench.warmup-seconds}, default 60: capture at full speed, then its
 * drain; then {@code cjm.bench.paced-warmup-seconds}, default 120, at 600 touchpoints a second):
 * <ol>
 * <li><b>accepted/s</b>: 8 clients post batches of 100 touchpoints (new customers, each with a
 * case id) through the gateway for {@code cjm.bench.seconds} (default 15); every 202 item
 * counts.</li>
 * <li><b>accepted → scored/s</b>: the backlog of step 1 drained through identity, journey and
 * scoring: touchpoints through the whole pipeline per second, from the first post to the
 * last one done.</li>
 * <li><b>freshness at half load</b>: touchpoints sent at half the rate of step 2 for 30 s;
 * p50/p99 of accepted → done (JES available), from the touchpoints' own timestamps.</li>
 * <li><b>sustained at the target</b>: touchpoints sent at {@code cjm.bench.sustained-rate} (default
 * 1,500, the end-to-end target) for {@code cjm.bench.sustained-seconds} (default 60): touchpoints
 * done per second from the first accepted to the last done, freshness over the step and over its
 * last 10 s (flat when the pipeline keeps up), and how long the last one took after the last post.</li>
 * <li><b>PostgreSQL COPY</b> of the same number of rows into an equivalent table, same run,
 * same machine: the yardstick of what the database alone takes in.</li>
 * </ol>
 * Figures are printed and written to system-tests/target/benchmarks/pipeline.txt.
 */
@EnabledIfSystemProperty(named = "cjm.bench", matches = "true")
class PipelineBenchmark {

    private static final int SECONDS = Integer.getInteger("cjm.bench.seconds", 15);
    /**
     * Capture at full speed before anything is measured, then a drain. Long because five JVMs share
     * two cores: after a 5 s warm-up their JIT compilers still took a third of the machine's CPU in
     * the measured capture and drain (2026-11-26); a running suite has long finished compiling.
     */
    private static final int WARMUP_SECONDS = Integer.getInteger("cjm.bench.warmup-seconds", 60);
    /**
     * Then paced capture that the pipeline keeps up with, the way a running suite spends most of
     * its time (smaller posts, the relay not yielding): after the full-speed warm-up alone the
     * services' JIT compilers were still taking 0.2 to 0.26 of the 2 cores in the measured drain
     * (2026-11-26, fourth session), compiling 100 to 180 methods at tier 4 every 30 s each.
     */
    private static final int PACED_WARMUP_SECONDS = Integer.getInteger("cjm.bench.paced-warmup-seconds", 120);
    private static final double PACED_WARMUP_RATE = 600;
    /**
     * The end-to-end target, sent steadily for {@code cjm.bench.sustained-seconds} (default 60)
     * after the half load: the pipeline keeps up with it when the touchpoints' freshness stays
     * flat (a pipeline slower than the rate sent falls further behind every second, so its last
     * touchpoints wait longest). 0 leaves the step out.
     */
    private static final double SUSTAINED_RATE = Double.parseDouble(System.getProperty("cjm.bench.sustained-rate", "1500"));
    private static final int SUSTAINED_SECONDS = Integer.getInteger("cjm.bench.sustained-seconds", 60);
    private static final int CLIENTS = 8;
    private static final java.util.regex.Pattern PENDING = java.util.regex.Pattern.compile("\"pending\"\\s*:\\s*(\\d+)");
    private static final int BATCH = 100;
    private static final Duration DRAIN_LIMIT = Duration.ofMinutes(Integer.getInteger("cjm.bench.drain-minutes", 15));

    private final Api api = new Api();
    private final Suite suite = Suite.get();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<String> lines = new ArrayList<>();

    @Test
    void pipeline() throws Exception {
        String token = "globex-ingest";
        print("pipeline benchmark, %s, %d cores, %d clients x batches of %d", Instant.now(),
                Runtime.getRuntime().availableProcessors(), CLIENTS, BATCH);
        print("CPU: %s", cpu());
        print("PostgreSQL: %s", serverSettings());
        awaitDrained(Duration.ofMinutes(5));

        // Warm-up: JIT and connection pools of every service, then let the pipeline catch up.
        print("warm-up: %d s of capture at full speed, then its drain", WARMUP_SECONDS);
        send(token, "warm", Duration.ofSeconds(WARMUP_SECONDS), 0);
        awaitDrained(DRAIN_LIMIT);
        if (PACED_WARMUP_SECONDS > 0) {
            print("warm-up, paced: %d s at %,.0f touchpoints/s, then its drain", PACED_WARMUP_SECONDS, PACED_WARMUP_RATE);
            send(token, "pace", Duration.ofSeconds(PACED_WARMUP_SECONDS), PACED_WARMUP_RATE);
            awaitDrained(DRAIN_LIMIT);
        }
        analyzeUnlessAutovacuum();

        CpuMeter cpu = new CpuMeter(suite);
        PgStatements statements = new PgStatements(suite);
        if (PgStatements.asked()) {
            statements.reset();
        }
        String run = "b" + UUID.randomUUID().toString().substring(0, 8);
        CpuMeter.Snapshot beforeCapture = cpu.snapshot();
        Instant start = Instant.now();
        long accepted = send(token, run, Duration.ofSeconds(SECONDS), 0);
        double capture = accepted / (Duration.between(start, Instant.now()).toNanos() / 1e9);
        print("accepted through the gateway: %,d touchpoints in %d s = %,.0f touchpoints/s", accepted, SECONDS, capture);
        CpuMeter.Snapshot afterCapture = cpu.snapshot();
        Instant captured = Instant.now();
        CpuMeter.between(beforeCapture, afterCapture).forEach(line -> print("%s", line));

        Instant drained = lastDone(run, awaitDrained(DRAIN_LIMIT));
        CpuMeter.Snapshot afterDrain = cpu.snapshot();
        print("the backlog after capture, drained in %.1f s:", Duration.between(captured, drained).toMillis() / 1000.0);
        CpuMeter.between(afterCapture, afterDrain).forEach(line -> print("%s", line));
        long done = countDone(run);
        double endToEnd = done / (Duration.between(start, drained).toNanos() / 1e9);
        print("accepted -> scored (whole pipeline): %,d touchpoints in %.1f s = %,.0f touchpoints/s%s", done,
                Duration.between(start, drained).toMillis() / 1000.0, endToEnd,
                done < accepted ? " (NOT drained within " + DRAIN_LIMIT + ")" : "");
        if (done > 0) {
            print("CPU per touchpoint, capture and drain together:");
            CpuMeter.perItem(beforeCapture, afterDrain, done).forEach(line -> print("%s", line));
        }
        if (PgStatements.asked()) {
            print("PostgreSQL's statements over capture and drain (pg_stat_statements):");
            statements.top(30).forEach(line -> print("%s", line));
        }

        double half = Math.max(1, endToEnd / 2);
        String fresh = "f" + UUID.randomUUID().toString().substring(0, 8);
        CpuMeter.Snapshot beforeHalf = cpu.snapshot();
        long paced = send(token, fresh, Duration.ofSeconds(30), half);
        awaitDrained(DRAIN_LIMIT);
        print("half load, until drained:");
        CpuMeter.between(beforeHalf, cpu.snapshot()).forEach(line -> print("%s", line));
        double[] freshness = freshness(fresh);
        print("freshness at %,.0f touchpoints/s (half of accepted -> scored; %,.0f/s sent), %,d touchpoints: p50 %.0f ms, "
                + "p99 %.0f ms, max %.0f ms (accepted -> journeys scored)", half, paced / 30.0, paced, freshness[0],
                freshness[1], freshness[2]);

        if (SUSTAINED_RATE > 0) {
            sustained(token, cpu);
        }

        serverTimes();

        int rows = (int) Math.max(accepted, 50_000);
        double copy = copyRate(rows);
        print("PostgreSQL COPY into an equivalent table: %,d rows = %,.0f rows/s", rows, copy);

        Path out = Path.of("target/benchmarks/pipeline.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
    }

    /**
     * Sends {@link #SUSTAINED_RATE} touchpoints a second for {@link #SUSTAINED_SECONDS} and prints
     * what came through: touchpoints done per second from the first accepted to the last done,
     * freshness over the whole step and over its last 10 s of sending, and how long after the
     * last post the last touchpoint was done.
     */
    private void sustained(String token, CpuMeter cpu) throws Exception {
        String run = "s" + UUID.randomUUID().toString().substring(0, 8);
        CpuMeter.Snapshot before = cpu.snapshot();
        long sent = send(token, run, Duration.ofSeconds(SUSTAINED_SECONDS), SUSTAINED_RATE);
        Instant lastPost = Instant.now();
        Instant last = lastDone(run, awaitDrained(DRAIN_LIMIT));
        print("sustained at %,.0f touchpoints/s for %d s, until drained:", SUSTAINED_RATE, SUSTAINED_SECONDS);
        CpuMeter.between(before, cpu.snapshot()).forEach(line -> print("%s", line));
        long done = countDone(run);
        double seconds = suite.queryLong("touchpoint", "SELECT round(1000 * extract(epoch FROM max(done_at) - "
                + "min(accepted_at))) FROM touchpoint WHERE " + ofRun(run)) / 1000.0;
        double[] all = freshness(run);
        double[] tail = freshness(run, "accepted_at >= (SELECT max(accepted_at) - interval '10 seconds' FROM touchpoint "
                + "WHERE " + ofRun(run) + ")");
        print("sustained: %,d touchpoints sent at %,.0f/s, %,d done in %.1f s from the first accepted to the last done "
                + "= %,.0f touchpoints/s scored; the last done %.1f s after the last post", sent,
                sent / (double) SUSTAINED_SECONDS, done, seconds, done / seconds,
                Duration.between(lastPost, last).toMillis() / 1000.0);
        print("  freshness, whole step: p50 %.0f ms, p99 %.0f ms, max %.0f ms; last 10 s of sending: p50 %.0f ms, "
                + "p99 %.0f ms, max %.0f ms", all[0], all[1], all[2], tail[0], tail[1], tail[2]);
    }

    /**
     * Posts batches for {@code duration}: as fast as the clients go when {@code perSecond} is 0,
     * else paced to that many touchpoints a second over all clients. Answers the touchpoints accepted.
     */
    private long send(String client, String run, Duration duration, double perSecond) throws Exception {
        AtomicLong accepted = new AtomicLong();
        AtomicLong sequence = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        // Paced: each client posts about 4 times a second (a post takes up to a few hundred ms under
        // load, so one touchpoint per post every few ms would fall behind the pace).
        int batch = perSecond == 0 ? BATCH : (int) Math.max(1, Math.min(BATCH, Math.ceil(perSecond / CLIENTS / 4)));
        long pauseNanos = perSecond == 0 ? 0 : (long) (1e9 * batch * CLIENTS / perSecond);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            running.add(clients.submit(() -> {
                long next = System.nanoTime();
                try (PlainHttp gateway = new PlainHttp(suite.gatewayUrl())) {
                    while (System.nanoTime() < end) {
                        String body = body(run, sequence, batch);
                        PlainHttp.Response response = gateway.postJson("/api/v1/touchpoints", api.token(client), body);
                        if (response.status() == 202) {
                            accepted.addAndGet(count(response.body(), "\"accepted\""));
                        } else if (response.status() != 429) {
                            throw new IllegalStateException(response.status() + " " + response.body());
                        }
                        if (pauseNanos > 0) {
                            next += pauseNanos;
                            long wait = next - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                            }
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        clients.shutdown();
        return accepted.get();
    }

    /**
     * The processor as {@code /proc/cpuinfo} names it (model, clock, bogomips of the first one): the
     * machines this runs on differ from session to session, and runs on different processors do not
     * compare.
     */
    private static String cpu() {
        try {
            List<String> info = Files.readAllLines(Path.of("/proc/cpuinfo"));
            List<String> fields = new ArrayList<>();
            for (String key : List.of("model name", "cpu MHz", "bogomips")) {
                info.stream().filter(l -> l.startsWith(key)).findFirst()
                        .ifPresent(l -> fields.add(key + " " + l.substring(l.indexOf(':') + 1).trim()));
            }
            return fields.isEmpty() ? "unknown" : String.join(", ", fields);
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** A batch of new customers' first contact, each with its own case. */
    private static String body(String run, AtomicLong sequence, int size) {
        StringBuilder b = new StringBuilder(size * 260).append("{\"touchpoints\":[");
        String now = Instant.now().toString();
        for (int i = 0; i < size; i++) {
            long n = sequence.incrementAndGet();
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"id\":\"").append(run).append('-').append(n)
                    .append("\",\"type\":\"Case Opened\",\"channel\":\"email\",\"occurredAt\":\"").append(now)
                    .append("\",\"identifiers\":{\"customerId\":\"").append(run).append("-c").append(n)
                    .append("\",\"email\":\"").append(run).append(".c").append(n).append("@example.com\"}")
                    .append(",\"attributes\":{\"caseId\":\"").append(run).append("-case-").append(n)
                    .append("\"},\"content\":{\"text\":\"My parcel has not arrived yet, order ").append(n)
                    .append("\"}}");
        }
        return b.append("]}").toString();
    }

    private static long count(String text, String token) {
        long n = 0;
        for (int i = text.indexOf(token); i >= 0; i = text.indexOf(token, i + token.length())) {
            n++;
        }
        return n;
    }

    /**
     * The services rely on PostgreSQL's table statistics, which autovacuum keeps (it is on by
     * default). Where it is off, as on this project's CI machine, the tables have none and the
     * planner guesses that a tenant holds a tiny share of a table: it then reads a whole tenant
     * through the tenant prefix of a listing index instead of the profile index. Analyze once
     * after the warm-up, as autovacuum would have by then, and say so.
     */
    private void analyzeUnlessAutovacuum() throws Exception {
        if (suite.queryLong("touchpoint", "SELECT (current_setting('autovacuum') = 'on')::int") == 1) {
            print("autovacuum is on");
            return;
        }
        for (String service : List.of("identity", "touchpoint", "journey", "scoring")) {
            suite.execute(service, "ANALYZE");
        }
        print("autovacuum is off on this PostgreSQL: the services' databases were analyzed once after the warm-up");
    }

    /**
     * Waits until {@code GET /pipeline} shows nothing pending. While the outbox still holds rows
     * it waits on the outbox itself, read through its due index once a second: {@code GET
     * /pipeline} counts every pending touchpoint (30 to 130 ms of the database a call with tens
     * of thousands pending), which the measured drain should not pay for once a second.
     */
    private Instant awaitDrained(Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            if (suite.queryLong("touchpoint", "SELECT count(*) FROM (SELECT 1 FROM outbox "
                    + "ORDER BY next_attempt_at, created_at LIMIT 1) AS o") == 0 && pending() == 0) {
                return Instant.now();
            }
            Suite.sleep(1000);
        }
        return Instant.now();
    }

    /** What {@code GET /pipeline} says is pending for the benchmark's tenant. */
    private long pending() {
        // The plain HTTP client, not RestAssured: the client's own CPU counts against the suite here.
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(suite.gatewayUrl() + "/api/v1/pipeline"))
                    .header("Authorization", "Bearer " + api.token("globex-ingest")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        var m = PENDING.matcher(response.body());
        if (response.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * When the run's last touchpoint was done, from its own timestamp (the poll that saw the
     * pipeline empty comes up to a second later), or {@code polled} if none is.
     */
    private Instant lastDone(String run, Instant polled) throws Exception {
        long micros = suite.queryLong("touchpoint", "SELECT coalesce(CAST(1000000 * extract(epoch FROM max(done_at)) "
                + "AS bigint), 0) FROM touchpoint WHERE " + ofRun(run));
        return micros == 0 ? polled : Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
    }

    private long countDone(String run) throws Exception {
        return suite.queryLong("touchpoint", "SELECT count(*) FROM touchpoint WHERE " + ofRun(run)
                + " AND done_at IS NOT NULL");
    }

    /** SQL over {@code touchpoint}: the benchmark tenant's touchpoints of one run (ids {@code <run>-...}). */
    private static String ofRun(String run) {
        return "tenant_id = 'globex' AND touchpoint_id LIKE '" + run + "-%'";
    }

    /** p50, p99 and max of accepted -> done in milliseconds for the run's touchpoints. */
    private double[] freshness(String run) throws Exception {
        return freshness(run, "true");
    }

    /** The same over the run's touchpoints that meet {@code condition} (SQL over {@code touchpoint}). */
    private double[] freshness(String run, String condition) throws Exception {
        String base = "FROM touchpoint WHERE " + ofRun(run) + " AND done_at IS NOT NULL AND " + condition;
        String ms = "1000 * extract(epoch FROM done_at - accepted_at)";
        return new double[] {
            suite.queryLong("touchpoint", "SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY " + ms + ")) " + base),
            suite.queryLong("touchpoint", "SELECT round(percentile_cont(0.99) WITHIN GROUP (ORDER BY " + ms + ")) " + base),
            suite.queryLong("touchpoint", "SELECT round(max(" + ms + ")) " + base)};
    }

    /** The PostgreSQL settings that weigh most on a write-heavy run, as the server reports them. */
    private String serverSettings() throws Exception {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("server_version", "shared_buffers", "max_wal_size", "checkpoint_timeout",
                "synchronous_commit", "wal_compression", "autovacuum")) {
            String value = suite.queryString("touchpoint", "SELECT current_setting('" + name + "')");
            out.append(out.isEmpty() ? "" : ", ").append(name).append(' ').append(value);
        }
        return out.toString();
    }

    /** PostgreSQL's own COPY rate into a table shaped like touchpoint-service's, in a scratch database. */
    private double copyRate(int rows) throws Exception {
        try (Connection admin = suite.connect("postgres"); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS cjm_bench_copy WITH (FORCE)");
            // As the services create theirs (byte-order collation, see DatabaseBootstrap).
            st.execute("CREATE DATABASE cjm_bench_copy TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C'");
        }
        try (Connection c = suite.connect("cjm_bench_copy"); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE touchpoint (uid text PRIMARY KEY, tenant_id text NOT NULL, touchpoint_id text NOT NULL,
                        type text NOT NULL, channel text NOT NULL, occurred_at timestamptz NOT NULL, identifiers text NOT NULL,
                        attributes text, content text, accepted_at timestamptz NOT NULL,
                        CONSTRAINT touchpoint_unique UNIQUE (tenant_id, touchpoint_id))""");
            StringBuilder data = new StringBuilder(rows * 200);
            String now = Instant.now().toString();
            for (int n = 0; n < rows; n++) {
                data.append(UUID.randomUUID()).append("\tglobex\tcopy-").append(n).append("\tCase Opened\temail\t")
                        .append(now).append("\t{\"customerId\":\"c").append(n).append("\",\"email\":\"c").append(n)
                        .append("@example.com\"}\t{\"caseId\":\"case-").append(n)
                        .append("\"}\t{\"text\":\"My parcel has not arrived yet, order ").append(n).append("\"}\t")
                        .append(now).append('\n');
            }
            long t0 = System.nanoTime();
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY touchpoint FROM STDIN", new StringReader(data.toString()));
            double seconds = (System.nanoTime() - t0) / 1e9;
            return rows / seconds;
        } finally {
            try (Connection admin = suite.connect("postgres"); Statement st = admin.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS cjm_bench_copy WITH (FORCE)");
            } catch (Exception e) {
                // best effort
            }
        }
    }

    /** Where the time went: each service's gRPC methods, calls and mean time per call, over the whole run. */
    private void serverTimes() throws Exception {
        java.util.regex.Pattern line = java.util.regex.Pattern.compile(
                "grpc_server_processing_duration_seconds_(sum|count)\\{method=\"([A-Za-z]+)\".*?\\} ([0-9.Ee+-]+)");
        for (String service : List.of("touchpoint", "identity", "journey", "scoring")) {
            String metrics = http.send(HttpRequest.newBuilder(URI.create(suite.serviceUrl(service) + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            java.util.Map<String, double[]> byMethod = new java.util.TreeMap<>();
            for (String l : metrics.lines().toList()) {
                var m = line.matcher(l);
                if (m.find()) {
                    double[] v = byMethod.computeIfAbsent(m.group(2), k -> new double[2]);
                    v[m.group(1).equals("sum") ? 0 : 1] += Double.parseDouble(m.group(3));
                }
            }
            byMethod.forEach((method, v) -> {
                if (v[1] > 0 && !method.equals("Check")) {
                    print("  %s-service %s: %,.0f calls, %.1f ms per call", service, method, v[1], 1000 * v[0] / v[1]);
                }
            });
        }
    }

    private void print(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        lines.add(line);
    }
}
