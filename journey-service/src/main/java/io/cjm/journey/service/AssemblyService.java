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
import io.cjm.platform.grpc.Contexts;
import io.cjm.proto.journey.v1.JourneyTouchpoint;
import io.cjm.proto.scoring.v1.JourneyFacts;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

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

    private static final Logger LOG = Logger.getLogger(AssemblyService.class);

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
     * @param inJourneys the touchpoints of these profiles that are in a journey
     * @param changedByProfile the changed journeys by the profile they belong to now
     */
    public record Reassembly(List<String> changed, List<String> removed, boolean joined, Set<String> inJourneys,
            Map<String, List<String>> changedByProfile) {

        static final Reassembly NONE = new Reassembly(List.of(), List.of(), false, Set.of(), Map.of());
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
    private final Vertx vertx;
    private final Duration rescoreGrace;

    AssemblyService(JourneyTouchpointRepository touchpoints, JourneyRepository journeys,
            TouchpointAssignmentRepository assignments, ErasedIdRepository erased, LockRepository locks,
            DefinitionCatalogue catalogue, ScoringClient scoring, Vertx vertx,
            @ConfigProperty(name = "cjm.journey.rescore-grace") Duration rescoreGrace) {
        this.vertx = vertx;
        this.rescoreGrace = rescoreGrace;
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

    /** One touchpoint of a batch with its resolution. */
    public record Item(Resolution resolution, JourneyTouchpoint touchpoint) {
    }

    /** What became of one item of a batch: its outcome, or its own failure (then outcome is null). */
    public record ItemResult(Outcome outcome, Throwable failure) {
    }

    /**
     * An item of a batch on its way through: its erased state and, once stored, the profiles it
     * affected.
     */
    private static final class Prepared {
        final Item item;
        final boolean gone;
        final List<String> merged;
        final Map<String, String> moves;
        SortedSet<String> affected = new TreeSet<>();

        Prepared(Item item, boolean gone, List<String> merged, Map<String, String> moves) {
            this.item = item;
            this.gone = gone;
            this.merged = merged;
            this.moves = moves;
        }

        boolean simple() {
            return merged.isEmpty() && moves.isEmpty();
        }

        String id() {
            return item.touchpoint().getId();
        }
    }

    /** What the transaction of a batch did. */
    private record StoredBatch(List<Prepared> items, Reassembly reassembly, SortedSet<String> profiles) {
    }

    /**
     * Applies several touchpoints of one tenant as {@link #apply} would one after the other,
     * with one transaction, one re-assembly per profile and one round of scoring for the whole
     * batch. The batch takes the tenant's lock exclusively (as a merge does), so it runs alone
     * among the tenant's Apply, Reassign and erasure transactions; items are stored in order, a
     * run of items that move nothing but their own touchpoint with a few statements for the
     * whole run. When the batch's transaction fails, its items are applied one by one, so that
     * an item that fails fails alone. Answers one result per item, in order.
     */
    @WithSpan
    public Uni<List<ItemResult>> applyBatch(@SpanAttribute("cjm.tenant") String tenantId, List<Item> items) {
        Span span = Span.current();
        span.setAttribute("cjm.batch.size", items.size());
        if (items.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.withTransaction(() -> storeBatch(tenantId, items))
                .map(Optional::of)
                .onFailure().recoverWithItem(e -> {
                    // The kind of failure only: a message may quote stored values.
                    LOG.infof("A batch of %d touchpoints failed (%s); applying them one by one", items.size(),
                            e.getClass().getName());
                    span.setAttribute("cjm.batch.one_by_one", true);
                    return Optional.empty();
                })
                .chain(stored -> stored.isEmpty() ? oneByOne(tenantId, items) : afterCommit(tenantId, stored.get()))
                .invoke(results -> span.setAttribute("cjm.batch.failed",
                        results.stream().filter(r -> r.failure() != null).count()));
    }

    /** Applies the items one after the other, each on a context of its own (so with a fresh session). */
    private Uni<List<ItemResult>> oneByOne(String tenantId, List<Item> items) {
        return Multi.createFrom().iterable(items)
                .onItem().transformToUniAndConcatenate(i -> Contexts.onNewContext(vertx,
                        () -> apply(tenantId, i.resolution(), i.touchpoint()))
                        .map(o -> new ItemResult(o, null))
                        .onFailure().recoverWithItem(e -> new ItemResult(null, e)))
                .collect().asList();
    }

    private Uni<StoredBatch> storeBatch(String tenantId, List<Item> items) {
        Set<String> profileIds = new HashSet<>();
        Set<String> touchpointIds = new HashSet<>();
        for (Item i : items) {
            profileIds.add(i.resolution().profileId());
            profileIds.addAll(i.resolution().mergedProfileIds());
            profileIds.addAll(i.resolution().reassigned().values());
            touchpointIds.add(i.touchpoint().getId());
            touchpointIds.addAll(i.resolution().reassigned().keySet());
        }
        return locks.lockTenant(tenantId, true)
                .chain(() -> erased.erased(tenantId, ErasedIdEntity.PROFILE, profileIds))
                .chain(goneProfiles -> erased.erased(tenantId, ErasedIdEntity.TOUCHPOINT, touchpointIds)
                        .chain(goneTouchpoints -> {
                            List<Prepared> prepared = new ArrayList<>();
                            for (Item i : items) {
                                Resolution r = i.resolution();
                                boolean gone = goneProfiles.contains(r.profileId())
                                        || goneTouchpoints.contains(i.touchpoint().getId());
                                List<String> merged = r.mergedProfileIds().stream()
                                        .filter(p -> !p.equals(r.profileId()) && !goneProfiles.contains(p))
                                        .distinct().toList();
                                Map<String, String> moves = new LinkedHashMap<>();
                                r.reassigned().forEach((id, p) -> {
                                    if (!goneTouchpoints.contains(id) && !goneProfiles.contains(p)) {
                                        moves.put(id, p);
                                    }
                                });
                                prepared.add(new Prepared(i, gone, merged, moves));
                            }
                            // Each run starts from a cleared session: the statements of a run before it
                            // (bulk moves) changed rows behind the entities the session holds.
                            return Multi.createFrom().iterable(runs(prepared))
                                    .onItem().transformToUniAndConcatenate(run -> clearSession().chain(() -> run.size() == 1
                                            && !run.getFirst().simple()
                                            ? storeOnly(tenantId, run.getFirst().item.resolution(), run.getFirst().merged,
                                                    run.getFirst().moves, run.getFirst().item.touchpoint())
                                                    .invoke(affected -> run.getFirst().affected = affected)
                                                    .replaceWithVoid()
                                            : storeSimple(tenantId, run)))
                                    .collect().last()
                                    .chain(() -> clearSession())
                                    .chain(() -> {
                                        SortedSet<String> all = new TreeSet<>();
                                        prepared.forEach(p -> all.addAll(p.affected));
                                        return reassemble(tenantId, all, null).map(a -> new StoredBatch(prepared, a, all));
                                    });
                        }));
    }

    /** Forgets the entities the session holds; everything was flushed before. */
    private static Uni<Void> clearSession() {
        return Panache.getSession().invoke(Mutiny.Session::clear).replaceWithVoid();
    }

    /**
     * The items to store, in order, as runs: each item that moves other touchpoints alone, and
     * the others gathered into runs in which no touchpoint id repeats. Erased items are left out.
     */
    private static List<List<Prepared>> runs(List<Prepared> prepared) {
        List<List<Prepared>> runs = new ArrayList<>();
        List<Prepared> current = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Prepared p : prepared) {
            if (p.gone) {
                continue;
            }
            if (!p.simple() || !ids.add(p.id())) {
                if (!current.isEmpty()) {
                    runs.add(current);
                }
                current = new ArrayList<>();
                ids = new HashSet<>();
                if (!p.simple()) {
                    runs.add(List.of(p));
                    continue;
                }
                ids.add(p.id());
            }
            current.add(p);
        }
        if (!current.isEmpty()) {
            runs.add(current);
        }
        return runs;
    }

    /**
     * Stores a run of touchpoints whose resolutions move nothing else, as {@link #storeOnly}
     * would one by one: each goes to its own profile unless a newer assignment is recorded for
     * it, and a pending assignment it meets is used up. A few statements for the whole run.
     */
    private Uni<Void> storeSimple(String tenantId, List<Prepared> run) {
        List<String> ids = run.stream().map(Prepared::id).toList();
        List<String> uids = ids.stream().map(id -> JourneyMapper.touchpointUid(tenantId, id)).toList();
        // The stored touchpoints of the run, read once: their assignments here, their rows to update
        // in storeTouchpoints (the tenant's exclusive lock keeps them as read).
        return touchpoints.findByUids(uids).chain(existing -> assignments.find(tenantId, ids)
                .chain(pending -> {
                    Map<String, Assignment> stored = new HashMap<>();
                    existing.forEach(e -> stored.put(e.touchpointId, new Assignment(e.profileId, e.graphVersion)));
                    SortedSet<String> affected = new TreeSet<>();
                    Map<String, Assignment> targets = new HashMap<>();
                    for (Prepared p : run) {
                        Resolution r = p.item.resolution();
                        AssignmentPlan plan = AssignmentPlan.of(p.id(), new Assignment(r.profileId(), r.graphVersion()),
                                List.of(), Map.of(), stored, pending);
                        p.affected = plan.affected();
                        affected.addAll(plan.affected());
                        targets.put(p.id(), plan.touchpoint());
                    }
                    List<String> used = ids.stream().filter(pending::containsKey)
                            .map(id -> JourneyMapper.touchpointUid(tenantId, id)).toList();
                    return locks.lockProfilesOfBatch(tenantId, affected)
                            .chain(() -> storeTouchpoints(tenantId, run, targets, existing))
                            .chain(() -> used.isEmpty() ? Uni.createFrom().voidItem()
                                    : assignments.deleteByUids(used).replaceWithVoid());
                }));
    }

    /**
     * Stores the facts of a run's touchpoints under their assignments: the stored ones (read by
     * the caller) updated through their entities, the new ones inserted with one statement.
     */
    private Uni<Void> storeTouchpoints(String tenantId, List<Prepared> run, Map<String, Assignment> targets,
            List<JourneyTouchpointEntity> existing) {
        Map<String, JourneyTouchpointEntity> byUid = existing.stream()
                .collect(Collectors.toMap(e -> e.uid, Function.identity()));
        List<JourneyTouchpointEntity> fresh = new ArrayList<>();
        for (Prepared p : run) {
            JourneyTouchpoint t = p.item.touchpoint();
            Assignment target = targets.get(p.id());
            JourneyTouchpointEntity e = byUid.get(JourneyMapper.touchpointUid(tenantId, p.id()));
            if (e == null) {
                e = new JourneyTouchpointEntity();
                fresh.add(e);
            }
            JourneyMapper.copy(tenantId, target.profileId(), t, e);
            e.graphVersion = target.graphVersion();
        }
        // The changes to the stored ones first, then the new rows in one statement (no entity).
        return touchpoints.flush().chain(() -> touchpoints.insertAll(fresh)).replaceWithVoid();
    }

    /** Deletes the removed journeys' scores and scores the batch's stale journeys; then answers each item. */
    private Uni<List<ItemResult>> afterCommit(String tenantId, StoredBatch batch) {
        Reassembly a = batch.reassembly();
        return scoring.delete(tenantId, a.removed())
                .chain(() -> scoreStaleProfiles(tenantId, batch.profiles(), 2))
                .map(unscored -> batch.items().stream().map(p -> {
                    if (p.gone) {
                        return new ItemResult(new Outcome(List.of(), false, true), null);
                    }
                    List<String> changed = new ArrayList<>();
                    p.affected.forEach(profile -> changed.addAll(a.changedByProfile().getOrDefault(profile, List.of())));
                    boolean scored = p.affected.stream().noneMatch(unscored::contains);
                    return new ItemResult(new Outcome(changed, a.inJourneys().contains(p.id()), scored), null);
                }).toList())
                // As each Apply would have failed after its commit: every item, with that failure.
                .onFailure().recoverWithItem(e -> batch.items().stream().map(p -> new ItemResult(null, e)).toList());
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
        return storeOnly(tenantId, r, merged, moves, t)
                .chain(affected -> reassemble(tenantId, affected, t.getId()).map(a -> new Stored(a, affected)));
    }

    /**
     * Records the touchpoint and what its resolution moved, under the profile locks, without
     * re-assembling; answers the profiles whose touchpoints may have changed.
     */
    private Uni<SortedSet<String>> storeOnly(String tenantId, Resolution r, List<String> merged,
            Map<String, String> moves, JourneyTouchpoint t) {
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
                            .map(x -> plan.affected());
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
                .chain(existing -> touchpoints.findByProfiles(tenantId, profiles)
                .map(rows -> {
                    Map<String, List<JourneyTouchpointEntity>> byProfile = new TreeMap<>();
                    profiles.forEach(p -> byProfile.put(p, new ArrayList<>()));
                    rows.forEach(row -> byProfile.get(row.profileId).add(row));
                    return byProfile.entrySet();
                })
                .chain(rowsByProfile -> {
                    Instant now = Instant.now();
                    Map<String, JourneyEntity> byId = existing.stream()
                            .collect(Collectors.toMap(j -> j.id, Function.identity()));
                    Set<String> produced = new HashSet<>();
                    List<String> changed = new ArrayList<>();
                    List<JourneyEntity> fresh = new ArrayList<>();
                    Set<String> inJourneys = new HashSet<>();
                    Map<String, List<String>> changedByProfile = new HashMap<>();
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
                                changedByProfile.computeIfAbsent(profileId, x -> new ArrayList<>()).add(a.id());
                            }
                            inJourneys.addAll(a.touchpointIds());
                            if (isNew) {
                                fresh.add(e);
                            }
                            joined |= touchpointId != null && a.touchpointIds().contains(touchpointId);
                        }
                    }
                    List<String> removed = List.copyOf(byId.keySet());
                    boolean joinedJourney = joined;
                    return journeys.deleteByIds(tenantId, removed)
                            // The changes to the kept journeys first, then the new ones in one
                            // statement (no entity enters the session).
                            .chain(() -> journeys.flush())
                            .chain(() -> journeys.insertAll(fresh))
                            // Whoever re-assembled them scores them after the commit; the
                            // stale-score sweep takes them only if that has not happened
                            // within the grace (a scoring that failed), so the two do not
                            // score the same journey twice.
                            .chain(() -> journeys.markStale(changed, now.plus(rescoreGrace)))
                            .map(x -> new Reassembly(changed, removed, joinedJourney, inJourneys,
                                    changedByProfile));
                })));
    }

    /** A stale journey with the facts to score it by. */
    private record ToScore(String journeyId, String profileId, Instant updatedAt, JourneyFacts facts) {
    }

    /** Scores every stale journey of these profiles; true when all were scored. */
    Uni<Boolean> scoreStale(String tenantId, Collection<String> profileIds) {
        return scoreStaleProfiles(tenantId, profileIds, 2).map(Set::isEmpty);
    }

    /**
     * Scores every journey of the profile whose score is stale, with one attempt (for the
     * sweep, which is itself the retry); true when all were scored.
     */
    Uni<Boolean> rescore(String tenantId, String profileId) {
        return scoreStaleProfiles(tenantId, List.of(profileId), 0).map(Set::isEmpty);
    }

    /**
     * Scores every journey of these profiles whose score is stale, all together: read in one
     * query with their touchpoints, scored with one {@code ScoreJourney} call when there is one
     * and over one {@code ScoreJourneys} stream when there are more, and stored in one
     * statement. Answers the profiles with a journey that could not be scored (none when all were).
     */
    Uni<Set<String>> scoreStaleProfiles(String tenantId, Collection<String> profileIds, int retries) {
        if (profileIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return Panache.withSession(() -> journeys.staleOfProfiles(tenantId, profileIds).chain(stale -> stale.isEmpty()
                ? Uni.createFrom().item(List.<ToScore>of())
                : touchpoints.findByProfiles(tenantId, stale.stream().map(j -> j.profileId).distinct().toList())
                        .chain(rows -> catalogue.load(tenantId).chain(tenant -> {
                            Map<String, JourneyTouchpointEntity> byId = rows.stream()
                                    .collect(Collectors.toMap(r -> r.touchpointId, Function.identity()));
                            // The definition each journey was built with (one a change has not
                            // reached yet, or a deleted one, is read from its stored version).
                            return Multi.createFrom().iterable(stale)
                                    .onItem().transformToUniAndConcatenate(j -> catalogue.definitionAt(
                                            tenantId, tenant, j.definitionKey, j.definitionVersion)
                                            .map(d -> d.map(def -> new ToScore(j.id, j.profileId, j.updatedAt,
                                                    JourneyMapper.toFacts(j, byId, def)))))
                                    .collect().asList()
                                    .map(all -> all.stream().flatMap(Optional::stream).toList());
                        }))))
                .chain(stale -> stale.isEmpty() ? Uni.createFrom().item(Set.<String>of()) : score(tenantId, stale, retries));
    }

    /** Scores these journeys and keeps each JES unless the journey changed meanwhile; answers the profiles not fully scored. */
    private Uni<Set<String>> score(String tenantId, List<ToScore> stale, int retries) {
        Uni<List<Double>> scores = stale.size() == 1
                ? scoring.score(tenantId, stale.getFirst().facts(), retries)
                        .map(jes -> java.util.Collections.singletonList(jes))
                : scoring.scoreAll(tenantId, stale.stream().map(ToScore::facts).toList(), retries);
        return scores.onFailure().recoverWithItem(e -> java.util.Collections.nCopies(stale.size(), (Double) null))
                .chain(jes -> {
                    List<JourneyRepository.Score> scored = new ArrayList<>();
                    Set<String> unscored = new TreeSet<>();
                    for (int i = 0; i < stale.size(); i++) {
                        ToScore j = stale.get(i);
                        if (jes.get(i) == null) {
                            unscored.add(j.profileId());
                        } else {
                            scored.add(new JourneyRepository.Score(j.journeyId(), jes.get(i), j.updatedAt()));
                        }
                    }
                    if (scored.isEmpty()) {
                        return Uni.createFrom().item(unscored);
                    }
                    return Panache.withTransaction(() -> journeys.storeScores(tenantId, scored))
                            .chain(kept -> Multi.createFrom().iterable(scored)
                                    .filter(sc -> !kept.contains(sc.journeyId()))
                                    .onItem().transformToUniAndConcatenate(sc -> forgetIfGone(tenantId, sc.journeyId()))
                                    .collect().last())
                            .replaceWith(unscored)
                            // Not stored: still stale, so scored again later.
                            .onFailure().recoverWithItem(e -> {
                                Set<String> all = new TreeSet<>(unscored);
                                stale.forEach(j -> all.add(j.profileId()));
                                return all;
                            });
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
