package io.cjm.journey.grpc;

import static io.cjm.journey.grpc.Applies.applyRequest;
import static io.cjm.journey.grpc.Applies.randomProfile;
import static io.cjm.journey.grpc.Applies.randomTenant;
import static io.cjm.journey.grpc.Applies.touchpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cjm.journey.client.ScoringServiceDouble;
import io.cjm.proto.journey.v1.JourneyService;
import io.cjm.proto.journey.v1.ListJourneysRequest;
import io.cjm.proto.journey.v1.RescoreJourneysRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.GrpcService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RescoreJourneys marks a tenant's journeys of a type, and the sweep scores them again. */
@QuarkusTest
class RescoreJourneysTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    @GrpcClient("journey")
    JourneyService client;

    @Inject
    @GrpcService
    ScoringServiceDouble scoring;

    private final String tenant = randomTenant();

    @Test
    void markedJourneysOfTheTypeAreScoredAgainWithinSeconds() throws InterruptedException {
        scoring.up(tenant);
        String otherTenant = randomTenant();
        scoring.up(otherTenant);
        String purchase = journeyOf(tenant, "Product Viewed");
        String onboarding = journeyOf(tenant, "Signed Up");
        String otherPurchase = journeyOf(otherTenant, "Product Viewed");
        assertEquals(1, scoring.scoreCalls(tenant, purchase));

        int marked = client.rescoreJourneys(RescoreJourneysRequest.newBuilder().setTenantId(tenant)
                .setJourneyType("purchase").build()).await().atMost(WAIT).getMarked();

        assertEquals(1, marked);
        Instant deadline = Instant.now().plus(WAIT);
        while (scoring.scoreCalls(tenant, purchase) < 2 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertEquals(2, scoring.scoreCalls(tenant, purchase), "re-scored by the sweep");
        // Once: it is not stale any more. Other types and tenants were not touched.
        Thread.sleep(3000);
        assertEquals(2, scoring.scoreCalls(tenant, purchase));
        assertEquals(1, scoring.scoreCalls(tenant, onboarding));
        assertEquals(1, scoring.scoreCalls(otherTenant, otherPurchase));
    }

    @Test
    void withoutATypeEveryJourneyOfTheTenantIsMarked() {
        journeyOf(tenant, "Product Viewed");
        journeyOf(tenant, "Signed Up");
        assertEquals(2, client.rescoreJourneys(RescoreJourneysRequest.newBuilder().setTenantId(tenant).build())
                .await().atMost(WAIT).getMarked());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.rescoreJourneys(
                RescoreJourneysRequest.newBuilder().setJourneyType("purchase").build()).await().atMost(WAIT));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    }

    @Test
    void aJourneyWhoseScoringFailedIsPutOffAndScoredOnceScoringIsBack() throws InterruptedException {
        String journey = journeyOf(tenant, "Product Viewed");
        assertEquals(0, scoring.scoreCalls(tenant, journey), "scoring is down");

        // The sweep tries it, fails, and puts it off (2^attempts s) instead of trying it every sweep.
        Instant deadline = Instant.now().plus(WAIT);
        Row row = retryState(journey);
        while (row.getInteger("attempts") == 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            row = retryState(journey);
        }
        assertTrue(row.getInteger("attempts") >= 1, "tried by the sweep");
        assertTrue(row.getBoolean("put_off"), "the next attempt waits");
        assertTrue(row.getBoolean("stale"));

        scoring.up(tenant);
        deadline = Instant.now().plus(Duration.ofSeconds(30));
        row = retryState(journey);
        while (row.getBoolean("stale") && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            row = retryState(journey);
        }
        assertEquals(false, row.getBoolean("stale"), "scored once scoring is back");
        assertEquals(1, scoring.scoreCalls(tenant, journey));
        assertEquals(0, row.getInteger("attempts"), "off the queue with its attempts");
    }

    @Test
    void aJourneyStillBeingScoredByItsApplyIsNotScoredAgainByTheSweep() throws InterruptedException {
        // Each score takes 2 s; the sweep runs every 2 s and would find the journey stale
        // meanwhile, but assembly gives the Apply's own scoring a grace (8 s in tests).
        scoring.up(tenant);
        scoring.slow(tenant, Duration.ofSeconds(2));
        String journey = journeyOf(tenant, "Product Viewed");
        assertEquals(1, scoring.scoreCalls(tenant, journey), "scored by the Apply");
        assertEquals(false, retryState(journey).getBoolean("stale"));

        Thread.sleep(3000);
        assertEquals(1, scoring.scoreCalls(tenant, journey), "not scored a second time by the sweep");
    }

    private Row retryState(String journeyId) {
        return pool.preparedQuery("SELECT q.journey_id IS NOT NULL AS stale, coalesce(q.attempts, 0) AS attempts, "
                + "coalesce(q.retry_at > now(), false) AS put_off "
                + "FROM journey j LEFT JOIN journey_stale q ON q.journey_id = j.id WHERE j.id = $1").execute(Tuple.of(journeyId)).await().atMost(WAIT).iterator().next();
    }

    private String journeyOf(String tenantId, String type) {
        String profile = randomProfile();
        client.apply(applyRequest(tenantId, profile, touchpoint(type, 0))).await().atMost(WAIT);
        var journeys = client.listJourneys(ListJourneysRequest.newBuilder().setTenantId(tenantId)
                .setProfileId(profile).build()).await().atMost(WAIT).getJourneysList();
        assertTrue(journeys.size() == 1, journeys::toString);
        return journeys.getFirst().getId();
    }
}
