package io.cjm.scoring.grpc;

import static io.cjm.scoring.grpc.Facts.randomTenant;
import static io.cjm.scoring.grpc.Facts.scoreRequest;
import static io.cjm.scoring.grpc.Facts.supportJourney;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cjm.proto.scoring.v1.JourneyFacts;
import io.cjm.proto.scoring.v1.ScoreChange;
import io.cjm.proto.scoring.v1.ScoringService;
import io.cjm.proto.scoring.v1.WatchScoresRequest;
import io.cjm.scoring.domain.JesModel;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** WatchScores: score changes reach subscribers of the tenant through PostgreSQL NOTIFY. */
@QuarkusTest
class WatchScoresGrpcTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @GrpcClient("scoring")
    ScoringService client;

    private final String tenant = randomTenant();
    private final List<ScoreChange> received = new CopyOnWriteArrayList<>();
    private Cancellable subscription;

    @AfterEach
    void cancel() {
        if (subscription != null) {
            subscription.cancel();
        }
    }

    @Test
    void aSubscriberSeesItsTenantsChangesOnly() throws Exception {
        subscribe("");
        JourneyFacts.Builder mine = supportJourney().setStatus("open");
        JourneyFacts.Builder theirs = supportJourney();

        client.scoreJourney(scoreRequest(randomTenant(), theirs)).await().atMost(WAIT);
        double first = client.scoreJourney(scoreRequest(tenant, mine)).await().atMost(WAIT).getScore().getScore();
        ScoreChange created = await(c -> c.getJourneyId().equals(mine.getJourneyId()));
        assertFalse(created.hasOldJes(), "a first score has no old JES");
        assertEquals(first, created.getNewJes(), 1e-9);
        assertEquals("support", created.getJourneyType());
        assertEquals("open", created.getStatus());
        assertEquals("assisted", created.getStage());
        assertEquals(JesModel.VERSION, created.getModelVersion());
        assertTrue(created.hasChangedAt());

        double second = client.scoreJourney(scoreRequest(tenant, mine.setStatus("completed"))).await().atMost(WAIT)
                .getScore().getScore();
        ScoreChange completed = await(c -> c.getJourneyId().equals(mine.getJourneyId())
                && c.getStatus().equals("completed"));
        assertEquals(first, completed.getOldJes(), 1e-9);
        assertEquals(second, completed.getNewJes(), 1e-9);

        // Changes travel in commit order over one channel: the other tenant's change, made
        // before ours, would have arrived by now.
        assertTrue(received.stream().noneMatch(c -> c.getJourneyId().equals(theirs.getJourneyId())),
                received::toString);
    }

    @Test
    void scoringAgainWithoutChangeIsNoChange() throws Exception {
        subscribe("");
        JourneyFacts.Builder j = supportJourney();
        client.scoreJourney(scoreRequest(tenant, j)).await().atMost(WAIT);
        await(c -> c.getJourneyId().equals(j.getJourneyId()));
        client.scoreJourney(scoreRequest(tenant, j)).await().atMost(WAIT);
        JourneyFacts.Builder marker = supportJourney();
        client.scoreJourney(scoreRequest(tenant, marker)).await().atMost(WAIT);
        await(c -> c.getJourneyId().equals(marker.getJourneyId()));

        assertEquals(1, received.stream().filter(c -> c.getJourneyId().equals(j.getJourneyId())).count());
    }

    @Test
    void aJourneyTypeFilterKeepsThatTypeOnly() throws Exception {
        subscribe("refund");
        JourneyFacts.Builder support = supportJourney();
        JourneyFacts.Builder refund = supportJourney().setType("refund");
        client.scoreJourney(scoreRequest(tenant, support)).await().atMost(WAIT);
        client.scoreJourney(scoreRequest(tenant, refund)).await().atMost(WAIT);

        await(c -> c.getJourneyId().equals(refund.getJourneyId()));
        assertTrue(received.stream().allMatch(c -> c.getJourneyType().equals("refund")), received::toString);
    }

    /**
     * Subscribes and returns once the subscription is live: a server stream says nothing until
     * the first change, so probe journeys are scored until one of them arrives.
     */
    private void subscribe(String type) throws Exception {
        subscription = client.watchScores(WatchScoresRequest.newBuilder().setTenantId(tenant).setJourneyType(type)
                .build()).subscribe().with(r -> received.add(r.getChange()));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JourneyFacts.Builder probe = supportJourney().setType(type.isEmpty() ? "probe" : type);
            client.scoreJourney(scoreRequest(tenant, probe)).await().atMost(WAIT);
            for (int i = 0; i < 10; i++) {
                if (received.stream().anyMatch(c -> c.getJourneyId().equals(probe.getJourneyId()))) {
                    received.clear();
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        throw new AssertionError("the subscription never received a change");
    }

    private ScoreChange await(Predicate<ScoreChange> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ScoreChange c : received) {
                if (wanted.test(c)) {
                    return c;
                }
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("no such change among " + received);
    }
}
