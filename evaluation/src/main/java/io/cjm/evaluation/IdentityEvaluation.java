package io.cjm.evaluation;

import io.cjm.evaluation.SyntheticIdentities.Population;
import io.cjm.evaluation.SyntheticIdentities.RawIdentifier;
import io.cjm.evaluation.SyntheticIdentities.Touchpoint;
import io.cjm.identity.domain.IdentifierNormalizer;
import io.cjm.identity.domain.IdentityGraph;
import io.cjm.identity.domain.IdentityRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How well does identity resolution group touchpoints by person? Generates persons with a
 * known identity ({@link SyntheticIdentities}), normalizes each touchpoint's identifiers
 * with the real {@link IdentifierNormalizer}, clusters all sightings with the real
 * {@link IdentityGraph} (the function identity-service computes over its stored evidence)
 * and compares the profiles with the truth, pair by pair of touchpoints.
 *
 * <p>Definitions, over touchpoints (what a user sees grouped in a profile):
 * <ul>
 * <li>A touchpoint's <em>evidence</em> is the set of real-world things its identifiers name
 * (an account, a mailbox, a phone line, a device), as the generator knows them. A junk
 * value or a value invalid as written names nothing. A phone and a WhatsApp identifier of
 * one number name the same line; every spelling of one mailbox names that mailbox.</li>
 * <li>Evidence is <em>shared</em> when touchpoints of two or more persons carry it (a
 * family tablet, a store kiosk, a household landline).</li>
 * <li>A touchpoint is <em>resolvable</em> when it carries evidence that is not shared.</li>
 * <li>Two touchpoints of one person are <em>linkable</em> when a chain of that person's
 * touchpoints joins them, each consecutive two carrying a common piece of non-shared
 * evidence (connected components of the person's touchpoints).</li>
 * <li><b>Recall</b> = linkable pairs put in one profile / linkable pairs.</li>
 * <li><b>Precision</b> = pairs of resolvable touchpoints put in one profile that are one
 * person / pairs of resolvable touchpoints put in one profile. A touchpoint whose only
 * evidence is shared, junk or invalid cannot be placed correctly by any resolver; it is
 * left out here, and counted in <b>precision over all touchpoints</b>, printed beside.</li>
 * </ul>
 *
 * <p>The same figures are computed for a naive baseline: the same rules without merge
 * limits, where any identifier seen together with another merges their profiles.
 *
 * <p>Run: {@code ./mvnw -pl evaluation test} prints the line for the hold-out seed; the
 * main ({@code IdentityEvaluation [persons] [seed] [explain]}) runs any size and seed, see
 * the module's README.
 */
public final class IdentityEvaluation {

    /** Figures of one clustering. */
    public record Figures(int profiles, int conflicts, double precision, double recall,
            double precisionAllTouchpoints) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "precision=%.4f recall=%.4f profiles=%d conflicts=%d (precision over all touchpoints=%.4f)",
                    precision, recall, profiles, conflicts, precisionAllTouchpoints);
        }
    }

    /** The figures of one run: the default rules, and the baseline without merge limits. */
    public record Result(int persons, int touchpoints, int resolvable, int linkableGroups, long linkablePairs,
            Figures rules, Figures baseline) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "persons=%d touchpoints=%d resolvable=%d linkable groups=%d linkable pairs=%d"
                            + " | default rules: %s | baseline without merge limits: %s",
                    persons, touchpoints, resolvable, linkableGroups, linkablePairs, rules, baseline);
        }
    }

    private IdentityEvaluation() {
    }

    /** The tenant's rules as identity-service applies them by default. */
    public static IdentityRules defaultRules() {
        return IdentityRules.defaults(SyntheticIdentities.REGION);
    }

    /** The default rules without merge limits. */
    public static IdentityRules baselineRules() {
        IdentityRules d = defaultRules();
        return new IdentityRules(d.defaultRegion(), d.gmailNormalization(), d.customTypes(), d.blockedPatterns(),
                d.priority(), Map.of());
    }

    public static Result run(int persons, long seed) {
        return run(new SyntheticIdentities(seed).generate(persons), defaultRules(), baselineRules());
    }

    public static Result run(Population population, IdentityRules rules, IdentityRules baseline) {
        Truth truth = new Truth(population.touchpoints());
        return new Result(population.persons().size(), population.touchpoints().size(), truth.resolvableCount(),
                truth.linkableGroups(), truth.linkablePairs(), truth.score(resolve(population.touchpoints(), rules)),
                truth.score(resolve(population.touchpoints(), baseline)));
    }

    /** Normalizes every touchpoint's identifiers and clusters them, as identity-service does. */
    public static IdentityGraph.Result resolve(List<Touchpoint> touchpoints, IdentityRules rules) {
        IdentifierNormalizer normalizer = new IdentifierNormalizer(rules);
        List<IdentityGraph.Sighting> sightings = new ArrayList<>(touchpoints.size());
        for (Touchpoint t : touchpoints) {
            sightings.add(new IdentityGraph.Sighting(t.id(), t.occurredAt(),
                    normalizer.normalize(t.raw()).identifiers()));
        }
        return IdentityGraph.cluster("eval", rules, sightings, List.of(), List.of());
    }

    /** The ground truth: who made each touchpoint, which evidence links, which pairs are linkable. */
    static final class Truth {
        private final List<Touchpoint> touchpoints;
        private final boolean[] resolvable;
        private final int[] component;

        Truth(List<Touchpoint> touchpoints) {
            this.touchpoints = touchpoints;
            Map<String, Set<String>> owners = new HashMap<>();
            for (Touchpoint t : touchpoints) {
                for (RawIdentifier i : t.identifiers()) {
                    if (i.evidence() != null) {
                        owners.computeIfAbsent(i.evidence(), k -> new HashSet<>()).add(t.personId());
                    }
                }
            }
            resolvable = new boolean[touchpoints.size()];
            int[] parent = new int[touchpoints.size()];
            Map<String, Integer> firstCarrier = new HashMap<>();
            for (int i = 0; i < touchpoints.size(); i++) {
                parent[i] = i;
                for (RawIdentifier id : touchpoints.get(i).identifiers()) {
                    if (id.evidence() != null && owners.get(id.evidence()).size() == 1) {
                        resolvable[i] = true;
                        Integer other = firstCarrier.putIfAbsent(id.evidence(), i);
                        if (other != null) {
                            parent[find(parent, i)] = find(parent, other);
                        }
                    }
                }
            }
            component = new int[touchpoints.size()];
            for (int i = 0; i < touchpoints.size(); i++) {
                component[i] = resolvable[i] ? find(parent, i) : -1;
            }
        }

        private static int find(int[] parent, int i) {
            while (parent[i] != i) {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            return i;
        }

        int resolvableCount() {
            int n = 0;
            for (boolean r : resolvable) {
                n += r ? 1 : 0;
            }
            return n;
        }

        /** The groups a perfect resolver would make of the resolvable touchpoints. */
        int linkableGroups() {
            Set<Integer> groups = new HashSet<>();
            for (int c : component) {
                if (c >= 0) {
                    groups.add(c);
                }
            }
            return groups.size();
        }

        long linkablePairs() {
            Map<Integer, Long> sizes = new HashMap<>();
            for (int c : component) {
                if (c >= 0) {
                    sizes.merge(c, 1L, Long::sum);
                }
            }
            return sizes.values().stream().mapToLong(Truth::pairs).sum();
        }

        Figures score(IdentityGraph.Result result) {
            Map<String, String> profileOf = result.touchpointProfile();
            // recall: per linkable component, the pairs that share a profile
            Map<Integer, Map<String, Long>> byComponent = new HashMap<>();
            // precision: per profile, how many touchpoints in all and of each person
            Map<String, Map<String, Long>> resolvableByProfile = new HashMap<>();
            Map<String, Map<String, Long>> allByProfile = new HashMap<>();
            for (int i = 0; i < touchpoints.size(); i++) {
                Touchpoint t = touchpoints.get(i);
                String profile = profileOf.get(t.id());
                allByProfile.computeIfAbsent(profile, k -> new HashMap<>()).merge(t.personId(), 1L, Long::sum);
                if (resolvable[i]) {
                    resolvableByProfile.computeIfAbsent(profile, k -> new HashMap<>()).merge(t.personId(), 1L,
                            Long::sum);
                    byComponent.computeIfAbsent(component[i], k -> new HashMap<>()).merge(profile, 1L, Long::sum);
                }
            }
            long linkable = 0;
            long linkedTogether = 0;
            for (Map<String, Long> profiles : byComponent.values()) {
                linkable += pairs(profiles.values().stream().mapToLong(Long::longValue).sum());
                linkedTogether += profiles.values().stream().mapToLong(Truth::pairs).sum();
            }
            return new Figures(allByProfile.size(), result.conflicts().size(), precision(resolvableByProfile),
                    ratio(linkedTogether, linkable), precision(allByProfile));
        }

        private static double precision(Map<String, Map<String, Long>> byProfile) {
            long together = 0;
            long samePerson = 0;
            for (Map<String, Long> persons : byProfile.values()) {
                together += pairs(persons.values().stream().mapToLong(Long::longValue).sum());
                samePerson += persons.values().stream().mapToLong(Truth::pairs).sum();
            }
            return ratio(samePerson, together);
        }

        private static double ratio(long a, long b) {
            return b == 0 ? 1.0 : a / (double) b;
        }

        static long pairs(long n) {
            return n * (n - 1) / 2;
        }
    }

    /** The default rules with Gmail normalization on (dots and +tags dropped), a tenant option. */
    public static IdentityRules gmailRules() {
        IdentityRules d = defaultRules();
        return new IdentityRules(d.defaultRegion(), true, d.customTypes(), d.blockedPatterns(), d.priority(),
                d.limits());
    }

    /**
     * The population with every WhatsApp identifier sent as a phone identifier (where the
     * touchpoint has no phone of its own): what recall would be if one number were one
     * identifier whatever the channel. Not something a client can do today; a measurement.
     */
    static Population whatsappAsPhone(Population population) {
        List<Touchpoint> touchpoints = population.touchpoints().stream().map(t -> {
            boolean hasPhone = t.identifiers().stream().anyMatch(i -> i.type().equals("phone"));
            List<RawIdentifier> ids = t.identifiers().stream()
                    .map(i -> i.type().equals("whatsapp") && !hasPhone
                            ? new RawIdentifier("phone", i.value(), i.evidence()) : i)
                    .toList();
            return new Touchpoint(t.id(), t.personId(), t.channel(), t.type(), t.occurredAt(), ids);
        }).toList();
        return new Population(population.persons(), touchpoints);
    }

    /**
     * Prints the figures of {@code persons} persons (default 5,000) generated with {@code seed}
     * (default 42). With a third argument {@code explain}, also the default rules' figures
     * with Gmail normalization on, and with WhatsApp numbers read as phone numbers: where
     * the recall that is missing goes.
     */
    public static void main(String[] args) {
        int persons = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
        long start = System.nanoTime();
        Population population = new SyntheticIdentities(seed).generate(persons);
        System.out.println(run(population, defaultRules(), baselineRules()));
        System.out.printf(Locale.ROOT, "(%d ms)%n", (System.nanoTime() - start) / 1_000_000);
        if (args.length > 2 && args[2].equals("explain")) {
            System.out.println("with Gmail normalization: " + run(population, gmailRules(), baselineRules()).rules());
            System.out.println("with WhatsApp read as phone: "
                    + run(whatsappAsPhone(population), defaultRules(), baselineRules()).rules());
            System.out.println("with both: " + run(whatsappAsPhone(population), gmailRules(), baselineRules()).rules());
        }
    }
}
