package io.cjm.identity.grpc;

import static io.cjm.identity.grpc.Resolves.SEEN;
import static io.cjm.identity.grpc.Resolves.e164;
import static io.cjm.identity.grpc.Resolves.randomEmail;
import static io.cjm.identity.grpc.Resolves.randomPhone;
import static io.cjm.identity.grpc.Resolves.randomTenant;
import static io.cjm.identity.grpc.Resolves.reformatted;
import static io.cjm.identity.grpc.Resolves.timestamp;
import static io.cjm.identity.grpc.Resolves.touchpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cjm.proto.identity.v1.GetProfileRequest;
import io.cjm.proto.identity.v1.Identifier;
import io.cjm.proto.identity.v1.IdentifierIssue;
import io.cjm.proto.identity.v1.IdentityService;
import io.cjm.proto.identity.v1.LookupProfileRequest;
import io.cjm.proto.identity.v1.Profile;
import io.cjm.proto.identity.v1.ResolveRequest;
import io.cjm.proto.identity.v1.ResolveResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

@QuarkusTest
class IdentityGrpcServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @GrpcClient("identity")
    IdentityService client;

    private final String tenant = randomTenant();

    @Test
    void touchpointsWithUnrelatedIdentifiersGetProfilesOfTheirOwn() {
        ResolveResponse byEmail = resolve(touchpoint(tenant).putIdentifiers("email", randomEmail()));
        ResolveResponse byPhone = resolve(touchpoint(tenant).putIdentifiers("phone", randomPhone()));

        assertNotEquals(byEmail.getProfileId(), byPhone.getProfileId());
        assertTrue(byEmail.getMergedProfileIdsList().isEmpty());
        assertTrue(byPhone.getMergedProfileIdsList().isEmpty());
    }

    @Test
    void aTouchpointCarryingBothIdentifiersMergesTheirProfilesIntoTheOlderOne() {
        String email = randomEmail();
        String phone = randomPhone();
        String older = resolve(touchpoint(tenant).putIdentifiers("email", email)).getProfileId();
        String newer = resolve(touchpoint(tenant).putIdentifiers("phone", phone)).getProfileId();

        ResolveResponse linked = resolve(
                touchpoint(tenant).putIdentifiers("email", email).putIdentifiers("phone", phone));

        assertEquals(older, linked.getProfileId());
        assertEquals(List.of(newer), linked.getMergedProfileIdsList());
    }

    @Test
    void theMergedIdKeepsAnsweringWithTheSurvivor() {
        String email = randomEmail();
        String phone = randomPhone();
        String survivor = resolve(touchpoint(tenant).putIdentifiers("email", email)).getProfileId();
        String merged = resolve(touchpoint(tenant).putIdentifiers("phone", phone)).getProfileId();
        resolve(touchpoint(tenant).putIdentifiers("email", email).putIdentifiers("phone", phone));

        Profile profile = getProfile(tenant, merged);

        assertEquals(survivor, profile.getId());
        assertEquals(merged, profile.getRequestedId());
        assertEquals(List.of(merged), profile.getMergedIdsList());
        assertEquals(Map.of("email", email.toLowerCase(), "phone", e164(phone)), identifiers(profile));
    }

    @Test
    void theSurvivorReadByItsOwnIdNamesNoRequestedId() {
        String email = randomEmail();
        String phone = randomPhone();
        String survivor = resolve(touchpoint(tenant).putIdentifiers("email", email)).getProfileId();
        String merged = resolve(touchpoint(tenant).putIdentifiers("phone", phone)).getProfileId();
        resolve(touchpoint(tenant).putIdentifiers("email", email).putIdentifiers("phone", phone));

        Profile profile = getProfile(tenant, survivor);

        assertEquals(survivor, profile.getId());
        assertEquals("", profile.getRequestedId());
        assertEquals(List.of(merged), profile.getMergedIdsList());
        assertEquals(2, profile.getIdentifiersCount());
    }

    @Test
    void aProfileIsFoundByItsPhoneWrittenInAnotherFormat() {
        String email = randomEmail();
        String phone = randomPhone();
        String profileId = resolve(touchpoint(tenant).putIdentifiers("email", email).putIdentifiers("phone", phone))
                .getProfileId();

        Profile found = client.lookupProfile(LookupProfileRequest.newBuilder().setTenantId(tenant).setType("phone")
                .setValue(reformatted(phone)).build()).await().atMost(WAIT).getProfile();

        assertEquals(profileId, found.getId());
        assertEquals(Map.of("email", email.toLowerCase(), "phone", e164(phone)), identifiers(found));
    }

    @Test
    void aProfileIsFoundByItsEmailWhateverItsCase() {
        String email = randomEmail();
        String profileId = resolve(touchpoint(tenant).putIdentifiers("email", email)).getProfileId();

        Profile found = client.lookupProfile(LookupProfileRequest.newBuilder().setTenantId(tenant).setType("email")
                .setValue("  " + email.toUpperCase() + " ").build()).await().atMost(WAIT).getProfile();

        assertEquals(profileId, found.getId());
    }

    @Test
    void lookingUpAnIdentifierNobodyHasIsNotFound() {
        assertStatus(Status.Code.NOT_FOUND, () -> client.lookupProfile(LookupProfileRequest.newBuilder()
                .setTenantId(tenant).setType("email").setValue(randomEmail()).build()).await().atMost(WAIT));
    }

    @Test
    void anotherTenantCannotReadOrFindTheProfile() {
        String email = randomEmail();
        String profileId = resolve(touchpoint(tenant).putIdentifiers("email", email)).getProfileId();
        String otherTenant = randomTenant();

        assertStatus(Status.Code.NOT_FOUND, () -> getProfile(otherTenant, profileId));
        assertStatus(Status.Code.NOT_FOUND, () -> client.lookupProfile(LookupProfileRequest.newBuilder()
                .setTenantId(otherTenant).setType("email").setValue(email).build()).await().atMost(WAIT));
    }

    @Test
    void theSameIdentifierInAnotherTenantIsAnotherPerson() {
        String email = randomEmail();
        String mine = resolve(touchpoint(tenant).putIdentifiers("email", email)).getProfileId();

        String theirs = resolve(touchpoint(randomTenant()).putIdentifiers("email", email)).getProfileId();

        assertNotEquals(mine, theirs);
        assertEquals(Map.of("email", email.toLowerCase()), identifiers(getProfile(tenant, mine)));
    }

    @Test
    void resolvingTheSameTouchpointTwiceChangesNothing() {
        ResolveRequest request = touchpoint(tenant).putIdentifiers("email", randomEmail())
                .putIdentifiers("phone", randomPhone()).build();
        ResolveResponse first = client.resolve(request).await().atMost(WAIT);
        Profile before = getProfile(tenant, first.getProfileId());

        ResolveResponse again = client.resolve(request).await().atMost(WAIT);

        assertEquals(first.getProfileId(), again.getProfileId());
        assertTrue(again.getMergedProfileIdsList().isEmpty());
        assertEquals(before, getProfile(tenant, first.getProfileId()));
    }

    @Test
    void aTouchpointWithNothingToLinkKeepsOneProfileAcrossRetries() {
        ResolveRequest request = touchpoint(tenant).putIdentifiers("email", "unknown").build();

        ResolveResponse first = client.resolve(request).await().atMost(WAIT);
        ResolveResponse again = client.resolve(request).await().atMost(WAIT);

        assertEquals(first.getProfileId(), again.getProfileId());
        assertEquals(List.of(IdentifierIssue.newBuilder().setType("email").setReason("value cannot identify a person")
                .build()), first.getIssuesList());
        assertEquals(0, getProfile(tenant, first.getProfileId()).getIdentifiersCount());
    }

    @Test
    void invalidIdentifiersAreReportedWhileTheOthersLink() {
        String email = randomEmail();

        ResolveResponse r = resolve(touchpoint(tenant).putIdentifiers("email", email).putIdentifiers("phone", "12"));

        assertEquals(List.of(IdentifierIssue.newBuilder().setType("phone").setReason("not a valid phone number")
                .build()), r.getIssuesList());
        assertEquals(Map.of("email", email.toLowerCase()), identifiers(getProfile(tenant, r.getProfileId())));
    }

    @Test
    void identifiersRememberWhenTheyWereFirstAndLastSeen() {
        String email = randomEmail();
        String profileId = resolve(touchpoint(tenant).putIdentifiers("email", email)).getProfileId();
        resolve(touchpoint(tenant).putIdentifiers("email", email).setOccurredAt(timestamp(SEEN.plusSeconds(3600))));
        resolve(touchpoint(tenant).putIdentifiers("email", email).setOccurredAt(timestamp(SEEN.minusSeconds(60))));

        Identifier identifier = getProfile(tenant, profileId).getIdentifiers(0);

        assertEquals(timestamp(SEEN.minusSeconds(60)), identifier.getFirstSeen());
        assertEquals(timestamp(SEEN.plusSeconds(3600)), identifier.getLastSeen());
    }

    @Test
    void aRequestWithoutTenantIsInvalid() {
        assertStatus(Status.Code.INVALID_ARGUMENT,
                () -> client.resolve(touchpoint(" ").putIdentifiers("email", randomEmail()).build())
                        .await().atMost(WAIT));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> getProfile("", "any"));
    }

    private ResolveResponse resolve(ResolveRequest.Builder request) {
        return client.resolve(request.build()).await().atMost(WAIT);
    }

    private Profile getProfile(String tenantId, String profileId) {
        return client.getProfile(GetProfileRequest.newBuilder().setTenantId(tenantId).setProfileId(profileId).build())
                .await().atMost(WAIT).getProfile();
    }

    private static Map<String, String> identifiers(Profile profile) {
        return profile.getIdentifiersList().stream()
                .collect(Collectors.toMap(Identifier::getType, Identifier::getValue));
    }

    private static void assertStatus(Status.Code expected, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(expected, e.getStatus().getCode(), e::getMessage);
    }
}
