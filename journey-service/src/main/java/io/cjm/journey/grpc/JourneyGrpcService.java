package io.cjm.journey.grpc;

import static io.cjm.platform.grpc.GrpcErrors.requireTenant;

import com.google.protobuf.Timestamp;
import io.cjm.journey.mapping.DefinitionMapper;
import io.cjm.journey.mapping.JourneyMapper;
import io.cjm.journey.repository.JourneyCursor;
import io.cjm.journey.repository.JourneyFilter;
import io.cjm.journey.service.AssemblyService.Resolution;
import io.cjm.journey.service.AssemblyService;
import io.cjm.journey.service.DefinitionCatalogue;
import io.cjm.journey.service.DefinitionService;
import io.cjm.journey.service.ErasureService;
import io.cjm.journey.service.JourneyQueryService;
import io.cjm.journey.service.RescoreService;
import io.cjm.journey.service.ScoringUnavailableException;
import io.cjm.platform.grpc.GrpcErrors;
import io.cjm.platform.grpc.Timestamps;
import io.cjm.proto.journey.v1.ApplyBatchRequest;
import io.cjm.proto.journey.v1.ApplyBatchResponse;
import io.cjm.proto.journey.v1.ApplyBatchResult;
import io.cjm.proto.journey.v1.ApplyError;
import io.cjm.proto.journey.v1.ApplyRequest;
import io.cjm.proto.journey.v1.ApplyResponse;
import io.cjm.proto.journey.v1.DeleteJourneyDefinitionRequest;
import io.cjm.proto.journey.v1.DeleteJourneyDefinitionResponse;
import io.cjm.proto.journey.v1.EraseProfilesRequest;
import io.cjm.proto.journey.v1.EraseProfilesResponse;
import io.cjm.proto.journey.v1.GetJourneyDefinitionRequest;
import io.cjm.proto.journey.v1.GetJourneyDefinitionResponse;
import io.cjm.proto.journey.v1.GetJourneyRequest;
import io.cjm.proto.journey.v1.GetJourneyResponse;
import io.cjm.proto.journey.v1.GetJourneySettingsRequest;
import io.cjm.proto.journey.v1.GetJourneySettingsResponse;
import io.cjm.proto.journey.v1.JourneyService;
import io.cjm.proto.journey.v1.JourneySettings;
import io.cjm.proto.journey.v1.ListJourneyDefinitionsRequest;
import io.cjm.proto.journey.v1.ListJourneyDefinitionsResponse;
import io.cjm.proto.journey.v1.ListJourneysRequest;
import io.cjm.proto.journey.v1.ListJourneysResponse;
import io.cjm.proto.journey.v1.ProfileAssignment;
import io.cjm.proto.journey.v1.PutJourneyDefinitionRequest;
import io.cjm.proto.journey.v1.PutJourneyDefinitionResponse;
import io.cjm.proto.journey.v1.ReassignRequest;
import io.cjm.proto.journey.v1.ReassignResponse;
import io.cjm.proto.journey.v1.RescoreJourneysRequest;
import io.cjm.proto.journey.v1.RescoreJourneysResponse;
import io.cjm.proto.journey.v1.UpdateJourneySettingsRequest;
import io.cjm.proto.journey.v1.UpdateJourneySettingsResponse;
import io.cjm.proto.journey.v1.VersionedJourneyDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The journey-service's gRPC API. */
@GrpcService
public class JourneyGrpcService implements JourneyService {

    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 500;
    /** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range of google.protobuf.Timestamp. */
    private static final long MIN_SECONDS = -62_135_596_800L;
    private static final long MAX_SECONDS = 253_402_300_799L;

    private final AssemblyService assembly;
    private final ErasureService erasure;
    private final JourneyQueryService queries;
    private final DefinitionService definitions;

    JourneyGrpcService(AssemblyService assembly, ErasureService erasure, JourneyQueryService queries,
            DefinitionService definitions) {
        this.assembly = assembly;
        this.erasure = erasure;
        this.queries = queries;
        this.definitions = definitions;
    }

    /** The last assignment of a touchpoint in the list counts. */
    private static Map<String, String> assignments(List<ProfileAssignment> list) {
        Map<String, String> reassigned = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            ProfileAssignment a = list.get(i);
            if (a.getTouchpointId().isBlank()) {
                throw GrpcErrors.invalid("reassigned[" + i + "].touchpoint_id", "required");
            }
            if (a.getProfileId().isBlank()) {
                throw GrpcErrors.invalid("reassigned[" + i + "].profile_id", "required");
            }
            reassigned.remove(a.getTouchpointId());
            reassigned.put(a.getTouchpointId(), a.getProfileId());
        }
        return reassigned;
    }

    @Override
    public Uni<ReassignResponse> reassign(ReassignRequest request) {
        requireTenant(request.getTenantId());
        if (request.getGraphVersion() < 0) {
            throw GrpcErrors.invalid("graph_version", "must not be negative");
        }
        return assembly.reassign(request.getTenantId(), request.getGraphVersion(),
                assignments(request.getReassignedList()))
                .map(o -> ReassignResponse.newBuilder().addAllJourneyIds(o.changedJourneyIds()).build());
    }

    /** Marks journeys for re-scoring (RescoreJourneys); set by field so the constructor stays as it is. */
    @Inject
    RescoreService rescore;

    @Override
    public Uni<RescoreJourneysResponse> rescoreJourneys(RescoreJourneysRequest request) {
        requireTenant(request.getTenantId());
        return rescore.markStale(request.getTenantId(), blankToNull(request.getJourneyType()))
                .map(n -> RescoreJourneysResponse.newBuilder().setMarked(n).build());
    }

    @Override
    public Uni<ApplyResponse> apply(ApplyRequest request) {
        requireTenant(request.getTenantId());
        AssemblyService.Item item = item(request, "");
        return assembly.apply(request.getTenantId(), item.resolution(), item.touchpoint()).map(JourneyGrpcService::applied);
    }

    /** Largest ApplyBatch. */
    static final int MAX_BATCH = 1000;

    @Override
    public Uni<ApplyBatchResponse> applyBatch(ApplyBatchRequest request) {
        requireTenant(request.getTenantId());
        if (request.getItemsCount() == 0 || request.getItemsCount() > MAX_BATCH) {
            throw GrpcErrors.invalid("items", "must hold 1 to " + MAX_BATCH + " items");
        }
        // Each item is checked as Apply checks its request; an invalid one is answered alone.
        ApplyBatchResult[] results = new ApplyBatchResult[request.getItemsCount()];
        List<AssemblyService.Item> valid = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < request.getItemsCount(); i++) {
            ApplyRequest r = request.getItems(i);
            try {
                if (!r.getTenantId().isEmpty() && !r.getTenantId().equals(request.getTenantId())) {
                    throw GrpcErrors.invalid("tenant_id", "must be empty or the batch's tenant");
                }
                valid.add(item(r, ""));
                positions.add(i);
            } catch (StatusRuntimeException e) {
                results[i] = failed(r.getTouchpoint().getId(), e);
            }
        }
        return assembly.applyBatch(request.getTenantId(), valid).map(outcomes -> {
            for (int k = 0; k < outcomes.size(); k++) {
                AssemblyService.ItemResult o = outcomes.get(k);
                String id = valid.get(k).touchpoint().getId();
                results[positions.get(k)] = o.failure() != null ? failed(id, o.failure())
                        : ApplyBatchResult.newBuilder().setTouchpointId(id).setApplied(applied(o.outcome())).build();
            }
            return ApplyBatchResponse.newBuilder().addAllResults(List.of(results)).build();
        });
    }

    /** The resolution and touchpoint of an Apply request, checked; INVALID_ARGUMENT naming the field otherwise. */
    private static AssemblyService.Item item(ApplyRequest request, String prefix) {
        if (request.getProfileId().isBlank()) {
            throw GrpcErrors.invalid(prefix + "profile_id", "required");
        }
        if (request.getTouchpoint().getId().isBlank()) {
            throw GrpcErrors.invalid(prefix + "touchpoint.id", "required");
        }
        if (!request.getTouchpoint().hasOccurredAt()) {
            throw GrpcErrors.invalid(prefix + "touchpoint.occurred_at", "required");
        }
        if (request.getGraphVersion() < 0) {
            throw GrpcErrors.invalid(prefix + "graph_version", "must not be negative");
        }
        Map<String, String> reassigned = assignments(request.getReassignedList());
        List<String> merged = request.getMergedProfileIdsList().stream().filter(p -> !p.isBlank()).toList();
        return new AssemblyService.Item(new Resolution(request.getProfileId(), request.getGraphVersion(), merged,
                reassigned), request.getTouchpoint());
    }

    private static ApplyResponse applied(AssemblyService.Outcome o) {
        return ApplyResponse.newBuilder().addAllJourneyIds(o.changedJourneyIds())
                .setJoinedJourney(o.joinedJourney()).setScored(o.scored()).build();
    }

    /** An item's failure as Apply would have answered it: its status code, or UNKNOWN with the kind of failure. */
    private static ApplyBatchResult failed(String touchpointId, Throwable failure) {
        Status status = failure instanceof StatusRuntimeException e ? e.getStatus()
                : Status.UNKNOWN.withDescription(failure.getClass().getName());
        return ApplyBatchResult.newBuilder().setTouchpointId(touchpointId)
                .setError(ApplyError.newBuilder().setCode(status.getCode().name())
                        .setMessage(String.valueOf(status.getDescription())))
                .build();
    }

    @Override
    public Uni<EraseProfilesResponse> eraseProfiles(EraseProfilesRequest request) {
        requireTenant(request.getTenantId());
        if (request.getProfileIdsCount() == 0 && request.getTouchpointIdsCount() == 0) {
            throw GrpcErrors.invalid("profile_ids", "name at least one profile or touchpoint id");
        }
        requireIds("profile_ids", request.getProfileIdsList());
        requireIds("touchpoint_ids", request.getTouchpointIdsList());
        return erasure.erase(request.getTenantId(), request.getProfileIdsList(), request.getTouchpointIdsList())
                .map(e -> EraseProfilesResponse.newBuilder().setJourneysDeleted(e.journeysDeleted())
                        .setTouchpointsDeleted(e.touchpointsDeleted()).build())
                // Nothing was committed: the caller retries the whole erasure.
                .onFailure(ScoringUnavailableException.class).transform(e -> Status.UNAVAILABLE
                        .withDescription(e.getMessage() + "; nothing was erased, retry").asRuntimeException());
    }

    @Override
    public Uni<GetJourneyResponse> getJourney(GetJourneyRequest request) {
        requireTenant(request.getTenantId());
        return queries.get(request.getTenantId(), request.getJourneyId())
                .map(j -> GetJourneyResponse.newBuilder().setJourney(JourneyMapper.toProto(
                        j.orElseThrow(() -> GrpcErrors.notFound("journey", request.getJourneyId())))).build());
    }

    @Override
    public Uni<ListJourneysResponse> listJourneys(ListJourneysRequest request) {
        requireTenant(request.getTenantId());
        int size = request.getPageSize() <= 0 ? DEFAULT_PAGE : Math.min(request.getPageSize(), MAX_PAGE);
        JourneyCursor after = null;
        if (!request.getPageToken().isEmpty()) {
            after = JourneyCursor.decode(request.getPageToken())
                    .orElseThrow(() -> GrpcErrors.invalid("page_token", "not a token this service issued"));
        }
        Instant from = request.hasActiveFrom() ? instant("active_from", request.getActiveFrom()) : null;
        Instant to = request.hasActiveTo() ? instant("active_to", request.getActiveTo()) : null;
        if (from != null && to != null && !to.isAfter(from)) {
            throw GrpcErrors.invalid("active_to", "must be after active_from");
        }
        Double minJes = request.hasMinJes() ? jes("min_jes", request.getMinJes()) : null;
        Double maxJes = request.hasMaxJes() ? jes("max_jes", request.getMaxJes()) : null;
        if (minJes != null && maxJes != null && minJes > maxJes) {
            throw GrpcErrors.invalid("min_jes", "must not be greater than max_jes");
        }
        Set<String> statuses = new HashSet<>();
        if (JourneyMapper.statusName(request.getStatus()) != null) {
            statuses.add(JourneyMapper.statusName(request.getStatus()));
        }
        for (int i = 0; i < request.getStatusesCount(); i++) {
            String name = JourneyMapper.statusName(request.getStatuses(i));
            if (name == null) {
                throw GrpcErrors.invalid("statuses[" + i + "]", "not a journey status");
            }
            statuses.add(name);
        }
        JourneyFilter filter = new JourneyFilter(blankToNull(request.getProfileId()), blankToNull(request.getType()),
                statuses, blankToNull(request.getStage()), from, to, minJes, maxJes);
        return queries.list(request.getTenantId(), filter, after, size)
                .map(page -> ListJourneysResponse.newBuilder()
                        .addAllJourneys(page.journeys().stream().map(JourneyMapper::toProto).toList())
                        .setNextPageToken(page.next() == null ? "" : page.next().encode())
                        .build());
    }

    /** A time filter; Timestamp's own range (years 1 to 9999). */
    private static Instant instant(String field, Timestamp t) {
        if (t.getSeconds() < MIN_SECONDS || t.getSeconds() > MAX_SECONDS || t.getNanos() < 0
                || t.getNanos() > 999_999_999) {
            throw GrpcErrors.invalid(field, "not a valid time");
        }
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    /** A JES bound: 0 to 100, inclusive. */
    private static double jes(String field, double value) {
        if (!(value >= 0 && value <= 100)) {
            throw GrpcErrors.invalid(field, "must be between 0 and 100");
        }
        return value;
    }

    private static void requireIds(String field, List<String> ids) {
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i).isBlank()) {
                throw GrpcErrors.invalid(field + "[" + i + "]", "must not be blank");
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    // ---- Journey definitions and friction thresholds ----------------------------------

    @Override
    public Uni<ListJourneyDefinitionsResponse> listJourneyDefinitions(ListJourneyDefinitionsRequest request) {
        requireTenant(request.getTenantId());
        return definitions.list(request.getTenantId()).map(list -> ListJourneyDefinitionsResponse.newBuilder()
                .addAllDefinitions(list.stream().map(JourneyGrpcService::versioned).toList()).build());
    }

    @Override
    public Uni<GetJourneyDefinitionResponse> getJourneyDefinition(GetJourneyDefinitionRequest request) {
        requireTenant(request.getTenantId());
        return definitions.get(request.getTenantId(), request.getKey())
                .map(e -> GetJourneyDefinitionResponse.newBuilder().setDefinition(versioned(e.orElseThrow(
                        () -> GrpcErrors.notFound("journey definition", request.getKey())))).build());
    }

    @Override
    public Uni<PutJourneyDefinitionResponse> putJourneyDefinition(PutJourneyDefinitionRequest request) {
        requireTenant(request.getTenantId());
        if (!request.hasDefinition()) {
            throw GrpcErrors.invalid("definition", "required");
        }
        var parsed = DefinitionMapper.parse(request.getDefinition(), "definition.");
        if (!parsed.errors().isEmpty()) {
            throw invalid(parsed.errors());
        }
        Integer expected = request.hasExpectedVersion() ? request.getExpectedVersion() : null;
        return definitions.put(request.getTenantId(), parsed.value(), expected)
                .map(stored -> PutJourneyDefinitionResponse.newBuilder().setDefinition(versioned(stored.entry()))
                        .setCreated(stored.created()).build());
    }

    @Override
    public Uni<DeleteJourneyDefinitionResponse> deleteJourneyDefinition(DeleteJourneyDefinitionRequest request) {
        requireTenant(request.getTenantId());
        if (!DefinitionMapper.isKey(request.getKey())) {
            throw GrpcErrors.notFound("journey definition", request.getKey());
        }
        Integer expected = request.hasExpectedVersion() ? request.getExpectedVersion() : null;
        return definitions.delete(request.getTenantId(), request.getKey(), expected)
                .map(v -> DeleteJourneyDefinitionResponse.newBuilder().setVersion(v).build());
    }

    @Override
    public Uni<GetJourneySettingsResponse> getJourneySettings(GetJourneySettingsRequest request) {
        requireTenant(request.getTenantId());
        return definitions.settings(request.getTenantId())
                .map(s -> GetJourneySettingsResponse.newBuilder().setSettings(settings(s)).build());
    }

    @Override
    public Uni<UpdateJourneySettingsResponse> updateJourneySettings(UpdateJourneySettingsRequest request) {
        requireTenant(request.getTenantId());
        if (!request.hasSettings()) {
            throw GrpcErrors.invalid("settings", "required");
        }
        var parsed = DefinitionMapper.parse(request.getSettings(), "settings.");
        if (!parsed.errors().isEmpty()) {
            throw invalid(parsed.errors());
        }
        Integer expected = request.hasExpectedVersion() ? request.getExpectedVersion() : null;
        return definitions.updateSettings(request.getTenantId(), parsed.value(), expected)
                .map(s -> UpdateJourneySettingsResponse.newBuilder().setSettings(settings(s)).build());
    }

    /** INVALID_ARGUMENT with every field error, as {@code field: message} joined by {@code "; "}. */
    private static StatusRuntimeException invalid(List<DefinitionMapper.FieldError> errors) {
        return Status.INVALID_ARGUMENT.withDescription(errors.stream().map(Object::toString)
                .collect(Collectors.joining("; "))).asRuntimeException();
    }

    private static VersionedJourneyDefinition versioned(DefinitionCatalogue.Entry e) {
        VersionedJourneyDefinition.Builder b = VersionedJourneyDefinition.newBuilder()
                .setDefinition(DefinitionMapper.toProto(e.definition())).setVersion(e.definition().version())
                .setBuiltIn(e.builtIn());
        if (e.updatedAt() != null) {
            b.setUpdatedAt(Timestamps.of(e.updatedAt()));
        }
        return b.build();
    }

    private static JourneySettings settings(DefinitionCatalogue.Settings s) {
        JourneySettings.Builder b = DefinitionMapper.toProto(s.thresholds()).setVersion(s.version());
        if (s.updatedAt() != null) {
            b.setUpdatedAt(Timestamps.of(s.updatedAt()));
        }
        return b.build();
    }
}
