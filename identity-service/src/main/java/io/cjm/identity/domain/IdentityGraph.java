package io.cjm.identity.domain;

import io.cjm.identity.domain.IdentifierNormalizer.Normalized;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Clusters identifiers into profiles from the evidence, deterministically: the result
 * depends only on the set of sightings and admin links, never on the order in which they
 * arrived or how they were batched.
 *
 * <p>Admin merges (must-links) are applied first and override merge limits. Then the
 * sightings (the identifiers that one touchpoint carried together) are replayed in a
 * canonical order, by time of the touchpoint and then its id. Within a sighting the
 * identifiers are taken by the tenant's priority: the first one's cluster absorbs the others
 * unless that would break a merge limit (for example a second customerId) or an admin split
 * (cannot-link); then the identifier stays where it is and the refusal is a conflict. The
 * touchpoint belongs to the cluster of its highest-priority identifier.
 *
 * <p>A cluster's profile id is derived from its anchor, the member seen first (earliest
 * touchpoint, then the highest-priority identifier in it), so the profile with the older evidence
 * survives a merge, and the same evidence always gives the same ids. Profile ids carry no
 * identifier values: they are name-based UUIDs of the tenant, the touchpoint id and a
 * position.
 */
public final class IdentityGraph {

    private IdentityGraph() {
    }

    /** The identifiers one touchpoint carried together (normalized, any order). */
    public record Sighting(String touchpointId, Instant occurredAt, List<Normalized> identifiers) {
    }

    /** A link between two identifiers set by an admin: a forced merge or a split. */
    public record Link(Normalized a, Normalized b) {
    }

    /** A link that merge protection refused. */
    public record Conflict(String touchpointId, Instant occurredAt, Normalized identifier, String profileId,
            String otherProfileId, String reason) {
    }

    /**
     * The clustering.
     *
     * @param profileOf the profile id of every identifier
     * @param touchpointProfile the profile id of every sighting's touchpoint
     * @param anchors the anchor identifier of every profile (absent for a touchpoint's own profile)
     * @param conflicts refused links, in canonical order
     */
    public record Result(Map<Normalized, String> profileOf, Map<String, String> touchpointProfile,
            Map<String, Normalized> anchors, List<Conflict> conflicts) {
    }

    /** The profile id anchored at the identifier in the given position of a touchpoint (sorted by type, value). */
    public static String profileId(String tenantId, String touchpointId, int position) {
        return uuid(tenantId + "/profile/" + touchpointId + "#" + position);
    }

    /** The profile of a touchpoint that carried nothing to link. */
    public static String ownProfileId(String tenantId, String touchpointId) {
        return uuid(tenantId + "/touchpoint/" + touchpointId);
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The canonical replay order of sightings. */
    public static final Comparator<Sighting> CANONICAL = Comparator.comparing(Sighting::occurredAt)
            .thenComparing(Sighting::touchpointId);

    /**
     * Where an identifier was first seen: the touchpoint, the identifier's priority rank and
     * its position there (sorted by type and value; the position names the profile id).
     */
    private record FirstSeen(Instant at, String touchpointId, int rank, int position) implements Comparable<FirstSeen> {
        @Override
        public int compareTo(FirstSeen o) {
            int c = at.compareTo(o.at);
            if (c == 0) {
                c = touchpointId.compareTo(o.touchpointId);
            }
            if (c == 0) {
                c = Integer.compare(rank, o.rank);
            }
            return c != 0 ? c : Integer.compare(position, o.position);
        }
    }

    public static Result cluster(String tenantId, IdentityRules rules, Collection<Sighting> sightings,
            Collection<Link> mustLinks, Collection<Link> cannotLinks) {
        List<Sighting> ordered = new ArrayList<>(sightings);
        ordered.sort(CANONICAL);
        Clusters clusters = new Clusters(rules);
        Map<Normalized, FirstSeen> first = new HashMap<>();
        for (Sighting s : ordered) {
            List<Normalized> natural = new ArrayList<>(new java.util.TreeSet<>(s.identifiers()));
            for (int i = 0; i < natural.size(); i++) {
                first.putIfAbsent(natural.get(i),
                        new FirstSeen(s.occurredAt(), s.touchpointId(), rules.rank(natural.get(i).type()), i));
                clusters.add(natural.get(i));
            }
        }
        for (Link l : cannotLinks) {
            clusters.separate(l.a(), l.b());
        }
        // A WhatsApp number and the same phone number are one line: always one profile.
        for (Normalized n : List.copyOf(clusters.members())) {
            Normalized twin = twin(n);
            if (twin != null && clusters.members().contains(twin)) {
                clusters.tryUnion(n, twin, false);
            }
        }
        Set<Normalized> shared = shared(rules, ordered);
        List<Link> forced = new ArrayList<>(mustLinks);
        forced.sort(Comparator.comparing(Link::a).thenComparing(Link::b));
        for (Link l : forced) {
            clusters.add(l.a());
            clusters.add(l.b());
            clusters.tryUnion(l.a(), l.b(), false);
        }
        record Refusal(Sighting sighting, Normalized primary, Normalized identifier, String reason) {
        }
        List<Refusal> refusals = new ArrayList<>();
        Map<String, Normalized> primaryOf = new LinkedHashMap<>();
        for (Sighting s : ordered) {
            if (s.identifiers().isEmpty()) {
                continue;
            }
            List<Normalized> byPriority = new ArrayList<>(new java.util.TreeSet<>(s.identifiers()));
            byPriority.sort(rules.byPriority());
            Normalized primary = byPriority.get(0);
            primaryOf.put(s.touchpointId(), primary);
            for (int i = 1; i < byPriority.size(); i++) {
                Normalized other = byPriority.get(i);
                String refused = clusters.refusal(primary, other, true);
                boolean bridge = shared.contains(other) && clusters.placed(other)
                        || shared.contains(primary) && clusters.placed(primary) && clusters.placed(other);
                if (refused == null && bridge && !clusters.find(primary).equals(clusters.find(other))) {
                    refused = "shared identifier (seen with several customers) links nobody";
                }
                if (refused == null) {
                    clusters.tryUnion(primary, other, true);
                }
                if (refused != null) {
                    refusals.add(new Refusal(s, primary, other, refused));
                }
            }
        }
        // Name every cluster after its anchor: the member seen first.
        Map<Normalized, Normalized> anchorOfRoot = new HashMap<>();
        FirstSeen never = new FirstSeen(Instant.MAX, "", Integer.MAX_VALUE, 0);
        for (Normalized n : clusters.members()) {
            Normalized root = clusters.find(n);
            Normalized current = anchorOfRoot.get(root);
            if (current == null || first.getOrDefault(n, never).compareTo(first.getOrDefault(current, never)) < 0
                    || (first.getOrDefault(n, never).equals(first.getOrDefault(current, never))
                            && n.compareTo(current) < 0)) {
                anchorOfRoot.put(root, n);
            }
        }
        Map<Normalized, String> profileOf = new HashMap<>();
        Map<String, Normalized> anchors = new HashMap<>();
        for (Normalized n : clusters.members()) {
            Normalized anchor = anchorOfRoot.get(clusters.find(n));
            FirstSeen f = first.get(anchor);
            String id = f != null ? profileId(tenantId, f.touchpointId(), f.position())
                    : uuid(tenantId + "/identifier/" + anchor.key());
            profileOf.put(n, id);
            anchors.put(id, anchor);
        }
        Map<String, String> touchpointProfile = new HashMap<>();
        for (Sighting s : ordered) {
            Normalized primary = primaryOf.get(s.touchpointId());
            touchpointProfile.put(s.touchpointId(),
                    primary == null ? ownProfileId(tenantId, s.touchpointId()) : profileOf.get(primary));
        }
        List<Conflict> conflicts = new ArrayList<>();
        for (Refusal r : refusals) {
            String mine = profileOf.get(r.primary());
            String other = profileOf.get(r.identifier());
            if (!mine.equals(other)) {
                conflicts.add(new Conflict(r.sighting().touchpointId(), r.sighting().occurredAt(), r.identifier(), mine,
                        other, r.reason()));
            }
        }
        return new Result(profileOf, touchpointProfile, anchors, conflicts);
    }

    /** The phone identifier of a WhatsApp number and the other way round; null for other types. */
    public static Normalized twin(Normalized n) {
        return switch (n.type()) {
            case "whatsapp" -> new Normalized("phone", n.value());
            case "phone" -> new Normalized("whatsapp", n.value());
            default -> null;
        };
    }

    /**
     * Identifiers seen with two values of a type a person has only one of (a family tablet or
     * a household landline seen with two customerIds): they belong to the first profile that
     * claims them, in canonical order, but never bridge two clusters, so another person's
     * details typed on that tablet stay theirs. Derived from the evidence alone, so it does
     * not depend on arrival order either.
     */
    static Set<Normalized> shared(IdentityRules rules, List<Sighting> sightings) {
        Map<Normalized, Map<String, Set<String>>> seenWith = new HashMap<>();
        for (Sighting s : sightings) {
            for (Normalized n : s.identifiers()) {
                for (Normalized m : s.identifiers()) {
                    if (!m.type().equals(n.type()) && rules.limit(m.type()) == 1) {
                        seenWith.computeIfAbsent(n, k -> new HashMap<>())
                                .computeIfAbsent(m.type(), k -> new HashSet<>()).add(m.value());
                    }
                }
            }
        }
        Set<Normalized> shared = new HashSet<>();
        seenWith.forEach((n, byType) -> {
            if (byType.values().stream().anyMatch(values -> values.size() > 1)) {
                shared.add(n);
            }
        });
        return shared;
    }

    /** Union-find over identifiers that keeps, per cluster, its members and a count per type. */
    private static final class Clusters {
        private final IdentityRules rules;
        private final Map<Normalized, Normalized> parent = new LinkedHashMap<>();
        private final Map<Normalized, List<Normalized>> membersOfRoot = new HashMap<>();
        private final Map<Normalized, Map<String, Integer>> countsOfRoot = new HashMap<>();
        private final Map<Normalized, Set<Normalized>> apart = new HashMap<>();

        Clusters(IdentityRules rules) {
            this.rules = rules;
        }

        Set<Normalized> members() {
            return parent.keySet();
        }

        void add(Normalized n) {
            if (parent.putIfAbsent(n, n) == null) {
                membersOfRoot.put(n, new ArrayList<>(List.of(n)));
                Map<String, Integer> counts = new HashMap<>();
                counts.put(n.type(), 1);
                countsOfRoot.put(n, counts);
            }
        }

        /** Whether the identifier already belongs to a cluster with others. */
        boolean placed(Normalized n) {
            return membersOfRoot.get(find(n)).size() > 1;
        }

        void separate(Normalized a, Normalized b) {
            apart.computeIfAbsent(a, k -> new HashSet<>()).add(b);
            apart.computeIfAbsent(b, k -> new HashSet<>()).add(a);
        }

        Normalized find(Normalized n) {
            Normalized root = n;
            while (!parent.get(root).equals(root)) {
                root = parent.get(root);
            }
            Normalized cur = n;
            while (!cur.equals(root)) {
                Normalized next = parent.get(cur);
                parent.put(cur, root);
                cur = next;
            }
            return root;
        }

        /** Joins the clusters of a and b; returns why not, or null when joined (or already one). */
        String tryUnion(Normalized a, Normalized b, boolean enforceLimits) {
            String refused = refusal(a, b, enforceLimits);
            if (refused != null) {
                return refused;
            }
            Normalized ra = find(a);
            Normalized rb = find(b);
            if (ra.equals(rb)) {
                return null;
            }
            // Attach the smaller cluster under the larger one.
            Normalized keep = membersOfRoot.get(ra).size() >= membersOfRoot.get(rb).size() ? ra : rb;
            Normalized gone = keep.equals(ra) ? rb : ra;
            parent.put(gone, keep);
            membersOfRoot.get(keep).addAll(membersOfRoot.remove(gone));
            countsOfRoot.get(gone).forEach((t, c) -> countsOfRoot.get(keep).merge(t, c, Integer::sum));
            countsOfRoot.remove(gone);
            return null;
        }

        /** Why the clusters of a and b may not be joined, or null when they may (or are one). */
        String refusal(Normalized a, Normalized b, boolean enforceLimits) {
            Normalized ra = find(a);
            Normalized rb = find(b);
            if (ra.equals(rb)) {
                return null;
            }
            List<Normalized> small = membersOfRoot.get(ra).size() <= membersOfRoot.get(rb).size()
                    ? membersOfRoot.get(ra) : membersOfRoot.get(rb);
            Normalized otherRoot = small == membersOfRoot.get(ra) ? rb : ra;
            for (Normalized m : small) {
                for (Normalized x : apart.getOrDefault(m, Set.of())) {
                    if (parent.containsKey(x) && find(x).equals(otherRoot)) {
                        return "separated by an admin split";
                    }
                }
            }
            Map<String, Integer> ca = countsOfRoot.get(ra);
            Map<String, Integer> cb = countsOfRoot.get(rb);
            if (enforceLimits) {
                for (var e : cb.entrySet()) {
                    int limit = rules.limit(e.getKey());
                    if (ca.getOrDefault(e.getKey(), 0) + e.getValue() > limit) {
                        return "limit of " + limit + " " + e.getKey() + " per profile";
                    }
                }
            }
            return null;
        }
    }
}
