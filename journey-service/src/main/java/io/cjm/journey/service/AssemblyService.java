package io.cjm.journey.service;

import io.cjm.journey.client.ScoringClient;
import io.cjm.journey.domain.AssembledJourney;
import io.cjm.journey.domain.Assignment;
import io.cjm.journey.domain.AssignmentPlan;
import io.cjm.journey.entity.ErasedIdEntity;
import io.cjm.journey.entity.JourneyEntity;
import io.cjm.journey.entity.JourneyTouchpointEntity;
import io.cjm.journey.mapping.JourneyMapper;
import io.cjm.journey.repository.ErasedIdRepository;
import io.cjm.journey.repository.JourneyRepository;
import io.cjm.journey.repository.JourneyTouchpointRepository;
import io.cjm.journey.repository.LockRepository;
import io.cjm.journey.repository.TouchpointAssignmentRepository;
import io.cjm.proto.journey.v1.JourneyTouchpoint;
import io.cjm.proto.scoring.v1.JourneyFacts;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Keeps each profile's journeys equal to the assembly of all its touchpoints. Applying a
 * touchpoint records which profile it and the touchpoints its resolution moved belong to (per
 * touchpoint, the assignment of the highest identity graph version wins), re-assembles every
 * profile whose touchpoints changed (under advisory locks, see {@link LockRepository}) and has
 * every journey whose score is stale scored. Idempotent: applying the same touchpoint again
 * changes nothing.
 */
@ApplicationScoped
public class AssemblyService {

    /** What applying a touchpoint did. */
    public record Outcome(List<String> changedJourneyIds, boolean joinedJourney, boolean scored) {
    }

    /**
     * What identity resolution said about a touchpoint.
     *
     * @param profileId the profile the touchpoint belongs to
     * @param graphVersion the identity graph version of that answer; 0 when unknown
     * @param mergedProfileIds profiles merged into {@code profileId}
     * @param reassigned earlier touchpoints whose profile changed, touchpoint id to profile id
     */
    public record Resolution(String profileId, long graphVersion, List<String> mergedProfileIds,
            Map<String, String> reassigned) {

        /** Whether the resolution moves touchpoints other than the applied one. */
        boolean changesGraph() {
            return !mergedProfileIds.isEmpty() || !reassigned.isEmpty();
        }
    }

    /**
     * What re-assembling profiles did.
     *
     * @param changed journeys created or changed, in assembly order
     * @param removed journeys deleted because no assembly produces them any more
     * @param joined whether the touchpoint the assembly was for is in a journey
     */
    public record Reassembly(List<String> changed, List<String> removed, boolean joined) {

        static final Reassembly NONE = new Reassembly(List.of(), List.of(), false);
    }

    /** What the transaction of an Apply did: null when the profile or touchpoint is erased. */
    private record Stored(Reassembly reassembly, SortedSet<String> profiles) {
    }

    private final JourneyTouchpointRepository touchpoints;
    private final JourneyRepository journeys;
    private final TouchpointAssignmentRepository assignments;
    private final ErasedIdRepository erased;
    private final LockRepository locks;
    private final DefinitionCatalogue catalogue;
    private final ScoringClient scoring;

    AssemblyService(JourneyTouchpointRepository touchpoints, JourneyRepository journeys,
            TouchpointAssignmentRepository assignments, ErasedIdRepository erased, LockRepository locks,
            DefinitionCatalogue catalogue, ScoringClient scoring) {
        this.touchpoints = touchpoints;
        this.journeys = journeys;
        this.assignments = assignments;
        this.erased = erased;
        this.locks = locks;
        this.catalogue = catalogue;
        this.scoring = scoring;
    }

    /** Applies one touchpoint; its span names the tenant and the touchpoint, and what changed. */
    @WithSpan
    public Uni<Outcome> apply(@SpanAttribute("cjm.tenant") String tenantId, Resolution resolution,
            JourneyTouchpoint t) {
        Span span = Span.current();
        span.setAttribute("cjm.touchpoint.id", t.getId());
        span.setAttribute("cjm.graph.version", resolution.graphVersion());
        span.setAttribute("cjm.touchpoint.reassigned", resolution.reassigned().size());
        return Panache.withTransaction(() -> store(tenantId, resolution, t))
                .chain(stored -> {
                    if (stored == null) {
                        span.setAttribute("cjm.touchpoint.erased", true);
                        return Uni.createFrom().item(new Outcome(List.of(), false, true));
                    }
                    span.setAttribute("cjm.profile.reassembled", stored.profiles().size());
                    Reassembly a = stored.reassembly();
                    return scoring.delete(tenantId, a.removed())
                            .chain(() -> scoreStale(tenantId, stored.profiles()))
                            .map(scored -> new Outcome(a.changed(), a.joined(), scored));
                })
                .invoke(o -> {
                    span.setAttribute("cjm.journey.changed", o.changedJourneyIds().size());
                    span.setAttribute("cjm.touchpoint.joined_journey", o.joinedJourney());
                    span.setAttribute("cjm.journey.scored", o.scored());
                });
    }

    /**
     * Moves touchpoints between profiles after an identity change that no touchpoint carried
     * (an admin merge or split), under the tenant's exclusive lock, with Apply's rule: per
     * touchpoint the newest graph version wins, and an assignment for a touchpoint not stored
     * yet is recorded for when it arrives.
     */
    @WithSpan
    public Uni<Outcome> reassign(@SpanAttribute("cjm.tenant") String tenantId, long graphVersion,
            Map<String, String> reassigned) {
        if (reassigned.isEmpty()) {
            return Uni.createFrom().item(new Outcome(List.of(), false, true));
        }
        return Panache.withTransaction(() -> locks.lockTenant(tenantId, true)
                .chain(() -> erased.erased(tenantId, ErasedIdEntity.PROFILE, new HashSet<>(reassigned.values())))
                .chain(goneProfiles -> erased.erased(tenantId, ErasedIdEntity.TOUCHPOINT, reassigned.keySet())
                        .chain(goneTouchpoints -> {
                            Map<String, String> moves = new LinkedHashMap<>();
                            reassigned.forEach((id, p) -> {
                                if (!goneTouchpoints.contains(id) && !goneProfiles.contains(p)) {
                                    moves.put(id, p);
                                }
                            });
                            return moveAll(tenantId, graphVersion, moves);
                        })))
                .chain(stored -> scoring.delete(tenantId, stored.reassembly().removed())
                        .chain(() -> scoreStale(tenantId, stored.profiles()))
                        .map(scored -> new Outcome(stored.reassembly().changed(), false, scored)));
    }

    private Uni<Stored> moveAll(String tenantId, long graphVersion, Map<String, String> moves) {
        return touchpoints.assignments(tenantId, moves.keySet()).chain(stored -> assignments.find(tenantId,
                moves.keySet()).chain(pending -> {
                    SortedSet<String> affected = new TreeSet<>();
                    Map<String, List<String>> byTarget = new TreeMap<>();
                    Map<String, String> toRecord = new LinkedHashMap<>();
                    moves.forEach((id, profile) -> {
                        Assignment incoming = new Assignment(profile, graphVersion);
                        Assignment recorded = stored.get(id);
                        if (recorded == null) {
                            if (Assignment.newest(pending.get(id), incoming) == incoming) {
                                toRecord.put(id, profile);
                            }
                        } else if (Assignment.newest(recorded, incoming) == incoming) {
                            byTarget.computeIfAbsent(profile, p -> new ArrayList<>()).add(id);
                            if (!recorded.profileId().equals(profile)) {
                                affected.add(recorded.profileId());
                                affected.add(profile);
                            }
                        }
                    });
                    return locks.lockProfiles(tenantId, affected)
                            .chain(() -> Multi.createFrom().iterable(byTarget.entrySet())
                                    .onItem().transformToUniAndConcatenate(m -> touchpoints.reassign(tenantId,
                                            m.getValue(), m.getKey(), graphVersion))
                                    .collect().last())
                            .chain(() -> Multi.createFrom().iterable(toRecord.entrySet())
                                    .onItem().transformToUniAndConcatenate(p -> assignments.record(
                                            JourneyMapper.touchpointUid(tenantId, p.getKey()), tenantId, p.getKey(),
                                            new Assignment(p.getValue(), graphVersion)))
                                    .collect().last())
                            .chain(() -> reassemble(tenantId, affected, null))
                            .map(a -> new Stored(a, affected));
                }));
    }

    /** Re-assembles a profile without a new touchpoint (timeouts, definition changes). */
    @WithSpan
    public Uni<Boolean> refresh(@SpanAttribute("cjm.tenant") String tenantId, String profileId) {
        SortedSet<String> profile = new TreeSet<>(List.of(profileId));
        return Panache.withTransaction(() -> locks.lockProfiles(tenantId, profile)
                .chain(() -> reassemble(tenantId, profile, null)))
                .chain(a -> scoring.delete(tenantId, a.removed()).chain(() -> scoreStale(tenantId, profile)));
    }

    /**
     * The transaction of an Apply. A resolution that moves other touchpoints takes the
     * tenant's lock exclusively, so the assignments it reads stay as read until it commits;
     * one that only stores its own touchpoint shares that lock and locks its touchpoint id.
     */
    private Uni<Stored> store(String tenantId, Resolution r, JourneyTouchpoint t) {
        boolean exclusive = r.changesGraph();
        Set<String> profileIds = new HashSet<>(r.mergedProfileIds());
        profileIds.add(r.profileId());
        profileIds.addAll(r.reassigned().values());
        Set<String> touchpointIds = new HashSet<>(r.reassigned().keySet());
        touchpointIds.add(t.getId());
        return locks.lockTenant(tenantId, exclusive)
                .chain(() -> exclusive ? Uni.createFrom().voidItem() : locks.lockTouchpoint(tenantId, t.getId()))
                .chain(() -> erased.erased(tenantId, ErasedIdEntity.PROFILE, profileIds))
                .chain(goneProfiles -> erased.erased(tenantId, ErasedIdEntity.TOUCHPOINT, touchpointIds)
                        .chain(goneTouchpoints -> {
                            if (goneProfiles.contains(r.profileId()) || goneTouchpoints.contains(t.getId())) {
                                return Uni.createFrom().nullItem();
                            }
                            List<String> merged = r.mergedProfileIds().stream()
                                    .filter(p -> !p.equals(r.profileId()) && !goneProfiles.contains(p))
                                    .distinct().toList();
                            Map<String, String> moves = new LinkedHashMap<>();
                            r.reassigned().forEach((id, p) -> {
                                if (!goneTouchpoints.contains(id) && !goneProfiles.contains(p)) {
                                    moves.put(id, p);
                                }
                            });
                            return store(tenantId, r, merged, moves, t);
                        }));
    }

    private Uni<Stored> store(String tenantId, Resolution r, List<String> merged, Map<String, String> moves,
            JourneyTouchpoint t) {
        Set<String> ids = new HashSet<>(moves.keySet());
        ids.add(t.getId());
        Assignment own = new Assignment(r.profileId(), r.graphVersion());
        return touchpoints.assignments(tenantId, ids).chain(stored -> assignments.find(tenantId, ids)
                .chain(pending -> {
                    AssignmentPlan plan = AssignmentPlan.of(t.getId(), own, merged, moves, stored, pending);
                    boolean pendingHere = pending.containsKey(t.getId());
                    return locks.lockProfiles(tenantId, plan.affected())
                            .chain(() -> merged.isEmpty() ? Uni.createFrom().voidItem()
                                    : touchpoints.moveToProfile(tenantId, merged, own.profileId(), own.graphVersion())
                                            .chain(() -> assignments.moveToProfile(tenantId, merged, own.profileId(),
                                                    own.graphVersion()))
                                            .replaceWithVoid())
                            .chain(() -> Multi.createFrom().iterable(plan.moves().entrySet())
                                    .onItem().transformToUniAndConcatenate(m -> touchpoints.reassign(tenantId,
                                            m.getValue(), m.getKey(), own.graphVersion()))
                                    .collect().last())
                            .chain(() -> Multi.createFrom().iterable(plan.pending().entrySet())
                                    .onItem().transformToUniAndConcatenate(p -> assignments.record(
                                            JourneyMapper.touchpointUid(tenantId, p.getKey()), tenantId, p.getKey(),
                                            new Assignment(p.getValue(), own.graphVersion())))
                                    .collect().last())
                            .chain(() -> storeTouchpoint(tenantId, plan.touchpoint(), t))
                            .chain(() -> pendingHere ? assignments.delete("uid = ?1",
                                    JourneyMapper.touchpointUid(tenantId, t.getId())).replaceWithVoid()
                                    : Uni.createFrom().voidItem())
                            .chain(() -> reassemble(tenantId, plan.affected(), t.getId()))
                            .map(a -> new Stored(a, plan.affected()));
                }));
    }

    /** Stores the touchpoint's facts under its assignment; written before anything reads the profile's touchpoints. */
    private Uni<Void> storeTouchpoint(String tenantId, Assignment assignment, JourneyTouchpoint t) {
        return touchpoints.findById(JourneyMapper.touchpointUid(tenantId, t.getId())).chain(existing -> {
            JourneyTouchpointEntity e = existing != null ? existing : new JourneyTouchpointEntity();
            JourneyMapper.copy(tenantId, assignment.profileId(), t, e);
            e.graphVersion = assignment.graphVersion();
            return (existing != null ? Uni.createFrom().item(e) : touchpoints.persist(e))
                    .chain(() -> touchpoints.flush());
        });
    }

    /**
     * Re-assembles these profiles of the tenant together, inside the caller's transaction and
     * under its profile locks. A journey keeps its row when a moved touchpoint takes it to
     * another of these profiles (its id does not depend on the profile); journeys that no
     * assembly produces any more are deleted here, and their scores are the caller's to
     * delete after the commit.
     *
     * @param touchpointId the touchpoint the re-assembly is for, or null
     */
    Uni<Reassembly> reassemble(String tenantId, SortedSet<String> profiles, String touchpointId) {
        if (profiles.isEmpty()) {
            return Uni.createFrom().item(Reassembly.NONE);
        }
        return catalogue.load(tenantId).chain(tenant -> journeys.findByProfiles(tenantId, profiles)
                .chain(existing -> Multi.createFrom().iterable(profiles)
                .onItem().transformToUniAndConcatenate(p -> touchpoints.findByProfile(tenantId, p)
                        .map(rows -> Map.entry(p, rows)))
                .collect().asList()
                .chain(rowsByProfile -> {
                    Instant now = Instant.now();
                    Map<String, JourneyEntity> byId = existing.stream()
                            .collect(Collectors.toMap(j -> j.id, Function.identity()));
                    Set<String> produced = new HashSet<>();
                    List<String> changed = new ArrayList<>();
                    List<JourneyEntity> fresh = new ArrayList<>();
                    boolean joined = false;
                    for (Map.Entry<String, List<JourneyTouchpointEntity>> entry : rowsByProfile) {
                        String profileId = entry.getKey();
                        List<AssembledJourney> assembled = tenant.assembler().assemble(tenantId,
                                entry.getValue().stream().map(JourneyMapper::toFact).toList(), now);
                        for (AssembledJourney a : assembled) {
                            if (!produced.add(a.id())) {
                                continue;
                            }
                            JourneyEntity e = byId.remove(a.id());
                            boolean isNew = e == null;
                            if (isNew) {
                                e = new JourneyEntity();
                            }
                            if (JourneyMapper.copy(tenantId, profileId, a,
                                    tenant.definition(a.definitionKey()), e)) {
                                changed.add(a.id());
                            }
                            if (isNew) {
                                fresh.add(e);
                            }
                            joined |= touchpointId != null && a.touchpointIds().contains(touchpointId);
                        }
                    }
                    List<String> removed = List.copyOf(byId.keySet());
                    boolean joinedJourney = joined;
                    return journeys.deleteByIds(tenantId, removed)
                            .chain(() -> fresh.isEmpty() ? Uni.createFrom().voidItem() : journeys.persist(fresh))
                            .chain(() -> journeys.flush())
                            .map(x -> new Reassembly(changed, removed, joinedJourney));
                })));
    }

    /** A stale journey with the facts to score it by. */
    private record ToScore(String journeyId, Instant updatedAt, JourneyFacts facts) {
    }

    /** Scores every stale journey of these profiles, one profile after the other; true when all were scored. */
    Uni<Boolean> scoreStale(String tenantId, Collection<String> profileIds) {
        return Multi.createFrom().iterable(profileIds)
                .onItem().transformToUniAndConcatenate(p -> scoreStale(tenantId, p, 2))
                .collect().asList().map(results -> results.stream().allMatch(b -> b));
    }

    /**
     * Scores every journey of the profile whose score is stale, one attempt each (for the
     * sweep, which is itself the retry); true when all were scored.
     */
    Uni<Boolean> rescore(String tenantId, String profileId) {
        return scoreStale(tenantId, profileId, 0);
    }

    /**
     * Scores every journey of the profile whose score is stale, each call retried up to
     * {@code retries} times; true when all were scored.
     */
    private Uni<Boolean> scoreStale(String tenantId, String profileId, int retries) {
        return Panache.withSession(() -> journeys.list("tenantId = ?1 and profileId = ?2 and jesStale = true",
                tenantId, profileId).chain(stale -> stale.isEmpty() ? Uni.createFrom().item(List.<ToScore>of())
                        : touchpoints.findByProfile(tenantId, profileId).chain(rows -> catalogue.load(tenantId)
                                .chain(tenant -> {
                                    Map<String, JourneyTouchpointEntity> byId = rows.stream()
                                            .collect(Collectors.toMap(r -> r.touchpointId, Function.identity()));
                                    // The definition each journey was built with (one a change has not
                                    // reached yet, or a deleted one, is read from its stored version).
                                    return Multi.createFrom().iterable(stale)
                                            .onItem().transformToUniAndConcatenate(j -> catalogue.definitionAt(
                                                    tenantId, tenant, j.definitionKey, j.definitionVersion)
                                                    .map(d -> d.map(def -> new ToScore(j.id, j.updatedAt,
                                                            JourneyMapper.toFacts(j, byId, def)))))
                                            .collect().asList()
                                            .map(all -> all.stream().flatMap(Optional::stream).toList());
                                }))))
                .chain(stale -> {
                    if (stale.isEmpty()) {
                        return Uni.createFrom().item(true);
                    }
                    // One after the other: they share this context's session.
                    return Multi.createFrom().iterable(stale)
                            .onItem().transformToUniAndConcatenate(j -> scoring.score(tenantId, j.facts(), retries)
                                    .chain(jes -> Panache.withTransaction(() -> journeys.update(
                                            "jes = ?1, jesStale = false, jesAttempts = 0, jesRetryAt = null "
                                                    + "where id = ?2 and updatedAt = ?3", jes,
                                            j.journeyId(), j.updatedAt())))
                                    .chain(n -> n > 0 ? Uni.createFrom().voidItem() : forgetIfGone(tenantId,
                                            j.journeyId()))
                                    .map(x -> true)
                                    .onFailure().recoverWithItem(false))
                            .collect().asList().map(results -> results.stream().allMatch(b -> b));
                });
    }

    /**
     * A journey scored while another transaction deleted it (a re-assembly or an erasure that
     * committed after this score was asked for) leaves a score behind: delete it, on a best
     * effort basis.
     */
    private Uni<Void> forgetIfGone(String tenantId, String journeyId) {
        return Panache.withSession(() -> journeys.count("tenantId = ?1 and id = ?2", tenantId, journeyId))
                .chain(n -> n > 0 ? Uni.createFrom().voidItem() : scoring.delete(tenantId, List.of(journeyId)))
                .onFailure().recoverWithNull();
    }
}
