package io.cjm.identity.service;

import io.cjm.identity.domain.IdentifierNormalizer.Normalized;
import io.cjm.identity.domain.IdentityGraph;
import io.cjm.identity.domain.IdentityRules;
import io.cjm.identity.entity.IdentifierEntity;
import io.cjm.identity.entity.IdentityConflictEntity;
import io.cjm.identity.entity.IdentityLinkEntity;
import io.cjm.identity.entity.MergeLogEntity;
import io.cjm.identity.entity.ProfileEntity;
import io.cjm.identity.entity.SightingEntity;
import io.cjm.identity.repository.IdentifierRepository;
import io.cjm.identity.repository.IdentityConflictRepository;
import io.cjm.identity.repository.IdentityLinkRepository;
import io.cjm.identity.repository.BulkInserts;
import io.cjm.identity.repository.BulkInserts.Rows;
import io.cjm.identity.repository.ProfileRepository;
import io.cjm.identity.repository.SightingRepository;
import io.cjm.platform.db.TimeOrderedIds;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Recomputes the profiles of whole connected components of the identity graph from their
 * evidence and writes what changed: identifiers' profiles, sightings' profiles (the
 * touchpoints that moved), profile rows (new, merged away, alive again), conflicts and the
 * merge log. Runs inside the caller's transaction, which holds the tenant's graph lock.
 *
 * <p>A component is a set of identifiers connected by sightings or admin merges; only those
 * can influence each other's profiles, so recomputing the components a change touches gives
 * the same result as recomputing the tenant's whole graph.
 */
@ApplicationScoped
public class GraphRecomputer {

    private static final Logger LOG = Logger.getLogger(GraphRecomputer.class);

    /** Why a recomputation happens, for the merge log. */
    public record Cause(String kind, String reason, String requestedBy) {
        static final Cause TOUCHPOINT = new Cause("merge", "identifiers seen together on one touchpoint", null);
    }

    /** A set of components to recompute together, with new evidence. */
    public record Group(Set<String> components, List<SightingEntity> newSightings) {
    }

    /** A touchpoint whose profile changed. */
    public record Move(String touchpointId, String profileId) {
    }

    /** What recomputing one group changed. */
    public record GroupOutcome(String componentId, Map<String, String> touchpointProfile, List<Move> moved,
            List<String> mergedAway, List<IdentityConflictEntity> conflicts, Map<Normalized, String> profileOf) {
    }

    private final IdentifierRepository identifiers;
    private final SightingRepository sightings;
    private final ProfileRepository profiles;
    private final IdentityLinkRepository links;
    private final IdentityConflictRepository conflicts;
    private final BulkInserts bulk;

    GraphRecomputer(IdentifierRepository identifiers, SightingRepository sightings, ProfileRepository profiles,
            IdentityLinkRepository links, IdentityConflictRepository conflicts, BulkInserts bulk) {
        this.identifiers = identifiers;
        this.sightings = sightings;
        this.profiles = profiles;
        this.links = links;
        this.conflicts = conflicts;
        this.bulk = bulk;
    }

    /** Splits stored keys. */
    public static List<Normalized> keysOf(SightingEntity s) {
        return s.identifierKeys.isEmpty() ? List.of()
                : Arrays.stream(s.identifierKeys.split("\n")).map(Normalized::ofKey).toList();
    }

    /** The touchpoint ids a stored resolution moved. */
    public static List<String> movedBy(SightingEntity s) {
        return s.movedTouchpoints == null || s.movedTouchpoints.isEmpty() ? List.of()
                : Arrays.stream(s.movedTouchpoints.split(" ")).map(id -> URLDecoder.decode(id, StandardCharsets.UTF_8))
                        .toList();
    }

    /** Joins keys for storage. */
    public static String joinKeys(Collection<Normalized> ids) {
        return ids.stream().sorted().map(Normalized::key).collect(Collectors.joining("\n"));
    }

    /** Everything stored for a set of components. */
    private record Stored(List<IdentifierEntity> identifiers, List<SightingEntity> sightings,
            List<ProfileEntity> profiles, List<IdentityLinkEntity> links) {
    }

    private Uni<Stored> load(String tenantId, Set<String> components) {
        if (components.isEmpty()) {
            return Uni.createFrom().item(new Stored(List.of(), List.of(), List.of(), List.of()));
        }
        return identifiers.findByComponents(tenantId, components)
                .chain(ids -> sightings.findByComponents(tenantId, components)
                        .chain(ss -> profiles.findByComponents(tenantId, components)
                                .chain(ps -> links.findByComponents(tenantId, components)
                                        .map(ls -> new Stored(ids, ss, ps, ls)))));
    }

    /**
     * Recomputes the groups (their components must be disjoint) and writes the changes.
     * New sightings are persisted here. Outcomes are in group order.
     */
    public Uni<List<GroupOutcome>> recompute(String tenantId, IdentityRules rules, List<Group> groups, Cause cause) {
        return recompute(tenantId, rules, groups, cause, new Rows());
    }

    /** As above, inserting {@code extra} new rows (a batch's own profiles) with the recomputed ones. */
    public Uni<List<GroupOutcome>> recompute(String tenantId, IdentityRules rules, List<Group> groups, Cause cause,
            Rows fresh) {
        Set<String> all = groups.stream().flatMap(g -> g.components().stream()).collect(Collectors.toSet());
        Uni<Long> clear = all.isEmpty() ? Uni.createFrom().item(0L) : conflicts.deleteByComponents(tenantId, all);
        return clear.chain(() -> load(tenantId, all)).chain(stored -> {
            Instant now = Instant.now();
            List<GroupOutcome> outcomes = new ArrayList<>();
            for (Group g : groups) {
                outcomes.add(recomputeGroup(tenantId, rules, g, stored, cause, now, fresh));
            }
            // Changed loaded entities first (an identifier may move off a profile row inserted next).
            return identifiers.flush().chain(() -> bulk.insert(fresh)).replaceWith(outcomes);
        });
    }

    private GroupOutcome recomputeGroup(String tenantId, IdentityRules rules, Group g, Stored stored, Cause cause,
            Instant now, Rows fresh) {
        Set<String> comps = g.components();
        // A new component gets a time-ordered id, so the (tenant, component) indexes of its rows grow at
        // their right edge; merged components keep the smallest id, the oldest.
        String target = comps.isEmpty() ? TimeOrderedIds.next() : comps.stream().sorted().findFirst().get();
        List<IdentifierEntity> ids = stored.identifiers().stream().filter(e -> comps.contains(e.componentId)).toList();
        List<SightingEntity> oldSightings = stored.sightings().stream().filter(s -> comps.contains(s.componentId))
                .toList();
        List<ProfileEntity> rows = stored.profiles().stream().filter(p -> comps.contains(p.componentId)).toList();
        List<IdentityLinkEntity> ls = stored.links().stream().filter(l -> comps.contains(l.componentId)).toList();

        List<IdentityGraph.Sighting> evidence = new ArrayList<>();
        for (SightingEntity s : oldSightings) {
            evidence.add(new IdentityGraph.Sighting(s.touchpointId, s.occurredAt, keysOf(s)));
        }
        for (SightingEntity s : g.newSightings()) {
            evidence.add(new IdentityGraph.Sighting(s.touchpointId, s.occurredAt, keysOf(s)));
        }
        List<IdentityGraph.Link> must = new ArrayList<>();
        List<IdentityGraph.Link> cannot = new ArrayList<>();
        for (IdentityLinkEntity l : ls) {
            var link = new IdentityGraph.Link(Normalized.ofKey(l.aKey), Normalized.ofKey(l.bKey));
            ("merge".equals(l.kind) ? must : cannot).add(link);
            l.componentId = target;
        }
        IdentityGraph.Result result = IdentityGraph.cluster(tenantId, rules, evidence, must, cannot);

        // Identifiers: their profile now, first/last seen from the new evidence.
        Map<String, IdentifierEntity> byKey = new HashMap<>();
        Map<String, String> previousProfile = new HashMap<>();
        for (IdentifierEntity e : ids) {
            byKey.put(e.type + ":" + e.value, e);
            previousProfile.put(e.type + ":" + e.value, e.profileId);
        }
        for (SightingEntity s : g.newSightings()) {
            for (Normalized n : keysOf(s)) {
                IdentifierEntity e = byKey.get(n.key());
                if (e == null) {
                    e = new IdentifierEntity();
                    e.id = TimeOrderedIds.next();
                    e.tenantId = tenantId;
                    e.type = n.type();
                    e.value = n.value();
                    e.firstSeen = s.occurredAt;
                    e.lastSeen = s.occurredAt;
                    e.componentId = target;
                    e.profileId = result.profileOf().get(n);
                    byKey.put(n.key(), e);
                    fresh.identifiers.add(e);
                } else {
                    if (s.occurredAt.isBefore(e.firstSeen)) {
                        e.firstSeen = s.occurredAt;
                    }
                    if (s.occurredAt.isAfter(e.lastSeen)) {
                        e.lastSeen = s.occurredAt;
                    }
                }
            }
        }
        for (IdentifierEntity e : byKey.values()) {
            e.componentId = target;
            String p = result.profileOf().get(new Normalized(e.type, e.value));
            if (p != null) {
                e.profileId = p;
            }
        }

        // Sightings: the touchpoints whose profile changed.
        List<Move> moved = new ArrayList<>();
        for (SightingEntity s : oldSightings) {
            s.componentId = target;
            String now2 = result.touchpointProfile().get(s.touchpointId);
            if (now2 != null && !now2.equals(s.profileId)) {
                s.profileId = now2;
                moved.add(new Move(s.touchpointId, now2));
            }
        }
        String movedIds = moved.stream().map(m -> URLEncoder.encode(m.touchpointId(), StandardCharsets.UTF_8))
                .collect(Collectors.joining(" "));
        for (SightingEntity s : g.newSightings()) {
            s.componentId = target;
            s.profileId = result.touchpointProfile().get(s.touchpointId);
            s.movedTouchpoints = movedIds;
            fresh.sightings.add(s);
        }

        // Profiles: live ones exist and point nowhere; the others point at the live profile of their anchor.
        Map<String, ProfileEntity> rowById = new LinkedHashMap<>();
        rows.forEach(p -> rowById.put(p.id, p));
        Set<String> live = new HashSet<>(result.anchors().keySet());
        for (String id : live) {
            ProfileEntity p = rowById.get(id);
            Normalized anchor = result.anchors().get(id);
            if (p == null) {
                p = new ProfileEntity();
                p.id = id;
                p.tenantId = tenantId;
                p.createdAt = now;
                fresh.profiles.add(p);
                String from = previousOwner(id, result, previousProfile, rules);
                if (from != null) {
                    log(tenantId, from, id, "split", "split".equals(cause.kind()) ? cause.reason()
                            : "merge protection or an admin split keeps it apart from " + from, null,
                            cause.requestedBy(), now, fresh);
                }
            } else if (p.mergedInto != null) {
                log(tenantId, id, p.mergedInto, "split", "evidence no longer links it to " + p.mergedInto, null,
                        cause.requestedBy(), now, fresh);
                p.mergedInto = null;
                p.mergedAt = null;
            }
            p.componentId = target;
            p.anchorKey = anchor.key();
        }
        List<String> mergedAway = new ArrayList<>();
        for (ProfileEntity p : rows) {
            p.componentId = target;
            if (live.contains(p.id)) {
                continue;
            }
            String survivor = survivorOf(p, result, previousProfile, rules);
            if (survivor == null || survivor.equals(p.mergedInto)) {
                continue;
            }
            if (p.mergedInto == null) {
                mergedAway.add(p.id);
                String tp = causingTouchpoint(p.id, g.newSightings(), previousProfile);
                log(tenantId, survivor, p.id, cause.kind(), cause.reason(), tp, cause.requestedBy(), now, fresh);
                LOG.infof("tenant=%s merged profiles [%s] into %s (%s, touchpoint %s)", tenantId, p.id, survivor,
                        cause.kind(), tp);
            }
            p.mergedInto = survivor;
            p.mergedAt = now;
        }

        // Conflicts, recomputed with the component.
        List<IdentityConflictEntity> found = new ArrayList<>();
        for (IdentityGraph.Conflict c : result.conflicts()) {
            IdentityConflictEntity e = new IdentityConflictEntity();
            e.id = TimeOrderedIds.next();
            e.tenantId = tenantId;
            e.componentId = target;
            e.touchpointId = c.touchpointId();
            e.identifierType = c.identifier().type();
            e.profileId = c.profileId();
            e.otherProfileId = c.otherProfileId();
            e.reason = c.reason();
            e.occurredAt = c.occurredAt();
            found.add(e);
            fresh.conflicts.add(e);
        }
        return new GroupOutcome(target, result.touchpointProfile(), moved, mergedAway, found, result.profileOf());
    }

    /**
     * The live profile a profile row now belongs to: that of the highest-priority identifier
     * it held (so a customer's old id follows the customer, not a shared device), else that
     * of its anchor.
     */
    private static String survivorOf(ProfileEntity p, IdentityGraph.Result result, Map<String, String> previous,
            IdentityRules rules) {
        String s = previous.entrySet().stream().filter(e -> p.id.equals(e.getValue()))
                .map(e -> Normalized.ofKey(e.getKey())).filter(n -> result.profileOf().containsKey(n))
                .sorted(rules.byPriority()).map(n -> result.profileOf().get(n)).findFirst().orElse(null);
        if (s == null && p.anchorKey != null) {
            s = result.profileOf().get(Normalized.ofKey(p.anchorKey));
        }
        return s;
    }

    /** The profile that held the highest-priority member of a new profile before, if any. */
    private static String previousOwner(String id, IdentityGraph.Result result, Map<String, String> previous,
            IdentityRules rules) {
        return result.profileOf().entrySet().stream().filter(e -> e.getValue().equals(id))
                .map(Map.Entry::getKey).filter(n -> previous.get(n.key()) != null)
                .sorted(rules.byPriority()).map(n -> previous.get(n.key()))
                .filter(prev -> !prev.equals(id)).findFirst().orElse(null);
    }

    /** The first new touchpoint (canonical order) that carried an identifier of the merged profile. */
    private static String causingTouchpoint(String mergedId, List<SightingEntity> news, Map<String, String> previous) {
        return news.stream()
                .sorted((a, b) -> a.occurredAt.equals(b.occurredAt) ? a.touchpointId.compareTo(b.touchpointId)
                        : a.occurredAt.compareTo(b.occurredAt))
                .filter(s -> keysOf(s).stream().anyMatch(n -> mergedId.equals(previous.get(n.key()))))
                .map(s -> s.touchpointId).findFirst()
                .orElse(news.isEmpty() ? null : news.get(0).touchpointId);
    }

    private static void log(String tenantId, String survivor, String merged, String kind, String reason, String tp,
            String requestedBy, Instant at, Rows fresh) {
        MergeLogEntity e = new MergeLogEntity();
        e.id = TimeOrderedIds.next();
        e.tenantId = tenantId;
        e.survivorId = survivor;
        e.mergedId = merged;
        e.kind = kind;
        e.reason = reason;
        e.touchpointId = tp;
        e.requestedBy = requestedBy;
        e.mergedAt = at;
        fresh.merges.add(e);
    }
}
