package io.cjm.journey.grpc;

import static io.cjm.journey.grpc.Applies.applyRequest;
import static io.cjm.journey.grpc.Applies.at;
import static io.cjm.journey.grpc.Applies.randomProfile;
import static io.cjm.journey.grpc.Applies.randomTenant;
import static io.cjm.journey.grpc.Applies.timestamp;
import static io.cjm.journey.grpc.Applies.touchpoint;
import static io.cjm.proto.journey.v1.JourneyStatus.JOURNEY_STATUS_COMPLETED;
import static io.cjm.proto.journey.v1.JourneyStatus.JOURNEY_STATUS_FAILED;
import static io.cjm.proto.journey.v1.JourneyStatus.JOURNEY_STATUS_OPEN;
import static io.cjm.proto.journey.v1.JourneyStatus.JOURNEY_STATUS_UNSPECIFIED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cjm.proto.journey.v1.ApplyRequest;
import io.cjm.proto.journey.v1.ApplyResponse;
import io.cjm.proto.journey.v1.GetJourneyRequest;
import io.cjm.proto.journey.v1.Journey;
import io.cjm.proto.journey.v1.JourneyService;
import io.cjm.proto.journey.v1.JourneyStatus;
import io.cjm.proto.journey.v1.JourneyTouchpoint;
import io.cjm.proto.journey.v1.ListJourneysRequest;
import io.cjm.proto.journey.v1.ListJourneysResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Apply has the changed journeys scored, and no scoring-service runs here. In test mode
 * Quarkus points a gRPC client without a {@code test-port} at the service's own server, so
 * the scoring client reaches {@link io.cjm.journey.client.ScoringServiceDouble}, which answers
 * UNAVAILABLE for these tests' tenants: scoring fails as it does while scoring-service is
 * down, journeys are stored without a JES and Apply answers {@code scored=false}. Nothing
 * outside the test can answer in its place.
 */
@QuarkusTest
class JourneyGrpcServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @GrpcClient("journey")
    JourneyService client;

    private final String tenant = randomTenant();
    private final String profile = randomProfile();

    @Test
    void aPurchaseAppliedInShuffledOrderIsOneCompletedJourney() {
        JourneyTouchpoint viewed = touchpoint("Product Viewed", 0);
        JourneyTouchpoint checkout = touchpoint("Checkout Started", 5);
        JourneyTouchpoint ordered = touchpoint("Order Completed", 9);

        apply(ordered);
        apply(viewed);
        ApplyResponse last = apply(checkout);

        Journey journey = single(list(ListJourneysRequest.newBuilder().setProfileId(profile)));
        assertEquals("purchase", journey.getType());
        assertEquals("purchase", journey.getCategory());
        assertEquals(JOURNEY_STATUS_COMPLETED, journey.getStatus());
        assertEquals("checkout", journey.getStage());
        assertEquals(List.of(viewed.getId(), checkout.getId(), ordered.getId()), journey.getTouchpointIdsList());
        assertEquals(timestamp(at(0)), journey.getStartedAt());
        assertEquals(timestamp(at(9)), journey.getEndedAt());
        assertEquals(profile, journey.getProfileId());
        assertEquals(List.of(journey.getId()), last.getJourneyIdsList());
        assertTrue(last.getJoinedJourney());
    }

    @Test
    void withoutScoringAJourneyIsStoredUnscored() {
        ApplyResponse applied = apply(touchpoint("Product Viewed", 0));

        assertFalse(applied.getScored());
        assertTrue(applied.getJoinedJourney());
        assertFalse(getJourney(tenant, applied.getJourneyIds(0)).hasJes());
    }

    @Test
    void aTouchpointThatFitsNoJourneyJoinsNone() {
        ApplyResponse applied = apply(touchpoint("Order Completed", 0));

        assertFalse(applied.getJoinedJourney());
        assertEquals(List.of(), applied.getJourneyIdsList());
        assertEquals(List.of(), list(ListJourneysRequest.newBuilder().setProfileId(profile)).getJourneysList());
    }

    @Test
    void applyingTheSameTouchpointTwiceChangesNothing() {
        JourneyTouchpoint viewed = touchpoint("Product Viewed", 0);
        ApplyResponse first = apply(viewed);
        Journey before = getJourney(tenant, first.getJourneyIds(0));

        ApplyResponse again = apply(viewed);

        assertEquals(List.of(), again.getJourneyIdsList());
        assertTrue(again.getJoinedJourney());
        assertEquals(List.of(before), list(ListJourneysRequest.newBuilder().setProfileId(profile)).getJourneysList());
    }

    @Test
    void aMergeReattributesTheMergedProfilesTouchpointsToTheSurvivor() {
        String merged = randomProfile();
        JourneyTouchpoint viewed = touchpoint("Product Viewed", 0);
        JourneyTouchpoint paying = touchpoint("Payment Info Entered", 5);
        JourneyTouchpoint ordered = touchpoint("Order Completed", 10);
        String journeyId = client.apply(applyRequest(tenant, merged, viewed)).await().atMost(WAIT).getJourneyIds(0);
        apply(paying);

        ApplyResponse applied = client.apply(applyRequest(tenant, profile, ordered, merged)).await().atMost(WAIT);

        Journey journey = single(list(ListJourneysRequest.newBuilder().setProfileId(profile)));
        assertEquals(journeyId, journey.getId());
        assertEquals(profile, journey.getProfileId());
        assertEquals(List.of(viewed.getId(), paying.getId(), ordered.getId()), journey.getTouchpointIdsList());
        assertEquals(JOURNEY_STATUS_COMPLETED, journey.getStatus());
        assertEquals(List.of(journeyId), applied.getJourneyIdsList());
        assertEquals(List.of(), list(ListJourneysRequest.newBuilder().setProfileId(merged)).getJourneysList());
    }

    @Test
    void anotherTenantsJourneyIsNotFound() {
        String journeyId = apply(touchpoint("Case Opened", 0)).getJourneyIds(0);

        assertEquals(journeyId, getJourney(tenant, journeyId).getId());
        assertStatus(Status.Code.NOT_FOUND, () -> getJourney(randomTenant(), journeyId));
        assertEquals(List.of(), client.listJourneys(ListJourneysRequest.newBuilder().setTenantId(randomTenant())
                .setProfileId(profile).build()).await().atMost(WAIT).getJourneysList());
    }

    @Test
    void anUnknownJourneyIsNotFound() {
        assertStatus(Status.Code.NOT_FOUND, () -> getJourney(tenant, "no-such-journey"));
    }

    @Test
    void listJourneysFiltersByStatus() {
        apply(touchpoint("Product Viewed", 0));
        apply(touchpoint("Order Completed", 3));
        apply(touchpoint("Case Opened", 10));

        assertEquals(List.of("purchase"), types(JOURNEY_STATUS_COMPLETED));
        assertEquals(List.of("support"), types(JOURNEY_STATUS_OPEN));
        assertEquals(List.of(), types(JOURNEY_STATUS_FAILED));
        assertEquals(List.of("support", "purchase"), types(JOURNEY_STATUS_UNSPECIFIED));
    }

    @Test
    void listJourneysFiltersByType() {
        apply(touchpoint("Product Viewed", 0));
        apply(touchpoint("Case Opened", 10));

        ListJourneysResponse support = list(ListJourneysRequest.newBuilder().setProfileId(profile).setType("support"));

        assertEquals(List.of("support"), support.getJourneysList().stream().map(Journey::getType).toList());
    }

    @Test
    void journeysArePagedNewestActivityFirst() {
        apply(touchpoint("Signed Up", 0));
        apply(touchpoint("Case Opened", 10));
        apply(touchpoint("Refund Requested", 20));
        ListJourneysRequest.Builder request = ListJourneysRequest.newBuilder().setProfileId(profile).setPageSize(2);

        ListJourneysResponse first = list(request);
        ListJourneysResponse second = list(request.clone().setPageToken(first.getNextPageToken()));

        assertEquals(List.of("refund", "support"), first.getJourneysList().stream().map(Journey::getType).toList());
        assertEquals(List.of("onboarding"), second.getJourneysList().stream().map(Journey::getType).toList());
        assertEquals("", second.getNextPageToken());
    }

    @Test
    void aPageTokenThisServiceDidNotIssueIsInvalid() {
        assertStatus(Status.Code.INVALID_ARGUMENT,
                () -> list(ListJourneysRequest.newBuilder().setProfileId(profile).setPageToken("abc")));
    }

    @Test
    void anApplyWithoutTenantProfileOrTouchpointIdIsInvalid() {
        JourneyTouchpoint t = touchpoint("Product Viewed", 0);

        assertInvalid(applyRequest("", profile, t));
        assertInvalid(applyRequest(tenant, " ", t));
        assertInvalid(applyRequest(tenant, profile, t.toBuilder().setId("").build()));
        assertInvalid(applyRequest(tenant, profile, t.toBuilder().clearOccurredAt().build()));
    }

    private void assertInvalid(ApplyRequest request) {
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> client.apply(request).await().atMost(WAIT));
    }

    private ApplyResponse apply(JourneyTouchpoint touchpoint) {
        ApplyRequest request = applyRequest(tenant, profile, touchpoint);
        return client.apply(request).await().atMost(WAIT);
    }

    private Journey getJourney(String tenantId, String journeyId) {
        return client.getJourney(GetJourneyRequest.newBuilder().setTenantId(tenantId).setJourneyId(journeyId).build())
                .await().atMost(WAIT).getJourney();
    }

    private ListJourneysResponse list(ListJourneysRequest.Builder request) {
        return client.listJourneys(request.setTenantId(tenant).build()).await().atMost(WAIT);
    }

    private List<String> types(JourneyStatus status) {
        return list(ListJourneysRequest.newBuilder().setProfileId(profile).setStatus(status)).getJourneysList().stream()
                .map(Journey::getType).toList();
    }

    private static Journey single(ListJourneysResponse page) {
        assertEquals(1, page.getJourneysCount(), () -> "expected one journey, got " + page.getJourneysList());
        return page.getJourneys(0);
    }

    private static void assertStatus(Status.Code expected, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(expected, e.getStatus().getCode(), e::getMessage);
    }
}
