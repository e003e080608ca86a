package io.cjm.identity.grpc;

import io.cjm.platform.grpc.Timestamps;
import static io.cjm.platform.grpc.GrpcErrors.requireTenant;

import io.cjm.identity.mapping.ProfileMapper;
import io.cjm.identity.service.ProfileQueryService;
import io.cjm.identity.service.ProfileQueryService.ProfileView;
import io.cjm.identity.service.ResolutionService;
import io.cjm.platform.grpc.GrpcErrors;
import io.cjm.proto.identity.v1.GetProfileRequest;
import io.cjm.proto.identity.v1.GetProfileResponse;
import io.cjm.proto.identity.v1.IdentifierIssue;
import io.cjm.proto.identity.v1.IdentityService;
import io.cjm.proto.identity.v1.LookupProfileRequest;
import io.cjm.proto.identity.v1.LookupProfileResponse;
import io.cjm.proto.identity.v1.ResolveRequest;
import io.cjm.proto.identity.v1.ResolveResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.Optional;

/** The identity-service's gRPC API. */
@GrpcService
public class IdentityGrpcService implements IdentityService {

    private final ResolutionService resolution;
    private final ProfileQueryService queries;

    IdentityGrpcService(ResolutionService resolution, ProfileQueryService queries) {
        this.resolution = resolution;
        this.queries = queries;
    }

    @Override
    public Uni<ResolveResponse> resolve(ResolveRequest request) {
        requireTenant(request.getTenantId());
        if (request.getTouchpointId().isBlank()) {
            throw GrpcErrors.invalid("touchpoint_id", "required");
        }
        var occurred = request.hasOccurredAt() ? Timestamps.instant(request.getOccurredAt()) : null;
        return resolution.resolve(request.getTenantId(), request.getTouchpointId(), request.getIdentifiersMap(), occurred)
                .map(r -> ResolveResponse.newBuilder()
                        .setProfileId(r.profileId())
                        .addAllMergedProfileIds(r.mergedProfileIds())
                        .addAllIssues(r.issues().stream()
                                .map(i -> IdentifierIssue.newBuilder().setType(i.type()).setReason(i.reason()).build())
                                .toList())
                        .build());
    }

    @Override
    public Uni<GetProfileResponse> getProfile(GetProfileRequest request) {
        requireTenant(request.getTenantId());
        return queries.get(request.getTenantId(), request.getProfileId())
                .map(v -> GetProfileResponse.newBuilder().setProfile(found(v, request.getProfileId())).build());
    }

    @Override
    public Uni<LookupProfileResponse> lookupProfile(LookupProfileRequest request) {
        requireTenant(request.getTenantId());
        return queries.lookup(request.getTenantId(), request.getType(), request.getValue())
                .map(v -> LookupProfileResponse.newBuilder()
                        .setProfile(found(v, request.getType() + ":" + request.getValue())).build());
    }

    private static io.cjm.proto.identity.v1.Profile found(Optional<ProfileView> view, String what) {
        return ProfileMapper.toProto(view.orElseThrow(() -> GrpcErrors.notFound("profile", what)));
    }
}
