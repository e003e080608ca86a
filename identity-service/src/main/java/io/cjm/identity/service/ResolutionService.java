package io.cjm.identity.service;

import io.cjm.identity.domain.IdentifierNormalizer;
import io.cjm.identity.domain.IdentifierNormalizer.Issue;
import io.cjm.identity.domain.IdentifierNormalizer.Normalized;
import io.cjm.identity.domain.IdentityGraph;
import io.cjm.identity.domain.IdentityRules;
import io.cjm.identity.entity.IdentifierEntity;
import io.cjm.identity.entity.IdentityConflictEntity;
import io.cjm.identity.entity.ProfileEntity;
import io.cjm.identity.entity.SightingEntity;
import io.cjm.identity.repository.BulkInserts.Rows;
import io.cjm.identity.repository.IdentifierRepository;
import io.cjm.identity.repository.ProfileRepository;
import io.cjm.identity.repository.SightingRepository;
import io.cjm.identity.service.GraphRecomputer.Group;
import io.cjm.identity.service.GraphRecomputer.GroupOutcome;
import io.cjm.identity.service.GraphRecomputer.Move;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves touchpoints to profiles. A batch runs in one transaction under the tenant's graph
 * lock: the touchpoints' identifiers are normalized by the tenant's rules, stored as
 * evidence, and every component of the graph they touch is recomputed from all of its
 * evidence (see {@link IdentityGraph}), so the profiles never depend on arrival order or
 * batching. Resolving a touchpoint again answers its current profile and changes nothing.
 */
@ApplicationScoped
public class ResolutionService {

    /** One touchpoint to resolve. */
    public record Item(String touchpointId, Map<String, String> identifiers, Instant occurredAt) {
    }

    /** What resolving one touchpoint did. */
    public record Resolution(String profileId, List<String> mergedProfileIds, List<Issue> issues, List<Move> reassigned,
            long graphVersion, List<IdentityConflictEntity> conflicts) {
    }

    private final IdentifierRepository identifiers;
    private final SightingRepository sightings;
    private final ProfileRepository profiles;
    private final GraphRecomputer recomputer;
    private final TenantRules tenantRules;
    private final IdentityMetrics metrics;

    ResolutionService(IdentifierRepository identifiers, SightingRepository sightings, ProfileRepository profiles,
            GraphRecomputer recomputer, TenantRules tenantRules, IdentityMetrics metrics) {
        this.identifiers = identifiers;
        this.sightings = sightings;
        this.profiles = profiles;
        this.recomputer = recomputer;
        this.tenantRules = tenantRules;
        this.metrics = metrics;
    }

    /** Resolves one touchpoint. */
    @WithSpan
    public Uni<Resolution> resolve(@SpanAttribute("cjm.tenant") String tenantId,
            @SpanAttribute("cjm.touchpoint.id") String touchpointId, Map<String, String> raw, Instant occurredAt) {
        Span span = Span.current();
        return resolveBatch(tenantId, List.of(new Item(touchpointId, raw, occurredAt))).map(r -> r.get(0))
                .invoke(r -> {
                    span.setAttribute("cjm.identity.merged_profiles", r.mergedProfileIds().size());
                    span.setAttribute("cjm.identity.skipped_identifiers", r.issues().size());
                    span.setAttribute("cjm.identity.reassigned", r.reassigned().size());
                });
    }

    /** Resolves a batch in one transaction; results in item order. */
    @WithSpan
    public Uni<List<Resolution>> resolveBatch(@SpanAttribute("cjm.tenant") String tenantId, List<Item> items) {
        Span span = Span.current();
        span.setAttribute("cjm.identity.batch_size", items.size());
        return Panache.withTransaction(() -> tenantRules.lockAndAdvance(tenantId)
                .chain(graph -> resolveLocked(tenantId, graph.rules(), graph.version(), items)))
                .invoke(results -> {
                    results.forEach(metrics::resolved);
                    span.setAttribute("cjm.identity.merged_profiles",
                            results.stream().mapToLong(r -> r.mergedProfileIds().size()).sum());
                });
    }

    private record Prepared(Item item, List<Normalized> ids, List<Issue> issues) {
    }

    private Uni<List<Resolution>> resolveLocked(String tenantId, IdentityRules rules, long version, List<Item> items) {
        IdentifierNormalizer normalizer = new IdentifierNormalizer(rules);
        Map<String, Prepared> byTouchpoint = new LinkedHashMap<>();
        for (Item item : items) {
            var n = normalizer.normalize(item.identifiers());
            byTouchpoint.putIfAbsent(item.touchpointId(), new Prepared(item, n.identifiers(), n.issues()));
        }
        List<String> uids = byTouchpoint.keySet().stream().map(t -> SightingRepository.uid(tenantId, t)).toList();
        return sightings.findByUids(uids).chain(known -> {
            Map<String, SightingEntity> resolved = new HashMap<>();
            known.forEach(s -> resolved.put(s.touchpointId, s));
            List<Prepared> fresh = byTouchpoint.values().stream()
                    .filter(p -> !resolved.containsKey(p.item().touchpointId())).toList();
            Set<String> keys = new HashSet<>();
            fresh.forEach(p -> p.ids().forEach(n -> {
                keys.add(n.key());
                Normalized twin = IdentityGraph.twin(n);
                if (twin != null) {
                    keys.add(twin.key());
                }
            }));
            Uni<List<IdentifierEntity>> existing = keys.isEmpty() ? Uni.createFrom().item(List.of())
                    : identifiers.findByKeys(tenantId, keys);
            return existing.chain(found -> {
                Map<String, String> componentOfKey = new HashMap<>();
                found.forEach(e -> componentOfKey.put(e.type + ":" + e.value, e.componentId));
                Instant now = Instant.now();
                List<SightingEntity> alone = new ArrayList<>();
                List<Group> groups = group(tenantId, fresh, componentOfKey, now, alone);
                return ownProfiles(tenantId, alone)
                        .chain(rows -> recomputer.recompute(tenantId, rules, groups, GraphRecomputer.Cause.TOUCHPOINT,
                                rows))
                        .chain(outcomes -> replays(tenantId, resolved.values())
                                .map(replayed -> results(version, byTouchpoint, items, resolved, replayed, alone,
                                        groups, outcomes)));
            });
        });
    }

    /**
     * Puts the new touchpoints into groups of components that they connect (union-find over
     * components and new identifiers); touchpoints with nothing to link go to {@code alone}.
     */
    private static List<Group> group(String tenantId, List<Prepared> fresh, Map<String, String> componentOfKey,
            Instant now, List<SightingEntity> alone) {
        Map<String, String> parent = new HashMap<>();
        java.util.function.UnaryOperator<String> find = new java.util.function.UnaryOperator<>() {
            @Override
            public String apply(String x) {
                String root = x;
                while (!parent.get(root).equals(root)) {
                    root = parent.get(root);
                }
                parent.put(x, root);
                return root;
            }
        };
        List<String> firstNode = new ArrayList<>();
        for (Prepared p : fresh) {
            String first = null;
            for (Normalized n : p.ids()) {
                String node = node(n, componentOfKey);
                parent.putIfAbsent(node, node);
                if (first == null) {
                    first = node;
                } else {
                    union(parent, find, first, node);
                }
                // A WhatsApp number and the same phone number are one line (see IdentityGraph).
                Normalized twin = IdentityGraph.twin(n);
                if (twin != null) {
                    String twinNode = node(twin, componentOfKey);
                    parent.putIfAbsent(twinNode, twinNode);
                    union(parent, find, node, twinNode);
                }
            }
            firstNode.add(first);
        }
        Map<String, Set<String>> components = new LinkedHashMap<>();
        Map<String, List<SightingEntity>> news = new LinkedHashMap<>();
        for (int i = 0; i < fresh.size(); i++) {
            Prepared p = fresh.get(i);
            SightingEntity s = new SightingEntity();
            s.tenantId = tenantId;
            s.touchpointId = p.item().touchpointId();
            s.uid = SightingRepository.uid(tenantId, s.touchpointId);
            s.occurredAt = p.item().occurredAt() != null ? p.item().occurredAt() : now;
            s.identifierKeys = GraphRecomputer.joinKeys(p.ids());
            s.resolvedAt = now;
            if (firstNode.get(i) == null) {
                s.profileId = IdentityGraph.ownProfileId(tenantId, s.touchpointId);
                s.componentId = s.profileId;
                alone.add(s);
                continue;
            }
            String root = find.apply(firstNode.get(i));
            news.computeIfAbsent(root, r -> new ArrayList<>()).add(s);
            components.computeIfAbsent(root, r -> new HashSet<>());
        }
        for (String node : parent.keySet()) {
            if (node.startsWith("c:")) {
                String root = find.apply(node);
                components.computeIfAbsent(root, r -> new HashSet<>()).add(node.substring(2));
            }
        }
        List<Group> groups = new ArrayList<>();
        news.forEach((root, list) -> groups.add(new Group(components.get(root), list)));
        return groups;
    }

    private static String node(Normalized n, Map<String, String> componentOfKey) {
        String comp = componentOfKey.get(n.key());
        return comp != null ? "c:" + comp : "k:" + n.key();
    }

    private static void union(Map<String, String> parent, java.util.function.UnaryOperator<String> find, String x,
            String y) {
        String a = find.apply(x);
        String b = find.apply(y);
        if (!a.equals(b)) {
            parent.put(b, a);
        }
    }

    /** A touchpoint with nothing to link gets a profile of its own, derived from its id: the rows to insert. */
    private Uni<Rows> ownProfiles(String tenantId, List<SightingEntity> alone) {
        Rows rows = new Rows();
        if (alone.isEmpty()) {
            return Uni.createFrom().item(rows);
        }
        List<String> ids = alone.stream().map(s -> s.profileId).toList();
        return profiles.findAllInTenant(tenantId, ids).map(found -> {
            Set<String> have = new HashSet<>();
            found.forEach(p -> have.add(p.id));
            rows.sightings.addAll(alone);
            for (SightingEntity s : alone) {
                if (have.add(s.profileId)) {
                    ProfileEntity p = new ProfileEntity();
                    p.id = s.profileId;
                    p.tenantId = tenantId;
                    p.createdAt = s.resolvedAt;
                    p.componentId = s.profileId;
                    rows.profiles.add(p);
                }
            }
            return rows;
        });
    }

    /**
     * For touchpoints resolved before (a retry), the touchpoints their first resolution moved,
     * with the profile each belongs to now: the receivers get the same news again, never a
     * stale profile (they keep the newest graph version per touchpoint).
     */
    private Uni<Map<String, List<Move>>> replays(String tenantId, Collection<SightingEntity> repeated) {
        Map<String, List<String>> movedBy = new HashMap<>();
        Set<String> uids = new HashSet<>();
        for (SightingEntity s : repeated) {
            List<String> moved = GraphRecomputer.movedBy(s);
            if (!moved.isEmpty()) {
                movedBy.put(s.touchpointId, moved);
                moved.forEach(tp -> uids.add(SightingRepository.uid(tenantId, tp)));
            }
        }
        if (uids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return sightings.findByUids(uids).map(found -> {
            Map<String, String> now = new HashMap<>();
            found.forEach(s -> now.put(s.touchpointId, s.profileId));
            Map<String, List<Move>> out = new HashMap<>();
            movedBy.forEach((tp, moved) -> out.put(tp, moved.stream().filter(now::containsKey)
                    .map(m -> new Move(m, now.get(m))).toList()));
            return out;
        });
    }

    private static List<Resolution> results(long version, Map<String, Prepared> byTouchpoint, List<Item> items,
            Map<String, SightingEntity> resolved, Map<String, List<Move>> replayed, List<SightingEntity> alone,
            List<Group> groups, List<GroupOutcome> outcomes) {
        Map<String, GroupOutcome> outcomeOf = new HashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            for (SightingEntity s : groups.get(i).newSightings()) {
                outcomeOf.put(s.touchpointId, outcomes.get(i));
            }
        }
        Map<String, String> aloneProfile = new HashMap<>();
        alone.forEach(s -> aloneProfile.put(s.touchpointId, s.profileId));
        List<Resolution> out = new ArrayList<>();
        for (Item item : items) {
            String tp = item.touchpointId();
            Prepared p = byTouchpoint.get(tp);
            GroupOutcome o = outcomeOf.get(tp);
            if (o != null) {
                out.add(new Resolution(o.touchpointProfile().get(tp), o.mergedAway(), p.issues(), o.moved(), version,
                        o.conflicts().stream().filter(c -> c.touchpointId.equals(tp)).toList()));
            } else if (aloneProfile.containsKey(tp)) {
                out.add(new Resolution(aloneProfile.get(tp), List.of(), p.issues(), List.of(), version, List.of()));
            } else {
                SightingEntity s = resolved.get(tp);
                out.add(new Resolution(s.profileId, List.of(), p.issues(), replayed.getOrDefault(tp, List.of()),
                        version, List.of()));
            }
        }
        return out;
    }
}
