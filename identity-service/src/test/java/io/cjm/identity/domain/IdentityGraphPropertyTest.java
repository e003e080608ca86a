package io.cjm.identity.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.cjm.identity.domain.IdentifierNormalizer.Normalized;
import io.cjm.identity.domain.IdentityGraph.Result;
import io.cjm.identity.domain.IdentityGraph.Sighting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the identity graph over random evidence: families sharing tablets, people
 * with several emails, phones that are also WhatsApp numbers. (The service-level property,
 * that any arrival order and batching through the real database gives these same profiles,
 * is ResolutionOrderTest.)
 */
class IdentityGraphPropertyTest {

    private static final IdentityRules RULES = IdentityRules.defaults("US");
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    /** Random sightings over a small pool of identifiers, so that they collide often. */
    @Provide
    Arbitrary<List<Sighting>> evidence() {
        Arbitrary<Normalized> identifier = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 6).map(i -> new Normalized("customerId", "C-" + i)),
                Arbitraries.integers().between(1, 12).map(i -> new Normalized("email", "p" + i + "@x.io")),
                Arbitraries.integers().between(1, 8).map(i -> new Normalized("phone", "+3460000000" + i)),
                Arbitraries.integers().between(1, 8).map(i -> new Normalized("whatsapp", "+3460000000" + i)),
                Arbitraries.integers().between(1, 10).map(i -> new Normalized("anonymousId", "cookie-" + i)));
        Arbitrary<Sighting> sighting = Combinators.combine(Arbitraries.integers().between(0, 500),
                identifier.set().ofMinSize(1).ofMaxSize(3), Arbitraries.strings().alpha().ofLength(6))
                .as((minute, ids, tp) -> new Sighting(tp, T0.plusSeconds(60L * minute), oneValuePerType(ids)));
        return sighting.list().ofMinSize(1).ofMaxSize(40).uniqueElements(Sighting::touchpointId);
    }

    private static List<Normalized> oneValuePerType(Set<Normalized> ids) {
        Map<String, Normalized> byType = new HashMap<>();
        ids.stream().sorted().forEach(n -> byType.putIfAbsent(n.type(), n));
        return List.copyOf(byType.values());
    }

    @Property(tries = 500)
    void theResultDoesNotDependOnTheOrderTheEvidenceIsGivenIn(@ForAll("evidence") List<Sighting> evidence,
            @ForAll long seed) {
        List<Sighting> shuffled = new ArrayList<>(evidence);
        Collections.shuffle(shuffled, new Random(seed));

        Result a = IdentityGraph.cluster("acme", RULES, evidence, List.of(), List.of());
        Result b = IdentityGraph.cluster("acme", RULES, shuffled, List.of(), List.of());

        assertThat(b.profileOf()).isEqualTo(a.profileOf());
        assertThat(b.touchpointProfile()).isEqualTo(a.touchpointProfile());
        assertThat(b.conflicts()).containsExactlyInAnyOrderElementsOf(a.conflicts());
    }

    @Property(tries = 500)
    void noProfileHoldsMoreValuesOfATypeThanItsLimit(@ForAll("evidence") List<Sighting> evidence) {
        Result r = IdentityGraph.cluster("acme", RULES, evidence, List.of(), List.of());

        Map<String, Map<String, Set<String>>> valuesByProfile = new HashMap<>();
        r.profileOf().forEach((n, p) -> valuesByProfile.computeIfAbsent(p, k -> new HashMap<>())
                .computeIfAbsent(n.type(), k -> new HashSet<>()).add(n.value()));
        valuesByProfile.values().forEach(byType -> byType.forEach(
                (type, values) -> assertThat(values.size()).as(type).isLessThanOrEqualTo(RULES.limit(type))));
    }

    @Property(tries = 500)
    void everyIdentifierOfATouchpointIsInItsProfileOrInAConflictOfThatTouchpoint(
            @ForAll("evidence") List<Sighting> evidence) {
        Result r = IdentityGraph.cluster("acme", RULES, evidence, List.of(), List.of());

        for (Sighting s : evidence) {
            String profile = r.touchpointProfile().get(s.touchpointId());
            Set<Normalized> refused = new HashSet<>();
            r.conflicts().stream().filter(c -> c.touchpointId().equals(s.touchpointId()))
                    .forEach(c -> refused.add(c.identifier()));
            for (Normalized n : s.identifiers()) {
                assertThat(r.profileOf().get(n).equals(profile) || refused.contains(n))
                        .as("%s of %s", n, s.touchpointId()).isTrue();
            }
        }
    }

    @Property(tries = 300)
    void aWhatsAppNumberAlwaysSharesTheProfileOfTheSamePhoneNumber(@ForAll("evidence") List<Sighting> evidence) {
        Result r = IdentityGraph.cluster("acme", RULES, evidence, List.of(), List.of());

        r.profileOf().forEach((n, p) -> {
            Normalized twin = IdentityGraph.twin(n);
            if (twin != null && r.profileOf().containsKey(twin)) {
                assertThat(r.profileOf().get(twin)).isEqualTo(p);
            }
        });
    }
}
