package io.cjm.scoring.bench;

import com.google.protobuf.Timestamp;
import io.cjm.proto.scoring.v1.Friction;
import io.cjm.proto.scoring.v1.JourneyFacts;
import io.cjm.proto.scoring.v1.ScoreJourneyRequest;
import io.cjm.proto.scoring.v1.ScoreJourneysRequest;
import io.cjm.proto.scoring.v1.ScoreJourneysResponse;
import io.cjm.proto.scoring.v1.ScoredTouchpoint;
import io.cjm.proto.scoring.v1.ScoringService;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark, not a test: journeys scored per second over the ScoreJourneys bidirectional
 * stream (the service on its test port, the client in the same JVM, PostgreSQL on this
 * machine, every score stored and published), next to unary ScoreJourney calls one after the
 * other. It asserts nothing and runs only when asked:
 *
 * <pre>./mvnw -pl scoring-service -am verify -Dcjm.bench=true -Dtest=ScoreStreamBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * The figures are printed and written to scoring-service/target/benchmarks/scoring.txt.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "cjm.bench", matches = "true")
class ScoreStreamBenchmark {

    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final int JOURNEYS = Integer.getInteger("cjm.bench.journeys", 20_000);
    private static final String[] CHANNELS = { "web", "email", "chat", "phone", "app" };
    private static final String[] FRICTION = { "repeat_contact", "channel_switch", "long_wait", "transfer" };
    private static final Instant T0 = Instant.parse("2026-02-01T08:00:00Z");

    @GrpcClient("scoring")
    ScoringService client;

    private final List<String> lines = new ArrayList<>();
    private final Random random = new Random(42);

    @Test
    void scoresPerSecond() throws Exception {
        print("scoring-service benchmark, %s, %d cores", Instant.now(), Runtime.getRuntime().availableProcessors());
        print("journeys of 4 to 12 touchpoints over 1 to 3 channels, 0 to 3 friction signals, half with a CSAT");
        stream("warmup-" + UUID.randomUUID(), journeys(2_000));

        double fresh = stream("bench-" + UUID.randomUUID(), journeys(JOURNEYS));
        print("ScoreJourneys, 1 stream, %,d new journeys:              %,8.0f scores/s", JOURNEYS, fresh);
        String tenant = "bench-" + UUID.randomUUID();
        List<JourneyFacts> journeys = journeys(JOURNEYS);
        stream(tenant, journeys);
        double again = stream(tenant, journeys);
        print("ScoreJourneys, 1 stream, %,d journeys scored again:     %,8.0f scores/s", JOURNEYS, again);
        double unary = unary("bench-" + UUID.randomUUID(), 2_000);
        print("ScoreJourney (unary), one call after the other, 2,000:  %,8.0f scores/s", unary);

        Path out = Path.of("target", "benchmarks", "scoring.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
    }

    private double stream(String tenant, List<JourneyFacts> journeys) {
        List<ScoreJourneysRequest> requests = journeys.stream()
                .map(j -> ScoreJourneysRequest.newBuilder().setTenantId(tenant).setJourney(j).build()).toList();
        long start = System.nanoTime();
        List<ScoreJourneysResponse> answers = client.scoreJourneys(Multi.createFrom().iterable(requests))
                .collect().asList().await().atMost(WAIT);
        double seconds = (System.nanoTime() - start) / 1e9;
        long errors = answers.stream().filter(ScoreJourneysResponse::hasError).count();
        if (answers.size() != journeys.size() || errors > 0) {
            throw new IllegalStateException(answers.size() + " answers, " + errors + " errors");
        }
        return journeys.size() / seconds;
    }

    private double unary(String tenant, int n) {
        List<JourneyFacts> journeys = journeys(n);
        long start = System.nanoTime();
        for (JourneyFacts j : journeys) {
            client.scoreJourney(ScoreJourneyRequest.newBuilder().setTenantId(tenant).setJourney(j).build())
                    .await().atMost(WAIT);
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private List<JourneyFacts> journeys(int n) {
        List<JourneyFacts> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(journey());
        }
        return list;
    }

    /** A journey of realistic size, as journey-service sends it. */
    private JourneyFacts journey() {
        int touchpoints = 4 + random.nextInt(9);
        int channels = 1 + random.nextInt(3);
        Instant start = T0.plus(Duration.ofMinutes(random.nextInt(60 * 24 * 28)));
        JourneyFacts.Builder b = JourneyFacts.newBuilder().setJourneyId(UUID.randomUUID().toString())
                .setProfileId("p-" + UUID.randomUUID()).setType(random.nextBoolean() ? "support" : "purchase")
                .setStatus(new String[] { "open", "completed", "completed", "failed", "abandoned" }[random.nextInt(5)])
                .setStage("stage-" + random.nextInt(4)).setStartedAt(ts(start))
                .setExpectedTouchpoints(6).setExpectedDurationSeconds(Duration.ofDays(2).toSeconds());
        Instant at = start;
        String previous = null;
        int handoffs = 0;
        for (int t = 0; t < touchpoints; t++) {
            at = at.plus(Duration.ofMinutes(5 + random.nextInt(600)));
            String channel = CHANNELS[random.nextInt(channels)];
            handoffs += previous != null && !previous.equals(channel) ? 1 : 0;
            previous = channel;
            ScoredTouchpoint.Builder tp = ScoredTouchpoint.newBuilder().setId("tp-" + UUID.randomUUID())
                    .setChannel(channel).setOccurredAt(ts(at));
            if (random.nextInt(3) == 0) {
                tp.setSentiment(random.nextDouble() * 2 - 1);
            }
            if (t == touchpoints - 1 && random.nextBoolean()) {
                tp.setCsat(1 + random.nextInt(5));
            }
            b.addTouchpoints(tp);
        }
        b.setLastActivityAt(ts(at)).setHandoffCount(handoffs);
        for (int f = random.nextInt(4); f > 0; f--) {
            b.addFriction(Friction.newBuilder().setKind(FRICTION[random.nextInt(FRICTION.length)])
                    .addTouchpointIds(b.getTouchpoints(random.nextInt(touchpoints)).getId()));
        }
        return b.build();
    }

    private static Timestamp ts(Instant i) {
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }

    private void print(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        lines.add(line);
    }
}
