package io.cjm.gateway.client;

import io.cjm.proto.journey.v1.EraseProfilesRequest;
import io.cjm.proto.journey.v1.EraseProfilesResponse;
import io.cjm.proto.journey.v1.GetJourneyRequest;
import io.cjm.proto.journey.v1.Journey;
import io.cjm.proto.journey.v1.JourneyService;
import io.cjm.proto.journey.v1.ListJourneysRequest;
import io.cjm.proto.journey.v1.ListJourneysResponse;
import io.cjm.proto.journey.v1.ProfileAssignment;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Reads journeys from journey-service, and erases erased profiles' journeys. */
@ApplicationScoped
public class JourneyClient {

    private static final Logger LOG = Logger.getLogger(JourneyClient.class);

    private final JourneyService stub;

    JourneyClient(@GrpcClient("journey") JourneyService stub) {
        this.stub = stub;
    }

    public Uni<Optional<Journey>> get(String tenantId, String journeyId) {
        return Calls.notFoundAsEmpty(stub.getJourney(GetJourneyRequest.newBuilder().setTenantId(tenantId)
                .setJourneyId(journeyId).build()).map(r -> r.getJourney()));
    }

    public Uni<ListJourneysResponse> list(ListJourneysRequest request) {
        return Calls.bounded(stub.listJourneys(request));
    }

    /**
     * Deletes the journeys and touchpoint facts of erased profiles; journey-service deletes
     * their scores in scoring-service itself. Idempotent.
     */
    public Uni<EraseProfilesResponse> eraseProfiles(String tenantId, List<String> profileIds,
            List<String> touchpointIds) {
        return Calls.bounded(stub.eraseProfiles(EraseProfilesRequest.newBuilder().setTenantId(tenantId)
                .addAllProfileIds(profileIds).addAllTouchpointIds(touchpointIds).build()));
    }

    /**
     * Where an admin's merge or split will tell journey-service which touchpoints changed
     * profile, so that it re-assembles the journeys of the old and new profiles at once.
     *
     * <p>NOT WIRED YET, on purpose: this calls nothing for now, so after an admin's merge or
     * split the journeys stay under the profile ids they were assembled for. journey-service's
     * {@code journey.v1.Reassign(tenant_id, reassigned, graph_version)} is the call that goes
     * here: {@code Calls.bounded(stub.reassign(...))} with these assignments and the graph
     * version (journey-service keeps, per touchpoint, the assignment with the highest version),
     * and nothing else in the gateway changes.
     */
    public Uni<Void> reassign(String tenantId, List<ProfileAssignment> reassigned, long graphVersion) {
        if (!reassigned.isEmpty()) {
            LOG.debugf("tenant=%s %d touchpoint(s) changed profile at graph version %d; journey-service's "
                    + "Reassign is not called yet, nothing sent", tenantId, reassigned.size(), graphVersion);
        }
        return Uni.createFrom().voidItem();
    }
}
