package io.cjm.systemtest;

import static io.cjm.systemtest.Touchpoints.touchpoint;
import static io.cjm.systemtest.Touchpoints.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark, not a test: the latency of {@code GET /profiles/{id}/timeline} for a profile with
 * 1,000 touchpoints, through the real suite (Keycloak, the five services as processes,
 * PostgreSQL), as an agent's desktop calls it: one request at a time, with a bearer token.
 * <p>
 * The profile is built through the real pipeline (capture, identity resolution, journey
 * assembly, scoring): 100 rounds of ten touchpoints on six channels (a purchase, a support
 * case by email, chat and phone that is resolved, a survey, a review and a page view), six
 * hours apart, so the profile has about 200 journeys, most of them closed. Once the pipeline
 * has drained, the benchmark measures, after a warm-up, first pages (limit 50) and deeper
 * pages (limit 50, through every cursor of the profile), one request every
 * {@code cjm.bench.interval-ms} milliseconds (12 by default, about 83 a second, below the
 * gateway's rate limit of 100 reads a second per client), and prints p50/p95/p99/max, the
 * rate reached, and the CPU seconds each process used meanwhile (the gateway, each service,
 * Keycloak, PostgreSQL, the test JVM, everything else on the machine), so that the figures
 * say how loaded the machine was. Several intervals, comma-separated (for example
 * {@code 12,50}), are measured one after the other on the same suite and profile.
 *
 * <pre>./mvnw -B -pl system-tests -am verify -Dcjm.bench=true -Dtest=TimelineBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dcjm.bench.interval-ms=12,50</pre>
 *
 * Figures go to standard output (lines starting {@code [bench]}) and to
 * {@code system-tests/target/benchmarks/timeline.txt}.
 */
@EnabledIfSystemProperty(named = "cjm.bench", matches = "true")
class TimelineBenchmark {

    private static final String INGEST = "acme-ingest";
    private static final String READER = "acme-reader";
    private static final int ROUNDS = 100;
    /** Rounds at the end whose purchase and support journeys are still open. */
    private static final int OPEN_ROUNDS = 4;
    private static final int WARMUP = Integer.getInteger("cjm.bench.warmup", 500);
    private static final int REQUESTS = Integer.getInteger("cjm.bench.requests", 1000);
    private static final int BREAKDOWN = 400;
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(15);

    /**
     * The intervals between requests, in milliseconds, measured one after the other; 12 ms (about 83
     * a second) by default: the gateway allows a client 100 reads a second on average
     * (RateLimitConfig), and a faster loop would measure 429s.
     */
    private static final List<Long> INTERVALS_MS = Arrays.stream(System.getProperty("cjm.bench.interval-ms", "12")
            .split(",")).map(String::trim).map(Long::parseLong).toList();

    private long paceNanos = INTERVALS_MS.get(0) * 1_000_000L;

    private final Api api = new Api();
    private long nextStart = System.nanoTime();
    private final List<String> lines = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void timelineLatencyForAProfileWithAThousandTouchpoints() throws Exception {
        print("timeline benchmark, %s, %d cores", Instant.now(), Runtime.getRuntime().availableProcessors());
        String email = unique("bench") + "@example.com";
        List<Touchpoints> all = profile(email);
        long sending = System.nanoTime();
        for (int from = 0; from < all.size(); from += 500) {
            api.as(INGEST).body(Touchpoints.batch(all.subList(from, Math.min(all.size(), from + 500))
                    .toArray(Touchpoints[]::new))).post("/api/v1/touchpoints").then().statusCode(202);
        }
        awaitDrained();
        print("%d touchpoints captured and through the pipeline in %.1f s", all.size(),
                (System.nanoTime() - sending) / 1e9);
        String profileId = api.as(INGEST).queryParam("identifier", "email:" + email).get("/api/v1/profiles")
                .then().statusCode(200).extract().path("id");

        // Every cursor of the profile (pages of 50), checking that paging gives each touchpoint once.
        String token = api.token(READER);
        List<String> cursors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        JsonPath first = null;
        do {
            JsonPath page = JsonPath.from(get(token, profileId, cursor));
            if (first == null) {
                first = page;
            }
            for (String id : page.<String>getList("touchpoints.id")) {
                assertThat(seen.add(id)).as("touchpoint %s on two pages", id).isTrue();
            }
            cursor = page.getString("nextCursor");
            if (cursor != null) {
                cursors.add(cursor);
            }
        } while (cursor != null);
        assertThat(seen).hasSize(all.size());
        assertThat(first.getList("openJourneys")).as("open journeys on the timeline").isNotEmpty();
        print("profile %s: %d touchpoints in %d pages of 50; %d open journeys, %d closed listed (more: %s), "
                + "first page %,d bytes", profileId, seen.size(), cursors.size() + 1,
                first.getList("openJourneys").size(), first.getList("closedJourneys").size(),
                first.getBoolean("moreClosedJourneys"), get(token, profileId, null).length());

        CpuMeter cpu = new CpuMeter(Suite.get());
        for (long intervalMs : INTERVALS_MS) {
            paceNanos = intervalMs * 1_000_000L;
            print("one request every %d ms (%.1f a second asked for)", intervalMs, 1000.0 / intervalMs);
            for (int i = 0; i < WARMUP; i++) {
                get(token, profileId, i % 2 == 0 ? null : cursors.get(i % cursors.size()));
            }
            long[] firstPages = new long[REQUESTS];
            long[] deeperPages = new long[REQUESTS];
            CpuMeter.Snapshot before = cpu.snapshot();
            // Interleaved, so that both kinds see the same conditions.
            for (int i = 0; i < REQUESTS; i++) {
                firstPages[i] = timed(token, profileId, null);
                deeperPages[i] = timed(token, profileId, cursors.get(i % cursors.size()));
            }
            CpuMeter.Snapshot after = cpu.snapshot();
            report("first page (limit 50)", firstPages);
            report("deeper pages (limit 50, cursor)", deeperPages);
            long[] both = Arrays.copyOf(firstPages, REQUESTS * 2);
            System.arraycopy(deeperPages, 0, both, REQUESTS, REQUESTS);
            report("all requests", both);
            print("%d requests in %.1f s: %.1f a second; CPU meanwhile:", REQUESTS * 2,
                    (after.nanos() - before.nanos()) / 1e9, REQUESTS * 2 / ((after.nanos() - before.nanos()) / 1e9));
            CpuMeter.between(before, after).forEach(line -> print("%s", line));
        }

        // Where the time goes: the calls the timeline makes, each alone through the gateway
        // (so each figure includes the gateway's own work: token check, HTTP, JSON), at the first interval.
        paceNanos = INTERVALS_MS.get(0) * 1_000_000L;
        print("each call alone, one request every %d ms:", INTERVALS_MS.get(0));
        String base = Suite.get().gatewayUrl() + "/api/v1";
        breakdown("  GET /profiles/{id} (identity)", token, base + "/profiles/" + profileId);
        breakdown("  GET /journeys open, limit 100", token, base + "/journeys?limit=100&status=open&profileId="
                + profileId);
        breakdown("  GET /journeys completed, limit 20", token, base + "/journeys?limit=20&status=completed"
                + "&profileId=" + profileId);

        Path out = Path.of("target", "benchmarks", "timeline.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
    }

    /**
     * The customer's 1,000 touchpoints, oldest first, ending an hour ago. The last
     * {@value #OPEN_ROUNDS} rounds stop at checkout and at an updated case, so the agent sees
     * open journeys with their stage and friction, as when a customer calls mid-journey.
     */
    private static List<Touchpoints> profile(String email) {
        Instant start = Instant.now().minus(ROUNDS * 6L + 1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        List<Touchpoints> all = new ArrayList<>();
        for (int r = 0; r < ROUNDS; r++) {
            Instant t = start.plus(r * 6L, ChronoUnit.HOURS);
            String order = "O-" + r;
            String kase = "C-" + r;
            all.add(at(t, 0, "Product Viewed", "web", email).attribute("orderId", order));
            all.add(at(t, 2, "Product Added", "web", email).attribute("orderId", order));
            boolean open = r >= ROUNDS - OPEN_ROUNDS;
            all.add(open
                    ? at(t, 9, "Checkout Started", "web", email).attribute("orderId", order)
                    : at(t, 9, "Order Completed", "web", email).attribute("orderId", order).with("value", 49.9));
            all.add(at(t, 60, "Case Opened", "email", email).attribute("caseId", kase).with("direction", "inbound")
                    .with("content", Map.of("text", "Round " + r + ": the parcel arrived damaged, photo attached",
                            "attachments", List.of(Map.of("uri", "https://media.example.com/p/" + r + ".jpg",
                                    "mediaType", "image/jpeg", "sizeBytes", 240_000 + r)))));
            all.add(at(t, 70, "Live Chat Conversation Started", "chat", email).attribute("caseId", kase)
                    .with("content", Map.of("text", "Any news on my case " + kase + "?")).with("sentiment", -0.2));
            all.add(at(t, 90, "Call Started", "phone", email).attribute("caseId", kase).with("direction", "inbound")
                    .with("waitSeconds", 300 + r).with("agentId", "agent-" + (r % 7))
                    .with("content", Map.of("text", "Call transcript: customer asks for a replacement",
                            "attachments", List.of(Map.of("uri", "https://media.example.com/calls/" + r + ".ogg",
                                    "mediaType", "audio/ogg", "sizeBytes", 1_200_000)))));
            all.add(at(t, 100, open ? "Case Updated" : "Case Resolved", "phone", email).attribute("caseId", kase));
            all.add(at(t, 120, "Survey Completed", "email", email).with("csat", 1 + r % 5).with("nps", r % 11));
            all.add(at(t, 180, "Review Posted", "review", email).with("content", Map.of("text", "Service was ok")));
            all.add(at(t, 240, "Page Viewed", "web", email));
        }
        return all;
    }

    private static Touchpoints at(Instant round, int minutes, String type, String channel, String email) {
        return touchpoint(type, channel, round.plus(minutes, ChronoUnit.MINUTES)).identifier("email", email);
    }

    private void awaitDrained() {
        Instant deadline = Instant.now().plus(DRAIN_TIMEOUT);
        Instant report = Instant.now();
        while (true) {
            JsonPath p = api.as(INGEST).get("/api/v1/pipeline").then().statusCode(200).extract().jsonPath();
            if (p.getLong("pending") == 0) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Pipeline not drained within " + DRAIN_TIMEOUT + ": " + p.prettify());
            }
            if (Instant.now().isAfter(report)) {
                System.out.println("[bench] waiting for the pipeline: " + p.getMap("$"));
                report = Instant.now().plusSeconds(10);
            }
            Suite.sleep(500);
        }
    }

    private String get(String token, String profileId, String cursor) throws Exception {
        pace();
        HttpResponse<String> r = http.send(request(token, profileId, cursor), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("timeline answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** Nanoseconds from sending the request to having read the whole body. */
    private long timed(String token, String profileId, String cursor) throws Exception {
        HttpRequest request = request(token, profileId, cursor);
        pace();
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - start;
        if (r.statusCode() != 200) {
            throw new AssertionError("timeline answered " + r.statusCode() + ": " + r.body());
        }
        return took;
    }

    /** The latency of one other call, alone, for comparison. */
    private void breakdown(String what, String token, String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10)).GET().build();
        long[] nanos = new long[BREAKDOWN];
        for (int i = -BREAKDOWN / 2; i < BREAKDOWN; i++) {
            pace();
            long start = System.nanoTime();
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - start;
            if (r.statusCode() != 200) {
                throw new AssertionError(url + " answered " + r.statusCode() + ": " + r.body());
            }
            if (i >= 0) {
                nanos[i] = took;
            }
        }
        report(what, nanos);
    }

    /** Waits until the next request may start. */
    private void pace() throws InterruptedException {
        long wait = nextStart - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        nextStart = Math.max(System.nanoTime(), nextStart) + paceNanos;
    }

    private HttpRequest request(String token, String profileId, String cursor) {
        String url = Suite.get().gatewayUrl() + "/api/v1/profiles/" + profileId + "/timeline?limit=50"
                + (cursor == null ? "" : "&cursor=" + cursor);
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10)).GET().build();
    }

    private void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        print("%-36s n=%5d  p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  max %7.2f ms", what, sorted.length,
                ms(percentile(sorted, 50)), ms(percentile(sorted, 95)), ms(percentile(sorted, 99)),
                ms(sorted[sorted.length - 1]));
    }

    /** The nearest-rank percentile. */
    private static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private void print(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println("[bench] " + line);
        lines.add(line);
    }
}
