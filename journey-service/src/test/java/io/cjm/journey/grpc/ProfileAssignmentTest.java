package io.cjm.journey.grpc;

import static io.cjm.journey.grpc.Applies.assignment;
import static io.cjm.journey.grpc.Applies.randomProfile;
import static io.cjm.journey.grpc.Applies.randomTenant;
import static io.cjm.journey.grpc.Applies.resolved;
import static io.cjm.journey.grpc.Applies.touchpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.cjm.journey.client.ScoringServiceDouble;
import io.cjm.proto.journey.v1.ApplyRequest;
import io.cjm.proto.journey.v1.ApplyResponse;
import io.cjm.proto.journey.v1.Journey;
import io.cjm.proto.journey.v1.JourneyService;
import io.cjm.proto.journey.v1.JourneyTouchpoint;
import io.cjm.proto.journey.v1.ListJourneysRequest;
import io.cjm.proto.journey.v1.ReassignRequest;
import io.cjm.proto.scoring.v1.JourneyFacts;
import io.cjm.proto.scoring.v1.ScoredTouchpoint;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.GrpcService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Apply with identity graph versions: touchpoints move between profiles when a later
 * resolution says so, the newest version wins whatever the delivery order, and every profile
 * that gains or loses touchpoints is re-assembled. Scoring answers for the test's tenant
 * ({@link ScoringServiceDouble}).
 */
@QuarkusTest
class ProfileAssignmentTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @GrpcClient("journey")
    JourneyService client;

    @Inject
    @GrpcService
    ScoringServiceDouble scoring;

    @Inject
    AgroalDataSource database;

    private final String tenant = randomTenant();
    private final String p = randomProfile();
    private final String q = randomProfile();

    @BeforeEach
    void scoringIsUp() {
        scoring.up(tenant);
    }

    @Test
    void aTouchpointAppliedWithAnOlderVersionThanItsRecordedAssignmentGoesToTheNewerProfile() {
        JourneyTouchpoint viewed = touchpoint("Product Viewed", 0);
        JourneyTouchpoint caseOpened = touchpoint("Case Opened", 5);
        // Version 7 moved `viewed` to Q before `viewed` itself was delivered.
        apply(resolved(tenant, q, 7, caseOpened).addReassigned(assignment(viewed, q)));
        assertEquals(1, tables().pendingAssignments(tenant));

        ApplyResponse applied = apply(resolved(tenant, p, 5, viewed));

        assertEquals(List.of(), journeysOf(p));
        assertEquals(0, tables().touchpointsOf(tenant, p));
        Journey purchase = ofType(journeysOf(q), "purchase");
        assertEquals(List.of(viewed.getId()), purchase.getTouchpointIdsList());
        assertEquals(q, purchase.getProfileId());
        assertTrue(applied.getJoinedJourney());
        assertEquals(List.of(purchase.getId()), applied.getJourneyIdsList());
        assertTrue(applied.getScored());
        assertEquals(0, tables().pendingAssignments(tenant));
    }

    @Test
    void anAdminReassignmentMovesStoredTouchpointsAndRemembersOnesNotYetArrived() {
        JourneyTouchpoint viewed = touchpoint("Product Viewed", 0);
        JourneyTouchpoint checkout = touchpoint("Checkout Started", 5);
        JourneyTouchpoint late = touchpoint("Case Opened", 9);
        apply(resolved(tenant, p, 1, viewed));
        String journeyId = apply(resolved(tenant, p, 2, checkout)).getJourneyIds(0);

        var answer = client.reassign(ReassignRequest.newBuilder().setTenantId(tenant).setGraphVersion(4)
                .addReassigned(assignment(viewed, q)).addReassigned(assignment(checkout, q))
                .addReassigned(assignment(late, q)).build()).await().atMost(WAIT);
        apply(resolved(tenant, p, 3, late));

        assertEquals(List.of(journeyId), answer.getJourneyIdsList());
        assertEquals(List.of(), journeysOf(p));
        assertEquals(journeyId, ofType(journeysOf(q), "purchase").getId());
        assertEquals(List.of(late.getId()), ofType(journeysOf(q), "support").getTouchpointIdsList());
        assertEachTouchpointInOneJourney();
    }

    @Test
    void aMovedJourneyKeepsItsIdAndGoesToTheNewProfile() {
        JourneyTouchpoint viewed = touchpoint("Product Viewed", 0);
        JourneyTouchpoint checkout = touchpoint("Checkout Started", 5);
        apply(resolved(tenant, p, 1, viewed));
        String journeyId = apply(resolved(tenant, p, 2, checkout)).getJourneyIds(0);

        ApplyResponse moved = apply(resolved(tenant, q, 3, touchpoint("Case Opened", 10))
                .addReassigned(assignment(viewed, q)).addReassigned(assignment(checkout, q)));

        assertEquals(List.of(), journeysOf(p));
        Journey purchase = ofType(journeysOf(q), "purchase");
        assertEquals(journeyId, purchase.getId());
        assertEquals(List.of(viewed.getId(), checkout.getId()), purchase.getTouchpointIdsList());
        assertTrue(moved.getJourneyIdsList().contains(journeyId));
        assertTrue(moved.getScored());
        // Scored again under its new profile; its score was never deleted.
        assertEquals(q, scoring.scores(tenant).get(journeyId).getProfileId());
        assertEquals(List.of(), scoring.deleted(tenant));
        assertEachTouchpointInOneJourney();
    }

    @Test
    void aMoveReassemblesBothProfilesAndCountsTheTouchpointOnce() {
        JourneyTouchpoint viewed = touchpoint("Product Viewed", 0);
        JourneyTouchpoint checkout = touchpoint("Checkout Started", 5);
        JourneyTouchpoint ordered = touchpoint("Order Completed", 9);
        apply(resolved(tenant, p, 1, viewed));
        apply(resolved(tenant, p, 1, checkout));
        String journeyId = apply(resolved(tenant, p, 1, ordered)).getJourneyIds(0);

        ApplyResponse moved = apply(resolved(tenant, q, 2, touchpoint("Case Opened", 20))
                .addReassigned(assignment(checkout, q)));

        Journey left = single(journeysOf(p));
        assertEquals(journeyId, left.getId());
        assertEquals(List.of(viewed.getId(), ordered.getId()), left.getTouchpointIdsList());
        Journey taken = ofType(journeysOf(q), "purchase");
        assertEquals(List.of(checkout.getId()), taken.getTouchpointIdsList());
        assertTrue(moved.getJourneyIdsList().containsAll(List.of(left.getId(), taken.getId())));
        // Both were scored as they are now.
        assertEquals(List.of(viewed.getId(), ordered.getId()), touchpointIds(scoring.scores(tenant).get(left.getId())));
        assertEquals(List.of(checkout.getId()), touchpointIds(scoring.scores(tenant).get(taken.getId())));
        assertEachTouchpointInOneJourney();
    }

    @Test
    void aLateApplyWithAnOlderVersionDoesNotUndoAMove() {
        JourneyTouchpoint viewed = touchpoint("Product Viewed", 0);
        apply(resolved(tenant, p, 5, viewed));
        apply(resolved(tenant, q, 7, touchpoint("Case Opened", 5)).addReassigned(assignment(viewed, q)));

        // The first delivery again, a legacy one without a version, and an older move back to P.
        apply(resolved(tenant, p, 5, viewed));
        apply(resolved(tenant, p, 0, viewed));
        ApplyResponse olderMove = apply(resolved(tenant, p, 6, touchpoint("Order Completed", 10))
                .addReassigned(assignment(viewed, p)));

        assertEquals(List.of(), journeysOf(p));
        assertEquals(List.of(viewed.getId()), ofType(journeysOf(q), "purchase").getTouchpointIdsList());
        assertFalse(olderMove.getJoinedJourney());
        assertEachTouchpointInOneJourney();
    }

    @Test
    void aNewerVersionMovesATouchpointBack() {
        JourneyTouchpoint viewed = touchpoint("Product Viewed", 0);
        apply(resolved(tenant, p, 5, viewed));
        apply(resolved(tenant, q, 7, touchpoint("Case Opened", 5)).addReassigned(assignment(viewed, q)));

        apply(resolved(tenant, p, 8, touchpoint("Signed Up", 10)).addReassigned(assignment(viewed, p)));

        assertEquals(List.of("support"), journeysOf(q).stream().map(Journey::getType).toList());
        assertEquals(List.of(viewed.getId()), ofType(journeysOf(p), "purchase").getTouchpointIdsList());
        assertEachTouchpointInOneJourney();
    }

    @Test
    void aMergeDoesNotTakeTouchpointsThatANewerVersionAssigned() {
        String merged = randomProfile();
        JourneyTouchpoint viewed = touchpoint("Product Viewed", 0);
        apply(resolved(tenant, merged, 9, viewed));

        apply(resolved(tenant, p, 4, touchpoint("Case Opened", 5)).addMergedProfileIds(merged));

        assertEquals(List.of(viewed.getId()), ofType(journeysOf(merged), "purchase").getTouchpointIdsList());
        assertEquals(List.of("support"), journeysOf(p).stream().map(Journey::getType).toList());
    }

    @Test
    void concurrentDeliveriesInAnyOrderEndWithTheNewestAssignments() {
        List<String> profiles = List.of(p, q, randomProfile(), randomProfile());
        List<JourneyTouchpoint> viewed = IntStream.range(0, 6).mapToObj(i -> touchpoint("Product Viewed", i)).toList();
        List<ApplyRequest> deliveries = new ArrayList<>();
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < viewed.size(); i++) {
            // Legacy deliveries (version 0): every versioned assignment below wins over them.
            deliveries.add(resolved(tenant, profiles.get(i % 4), 0, viewed.get(i)).build());
            expected.put(viewed.get(i).getId(), profiles.get(i % 4));
        }
        for (int v = 1; v <= 12; v++) {
            JourneyTouchpoint moved = viewed.get(v % 6);
            JourneyTouchpoint alsoMoved = viewed.get((v + 3) % 6);
            deliveries.add(resolved(tenant, profiles.get(v % 4), v, touchpoint("Case Opened", 30 + v))
                    .addReassigned(assignment(moved, profiles.get(v * 7 % 4)))
                    .addReassigned(assignment(alsoMoved, profiles.get(v * 3 % 4))).build());
            // Versions rise with v, so the last one to name a touchpoint decides.
            expected.put(moved.getId(), profiles.get(v * 7 % 4));
            expected.put(alsoMoved.getId(), profiles.get(v * 3 % 4));
        }
        Collections.shuffle(deliveries, new Random(42));

        Uni.join().all(deliveries.stream().map(client::apply).toList()).andFailFast().await().atMost(WAIT);

        List<Journey> all = client.listJourneys(ListJourneysRequest.newBuilder().setTenantId(tenant).setPageSize(500)
                .build()).await().atMost(WAIT).getJourneysList();
        for (JourneyTouchpoint t : viewed) {
            List<Journey> holding = all.stream().filter(j -> j.getTouchpointIdsList().contains(t.getId())).toList();
            assertEquals(1, holding.size(), () -> t.getId() + " in " + holding);
            assertEquals(expected.get(t.getId()), holding.get(0).getProfileId(), t.getId());
        }
        assertEquals(0, tables().pendingAssignments(tenant));
        assertEachTouchpointInOneJourney();
    }

    private void assertEachTouchpointInOneJourney() {
        List<String> all = client.listJourneys(ListJourneysRequest.newBuilder().setTenantId(tenant).setPageSize(500)
                .build()).await().atMost(WAIT).getJourneysList().stream()
                .flatMap(j -> j.getTouchpointIdsList().stream()).toList();
        Set<String> distinct = Set.copyOf(all);
        assertEquals(distinct.size(), all.size(), () -> "a touchpoint in two journeys: " + all);
    }

    private ApplyResponse apply(ApplyRequest.Builder request) {
        return client.apply(request.build()).await().atMost(WAIT);
    }

    private List<Journey> journeysOf(String profileId) {
        return client.listJourneys(ListJourneysRequest.newBuilder().setTenantId(tenant).setProfileId(profileId)
                .build()).await().atMost(WAIT).getJourneysList();
    }

    private JourneyTables tables() {
        return new JourneyTables(database);
    }

    private static Journey ofType(List<Journey> journeys, String type) {
        List<Journey> ofType = journeys.stream().filter(j -> j.getType().equals(type)).toList();
        assertEquals(1, ofType.size(), () -> "expected one " + type + " journey, got " + journeys);
        return ofType.get(0);
    }

    private static Journey single(List<Journey> journeys) {
        assertEquals(1, journeys.size(), () -> "expected one journey, got " + journeys);
        return journeys.get(0);
    }

    private static List<String> touchpointIds(JourneyFacts facts) {
        return facts.getTouchpointsList().stream().map(ScoredTouchpoint::getId).collect(Collectors.toList());
    }
}
