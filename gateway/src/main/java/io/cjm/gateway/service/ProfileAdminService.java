package io.cjm.gateway.service;

import io.cjm.gateway.client.IdentityClient;
import io.cjm.gateway.client.JourneyClient;
import io.cjm.gateway.client.TouchpointClient;
import io.cjm.proto.identity.v1.EraseProfileResponse;
import io.cjm.proto.identity.v1.Profile;
import io.cjm.proto.identity.v1.SplitIdentifierResponse;
import io.cjm.proto.identity.v1.TouchpointAssignment;
import io.cjm.proto.journey.v1.ProfileAssignment;
import io.grpc.StatusRuntimeException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A tenant admin's changes to profiles, each spanning several services: erasure everywhere,
 * and merges and splits in the identity graph. Logs carry ids and counts, never identifier
 * values.
 */
@ApplicationScoped
public class ProfileAdminService {

    private static final Logger LOG = Logger.getLogger(ProfileAdminService.class);

    /** What an erasure deleted. */
    public record Erasure(List<String> profileIds, int touchpointIds, int touchpointsDeleted, int journeysDeleted) {
    }

    /**
     * identity-service erased the profile, but a later step failed: the touchpoints or the
     * journeys may still be there. Repeating the erasure completes it, because identity-service
     * answers a repeated erasure with the same ids and the other steps are idempotent.
     */
    public static class ErasureIncomplete extends RuntimeException {

        private final String step;

        ErasureIncomplete(String step, Throwable cause) {
            super("erasure incomplete: " + step + " failed", cause, false, false);
            this.step = step;
        }

        /** The step that failed: {@code touchpoints} or {@code journeys}. */
        public String step() {
            return step;
        }
    }

    private final IdentityClient identity;
    private final TouchpointClient touchpoints;
    private final JourneyClient journeys;

    ProfileAdminService(IdentityClient identity, TouchpointClient touchpoints, JourneyClient journeys) {
        this.identity = identity;
        this.touchpoints = touchpoints;
        this.journeys = journeys;
    }

    /**
     * Erases a profile everywhere: identity-service first (it answers every profile id and
     * touchpoint id involved), then touchpoint-service, then journey-service (which deletes
     * the scores in scoring-service). Empty when the id was never known in the tenant; fails
     * with {@link ErasureIncomplete} when a step after identity failed.
     */
    public Uni<Optional<Erasure>> erase(String tenantId, String profileId, String requestedBy) {
        return identity.erase(tenantId, profileId, requestedBy).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(Optional.<Erasure>empty());
            }
            EraseProfileResponse erased = found.get();
            List<String> profileIds = erased.getProfileIdsList();
            List<String> touchpointIds = erased.getTouchpointIdsList();
            return step(tenantId, profileId, "touchpoints", touchpoints.erase(tenantId, touchpointIds, profileIds))
                    .chain(deletedTouchpoints -> step(tenantId, profileId, "journeys",
                            journeys.eraseProfiles(tenantId, profileIds, touchpointIds))
                            .map(j -> new Erasure(profileIds, touchpointIds.size(), deletedTouchpoints,
                                    j.getJourneysDeleted())))
                    .invoke(e -> LOG.infof("tenant=%s erasure of profile %s complete, requested by %s: profile ids %s, "
                            + "%d touchpoint ids, %d identifiers deleted now; deleted %d touchpoints, %d journeys",
                            tenantId, profileId, requestedBy, profileIds, touchpointIds.size(),
                            erased.getIdentifiersDeleted(), e.touchpointsDeleted(), e.journeysDeleted()))
                    .map(Optional::of);
        });
    }

    private static <T> Uni<T> step(String tenantId, String profileId, String step, Uni<T> call) {
        return call.onFailure().transform(e -> {
            LOG.warnf("tenant=%s erasure of profile %s incomplete: deleting the %s failed (%s); the identity data "
                    + "is erased, a repeated DELETE completes it", tenantId, profileId, step,
                    e instanceof StatusRuntimeException s ? s.getStatus().getCode() : e.getClass().getSimpleName());
            return new ErasureIncomplete(step, e);
        });
    }

    /** Merges two profiles on an admin's request; answers the surviving profile. */
    public Uni<Profile> merge(String tenantId, String profileId, String otherProfileId, String requestedBy,
            String reason) {
        return identity.merge(tenantId, profileId, otherProfileId, requestedBy, reason)
                .call(r -> journeys.reassign(tenantId, assignments(r.getReassignedList()), r.getGraphVersion()))
                .invoke(r -> LOG.infof("tenant=%s admin merge of %s and %s into %s, requested by %s; "
                        + "%d touchpoint(s) changed profile", tenantId, profileId, otherProfileId,
                        r.getProfile().getId(), requestedBy, r.getReassignedCount()))
                .map(r -> r.getProfile());
    }

    /** Cuts an identifier off a profile on an admin's request; answers both profiles. */
    public Uni<SplitIdentifierResponse> split(String tenantId, String profileId, String type, String value,
            String requestedBy, String reason) {
        return identity.split(tenantId, profileId, type, value, requestedBy, reason)
                .call(r -> journeys.reassign(tenantId, assignments(r.getReassignedList()), r.getGraphVersion()))
                .invoke(r -> LOG.infof("tenant=%s admin split of a %s identifier off %s into %s, requested by %s; "
                        + "%d touchpoint(s) changed profile", tenantId, type, profileId, r.getSplitProfile().getId(),
                        requestedBy, r.getReassignedCount()));
    }

    private static List<ProfileAssignment> assignments(List<TouchpointAssignment> moved) {
        return moved.stream().map(a -> ProfileAssignment.newBuilder().setTouchpointId(a.getTouchpointId())
                .setProfileId(a.getProfileId()).build()).toList();
    }
}
