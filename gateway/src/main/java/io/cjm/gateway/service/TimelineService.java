package io.cjm.gateway.service;

import io.cjm.gateway.client.IdentityClient;
import io.cjm.gateway.client.JourneyClient;
import io.cjm.gateway.client.TouchpointClient;
import io.cjm.gateway.mapping.TimelineMapper;
import io.cjm.gateway.rest.model.TimelineBody;
import io.cjm.proto.journey.v1.Journey;
import io.cjm.proto.journey.v1.JourneyStatus;
import io.cjm.proto.journey.v1.ListJourneysRequest;
import io.cjm.proto.identity.v1.Profile;
import io.cjm.proto.touchpoint.v1.ListProfileTouchpointsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * The agent timeline of a profile: who the id is (identity-service; a merged id answers with
 * its survivor, whose id the other services store everything under), one page of touchpoints
 * from touchpoint-service and the journeys from journey-service, all fetched at the same time
 * (see {@link #timeline}).
 * <p>
 * Journeys are bounded so that a page stays fast for a profile with a long history, and take
 * two calls (every call costs the services about as much as the page itself): every open
 * journey up to {@link #OPEN_LIMIT} (an agent acts on those), and the {@link #CLOSED_LIMIT}
 * most recently active closed ones (completed, failed or abandoned, in one ListJourneys call
 * with several statuses); older closed journeys are one {@code GET /journeys?profileId=} away,
 * which {@code moreClosedJourneys} says. The profile is read without its merge log and
 * conflicts, which the timeline does not show.
 */
@ApplicationScoped
public class TimelineService {

    /** The open journeys listed at most. */
    public static final int OPEN_LIMIT = 100;
    /** The closed journeys listed at most. */
    public static final int CLOSED_LIMIT = 20;

    private static final List<JourneyStatus> CLOSED = List.of(JourneyStatus.JOURNEY_STATUS_COMPLETED,
            JourneyStatus.JOURNEY_STATUS_FAILED, JourneyStatus.JOURNEY_STATUS_ABANDONED);

    private final IdentityClient identity;
    private final TouchpointClient touchpoints;
    private final JourneyClient journeys;

    TimelineService(IdentityClient identity, TouchpointClient touchpoints, JourneyClient journeys) {
        this.identity = identity;
        this.touchpoints = touchpoints;
        this.journeys = journeys;
    }

    /**
     * The timeline page of the tenant's profile; empty when the tenant has no such profile.
     * An INVALID_ARGUMENT of touchpoint-service (limit, page_token) comes back as it is.
     * <p>
     * Almost every id asked for is a surviving profile's, so the page and the journeys are
     * fetched under the id asked for while identity-service answers, not after it: the
     * timeline then takes as long as the slowest of the three, not identity's answer plus the
     * rest. When the id turns out to be merged, they are fetched again under the survivor (what
     * was fetched under the merged id is empty: touchpoints and journeys move to the
     * survivor). The early fetch is scoped to the caller's tenant like every other call, and
     * its answer is used only once identity-service has confirmed the profile; for an unknown
     * id it is dropped, failures included, and the answer is 404.
     */
    public Uni<Optional<TimelineBody>> timeline(String tenantId, String profileId, int limit, String cursor) {
        Uni<Attempt> early = parts(tenantId, profileId, limit, cursor).map(p -> new Attempt(p, null))
                .onFailure().recoverWithItem(e -> new Attempt(null, e));
        return Uni.combine().all().unis(identity.getWithoutHistory(tenantId, profileId), early).asTuple().chain(t -> {
            if (t.getItem1().isEmpty()) {
                return Uni.createFrom().item(Optional.<TimelineBody>empty());
            }
            Profile profile = t.getItem1().get();
            Attempt attempt = t.getItem2();
            Uni<Parts> parts = !profile.getId().equals(profileId) ? parts(tenantId, profile.getId(), limit, cursor)
                    : attempt.failure() != null ? Uni.createFrom().failure(attempt.failure())
                            : Uni.createFrom().item(attempt.parts());
            return parts.map(p -> Optional.of(TimelineMapper.timeline(profile, p.page(), p.open(), p.closed(),
                    p.moreClosed())));
        });
    }

    /** What the timeline shows of a profile besides the profile itself. */
    private record Parts(ListProfileTouchpointsResponse page, List<Journey> open, List<Journey> closed,
            boolean moreClosed) {
    }

    /** The parts, or why they could not be fetched. */
    private record Attempt(Parts parts, Throwable failure) {
    }

    /** The page of touchpoints and the journeys of a profile, all fetched at the same time. */
    private Uni<Parts> parts(String tenantId, String profileId, int limit, String cursor) {
        return Uni.combine().all().unis(touchpoints.ofProfile(tenantId, profileId, limit, cursor),
                // The single status for the open ones, and the closed ones checked here too, so that
                // a journey-service from before `statuses` (during a rolling update) shows no open
                // journey among the closed ones.
                journeys.list(request(tenantId, profileId, OPEN_LIMIT).setStatus(JourneyStatus.JOURNEY_STATUS_OPEN)
                        .build()),
                journeys.list(request(tenantId, profileId, CLOSED_LIMIT).addAllStatuses(CLOSED).build()))
                .asTuple().map(t -> new Parts(t.getItem1(), t.getItem2().getJourneysList(),
                        t.getItem3().getJourneysList().stream().filter(j -> CLOSED.contains(j.getStatus())).toList(),
                        !t.getItem3().getNextPageToken().isEmpty()));
    }

    private static ListJourneysRequest.Builder request(String tenantId, String profileId, int size) {
        return ListJourneysRequest.newBuilder().setTenantId(tenantId).setProfileId(profileId).setPageSize(size);
    }
}
