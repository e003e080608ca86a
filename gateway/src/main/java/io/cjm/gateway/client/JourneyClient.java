package io.cjm.gateway.client;

import io.cjm.proto.journey.v1.EraseProfilesRequest;
import io.cjm.proto.journey.v1.EraseProfilesResponse;
import io.cjm.proto.journey.v1.GetJourneyRequest;
import io.cjm.proto.journey.v1.Journey;
import io.cjm.proto.journey.v1.JourneyService;
import io.cjm.proto.journey.v1.ListJourneysRequest;
import io.cjm.proto.journey.v1.ListJourneysResponse;
import io.cjm.proto.journey.v1.ProfileAssignment;
import io.cjm.proto.journey.v1.ReassignRequest;
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
     * Tells journey-service about touchpoints that an admin merge or split moved to another
     * profile, so it re-assembles the profiles involved (it keeps, per touchpoint, the
     * assignment with the highest graph version).
     */
    public Uni<Void> reassign(String tenantId, List<ProfileAssignment> reassigned, long graphVersion) {
        if (reassigned.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Calls.bounded(stub.reassign(ReassignRequest.newBuilder().setTenantId(tenantId)
                .addAllReassigned(reassigned).setGraphVersion(graphVersion).build())).replaceWithVoid();
    }
}
