package io.cjm.gateway.client;

import io.cjm.proto.identity.v1.GetProfileRequest;
import io.cjm.proto.identity.v1.IdentityService;
import io.cjm.proto.identity.v1.LookupProfileRequest;
import io.cjm.proto.identity.v1.Profile;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Reads profiles from identity-service. */
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

    public Uni<Optional<Profile>> lookup(String tenantId, String type, String value) {
        return Calls.notFoundAsEmpty(stub.lookupProfile(LookupProfileRequest.newBuilder().setTenantId(tenantId)
                .setType(type).setValue(value).build()).map(r -> r.getProfile()));
    }
}
