package io.cjm.identity.grpc;

import static io.cjm.identity.grpc.Resolves.SEEN;
import static io.cjm.identity.grpc.Resolves.randomEmail;
import static io.cjm.identity.grpc.Resolves.randomTenant;
import static io.cjm.identity.grpc.Resolves.timestamp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cjm.proto.identity.v1.EraseProfileRequest;
import io.cjm.proto.identity.v1.EraseProfileResponse;
import io.cjm.proto.identity.v1.GetProfileRequest;
import io.cjm.proto.identity.v1.GetSettingsRequest;
import io.cjm.proto.identity.v1.IdentitySettings;
import io.cjm.proto.identity.v1.IdentityService;
import io.cjm.proto.identity.v1.LookupProfileRequest;
import io.cjm.proto.identity.v1.MergeProfilesRequest;
import io.cjm.proto.identity.v1.Profile;
import io.cjm.proto.identity.v1.ResolveRequest;
import io.cjm.proto.identity.v1.ResolveResponse;
import io.cjm.proto.identity.v1.SplitIdentifierRequest;
import io.cjm.proto.identity.v1.TouchpointAssignment;
import io.cjm.proto.identity.v1.UpdateSettingsRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Merge protection, re-attribution, admin merge and split, erasure and settings, over gRPC on the real database. */
@QuarkusTest
class IdentityGraphServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @GrpcClient("identity")
    IdentityService client;

    private final String tenant = randomTenant();

    private ResolveResponse resolve(String tp, int minute, Map<String, String> ids) {
        return resolve(tenant, tp, minute, ids);
    }

    private ResolveResponse resolve(String tenantId, String tp, int minute, Map<String, String> ids) {
        return client.resolve(ResolveRequest.newBuilder().setTenantId(tenantId).setTouchpointId(tp)
                .setOccurredAt(timestamp(SEEN.plusSeconds(60L * minute))).putAllIdentifiers(ids).build())
                .await().atMost(WAIT);
    }

    private Profile profile(String id) {
        return profile(tenant, id);
    }

    private Profile profile(String tenantId, String id) {
        return client.getProfile(GetProfileRequest.newBuilder().setTenantId(tenantId).setProfileId(id).build())
                .await().atMost(WAIT).getProfile();
    }

    private Status.Code statusOf(Runnable call) {
        try {
            call.run();
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    @Test
    void aSharedTabletKeepsTwoCustomersApartAndTheConflictIsVisible() {
        String first = resolve("t1", 0, Map.of("customerId", "C-1", "anonymousId", "tablet")).getProfileId();
        ResolveResponse second = resolve("t2", 5, Map.of("customerId", "C-2", "anonymousId", "tablet"));

        assertThat(second.getProfileId()).isNotEqualTo(first);
        assertThat(second.getMergedProfileIdsList()).isEmpty();
        assertThat(second.getConflictsList()).singleElement().satisfies(c -> {
            assertThat(c.getTouchpointId()).isEqualTo("t2");
            assertThat(c.getIdentifierType()).isEqualTo("anonymousId");
            assertThat(c.getOtherProfileId()).isEqualTo(first);
            assertThat(c.getReason()).isEqualTo("limit of 1 customerId per profile");
        });
        assertThat(profile(first).getConflictsList()).hasSize(1);
        assertThat(profile(second.getProfileId()).getConflictsList()).hasSize(1);
        assertThat(profile(second.getProfileId()).getIdentifiersList()).extracting(i -> i.getType())
                .containsExactly("customerId");
    }

    @Test
    void aLateEarlierTouchpointTakesTheSharedDeviceAndItsVisitsMoveWithIt() {
        String visit = "visit-" + UUID.randomUUID();
        resolve(visit, 1, Map.of("anonymousId", "tablet"));
        String bob = resolve("bob-login", 5, Map.of("customerId", "BOB", "anonymousId", "tablet")).getProfileId();
        assertThat(resolve(visit, 1, Map.of("anonymousId", "tablet")).getProfileId()).isEqualTo(bob);

        ResolveResponse ana = resolve("ana-login", 0, Map.of("customerId", "ANA", "anonymousId", "tablet"));

        assertThat(ana.getProfileId()).isNotEqualTo(bob);
        assertThat(ana.getReassignedList()).extracting(TouchpointAssignment::getTouchpointId).contains(visit);
        assertThat(ana.getReassignedList()).filteredOn(a -> a.getTouchpointId().equals(visit))
                .extracting(TouchpointAssignment::getProfileId).containsExactly(ana.getProfileId());
        assertThat(ana.getGraphVersion()).isGreaterThan(0);
        assertThat(resolve(visit, 1, Map.of("anonymousId", "tablet")).getProfileId()).isEqualTo(ana.getProfileId());
        String bobNow = resolve("bob-login", 5, Map.of("customerId", "BOB", "anonymousId", "tablet")).getProfileId();
        assertThat(profile(bobNow).getIdentifiersList()).extracting(i -> i.getValue()).containsExactly("BOB");
        assertThat(profile(bob).getId()).as("Bob's old id follows Bob, not the tablet").isEqualTo(bobNow);
    }

    @Test
    void aMergeIsLoggedWithItsReasonAndTouchpointAndTheOldIdAnswersWithTheSurvivor() {
        String email = randomEmail();
        String older = resolve("t1", 0, Map.of("email", email)).getProfileId();
        String newer = resolve("t2", 1, Map.of("phone", "+34 600 111 222")).getProfileId();
        ResolveResponse linked = resolve("t3", 2, Map.of("email", email, "phone", "+34600111222"));

        assertThat(linked.getProfileId()).isEqualTo(older);
        assertThat(linked.getMergedProfileIdsList()).containsExactly(newer);
        assertThat(linked.getReassignedList()).extracting(TouchpointAssignment::getTouchpointId).containsExactly("t2");
        Profile viaOld = profile(newer);
        assertThat(viaOld.getId()).isEqualTo(older);
        assertThat(viaOld.getRequestedId()).isEqualTo(newer);
        assertThat(viaOld.getMergesList()).singleElement().satisfies(m -> {
            assertThat(m.getKind()).isEqualTo("merge");
            assertThat(m.getMergedId()).isEqualTo(newer);
            assertThat(m.getSurvivorId()).isEqualTo(older);
            assertThat(m.getTouchpointId()).isEqualTo("t3");
            assertThat(m.getReason()).isEqualTo("identifiers seen together on one touchpoint");
        });
    }

    @Test
    void withoutHistoryTheProfileComesWithItsIdentifiersAndMergedIdsButNoMergeLog() {
        String email = randomEmail();
        String older = resolve("t1", 0, Map.of("email", email)).getProfileId();
        String newer = resolve("t2", 1, Map.of("phone", "+34 600 111 444")).getProfileId();
        resolve("t3", 2, Map.of("email", email, "phone", "+34600111444"));
        Profile full = profile(newer);
        assertThat(full.getMergesList()).isNotEmpty();

        Profile light = client.getProfile(GetProfileRequest.newBuilder().setTenantId(tenant).setProfileId(newer)
                .setWithoutHistory(true).build()).await().atMost(WAIT).getProfile();

        assertThat(light.getId()).isEqualTo(older);
        assertThat(light.getRequestedId()).isEqualTo(newer);
        assertThat(light.getMergedIdsList()).containsExactly(newer);
        assertThat(light.getIdentifiersList()).isEqualTo(full.getIdentifiersList());
        assertThat(light.getCreatedAt()).isEqualTo(full.getCreatedAt());
        assertThat(light.getMergesList()).isEmpty();
        assertThat(light.getConflictsList()).isEmpty();
    }

    @Test
    void aRetriedResolveTellsAgainWhichTouchpointsItMovedWithTheirProfileNow() {
        String email = randomEmail();
        String older = resolve("t1", 0, Map.of("email", email)).getProfileId();
        resolve("t2", 1, Map.of("phone", "+34 600 111 333"));
        ResolveResponse first = resolve("t3", 2, Map.of("email", email, "phone", "+34600111333"));

        ResolveResponse retry = resolve("t3", 2, Map.of("email", email, "phone", "+34600111333"));

        assertThat(retry.getProfileId()).isEqualTo(first.getProfileId()).isEqualTo(older);
        assertThat(retry.getReassignedList()).isEqualTo(first.getReassignedList());
        assertThat(retry.getGraphVersion()).isGreaterThan(first.getGraphVersion());
    }

    @Test
    void manyConcurrentResolvesOfOnePersonConvergeOnOneProfile() {
        String email = randomEmail();
        List<Uni<ResolveResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Map<String, String> ids = i % 3 == 0 ? Map.of("email", email, "anonymousId", "device-" + i)
                    : i % 3 == 1 ? Map.of("anonymousId", "device-" + i, "phone", "+34 611 000 " + (100 + i % 2))
                            : Map.of("email", email, "phone", "+34 611 000 " + (100 + i % 2));
            calls.add(client.resolve(ResolveRequest.newBuilder().setTenantId(tenant).setTouchpointId("c-" + i)
                    .setOccurredAt(timestamp(SEEN.plusSeconds(i))).putAllIdentifiers(ids).build()));
        }
        List<ResolveResponse> answers = Uni.join().all(calls).andFailFast().await().atMost(Duration.ofSeconds(60));

        assertThat(answers).hasSize(40);
        String profile = client.lookupProfile(LookupProfileRequest.newBuilder().setTenantId(tenant).setType("email")
                .setValue(email).build()).await().atMost(WAIT).getProfile().getId();
        for (int i = 0; i < 40; i++) {
            assertThat(resolve("c-" + i, 0, Map.of()).getProfileId()).as("touchpoint c-" + i).isEqualTo(profile);
        }
        assertThat(profile(profile).getIdentifiersList()).hasSize(1 + 2 + 27);
    }

    @Test
    void anAdminMergesTwoProfilesBeyondTheLimitAndItHolds() {
        String ana = resolve("t1", 0, Map.of("customerId", "A-1")).getProfileId();
        String work = resolve("t2", 1, Map.of("customerId", "A-2")).getProfileId();

        Profile merged = client.mergeProfiles(MergeProfilesRequest.newBuilder().setTenantId(tenant).setProfileId(work)
                .setOtherProfileId(ana).setRequestedBy("admin-1").setReason("same person, two accounts").build())
                .await().atMost(WAIT).getProfile();

        assertThat(merged.getId()).isEqualTo(ana);
        assertThat(merged.getIdentifiersList()).hasSize(2);
        assertThat(merged.getMergesList()).singleElement().satisfies(m -> {
            assertThat(m.getRequestedBy()).isEqualTo("admin-1");
            assertThat(m.getReason()).isEqualTo("manual merge: same person, two accounts");
        });
        assertThat(resolve("t3", 2, Map.of("customerId", "A-2")).getProfileId()).isEqualTo(ana);
        assertThat(profile(work).getId()).isEqualTo(ana);
    }

    @Test
    void anAdminSplitsTheTabletOffAndLaterTouchpointsDoNotRelinkIt() {
        String ana = resolve("t1", 0, Map.of("customerId", "A-1", "anonymousId", "tablet", "email", randomEmail()))
                .getProfileId();

        var split = client.splitIdentifier(SplitIdentifierRequest.newBuilder().setTenantId(tenant).setProfileId(ana)
                .setType("anonymousId").setValue("tablet").setRequestedBy("admin-1").setReason("family device")
                .build()).await().atMost(WAIT);

        assertThat(split.getProfile().getIdentifiersList()).extracting(i -> i.getType())
                .containsExactlyInAnyOrder("customerId", "email");
        assertThat(split.getSplitProfile().getIdentifiersList()).extracting(i -> i.getValue())
                .containsExactly("tablet");
        ResolveResponse later = resolve("t2", 10, Map.of("customerId", "A-1", "anonymousId", "tablet"));
        assertThat(later.getProfileId()).isEqualTo(split.getProfile().getId());
        assertThat(later.getConflictsList()).extracting(c -> c.getReason())
                .containsExactly("separated by an admin split");
        assertThat(profile(split.getProfile().getId()).getMergesList()).extracting(m -> m.getKind()).contains("split");
    }

    @Test
    void splittingAProfilesOnlyIdentifierOrOneItDoesNotHoldIsRefused() {
        String ana = resolve("t1", 0, Map.of("customerId", "A-1")).getProfileId();

        assertThat(statusOf(() -> client.splitIdentifier(SplitIdentifierRequest.newBuilder().setTenantId(tenant)
                .setProfileId(ana).setType("customerId").setValue("A-1").build()).await().atMost(WAIT)))
                .isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(statusOf(() -> client.splitIdentifier(SplitIdentifierRequest.newBuilder().setTenantId(tenant)
                .setProfileId(ana).setType("customerId").setValue("B-9").build()).await().atMost(WAIT)))
                .isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void erasureDeletesTheProfileWithItsMergedIdsIsIdempotentAndSparesOtherTenants() {
        String email = randomEmail();
        String other = randomTenant();
        String keep = resolve(other, "t1", 0, Map.of("email", email)).getProfileId();
        String older = resolve("t1", 0, Map.of("email", email)).getProfileId();
        String newer = resolve("t2", 1, Map.of("phone", "+34 622 333 444")).getProfileId();
        resolve("t3", 2, Map.of("email", email, "phone", "+34 622 333 444"));

        EraseProfileResponse erased = erase(tenant, newer);
        EraseProfileResponse again = erase(tenant, older);

        assertThat(erased.getProfileIdsList()).containsExactlyInAnyOrder(older, newer);
        assertThat(erased.getTouchpointIdsList()).containsExactly("t1", "t2", "t3");
        assertThat(erased.getIdentifiersDeleted()).isEqualTo(2);
        assertThat(again.getProfileIdsList()).containsExactlyInAnyOrderElementsOf(erased.getProfileIdsList());
        assertThat(again.getTouchpointIdsList()).isEqualTo(erased.getTouchpointIdsList());
        assertThat(again.getIdentifiersDeleted()).isZero();
        assertThat(statusOf(() -> profile(older))).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(statusOf(() -> client.lookupProfile(LookupProfileRequest.newBuilder().setTenantId(tenant)
                .setType("email").setValue(email).build()).await().atMost(WAIT))).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(profile(other, keep).getIdentifiersList()).singleElement()
                .satisfies(i -> assertThat(i.getValue()).isEqualTo(email.toLowerCase()));
        assertThat(statusOf(() -> erase(other, newer))).isEqualTo(Status.Code.NOT_FOUND);
    }

    private EraseProfileResponse erase(String tenantId, String id) {
        return client.eraseProfile(EraseProfileRequest.newBuilder().setTenantId(tenantId).setProfileId(id)
                .setRequestedBy("dpo").build()).await().atMost(WAIT);
    }

    @Test
    void tenantSettingsChangeRegionGmailCustomTypesJunkAndLimits() {
        IdentitySettings stored = client.updateSettings(UpdateSettingsRequest.newBuilder().setTenantId(tenant)
                .setSettings(IdentitySettings.newBuilder().setDefaultRegion("ES").setGmailNormalization(true)
                        .addCustomTypes("loyaltyCard").addBlockedPatterns("LC-TEST-.*").putLimits("email", 2)
                        .putLimits("customerId", 1))
                .build()).await().atMost(WAIT).getSettings();

        assertThat(stored.getDefaultRegion()).isEqualTo("ES");
        assertThat(client.getSettings(GetSettingsRequest.newBuilder().setTenantId(tenant).build()).await()
                .atMost(WAIT).getSettings()).isEqualTo(stored);
        String p = resolve("t1", 0, Map.of("phone", "600 123 456", "email", "Ana.Garcia+promo@gmail.com",
                "loyaltyCard", "LC-77")).getProfileId();
        assertThat(profile(p).getIdentifiersList()).extracting(i -> i.getType() + "=" + i.getValue())
                .containsExactlyInAnyOrder("phone=+34600123456", "email=anagarcia@gmail.com", "loyaltyCard=LC-77");
        ResolveResponse junk = resolve("t2", 1, Map.of("loyaltyCard", "lc-test-1", "undefinedType", "x"));
        assertThat(junk.getIssuesList()).extracting(i -> i.getType()).containsExactlyInAnyOrder("loyaltyCard",
                "undefinedType");
        resolve("t3", 2, Map.of("phone", "600123456", "email", "b@x.io"));
        ResolveResponse third = resolve("t4", 3, Map.of("phone", "600123456", "email", "c@x.io"));
        assertThat(third.getConflictsList()).extracting(c -> c.getReason()).containsExactly("limit of 2 email per profile");
    }

    @Test
    void invalidSettingsAreRefusedNamingTheField() {
        StatusRuntimeException e = (StatusRuntimeException) org.assertj.core.api.Assertions.catchThrowable(
                () -> client.updateSettings(UpdateSettingsRequest.newBuilder().setTenantId(tenant)
                        .setSettings(IdentitySettings.newBuilder().addBlockedPatterns("([unclosed")
                                .putLimits("email", 0).setDefaultRegion("XX"))
                        .build()).await().atMost(WAIT));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).contains("settings.blockedPatterns[0]", "settings.limits.email",
                "settings.defaultRegion");
        assertThatThrownBy(() -> client.getSettings(GetSettingsRequest.newBuilder().setTenantId("").build()).await()
                .atMost(WAIT)).isInstanceOf(StatusRuntimeException.class);
    }
}
