package io.cjm.journey.grpc;

import static io.cjm.journey.grpc.Applies.applyRequest;
import static io.cjm.journey.grpc.Applies.at;
import static io.cjm.journey.grpc.Applies.randomProfile;
import static io.cjm.journey.grpc.Applies.randomTenant;
import static io.cjm.journey.grpc.Applies.timestamp;
import static io.cjm.journey.grpc.Applies.touchpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.cjm.journey.client.ScoringServiceDouble;
import io.cjm.proto.journey.v1.Journey;
import io.cjm.proto.journey.v1.JourneyService;
import io.cjm.proto.journey.v1.JourneyStatus;
import io.cjm.proto.journey.v1.JourneyTouchpoint;
import io.cjm.proto.journey.v1.ListJourneysRequest;
import io.cjm.proto.journey.v1.ListJourneysResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.GrpcService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * ListJourneys: the stage, activity window and JES filters, keyset paging while journeys
 * arrive, and the INVALID_ARGUMENT answers naming the field.
 */
@QuarkusTest
class JourneyListTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @GrpcClient("journey")
    JourneyService client;

    @Inject
    @GrpcService
    ScoringServiceDouble scoring;

    @Inject
    AgroalDataSource database;

    private final String tenant = randomTenant();

    @Test
    void filtersByStageInTheTenantOnly() {
        String browsing = journeyOf(tenant, randomProfile(), touchpoint("Product Viewed", 0));
        String profile = randomProfile();
        journeyOf(tenant, profile, touchpoint("Product Viewed", 1));
        String inCart = journeyOf(tenant, profile, touchpoint("Product Added", 2));
        journeyOf(randomTenant(), randomProfile(), touchpoint("Product Added", 3));

        assertEquals(List.of(inCart), ids(request().setStage("cart")));
        assertEquals(List.of(browsing), ids(request().setStage("browse")));
        assertEquals(List.of(), ids(request().setStage("checkout")));
    }

    @Test
    void theActivityWindowKeepsJourneysWhoseActivityOverlapsIt() {
        // Activity spans: early [0, 10], middle [30, 30], late [60, 60] (minutes after START).
        String early = randomProfile();
        journeyOf(tenant, early, touchpoint("Product Viewed", 0));
        String earlyId = journeyOf(tenant, early, touchpoint("Order Completed", 10));
        String middle = journeyOf(tenant, randomProfile(), touchpoint("Case Opened", 30));
        String late = journeyOf(tenant, randomProfile(), touchpoint("Signed Up", 60));

        assertEquals(List.of(middle, earlyId), ids(request().setActiveFrom(timestamp(at(5)))
                .setActiveTo(timestamp(at(31)))));
        // The last activity counts from `from` on, inclusive; the start before `to`, exclusive.
        assertEquals(List.of(late, middle, earlyId), ids(request().setActiveFrom(timestamp(at(10)))));
        assertEquals(List.of(late, middle), ids(request().setActiveFrom(timestamp(at(11)))));
        assertEquals(List.of(earlyId), ids(request().setActiveTo(timestamp(at(30)))));
        assertEquals(List.of(middle, earlyId), ids(request().setActiveTo(timestamp(at(31)))));
    }

    @Test
    void theJesRangeIsInclusiveAndLeavesOutUnscoredJourneys() {
        JourneyTables tables = new JourneyTables(database);
        String low = journeyOf(tenant, randomProfile(), touchpoint("Case Opened", 0));
        String high = journeyOf(tenant, randomProfile(), touchpoint("Case Opened", 1));
        String unscored = journeyOf(tenant, randomProfile(), touchpoint("Case Opened", 2));
        tables.setJes(tenant, low, 40.0);
        tables.setJes(tenant, high, 75.5);

        assertEquals(List.of(unscored, high, low), ids(request()));
        assertEquals(List.of(high, low), ids(request().setMinJes(40).setMaxJes(75.5)));
        assertEquals(List.of(high, low), ids(request().setMinJes(0)));
        assertEquals(List.of(high), ids(request().setMinJes(40.01)));
        assertEquals(List.of(low), ids(request().setMaxJes(40)));
        assertEquals(List.of(), ids(request().setMinJes(80).setMaxJes(100)));
    }

    @Test
    void pagesStayStableWhileNewJourneysArrive() {
        scoring.up(tenant);
        // 25 journeys, two at a time sharing their last activity, so the id breaks ties.
        for (int i = 0; i < 25; i++) {
            journeyOf(tenant, randomProfile(), touchpoint("Signed Up", i / 2));
        }
        List<String> before = ids(request().setPageSize(100));
        assertEquals(25, before.size());

        List<String> seen = new ArrayList<>();
        ListJourneysResponse page = list(request().setPageSize(10));
        int arrivals = 0;
        while (true) {
            page.getJourneysList().forEach(j -> seen.add(j.getId()));
            if (page.getNextPageToken().isEmpty()) {
                break;
            }
            // Between pages: a journey newer than all, one as old as the page's last one, one older than all.
            arrivals++;
            journeyOf(tenant, randomProfile(), touchpoint("Signed Up", 100 + arrivals));
            journeyOf(tenant, randomProfile(), touchpoint("Signed Up", 12 - 5 * arrivals));
            journeyOf(tenant, randomProfile(), touchpoint("Signed Up", -10 * arrivals));
            page = list(request().setPageSize(10).setPageToken(page.getNextPageToken()));
        }

        assertTrue(arrivals >= 2, "expected at least three pages");
        assertEquals(seen.size(), new HashSet<>(seen).size(), () -> "duplicates in " + seen);
        Set<String> earlier = Set.copyOf(before);
        assertEquals(before, seen.stream().filter(earlier::contains).toList());
        assertEquals(10, seen.stream().limit(10).filter(earlier::contains).count());
    }

    @Test
    void aProfilesPagesFollowTheSameKeyset() {
        String profile = randomProfile();
        journeyOf(tenant, profile, touchpoint("Signed Up", 0));
        journeyOf(tenant, profile, touchpoint("Case Opened", 10));
        journeyOf(tenant, profile, touchpoint("Refund Requested", 20));
        journeyOf(tenant, randomProfile(), touchpoint("Case Opened", 15));

        ListJourneysResponse first = list(request().setProfileId(profile).setPageSize(2));
        ListJourneysResponse second = list(request().setProfileId(profile).setPageSize(2)
                .setPageToken(first.getNextPageToken()));

        assertEquals(List.of("refund", "support"), first.getJourneysList().stream().map(Journey::getType).toList());
        assertEquals(List.of("onboarding"), second.getJourneysList().stream().map(Journey::getType).toList());
        assertEquals("", second.getNextPageToken());
    }

    @Test
    void severalStatusesListTheJourneysOfAnyOfThemNewestFirst() {
        JourneyTables tables = new JourneyTables(database);
        String profile = randomProfile();
        String open = journeyOf(tenant, profile, touchpoint("Signed Up", 0));
        String completed = journeyOf(tenant, profile, touchpoint("Case Opened", 10));
        String failed = journeyOf(tenant, profile, touchpoint("Refund Requested", 20));
        String abandoned = journeyOf(tenant, profile, touchpoint("Product Viewed", 30));
        String otherProfiles = journeyOf(tenant, randomProfile(), touchpoint("Case Opened", 15));
        tables.setStatus(tenant, open, "open");
        tables.setStatus(tenant, completed, "completed");
        tables.setStatus(tenant, failed, "failed");
        tables.setStatus(tenant, abandoned, "abandoned");
        tables.setStatus(tenant, otherProfiles, "completed");

        assertEquals(List.of(abandoned, failed, completed), ids(request().setProfileId(profile)
                .addStatuses(JourneyStatus.JOURNEY_STATUS_COMPLETED).addStatuses(JourneyStatus.JOURNEY_STATUS_FAILED)
                .addStatuses(JourneyStatus.JOURNEY_STATUS_ABANDONED)));
        assertEquals(List.of(failed, open), ids(request().setProfileId(profile)
                .setStatus(JourneyStatus.JOURNEY_STATUS_OPEN).addStatuses(JourneyStatus.JOURNEY_STATUS_FAILED)));
        assertEquals(List.of(open), ids(request().setProfileId(profile).addStatuses(JourneyStatus.JOURNEY_STATUS_OPEN)));
        assertEquals(List.of(open), ids(request().setProfileId(profile).setStatus(JourneyStatus.JOURNEY_STATUS_OPEN)));
        assertEquals(List.of(completed), ids(request().setProfileId(profile)
                .addStatuses(JourneyStatus.JOURNEY_STATUS_COMPLETED)));
        assertEquals(List.of(otherProfiles, completed), ids(request().addStatuses(JourneyStatus.JOURNEY_STATUS_COMPLETED)));

        // Paged by the same keyset: two closed ones, then the last.
        ListJourneysResponse first = list(request().setProfileId(profile).setPageSize(2)
                .addStatuses(JourneyStatus.JOURNEY_STATUS_COMPLETED).addStatuses(JourneyStatus.JOURNEY_STATUS_FAILED)
                .addStatuses(JourneyStatus.JOURNEY_STATUS_ABANDONED));
        assertEquals(List.of(abandoned, failed), first.getJourneysList().stream().map(Journey::getId).toList());
        assertEquals(List.of(completed), ids(request().setProfileId(profile).setPageSize(2)
                .addStatuses(JourneyStatus.JOURNEY_STATUS_COMPLETED).addStatuses(JourneyStatus.JOURNEY_STATUS_FAILED)
                .addStatuses(JourneyStatus.JOURNEY_STATUS_ABANDONED).setPageToken(first.getNextPageToken())));
    }

    @Test
    void badFiltersAndTokensAreInvalidNamingTheField() {
        assertInvalid("statuses[0]", request().addStatuses(JourneyStatus.JOURNEY_STATUS_UNSPECIFIED));
        assertInvalid("statuses[1]", request().addStatuses(JourneyStatus.JOURNEY_STATUS_OPEN).addStatusesValue(42));
        assertInvalid("page_token", request().setPageToken("abc"));
        assertInvalid("page_token", request().setPageToken("20"));
        assertInvalid("page_token", request().setPageToken(Base64.getUrlEncoder()
                .encodeToString("j1:nope:0:id".getBytes(StandardCharsets.UTF_8))));
        assertInvalid("min_jes", request().setMinJes(-0.5));
        assertInvalid("max_jes", request().setMaxJes(100.5));
        assertInvalid("min_jes", request().setMinJes(Double.NaN));
        assertInvalid("min_jes", request().setMinJes(60).setMaxJes(50));
        assertInvalid("active_to", request().setActiveFrom(timestamp(at(10))).setActiveTo(timestamp(at(10))));
        assertInvalid("active_from", request().setActiveFrom(
                com.google.protobuf.Timestamp.newBuilder().setSeconds(Long.MAX_VALUE)));
    }

    @Test
    void theListQueriesUseTheirIndexes() {
        JourneyTables tables = new JourneyTables(database);
        String keyset = " AND last_activity_at <= now() AND (last_activity_at < now() OR id > 'x')"
                + " ORDER BY last_activity_at DESC, id LIMIT 11";

        String tenantPlan = tables.plan("SELECT * FROM journey WHERE tenant_id = ?" + keyset, tenant);
        String profilePlan = tables.plan("SELECT * FROM journey WHERE tenant_id = ? AND profile_id = ?" + keyset,
                tenant, "p");
        String openPlan = tables.plan("SELECT * FROM journey WHERE tenant_id = ? AND profile_id = ? AND status = 'open'"
                + keyset, tenant, "p");

        assertTrue(tenantPlan.contains("journey_list_idx"), tenantPlan);
        assertTrue(profilePlan.contains("journey_profile_list_idx"), profilePlan);
        assertFalse(tenantPlan.contains("Sort"), tenantPlan);
        assertFalse(profilePlan.contains("Sort"), profilePlan);
        assertTrue(openPlan.contains("journey_profile_open_idx"), openPlan);
        assertFalse(openPlan.contains("Sort"), openPlan);
    }

    private ListJourneysRequest.Builder request() {
        return ListJourneysRequest.newBuilder().setTenantId(tenant);
    }

    private ListJourneysResponse list(ListJourneysRequest.Builder request) {
        return client.listJourneys(request.build()).await().atMost(WAIT);
    }

    private List<String> ids(ListJourneysRequest.Builder request) {
        return list(request).getJourneysList().stream().map(Journey::getId).toList();
    }

    /** Applies the touchpoint; answers the id of the journey it joined. */
    private String journeyOf(String tenantId, String profileId, JourneyTouchpoint touchpoint) {
        var applied = client.apply(applyRequest(tenantId, profileId, touchpoint)).await().atMost(WAIT);
        assertTrue(applied.getJoinedJourney(), () -> touchpoint.getType() + " joined no journey");
        return client.listJourneys(ListJourneysRequest.newBuilder().setTenantId(tenantId).setProfileId(profileId)
                .build()).await().atMost(WAIT).getJourneysList().stream()
                .filter(j -> j.getTouchpointIdsList().contains(touchpoint.getId())).findFirst().orElseThrow().getId();
    }

    private void assertInvalid(String field, ListJourneysRequest.Builder request) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> list(request));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e::getMessage);
        assertTrue(e.getStatus().getDescription().startsWith(field + ": "), e.getStatus().getDescription());
    }
}
