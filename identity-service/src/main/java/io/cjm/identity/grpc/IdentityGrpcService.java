package io.cjm.identity.grpc;

import static io.cjm.platform.grpc.GrpcErrors.requireTenant;

import io.cjm.identity.mapping.ProfileMapper;
import io.cjm.identity.service.ProfileAdminService;
import io.cjm.identity.service.ProfileQueryService;
import io.cjm.identity.service.ProfileQueryService.ProfileView;
import io.cjm.identity.service.ResolutionService;
import io.cjm.identity.service.ResolutionService.Item;
import io.cjm.identity.service.ResolutionService.Resolution;
import io.cjm.identity.service.TenantRules;
import io.cjm.platform.grpc.GrpcErrors;
import io.cjm.platform.grpc.Timestamps;
import io.cjm.proto.identity.v1.EraseProfileRequest;
import io.cjm.proto.identity.v1.EraseProfileResponse;
import io.cjm.proto.identity.v1.GetProfileRequest;
import io.cjm.proto.identity.v1.GetProfileResponse;
import io.cjm.proto.identity.v1.GetSettingsRequest;
import io.cjm.proto.identity.v1.GetSettingsResponse;
import io.cjm.proto.identity.v1.IdentifierIssue;
import io.cjm.proto.identity.v1.IdentityService;
import io.cjm.proto.identity.v1.LookupProfileRequest;
import io.cjm.proto.identity.v1.LookupProfileResponse;
import io.cjm.proto.identity.v1.MergeProfilesRequest;
import io.cjm.proto.identity.v1.MergeProfilesResponse;
import io.cjm.proto.identity.v1.ResolveBatchRequest;
import io.cjm.proto.identity.v1.ResolveBatchResponse;
import io.cjm.proto.identity.v1.ResolveRequest;
import io.cjm.proto.identity.v1.ResolveResponse;
import io.cjm.proto.identity.v1.SplitIdentifierRequest;
import io.cjm.proto.identity.v1.SplitIdentifierResponse;
import io.cjm.proto.identity.v1.UpdateSettingsRequest;
import io.cjm.proto.identity.v1.UpdateSettingsResponse;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The identity-service's gRPC API. */
@GrpcService
public class IdentityGrpcService implements IdentityService {

    /** Most items in one ResolveBatch call. */
    static final int MAX_BATCH = 1000;

    private final ResolutionService resolution;
    private final ProfileQueryService queries;
    private final ProfileAdminService admin;
    private final TenantRules tenantRules;

    IdentityGrpcService(ResolutionService resolution, ProfileQueryService queries, ProfileAdminService admin,
            TenantRules tenantRules) {
        this.resolution = resolution;
        this.queries = queries;
        this.admin = admin;
        this.tenantRules = tenantRules;
    }

    @Override
    public Uni<ResolveResponse> resolve(ResolveRequest request) {
        requireTenant(request.getTenantId());
        return resolution.resolve(request.getTenantId(), request.getTouchpointId(), request.getIdentifiersMap(),
                item(request, "").occurredAt()).map(IdentityGrpcService::toProto);
    }

    @Override
    public Uni<ResolveBatchResponse> resolveBatch(ResolveBatchRequest request) {
        requireTenant(request.getTenantId());
        if (request.getItemsCount() > MAX_BATCH) {
            throw GrpcErrors.invalid("items", "at most " + MAX_BATCH + " per call");
        }
        List<Item> items = new java.util.ArrayList<>();
        for (int i = 0; i < request.getItemsCount(); i++) {
            ResolveRequest r = request.getItems(i);
            if (!r.getTenantId().isEmpty() && !r.getTenantId().equals(request.getTenantId())) {
                throw GrpcErrors.invalid("items[" + i + "].tenant_id", "differs from the batch's tenant");
            }
            items.add(item(r, "items[" + i + "]."));
        }
        if (items.isEmpty()) {
            return Uni.createFrom().item(ResolveBatchResponse.getDefaultInstance());
        }
        return resolution.resolveBatch(request.getTenantId(), items).map(results -> ResolveBatchResponse.newBuilder()
                .addAllResults(results.stream().map(IdentityGrpcService::toProto).toList()).build());
    }

    private static Item item(ResolveRequest r, String prefix) {
        if (r.getTouchpointId().isBlank()) {
            throw GrpcErrors.invalid(prefix + "touchpoint_id", "required");
        }
        return new Item(r.getTouchpointId(), r.getIdentifiersMap(),
                r.hasOccurredAt() ? Timestamps.instant(r.getOccurredAt()) : null);
    }

    private static ResolveResponse toProto(Resolution r) {
        return ResolveResponse.newBuilder()
                .setProfileId(r.profileId())
                .addAllMergedProfileIds(r.mergedProfileIds())
                .addAllIssues(r.issues().stream()
                        .map(i -> IdentifierIssue.newBuilder().setType(i.type()).setReason(i.reason()).build())
                        .toList())
                .addAllReassigned(ProfileMapper.toProto(r.reassigned()))
                .setGraphVersion(r.graphVersion())
                .addAllConflicts(r.conflicts().stream().map(ProfileMapper::toProto).toList())
                .build();
    }

    @Override
    public Uni<GetProfileResponse> getProfile(GetProfileRequest request) {
        requireTenant(request.getTenantId());
        return queries.get(request.getTenantId(), request.getProfileId(), !request.getWithoutHistory())
                .map(v -> GetProfileResponse.newBuilder().setProfile(found(v, request.getProfileId())).build());
    }

    @Override
    public Uni<LookupProfileResponse> lookupProfile(LookupProfileRequest request) {
        requireTenant(request.getTenantId());
        return queries.lookup(request.getTenantId(), request.getType(), request.getValue())
                .map(v -> LookupProfileResponse.newBuilder()
                        .setProfile(found(v, request.getType())).build());
    }

    @Override
    public Uni<MergeProfilesResponse> mergeProfiles(MergeProfilesRequest request) {
        requireTenant(request.getTenantId());
        required("profile_id", request.getProfileId());
        required("other_profile_id", request.getOtherProfileId());
        return admin.merge(request.getTenantId(), request.getProfileId(), request.getOtherProfileId(),
                request.getRequestedBy(), request.getReason())
                .chain(change -> queries.get(request.getTenantId(), change.profileId())
                        .map(v -> MergeProfilesResponse.newBuilder().setProfile(found(v, change.profileId()))
                                .addAllReassigned(ProfileMapper.toProto(change.reassigned()))
                                .setGraphVersion(change.graphVersion()).build()));
    }

    @Override
    public Uni<SplitIdentifierResponse> splitIdentifier(SplitIdentifierRequest request) {
        requireTenant(request.getTenantId());
        required("profile_id", request.getProfileId());
        required("type", request.getType());
        required("value", request.getValue());
        return admin.split(request.getTenantId(), request.getProfileId(), request.getType(), request.getValue(),
                request.getRequestedBy(), request.getReason())
                .chain(change -> queries.get(request.getTenantId(), change.profileId())
                        .chain(rest -> queries.get(request.getTenantId(), change.otherProfileId())
                                .map(cut -> SplitIdentifierResponse.newBuilder()
                                        .setProfile(found(rest, change.profileId()))
                                        .setSplitProfile(found(cut, change.otherProfileId()))
                                        .addAllReassigned(ProfileMapper.toProto(change.reassigned()))
                                        .setGraphVersion(change.graphVersion()).build())));
    }

    @Override
    public Uni<EraseProfileResponse> eraseProfile(EraseProfileRequest request) {
        requireTenant(request.getTenantId());
        required("profile_id", request.getProfileId());
        return admin.erase(request.getTenantId(), request.getProfileId(), request.getRequestedBy())
                .map(e -> EraseProfileResponse.newBuilder().addAllProfileIds(e.profileIds())
                        .addAllTouchpointIds(e.touchpointIds()).setErasedAt(Timestamps.of(e.erasedAt()))
                        .setIdentifiersDeleted(e.identifiersDeleted()).build());
    }

    @Override
    public Uni<GetSettingsResponse> getSettings(GetSettingsRequest request) {
        requireTenant(request.getTenantId());
        return tenantRules.settings(request.getTenantId())
                .map(s -> GetSettingsResponse.newBuilder().setSettings(s).build());
    }

    @Override
    public Uni<UpdateSettingsResponse> updateSettings(UpdateSettingsRequest request) {
        requireTenant(request.getTenantId());
        return tenantRules.update(request.getTenantId(), request.getSettings()).chain(violations -> {
            if (!violations.isEmpty()) {
                String message = violations.stream().map(v -> "settings." + v.field() + ": " + v.message())
                        .collect(Collectors.joining("; "));
                return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException());
            }
            return tenantRules.settings(request.getTenantId())
                    .map(s -> UpdateSettingsResponse.newBuilder().setSettings(s).build());
        });
    }

    private static void required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw GrpcErrors.invalid(field, "required");
        }
    }

    private static io.cjm.proto.identity.v1.Profile found(Optional<ProfileView> view, String what) {
        return ProfileMapper.toProto(view.orElseThrow(() -> GrpcErrors.notFound("profile", what)));
    }

}
