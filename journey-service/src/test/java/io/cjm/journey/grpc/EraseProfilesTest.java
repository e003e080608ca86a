package io.cjm.journey.grpc;

import static io.cjm.journey.grpc.Applies.randomProfile;
import static io.cjm.journey.grpc.Applies.randomTenant;
import static io.cjm.journey.grpc.Applies.resolved;
import static io.cjm.journey.grpc.Applies.touchpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.cjm.journey.client.ScoringServiceDouble;
import io.cjm.proto.journey.v1.ApplyResponse;
import io.cjm.proto.journey.v1.EraseProfilesRequest;
import io.cjm.proto.journey.v1.EraseProfilesResponse;
import io.cjm.proto.journey.v1.Journey;
import io.cjm.proto.journey.v1.JourneyService;
import io.cjm.proto.journey.v1.JourneyTouchpoint;
import io.cjm.proto.journey.v1.ListJourneysRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.GrpcService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * EraseProfiles deletes an erased customer's journeys, touchpoints and scores in one tenant,
 * can be repeated, and leaves tombstones that turn later deliveries for that customer away.
 * Scoring answers for the test's tenants unless a test takes it down
 * ({@link ScoringServiceDouble}).
 */
@QuarkusTest
class EraseProfilesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @GrpcClient("journey")
    JourneyService client;

    @Inject
    @GrpcService
    ScoringServiceDouble scoring;

    @Inject
    AgroalDataSource database;

    private final String tenant = randomTenant();
    private final String otherTenant = randomTenant();
    private final String erased = randomProfile();
    private final String kept = randomProfile();
    private final JourneyTouchpoint viewed = touchpoint("Product Viewed", 0);
    private final JourneyTouchpoint checkout = touchpoint("Checkout Started", 5);

    @BeforeEach
    void scoringIsUp() {
        scoring.up(tenant);
        scoring.up(otherTenant);
    }

    @Test
    void erasesTheProfilesJourneysTouchpointsAndScoresInItsTenantOnly() {
        String journeyId = purchaseOf(tenant, erased);
        // The same profile and touchpoint ids in another tenant, and another customer of the tenant.
        purchaseOf(otherTenant, erased);
        String keptJourney = apply(tenant, kept, 1, touchpoint("Case Opened", 0)).getJourneyIds(0);
        assertTrue(scoring.scores(tenant).containsKey(journeyId));

        EraseProfilesResponse response = erase(tenant, erased, viewed, checkout);

        assertEquals(1, response.getJourneysDeleted());
        assertEquals(2, response.getTouchpointsDeleted());
        assertEquals(List.of(), journeysOf(tenant, erased));
        assertEquals(0, tables().touchpointsOf(tenant, erased));
        assertEquals(List.of(journeyId), scoring.deleted(tenant));
        assertFalse(scoring.scores(tenant).containsKey(journeyId));
        assertEquals(List.of(keptJourney), journeysOf(tenant, kept).stream().map(Journey::getId).toList());
        // The other tenant keeps everything.
        Journey untouched = single(journeysOf(otherTenant, erased));
        assertEquals(List.of(viewed.getId(), checkout.getId()), untouched.getTouchpointIdsList());
        assertEquals(2, tables().touchpointsOf(otherTenant, erased));
        assertEquals(List.of(), scoring.deleted(otherTenant));
        assertEquals(0, tables().tombstones(otherTenant));
    }

    @Test
    void erasingAgainDeletesNothingMoreAndSucceeds() {
        purchaseOf(tenant, erased);
        erase(tenant, erased, viewed, checkout);
        long tombstones = tables().tombstones(tenant);

        EraseProfilesResponse again = erase(tenant, erased, viewed, checkout);

        assertEquals(0, again.getJourneysDeleted());
        assertEquals(0, again.getTouchpointsDeleted());
        assertEquals(3, tombstones);
        assertEquals(tombstones, tables().tombstones(tenant));
        assertEquals(List.of(), journeysOf(tenant, erased));
    }

    @Test
    void aLaterApplyForAnErasedProfileOrTouchpointIsAcknowledgedAndStoresNothing() {
        purchaseOf(tenant, erased);
        erase(tenant, erased, viewed, checkout);

        JourneyTouchpoint late = touchpoint("Order Completed", 9);
        ApplyResponse forProfile = apply(tenant, erased, 9, late);
        ApplyResponse forTouchpoint = apply(tenant, kept, 9, viewed);

        assertFalse(forProfile.getJoinedJourney());
        assertEquals(List.of(), forProfile.getJourneyIdsList());
        assertFalse(forTouchpoint.getJoinedJourney());
        assertFalse(tables().stores(tenant, late.getId()));
        assertFalse(tables().stores(tenant, viewed.getId()));
        assertEquals(List.of(), journeysOf(tenant, erased));
        assertEquals(List.of(), journeysOf(tenant, kept));
    }

    @Test
    void anErasedTouchpointStoredUnderAnotherProfileLeavesThatProfilesJourneys() {
        JourneyTouchpoint caseOpened = touchpoint("Case Opened", 0);
        JourneyTouchpoint call = touchpoint("Call Started", 10);
        apply(tenant, kept, 1, caseOpened);
        apply(tenant, kept, 1, call);

        EraseProfilesResponse response = client.eraseProfiles(EraseProfilesRequest.newBuilder().setTenantId(tenant)
                .addProfileIds(erased).addTouchpointIds(call.getId()).build()).await().atMost(WAIT);

        assertEquals(0, response.getJourneysDeleted());
        assertEquals(1, response.getTouchpointsDeleted());
        Journey support = single(journeysOf(tenant, kept));
        assertEquals(List.of(caseOpened.getId()), support.getTouchpointIdsList());
        assertFalse(tables().stores(tenant, call.getId()));
    }

    @Test
    void whileScoringIsUnreachableTheErasureFailsUnavailableAndChangesNothingUntilRetried() {
        String journeyId = purchaseOf(tenant, erased);
        scoring.down(tenant);

        assertStatus(Status.Code.UNAVAILABLE, () -> erase(tenant, erased, viewed, checkout));

        assertEquals(List.of(journeyId), journeysOf(tenant, erased).stream().map(Journey::getId).toList());
        assertEquals(2, tables().touchpointsOf(tenant, erased));
        assertEquals(0, tables().tombstones(tenant));

        scoring.up(tenant);
        EraseProfilesResponse retried = erase(tenant, erased, viewed, checkout);

        assertEquals(1, retried.getJourneysDeleted());
        assertEquals(List.of(journeyId), scoring.deleted(tenant));
        assertEquals(List.of(), journeysOf(tenant, erased));
    }

    @Test
    void anErasureNamesItsTenantAndWhatToErase() {
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> client.eraseProfiles(EraseProfilesRequest.newBuilder()
                .addProfileIds(erased).build()).await().atMost(WAIT));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> client.eraseProfiles(EraseProfilesRequest.newBuilder()
                .setTenantId(tenant).build()).await().atMost(WAIT));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> client.eraseProfiles(EraseProfilesRequest.newBuilder()
                .setTenantId(tenant).addProfileIds(" ").build()).await().atMost(WAIT));
    }

    /** Applies {@link #viewed} and {@link #checkout} to the profile: one purchase journey, scored. */
    private String purchaseOf(String tenantId, String profileId) {
        apply(tenantId, profileId, 1, viewed);
        ApplyResponse applied = apply(tenantId, profileId, 1, checkout);
        assertTrue(applied.getScored());
        return applied.getJourneyIds(0);
    }

    private ApplyResponse apply(String tenantId, String profileId, long graphVersion, JourneyTouchpoint t) {
        return client.apply(resolved(tenantId, profileId, graphVersion, t).build()).await().atMost(WAIT);
    }

    private EraseProfilesResponse erase(String tenantId, String profileId, JourneyTouchpoint... touchpoints) {
        EraseProfilesRequest.Builder request = EraseProfilesRequest.newBuilder().setTenantId(tenantId)
                .addProfileIds(profileId);
        for (JourneyTouchpoint t : touchpoints) {
            request.addTouchpointIds(t.getId());
        }
        return client.eraseProfiles(request.build()).await().atMost(WAIT);
    }

    private List<Journey> journeysOf(String tenantId, String profileId) {
        return client.listJourneys(ListJourneysRequest.newBuilder().setTenantId(tenantId).setProfileId(profileId)
                .build()).await().atMost(WAIT).getJourneysList();
    }

    private JourneyTables tables() {
        return new JourneyTables(database);
    }

    private static Journey single(List<Journey> journeys) {
        assertEquals(1, journeys.size(), () -> "expected one journey, got " + journeys);
        return journeys.get(0);
    }

    private static void assertStatus(Status.Code expected, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(expected, e.getStatus().getCode(), e::getMessage);
    }
}
