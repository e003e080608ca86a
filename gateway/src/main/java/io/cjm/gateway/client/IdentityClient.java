package io.cjm.gateway.client;

import io.cjm.proto.identity.v1.EraseProfileRequest;
import io.cjm.proto.identity.v1.EraseProfileResponse;
import io.cjm.proto.identity.v1.GetProfileRequest;
import io.cjm.proto.identity.v1.GetSettingsRequest;
import io.cjm.proto.identity.v1.IdentityService;
import io.cjm.proto.identity.v1.IdentitySettings;
import io.cjm.proto.identity.v1.LookupProfileRequest;
import io.cjm.proto.identity.v1.MergeProfilesRequest;
import io.cjm.proto.identity.v1.MergeProfilesResponse;
import io.cjm.proto.identity.v1.Profile;
import io.cjm.proto.identity.v1.SplitIdentifierRequest;
import io.cjm.proto.identity.v1.SplitIdentifierResponse;
import io.cjm.proto.identity.v1.UpdateSettingsRequest;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Reads profiles from identity-service, and asks it for an admin's merges, splits, erasures and settings. */
@ApplicationScoped
public class IdentityClient {

    private final IdentityService stub;

    IdentityClient(@GrpcClient("identity") IdentityService stub) {
        this.stub = stub;
    }

    public Uni<Optional<Profile>> get(String tenantId, String profileId) {
        return Calls.notFoundAsEmpty(stub.getProfile(GetProfileRequest.newBuilder().setTenantId(tenantId)
                .setProfileId(profileId).build()).map(r -> r.getProfile()));
    }

    /** The profile without its merge log and conflicts (both empty): two queries fewer in identity-service. */
    public Uni<Optional<Profile>> getWithoutHistory(String tenantId, String profileId) {
        return Calls.notFoundAsEmpty(stub.getProfile(GetProfileRequest.newBuilder().setTenantId(tenantId)
                .setProfileId(profileId).setWithoutHistory(true).build()).map(r -> r.getProfile()));
    }

    public Uni<Optional<Profile>> lookup(String tenantId, String type, String value) {
        return Calls.notFoundAsEmpty(stub.lookupProfile(LookupProfileRequest.newBuilder().setTenantId(tenantId)
                .setType(type).setValue(value).build()).map(r -> r.getProfile()));
    }

    /** Merges two profiles; NOT_FOUND, INVALID_ARGUMENT and FAILED_PRECONDITION come back as they are. */
    public Uni<MergeProfilesResponse> merge(String tenantId, String profileId, String otherProfileId,
            String requestedBy, String reason) {
        return Calls.bounded(stub.mergeProfiles(MergeProfilesRequest.newBuilder().setTenantId(tenantId)
                .setProfileId(profileId).setOtherProfileId(otherProfileId).setRequestedBy(requestedBy)
                .setReason(reason == null ? "" : reason).build()));
    }

    /** Cuts an identifier off a profile; errors come back as they are. */
    public Uni<SplitIdentifierResponse> split(String tenantId, String profileId, String type, String value,
            String requestedBy, String reason) {
        return Calls.bounded(stub.splitIdentifier(SplitIdentifierRequest.newBuilder().setTenantId(tenantId)
                .setProfileId(profileId).setType(type).setValue(value).setRequestedBy(requestedBy)
                .setReason(reason == null ? "" : reason).build()));
    }

    /**
     * Erases a profile in identity-service; empty when the id was never known in the tenant.
     * A repeated erasure answers the same ids again.
     */
    public Uni<Optional<EraseProfileResponse>> erase(String tenantId, String profileId, String requestedBy) {
        return Calls.notFoundAsEmpty(stub.eraseProfile(EraseProfileRequest.newBuilder().setTenantId(tenantId)
                .setProfileId(profileId).setRequestedBy(requestedBy).build()));
    }

    public Uni<IdentitySettings> settings(String tenantId) {
        return Calls.bounded(stub.getSettings(GetSettingsRequest.newBuilder().setTenantId(tenantId).build()))
                .map(r -> r.getSettings());
    }

    /** Replaces the tenant's settings; INVALID_ARGUMENT names every invalid field. */
    public Uni<IdentitySettings> updateSettings(String tenantId, IdentitySettings settings) {
        return Calls.bounded(stub.updateSettings(UpdateSettingsRequest.newBuilder().setTenantId(tenantId)
                .setSettings(settings).build())).map(r -> r.getSettings());
    }
}
