package io.cjm.journey.service;

import io.cjm.journey.client.ScoringClient;
import io.cjm.journey.entity.ErasedIdEntity;
import io.cjm.journey.repository.ErasedIdRepository;
import io.cjm.journey.repository.JourneyRepository;
import io.cjm.journey.repository.JourneyTouchpointRepository;
import io.cjm.journey.repository.LockRepository;
import io.cjm.journey.repository.TouchpointAssignmentRepository;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Erases profiles from the journeys: their journeys and touchpoints, the touchpoints named
 * by id wherever they are stored, the scores of those journeys in scoring-service, and leaves
 * tombstones (ids only) so that a late Apply for an erased profile or touchpoint stores
 * nothing. All of it happens in one transaction that commits only once scoring-service has
 * confirmed the deletion of the scores, so a failed call can simply be repeated.
 */
@ApplicationScoped
public class ErasureService {

    private static final Logger LOG = Logger.getLogger(ErasureService.class);

    /** What an erasure deleted. */
    public record Erased(int journeysDeleted, int touchpointsDeleted) {
    }

    private record Done(Erased erased, SortedSet<String> reassembled) {
    }

    private final JourneyTouchpointRepository touchpoints;
    private final JourneyRepository journeys;
    private final TouchpointAssignmentRepository assignments;
    private final ErasedIdRepository erasedIds;
    private final LockRepository locks;
    private final AssemblyService assembly;
    private final ScoringClient scoring;

    ErasureService(JourneyTouchpointRepository touchpoints, JourneyRepository journeys,
            TouchpointAssignmentRepository assignments, ErasedIdRepository erasedIds, LockRepository locks,
            AssemblyService assembly, ScoringClient scoring) {
        this.touchpoints = touchpoints;
        this.journeys = journeys;
        this.assignments = assignments;
        this.erasedIds = erasedIds;
        this.locks = locks;
        this.assembly = assembly;
        this.scoring = scoring;
    }

    /**
     * Erases these profiles and touchpoints of the tenant. Fails with
     * {@link ScoringUnavailableException} (and changes nothing) when scoring-service does not
     * confirm the deletion of the scores. Idempotent: erasing again deletes nothing more.
     */
    @WithSpan
    public Uni<Erased> erase(@SpanAttribute("cjm.tenant") String tenantId, List<String> profileIds,
            List<String> touchpointIds) {
        Span span = Span.current();
        Set<String> profiles = new LinkedHashSet<>(profileIds);
        Set<String> erasedTouchpoints = new LinkedHashSet<>(touchpointIds);
        span.setAttribute("cjm.profile.count", profiles.size());
        span.setAttribute("cjm.touchpoint.count", erasedTouchpoints.size());
        return Panache.withTransaction(() -> locks.lockTenant(tenantId, true)
                .chain(() -> touchpoints.owners(tenantId, erasedTouchpoints))
                .chain(owners -> {
                    // Profiles that keep their other touchpoints but lose erased ones: re-assembled.
                    SortedSet<String> others = new TreeSet<>(owners);
                    others.removeAll(profiles);
                    Set<String> locked = new LinkedHashSet<>(profiles);
                    locked.addAll(others);
                    return locks.lockProfiles(tenantId, locked).chain(() -> erase(tenantId, profiles,
                            erasedTouchpoints, others));
                }))
                .call(done -> assembly.scoreStale(tenantId, done.reassembled()))
                .map(Done::erased)
                .invoke(e -> {
                    span.setAttribute("cjm.journey.deleted", e.journeysDeleted());
                    span.setAttribute("cjm.touchpoint.deleted", e.touchpointsDeleted());
                    LOG.infof("Erased %d profile id(s) and %d touchpoint id(s): deleted %d journey(s) and %d"
                            + " touchpoint(s)", profiles.size(), erasedTouchpoints.size(), e.journeysDeleted(),
                            e.touchpointsDeleted());
                });
    }

    private Uni<Done> erase(String tenantId, Set<String> profiles, Set<String> erasedTouchpoints,
            SortedSet<String> others) {
        Instant now = Instant.now();
        return erasedIds.record(tenantId, ErasedIdEntity.PROFILE, profiles, now)
                .chain(() -> erasedIds.record(tenantId, ErasedIdEntity.TOUCHPOINT, erasedTouchpoints, now))
                .chain(() -> journeys.idsByProfiles(tenantId, profiles))
                .chain(journeyIds -> journeys.deleteByIds(tenantId, journeyIds)
                        .chain(journeysDeleted -> touchpoints.deleteErased(tenantId, profiles, erasedTouchpoints)
                                .call(() -> assignments.deleteErased(tenantId, profiles, erasedTouchpoints))
                                .chain(touchpointsDeleted -> assembly.reassemble(tenantId, others, null)
                                        .chain(a -> {
                                            List<String> gone = new ArrayList<>(journeyIds);
                                            gone.addAll(a.removed());
                                            // Inside the transaction: without the confirmation
                                            // nothing is committed, and a retry finds it all again.
                                            return scoring.delete(tenantId, gone)
                                                    .onFailure().transform(ScoringUnavailableException::new)
                                                    .replaceWith(new Done(new Erased(journeysDeleted
                                                            + a.removed().size(), touchpointsDeleted), others));
                                        }))));
    }
}
