package io.cjm.gateway.service;

import io.cjm.gateway.client.IdentityClient;
import io.cjm.gateway.client.JourneyClient;
import io.cjm.gateway.client.TouchpointClient;
import io.cjm.gateway.mapping.TimelineMapper;
import io.cjm.gateway.rest.model.TimelineBody;
import io.cjm.proto.journey.v1.Journey;
import io.cjm.proto.journey.v1.JourneyStatus;
import io.cjm.proto.journey.v1.ListJourneysRequest;
import io.cjm.proto.journey.v1.ListJourneysResponse;
import io.cjm.proto.identity.v1.Profile;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The agent timeline of a profile. identity-service first says who the id is (a merged id
 * answers with its survivor, whose id the other services store everything under); then one
 * page of touchpoints from touchpoint-service and the journeys from journey-service are
 * fetched at the same time.
 * <p>
 * Journeys are bounded so that a page stays fast for a profile with a long history: every
 * open journey up to {@link #OPEN_LIMIT} (an agent acts on those), and the
 * {@link #CLOSED_LIMIT} most recently active closed ones. The closed ones are the newest of
 * the three closed statuses, each asked for separately (ListJourneys filters by one status),
 * so that many open journeys never crowd closed ones out; older closed journeys are one
 * {@code GET /journeys?profileId=} away, which {@code moreClosedJourneys} says.
 */
@ApplicationScoped
public class TimelineService {

    /** The open journeys listed at most. */
    public static final int OPEN_LIMIT = 100;
    /** The closed journeys listed at most. */
    public static final int CLOSED_LIMIT = 20;

    private static final List<JourneyStatus> CLOSED = List.of(JourneyStatus.JOURNEY_STATUS_COMPLETED,
            JourneyStatus.JOURNEY_STATUS_FAILED, JourneyStatus.JOURNEY_STATUS_ABANDONED);
    /** journey-service's order: newest activity first, then id. */
    private static final Comparator<Journey> NEWEST_ACTIVITY = Comparator
            .comparing((Journey j) -> j.getLastActivityAt().getSeconds()).reversed()
            .thenComparing(Comparator.comparing((Journey j) -> j.getLastActivityAt().getNanos()).reversed())
            .thenComparing(Journey::getId);

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
     */
    public Uni<Optional<TimelineBody>> timeline(String tenantId, String profileId, int limit, String cursor) {
        return identity.get(tenantId, profileId).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(Optional.<TimelineBody>empty());
            }
            Profile profile = found.get();
            String survivor = profile.getId();
            List<Uni<ListJourneysResponse>> closedCalls = CLOSED.stream()
                    .map(s -> journeys.list(request(tenantId, survivor, s, CLOSED_LIMIT))).toList();
            return Uni.combine().all().unis(touchpoints.ofProfile(tenantId, survivor, limit, cursor),
                    journeys.list(request(tenantId, survivor, JourneyStatus.JOURNEY_STATUS_OPEN, OPEN_LIMIT)),
                    Uni.join().all(closedCalls).andFailFast())
                    .asTuple().map(t -> {
                        List<Journey> closed = new ArrayList<>();
                        boolean more = false;
                        for (ListJourneysResponse r : t.getItem3()) {
                            closed.addAll(r.getJourneysList());
                            more |= !r.getNextPageToken().isEmpty();
                        }
                        closed.sort(NEWEST_ACTIVITY);
                        if (closed.size() > CLOSED_LIMIT) {
                            closed = closed.subList(0, CLOSED_LIMIT);
                            more = true;
                        }
                        return Optional.of(TimelineMapper.timeline(profile, t.getItem1(),
                                t.getItem2().getJourneysList(), closed, more));
                    });
        });
    }

    private static ListJourneysRequest request(String tenantId, String profileId, JourneyStatus status, int size) {
        return ListJourneysRequest.newBuilder().setTenantId(tenantId).setProfileId(profileId).setStatus(status)
                .setPageSize(size).build();
    }
}
