package io.cjm.touchpoint.client;

import io.cjm.proto.identity.v1.ResolveRequest;
import io.cjm.proto.identity.v1.ResolveResponse;
import io.cjm.proto.identity.v1.TouchpointAssignment;
import io.cjm.proto.journey.v1.ApplyBatchRequest;
import io.cjm.proto.journey.v1.ApplyBatchResponse;
import io.cjm.proto.journey.v1.ApplyBatchResult;
import io.cjm.proto.journey.v1.ApplyError;
import io.cjm.proto.journey.v1.ApplyRequest;
import io.cjm.proto.journey.v1.ApplyResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The identity-service and journey-service of the tests ({@link FakeIdentityService},
 * {@link FakeJourneyService}), scripted per tenant. In test mode Quarkus points the relay's gRPC
 * clients at this service's own server, where those fakes run.
 * <ul>
 * <li>Resolve answers what the tenant's script says; a tenant without a script gets
 * {@code INTERNAL}, a failure of the touchpoint's own that counts toward its quarantine
 * ({@link #identityDown} scripts an outage instead).</li>
 * <li>Apply records every request per tenant and answers what the tenant's script says; without
 * a script it answers that the touchpoint joined no journey, so the touchpoint is done.</li>
 * </ul>
 * Tenants are random per test, so tests do not see each other's scripts.
 */
@ApplicationScoped
public class Downstream {

    private final Map<String, Function<ResolveRequest, Uni<ResolveResponse>>> identity = new ConcurrentHashMap<>();
    private final Map<String, Function<ApplyRequest, Uni<ApplyResponse>>> journey = new ConcurrentHashMap<>();
    private final Map<String, List<ApplyRequest>> applied = new ConcurrentHashMap<>();
    private final Map<String, List<List<String>>> batches = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> applyBatches = new ConcurrentHashMap<>();
    private final java.util.Set<String> noBatch = ConcurrentHashMap.newKeySet();

    /** Resolve of the tenant answers with {@code answer}. */
    public void onResolve(String tenantId, Function<ResolveRequest, ResolveResponse> answer) {
        identity.put(tenantId, r -> Uni.createFrom().item(answer.apply(r)));
    }

    /** Resolve of the tenant answers when {@code answer} does (to do something first). */
    public void onResolveLater(String tenantId, Function<ResolveRequest, Uni<ResolveResponse>> answer) {
        identity.put(tenantId, answer);
    }

    /** Apply of the tenant answers when {@code answer} does; requests are recorded all the same. */
    public void onApply(String tenantId, Function<ApplyRequest, Uni<ApplyResponse>> answer) {
        journey.put(tenantId, answer);
    }

    /** Apply of the tenant fails with {@code UNAVAILABLE}, as when journey-service is down. */
    public void journeyDown(String tenantId) {
        onApply(tenantId, r -> Uni.createFrom().failure(Status.UNAVAILABLE.withDescription("journey down")
                .asRuntimeException()));
    }

    /** Resolve of the tenant fails with {@code UNAVAILABLE}, as when identity-service is down. */
    public void identityDown(String tenantId) {
        onResolveLater(tenantId, r -> Uni.createFrom().failure(Status.UNAVAILABLE.withDescription("identity down")
                .asRuntimeException()));
    }

    /** The ResolveBatch calls of the tenant so far: the touchpoint ids of each, in arrival order. */
    public List<List<String>> resolveBatches(String tenantId) {
        return List.copyOf(batches.getOrDefault(tenantId, List.of()));
    }

    void recordBatch(io.cjm.proto.identity.v1.ResolveBatchRequest request) {
        batches.computeIfAbsent(request.getTenantId(), t -> new CopyOnWriteArrayList<>()).add(request.getItemsList()
                .stream().map(io.cjm.proto.identity.v1.ResolveRequest::getTouchpointId).toList());
    }

    /** The Apply requests of the tenant so far, in arrival order. */
    public List<ApplyRequest> applied(String tenantId) {
        return List.copyOf(applied.getOrDefault(tenantId, List.of()));
    }

    /** A Resolve answer: the profile, the graph version and the touchpoints the resolution reassigned. */
    public static ResolveResponse resolved(String profileId, long graphVersion, TouchpointAssignment... reassigned) {
        return ResolveResponse.newBuilder().setProfileId(profileId).setGraphVersion(graphVersion)
                .addAllReassigned(List.of(reassigned)).build();
    }

    /** One reassigned touchpoint. */
    public static TouchpointAssignment moved(String touchpointId, String profileId) {
        return TouchpointAssignment.newBuilder().setTouchpointId(touchpointId).setProfileId(profileId).build();
    }

    Uni<ResolveResponse> resolve(ResolveRequest request) {
        Function<ResolveRequest, Uni<ResolveResponse>> script = identity.get(request.getTenantId());
        return script == null
                ? Uni.createFrom().failure(Status.INTERNAL.withDescription("no answer scripted for this tenant")
                        .asRuntimeException())
                : script.apply(request);
    }

    Uni<ApplyResponse> apply(ApplyRequest request) {
        applied.computeIfAbsent(request.getTenantId(), t -> new CopyOnWriteArrayList<>()).add(request);
        Function<ApplyRequest, Uni<ApplyResponse>> script = journey.get(request.getTenantId());
        return script == null ? Uni.createFrom().item(ApplyResponse.newBuilder().setJoinedJourney(false).build())
                : script.apply(request);
    }

    /** ApplyBatch of the tenant fails as a journey-service without it would (UNIMPLEMENTED): the relay applies one by one. */
    public void batchUnimplemented(String tenantId) {
        noBatch.add(tenantId);
    }

    /** The sizes of the tenant's ApplyBatch calls, in order. */
    public List<Integer> applyBatches(String tenantId) {
        return List.copyOf(applyBatches.getOrDefault(tenantId, List.of()));
    }

    /**
     * ApplyBatch: each item applied as {@link #apply} would, in order, and answered with its
     * outcome or its error; an outage of an item (UNAVAILABLE) fails the whole call, as a
     * journey-service that is down would.
     */
    public Uni<ApplyBatchResponse> applyBatch(ApplyBatchRequest request) {
        if (noBatch.contains(request.getTenantId())) {
            return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
        }
        applyBatches.computeIfAbsent(request.getTenantId(), t -> new CopyOnWriteArrayList<>()).add(request.getItemsCount());
        return Multi.createFrom().iterable(request.getItemsList())
                .onItem().transformToUniAndConcatenate(item -> apply(item.toBuilder().setTenantId(request.getTenantId())
                        .build())
                        .map(applied -> ApplyBatchResult.newBuilder().setTouchpointId(item.getTouchpoint().getId())
                                .setApplied(applied).build())
                        .onFailure(e -> !(e instanceof StatusRuntimeException s
                                && s.getStatus().getCode() == Status.Code.UNAVAILABLE))
                        .recoverWithItem(e -> ApplyBatchResult.newBuilder().setTouchpointId(item.getTouchpoint().getId())
                                .setError(ApplyError.newBuilder().setCode(Status.fromThrowable(e).getCode().name())
                                        .setMessage(String.valueOf(e.getMessage()))).build()))
                .collect().asList()
                .map(results -> ApplyBatchResponse.newBuilder().addAllResults(results).build());
    }
}
