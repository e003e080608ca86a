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
import io.cjm.proto.journey.v1.DeleteJourneyDefinitionRequest;
import io.cjm.proto.journey.v1.GetJourneyDefinitionRequest;
import io.cjm.proto.journey.v1.GetJourneySettingsRequest;
import io.cjm.proto.journey.v1.JourneyDefinition;
import io.cjm.proto.journey.v1.JourneySettings;
import io.cjm.proto.journey.v1.ListJourneyDefinitionsRequest;
import io.cjm.proto.journey.v1.PutJourneyDefinitionRequest;
import io.cjm.proto.journey.v1.PutJourneyDefinitionResponse;
import io.cjm.proto.journey.v1.UpdateJourneySettingsRequest;
import io.cjm.proto.journey.v1.VersionedJourneyDefinition;
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

    /** The tenant's journey definitions in force. */
    public Uni<List<VersionedJourneyDefinition>> definitions(String tenantId) {
        return Calls.bounded(stub.listJourneyDefinitions(ListJourneyDefinitionsRequest.newBuilder()
                .setTenantId(tenantId).build())).map(r -> r.getDefinitionsList());
    }

    /** One definition in force; empty when the tenant has none with that key. */
    public Uni<Optional<VersionedJourneyDefinition>> definition(String tenantId, String key) {
        return Calls.notFoundAsEmpty(stub.getJourneyDefinition(GetJourneyDefinitionRequest.newBuilder()
                .setTenantId(tenantId).setKey(key).build()).map(r -> r.getDefinition()));
    }

    /** Stores a definition as its key's next version; {@code expectedVersion} null for no condition. */
    public Uni<PutJourneyDefinitionResponse> putDefinition(String tenantId, JourneyDefinition definition,
            Integer expectedVersion) {
        PutJourneyDefinitionRequest.Builder b = PutJourneyDefinitionRequest.newBuilder().setTenantId(tenantId)
                .setDefinition(definition);
        if (expectedVersion != null) {
            b.setExpectedVersion(expectedVersion);
        }
        return Calls.bounded(stub.putJourneyDefinition(b.build()));
    }

    /** Deletes a definition (as a deleted version); NOT_FOUND when none is in force. */
    public Uni<Integer> deleteDefinition(String tenantId, String key, Integer expectedVersion) {
        DeleteJourneyDefinitionRequest.Builder b = DeleteJourneyDefinitionRequest.newBuilder().setTenantId(tenantId)
                .setKey(key);
        if (expectedVersion != null) {
            b.setExpectedVersion(expectedVersion);
        }
        return Calls.bounded(stub.deleteJourneyDefinition(b.build())).map(r -> r.getVersion());
    }

    /** The tenant's friction thresholds in force. */
    public Uni<JourneySettings> settings(String tenantId) {
        return Calls.bounded(stub.getJourneySettings(GetJourneySettingsRequest.newBuilder().setTenantId(tenantId)
                .build())).map(r -> r.getSettings());
    }

    /** Replaces the tenant's friction thresholds; {@code expectedVersion} null for no condition. */
    public Uni<JourneySettings> updateSettings(String tenantId, JourneySettings settings, Integer expectedVersion) {
        UpdateJourneySettingsRequest.Builder b = UpdateJourneySettingsRequest.newBuilder().setTenantId(tenantId)
                .setSettings(settings);
        if (expectedVersion != null) {
            b.setExpectedVersion(expectedVersion);
        }
        return Calls.bounded(stub.updateJourneySettings(b.build())).map(r -> r.getSettings());
    }
}
