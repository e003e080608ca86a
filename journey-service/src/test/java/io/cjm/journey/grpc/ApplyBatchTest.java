package io.cjm.journey.grpc;

import static io.cjm.journey.grpc.Applies.START;
import static io.cjm.journey.grpc.Applies.randomProfile;
import static io.cjm.journey.grpc.Applies.randomTenant;
import static io.cjm.journey.grpc.Applies.resolved;
import static io.cjm.journey.grpc.Applies.timestamp;
import static io.cjm.journey.grpc.Applies.touchpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cjm.journey.client.ScoringServiceDouble;
import io.cjm.proto.journey.v1.ApplyBatchRequest;
import io.cjm.proto.journey.v1.ApplyBatchResult;
import io.cjm.proto.journey.v1.ApplyRequest;
import io.cjm.proto.journey.v1.EraseProfilesRequest;
import io.cjm.proto.journey.v1.Journey;
import io.cjm.proto.journey.v1.JourneyService;
import io.cjm.proto.journey.v1.JourneyTouchpoint;
import io.cjm.proto.journey.v1.ListJourneysRequest;
import io.cjm.proto.journey.v1.ProfileAssignment;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.GrpcService;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * ApplyBatch: a batch ends in the journeys that the same Applies one after the other give,
 * every item is answered in order with its own outcome, an item that fails fails alone, and the
 * batch's journeys are scored over one ScoreJourneys stream.
 */
@QuarkusTest
class ApplyBatchTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int TRIES = 12;
    private static final String[] TYPES = { "Product Viewed", "Product Added", "Checkout Started", "Order Completed",
        "Payment Failed", "Case Opened", "Call Started", "Call Transferred", "Case Resolved", "Refund Requested",
        "Message Received", "Survey Completed", "Page Viewed", "Signed Up" };
    private static final String[] CHANNELS = { "web", "phone", "chat", "email" };
    private static final String[] PROFILES = { "profile-a", "profile-b", "profile-c" };

    @GrpcClient("journey")
    JourneyService client;

    @Inject
    @GrpcService
    ScoringServiceDouble scoring;

    @Inject
    io.cjm.journey.client.ScoringClient scoringClient;

    @Inject
    Pool pool;

    @Test
    void batchesGiveTheJourneysOfTheSameAppliesOneAfterTheOther() {
        long base = Long.getLong("cjm.test.seed", new Random().nextLong());
        for (int i = 0; i < TRIES; i++) {
            long seed = base + i;
            try {
                oneTry(seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("failed with seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    private void oneTry(long seed) {
        Random random = new Random(seed);
        String one = "tenant-one-" + seed + "-" + System.nanoTime();
        String batched = "tenant-batch-" + seed + "-" + System.nanoTime();
        scoring.up(one);
        scoring.up(batched);
        List<JourneyTouchpoint> touchpoints = touchpoints(random, seed, 4 + random.nextInt(12));
        List<ApplyRequest> requests = requests(random, touchpoints);

        for (ApplyRequest r : requests) {
            client.apply(r.toBuilder().setTenantId(one).build()).await().atMost(WAIT);
        }
        for (int from = 0; from < requests.size();) {
            int to = Math.min(requests.size(), from + 1 + random.nextInt(8));
            List<ApplyBatchResult> results = applyBatch(batched, requests.subList(from, to));
            assertEquals(to - from, results.size());
            for (int k = 0; k < results.size(); k++) {
                assertTrue(results.get(k).hasApplied(), () -> "applied: " + results);
                assertEquals(requests.get(from + k).getTouchpoint().getId(), results.get(k).getTouchpointId());
            }
            from = to;
        }

        assertEquals(journeys(one), journeys(batched), requests.size() + " deliveries");
    }

    @Test
    void aBatchStoresTheRowsThatApplyStores() {
        String one = randomTenant();
        String batched = randomTenant();
        scoring.up(one);
        scoring.up(batched);
        String profile = randomProfile();
        // Every optional value set, nanoseconds included, and none set.
        JourneyTouchpoint full = touchpoint("Call Started", 0).toBuilder().setChannel("phone").setDirection("inbound")
                .setOccurredAt(timestamp(START.plusNanos(123_456_789))).putCorrelation("caseId", "C-\u00e9")
                .setSentiment(-0.35).setCsat(4).setNps(9).setWaitSeconds(95).setAgentId("agent-1").setAnonymous(true)
                .build();
        JourneyTouchpoint bare = touchpoint("Case Opened", 3);
        List<ApplyRequest> requests = List.of(resolved("", profile, 7, full).build(),
                resolved("", profile, 7, bare).build());

        for (ApplyRequest r : requests) {
            client.apply(r.toBuilder().setTenantId(one).build()).await().atMost(WAIT);
        }
        applyBatch(batched, requests);

        for (JourneyTouchpoint t : List.of(full, bare)) {
            assertEquals(rows("journey_touchpoint", one, t.getId()), rows("journey_touchpoint", batched, t.getId()));
        }
        // Both paths insert journeys alike; their ids name the tenant, and when they were built differs.
        assertEquals(rows("journey", one, null), rows("journey", batched, null));
    }

    /**
     * The tenant's rows of the table (of journey_touchpoint: the touchpoint's), every column as
     * text but the tenant, the ids that name it and the times of the write, in a stable order.
     */
    private List<Map<String, String>> rows(String table, String tenant, String touchpointId) {
        List<String> names = new ArrayList<>();
        pool.preparedQuery("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                + " AND table_name = $1 AND column_name NOT IN ('tenant_id', 'uid', 'id', 'updated_at', 'jes_retry_at')"
                + " ORDER BY ordinal_position").execute(Tuple.of(table)).await().atMost(WAIT)
                .forEach(r -> names.add(r.getString(0)));
        String q = "SELECT " + String.join(", ", names.stream().map(n -> "CAST(" + n + " AS text)").toList())
                + " FROM " + table + " WHERE tenant_id = $1"
                + (touchpointId == null ? " ORDER BY started_at, touchpoint_ids" : " AND touchpoint_id = $2");
        Tuple params = touchpointId == null ? Tuple.of(tenant) : Tuple.of(tenant, touchpointId);
        List<Map<String, String>> rows = new ArrayList<>();
        for (Row r : pool.preparedQuery(q).execute(params).await().atMost(WAIT)) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                values.put(names.get(i), r.getString(i));
            }
            rows.add(values);
        }
        assertFalse(rows.isEmpty(), table + " of " + tenant);
        return rows;
    }

    @Test
    void everyItemIsAnsweredInOrderAndAnInvalidOneAlone() {
        String tenant = randomTenant();
        scoring.up(tenant);
        JourneyTouchpoint first = touchpoint("Case Opened", 0);
        JourneyTouchpoint third = touchpoint("Signed Up", 1);

        List<ApplyBatchResult> results = applyBatch(tenant, List.of(
                resolved("", randomProfile(), 1, first).build(),
                resolved("", "", 1, touchpoint("Case Opened", 2)).build(),
                resolved("", randomProfile(), 1, third).build()));

        assertEquals(3, results.size());
        assertEquals(first.getId(), results.get(0).getTouchpointId());
        assertTrue(results.get(0).getApplied().getJoinedJourney());
        assertTrue(results.get(0).getApplied().getScored());
        assertEquals("INVALID_ARGUMENT", results.get(1).getError().getCode());
        assertTrue(results.get(1).getError().getMessage().contains("profile_id"), results.get(1).getError().getMessage());
        assertEquals(third.getId(), results.get(2).getTouchpointId());
        assertTrue(results.get(2).getApplied().getJoinedJourney());
        assertEquals(2, listJourneys(tenant).size());
    }

    @Test
    void anItemThatFailsFailsAloneAndTheOthersAreApplied() {
        String tenant = randomTenant();
        scoring.up(tenant);
        // PostgreSQL refuses a NUL character in text: storing this touchpoint fails.
        JourneyTouchpoint broken = touchpoint("Case\u0000Opened", 0);
        JourneyTouchpoint good = touchpoint("Case Opened", 1);
        String p = randomProfile();

        List<ApplyBatchResult> results = applyBatch(tenant, List.of(resolved("", p, 1, good).build(),
                resolved("", p, 1, broken).build()));

        assertTrue(results.get(0).hasApplied(), results.toString());
        assertTrue(results.get(0).getApplied().getJoinedJourney());
        assertTrue(results.get(1).hasError(), results.toString());
        List<Journey> journeys = listJourneys(tenant);
        assertEquals(1, journeys.size());
        assertEquals(List.of(good.getId()), journeys.getFirst().getTouchpointIdsList());
    }

    @Test
    void anErasedProfilesTouchpointIsLeftOutAndTheOthersAreApplied() {
        String tenant = randomTenant();
        scoring.up(tenant);
        String erased = randomProfile();
        String kept = randomProfile();
        client.eraseProfiles(EraseProfilesRequest.newBuilder().setTenantId(tenant).addProfileIds(erased).build())
                .await().atMost(WAIT);

        List<ApplyBatchResult> results = applyBatch(tenant, List.of(
                resolved("", erased, 1, touchpoint("Case Opened", 0)).build(),
                resolved("", kept, 1, touchpoint("Case Opened", 1)).build()));

        assertFalse(results.get(0).getApplied().getJoinedJourney());
        assertTrue(results.get(1).getApplied().getJoinedJourney());
        assertEquals(List.of(kept), listJourneys(tenant).stream().map(Journey::getProfileId).toList());
    }

    @Test
    void idsWithQuotesBackslashesAndAccentsAreFoundAgainWhenTheBatchComesAgain() {
        String tenant = randomTenant();
        String profile = "profile \"quoted\" \\ é-" + java.util.UUID.randomUUID();
        JourneyTouchpoint odd = touchpoint("Case Opened", 0).toBuilder()
                .setId("tp \"quoted\" back\\slash é " + java.util.UUID.randomUUID()).build();
        List<ApplyRequest> items = List.of(resolved("", profile, 1, odd).build());

        List<ApplyBatchResult> first = applyBatch(tenant, items);
        List<ApplyBatchResult> again = applyBatch(tenant, items);

        assertTrue(first.getFirst().getApplied().getJoinedJourney(), first::toString);
        assertTrue(again.getFirst().getApplied().getJoinedJourney(), again::toString);
        // The second batch read the stored touchpoint and the profile's journey back (ids passed as one
        // JSON array): one journey holding the touchpoint once.
        List<Journey> journeys = listJourneys(tenant);
        assertEquals(1, journeys.size(), journeys::toString);
        assertEquals(profile, journeys.getFirst().getProfileId());
        assertEquals(List.of(odd.getId()), journeys.getFirst().getTouchpointIdsList());
    }

    @Test
    void theBatchsJourneysAreScoredWithOneBatchCall() {
        String tenant = randomTenant();
        scoring.up(tenant);
        List<ApplyRequest> items = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            items.add(resolved("", randomProfile(), 1, touchpoint("Case Opened", i)).build());
        }

        List<ApplyBatchResult> results = applyBatch(tenant, items);

        assertTrue(results.stream().allMatch(r -> r.getApplied().getJoinedJourney() && r.getApplied().getScored()));
        assertEquals(5, scoring.batched(tenant));
        assertEquals(0, scoring.streamed(tenant));
        assertTrue(listJourneys(tenant).stream().allMatch(j -> j.getJes() == ScoringServiceDouble.JES));
    }

    @Test
    void aScoringServiceWithoutTheBatchCallGetsTheJourneysOverOneStream() {
        String tenant = randomTenant();
        scoring.up(tenant);
        scoring.batchUnimplemented(true);
        try {
            List<ApplyRequest> items = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                items.add(resolved("", randomProfile(), 1, touchpoint("Case Opened", i)).build());
            }

            List<ApplyBatchResult> results = applyBatch(tenant, items);

            assertTrue(results.stream().allMatch(r -> r.getApplied().getJoinedJourney() && r.getApplied().getScored()));
            assertEquals(5, scoring.streamed(tenant));
            assertTrue(listJourneys(tenant).stream().allMatch(j -> j.getJes() == ScoringServiceDouble.JES));
        } finally {
            scoring.batchUnimplemented(false);
            scoringClient.resetFallback();
        }
    }

    @Test
    void withScoringDownTheItemsAreAppliedButNotScored() {
        String tenant = randomTenant();
        List<ApplyBatchResult> results = applyBatch(tenant, List.of(
                resolved("", randomProfile(), 1, touchpoint("Case Opened", 0)).build(),
                resolved("", randomProfile(), 1, touchpoint("Case Opened", 1)).build()));

        assertTrue(results.stream().allMatch(r -> r.getApplied().getJoinedJourney() && !r.getApplied().getScored()));
        assertEquals(2, listJourneys(tenant).size());
    }

    @Test
    void aBatchWithoutItemsOrOfAnotherTenantsItemsIsRefused() {
        String tenant = randomTenant();
        var empty = org.junit.jupiter.api.Assertions.assertThrows(io.grpc.StatusRuntimeException.class,
                () -> client.applyBatch(ApplyBatchRequest.newBuilder().setTenantId(tenant).build()).await().atMost(WAIT));
        assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, empty.getStatus().getCode());

        List<ApplyBatchResult> results = applyBatch(tenant, List.of(
                resolved("another-tenant", randomProfile(), 1, touchpoint("Case Opened", 0)).build()));
        assertEquals("INVALID_ARGUMENT", results.getFirst().getError().getCode());
        assertEquals(List.of(), listJourneys(tenant));
    }

    /** Deliveries of the touchpoints as the relay makes them: repeated ones, moves, merges and late, older versions. */
    private static List<ApplyRequest> requests(Random random, List<JourneyTouchpoint> touchpoints) {
        List<ApplyRequest> requests = new ArrayList<>();
        long version = 1;
        int n = touchpoints.size() + random.nextInt(touchpoints.size());
        for (int k = 0; k < n; k++) {
            JourneyTouchpoint t = k < touchpoints.size() ? touchpoints.get(k)
                    : touchpoints.get(random.nextInt(touchpoints.size()));
            String profile = PROFILES[random.nextInt(PROFILES.length)];
            // Now and then a late delivery with an older resolution.
            long v = random.nextInt(5) == 0 ? Math.max(0, version - 1 - random.nextInt(3)) : ++version;
            ApplyRequest.Builder r = resolved("", profile, v, t);
            if (random.nextInt(4) == 0) {
                for (int m = 0; m < 1 + random.nextInt(3); m++) {
                    r.addReassigned(ProfileAssignment.newBuilder()
                            .setTouchpointId(touchpoints.get(random.nextInt(touchpoints.size())).getId())
                            .setProfileId(PROFILES[random.nextInt(PROFILES.length)]));
                }
            }
            if (random.nextInt(6) == 0) {
                String merged = PROFILES[random.nextInt(PROFILES.length)];
                if (!merged.equals(profile)) {
                    r.addMergedProfileIds(merged);
                }
            }
            requests.add(r.build());
        }
        return requests;
    }

    private static List<JourneyTouchpoint> touchpoints(Random random, long seed, int n) {
        List<JourneyTouchpoint> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String type = TYPES[random.nextInt(TYPES.length)];
            JourneyTouchpoint.Builder t = JourneyTouchpoint.newBuilder().setId("tp-" + seed + "-" + i).setType(type)
                    .setChannel(CHANNELS[random.nextInt(CHANNELS.length)])
                    .setOccurredAt(timestamp(START.plus(Duration.ofMinutes(random.nextInt(90)))));
            if (random.nextInt(3) == 0) {
                t.putCorrelation(random.nextBoolean() ? "caseId" : "orderId", "K-" + random.nextInt(2));
            }
            if (type.equals("Survey Completed")) {
                t.setCsat(1 + random.nextInt(5));
            }
            list.add(t.build());
        }
        return list;
    }

    private List<ApplyBatchResult> applyBatch(String tenant, List<ApplyRequest> items) {
        return client.applyBatch(ApplyBatchRequest.newBuilder().setTenantId(tenant).addAllItems(items).build())
                .await().atMost(WAIT).getResultsList();
    }

    private List<Journey> listJourneys(String tenant) {
        return client.listJourneys(ListJourneysRequest.newBuilder().setTenantId(tenant).setPageSize(500).build())
                .await().atMost(WAIT).getJourneysList();
    }

    /** The tenant's journeys without their ids (which name the tenant). */
    private TreeSet<String> journeys(String tenant) {
        return new TreeSet<>(listJourneys(tenant).stream().map(j -> j.getType() + " "
                + j.getStatus().name() + " stage=" + j.getStage() + " tps=" + j.getTouchpointIdsList() + " profile="
                + j.getProfileId() + " friction=" + j.getFrictionList().stream()
                        .map(f -> f.getKind() + f.getTouchpointIdsList()).toList()
                + " jes=" + (j.hasJes() ? j.getJes() : "none")).toList());
    }
}
