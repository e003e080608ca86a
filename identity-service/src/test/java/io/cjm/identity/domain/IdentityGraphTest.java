package io.cjm.identity.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.cjm.identity.domain.IdentifierNormalizer.Normalized;
import io.cjm.identity.domain.IdentityGraph.Link;
import io.cjm.identity.domain.IdentityGraph.Result;
import io.cjm.identity.domain.IdentityGraph.Sighting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityGraphTest {

    private static final IdentityRules RULES = IdentityRules.defaults("US");
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static Normalized id(String type, String value) {
        return new Normalized(type, value);
    }

    private static Sighting seen(String tp, int minutes, Normalized... ids) {
        return new Sighting(tp, T0.plusSeconds(60L * minutes), List.of(ids));
    }

    private static Result cluster(List<Sighting> s) {
        return IdentityGraph.cluster("acme", RULES, s, List.of(), List.of());
    }

    @Test
    void identifiersSeenTogetherAreOneProfile() {
        Result r = cluster(List.of(seen("t1", 0, id("email", "ana@x.io")), seen("t2", 5, id("phone", "+34600000001")),
                seen("t3", 9, id("email", "ana@x.io"), id("phone", "+34600000001"))));

        assertThat(r.profileOf().get(id("email", "ana@x.io"))).isEqualTo(r.profileOf().get(id("phone", "+34600000001")));
        assertThat(r.touchpointProfile().values()).containsOnly(r.profileOf().get(id("email", "ana@x.io")));
        assertThat(r.conflicts()).isEmpty();
    }

    @Test
    void theProfileIsNamedAfterTheOlderEvidence() {
        Result r = cluster(List.of(seen("late", 9, id("email", "ana@x.io"), id("phone", "+34600000001")),
                seen("early", 0, id("phone", "+34600000001"))));

        assertThat(r.profileOf().get(id("email", "ana@x.io")))
                .isEqualTo(IdentityGraph.profileId("acme", "early", 0));
    }

    @Test
    void aSharedTabletDoesNotFuseTwoCustomers() {
        Normalized tablet = id("anonymousId", "tablet-1");
        Result r = cluster(List.of(seen("t1", 0, id("customerId", "C-1"), tablet),
                seen("t2", 5, id("customerId", "C-2"), tablet), seen("t3", 7, tablet)));

        String first = r.profileOf().get(id("customerId", "C-1"));
        String second = r.profileOf().get(id("customerId", "C-2"));
        assertThat(first).isNotEqualTo(second);
        assertThat(r.profileOf().get(tablet)).isEqualTo(first);
        assertThat(r.touchpointProfile().get("t2")).isEqualTo(second);
        assertThat(r.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.touchpointId()).isEqualTo("t2");
            assertThat(c.identifier()).isEqualTo(tablet);
            assertThat(c.profileId()).isEqualTo(second);
            assertThat(c.otherProfileId()).isEqualTo(first);
            assertThat(c.reason()).isEqualTo("limit of 1 customerId per profile");
        });
    }

    @Test
    void anotherPersonsEmailTypedOnASharedTabletStaysTheirs() {
        Normalized tablet = id("anonymousId", "tablet-1");
        Normalized bobsEmail = id("email", "bob@x.io");
        Result r = cluster(List.of(seen("t1", 0, id("customerId", "ANA"), tablet),
                seen("t2", 5, id("customerId", "BOB"), tablet), seen("t3", 6, bobsEmail, tablet),
                seen("t4", 7, id("customerId", "BOB"), bobsEmail)));

        assertThat(r.profileOf().get(bobsEmail)).isEqualTo(r.profileOf().get(id("customerId", "BOB")))
                .isNotEqualTo(r.profileOf().get(id("customerId", "ANA")));
        assertThat(r.profileOf().get(tablet)).isEqualTo(r.profileOf().get(id("customerId", "ANA")));
        assertThat(r.conflicts()).extracting(IdentityGraph.Conflict::reason).contains(
                "shared identifier (seen with several customers) links nobody");
    }

    @Test
    void aWhatsAppNumberAndTheSamePhoneNumberAreOneProfile() {
        Result r = cluster(List.of(seen("t1", 0, id("email", "ana@x.io"), id("phone", "+34600000001")),
                seen("t2", 5, id("whatsapp", "+34600000001"))));

        assertThat(r.touchpointProfile().get("t2")).isEqualTo(r.touchpointProfile().get("t1"));
    }

    @Test
    void aSixthEmailStaysOutOfTheProfile() {
        List<Sighting> s = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            s.add(seen("t" + i, i, id("customerId", "C-1"), id("email", "a" + i + "@x.io")));
        }
        Result r = cluster(s);

        String profile = r.profileOf().get(id("customerId", "C-1"));
        assertThat(r.profileOf().entrySet().stream().filter(e -> e.getValue().equals(profile))).hasSize(6);
        assertThat(r.profileOf().get(id("email", "a6@x.io"))).isNotEqualTo(profile);
        assertThat(r.conflicts()).singleElement()
                .satisfies(c -> assertThat(c.reason()).isEqualTo("limit of 5 email per profile"));
    }

    @Test
    void anAdminMergeOverridesLimitsAndASplitHoldsAgainstLaterEvidence() {
        Normalized c1 = id("customerId", "C-1");
        Normalized c2 = id("customerId", "C-2");
        Normalized tablet = id("anonymousId", "tablet-1");
        List<Sighting> s = List.of(seen("t1", 0, c1, tablet), seen("t2", 5, c2));

        Result merged = IdentityGraph.cluster("acme", RULES, s, List.of(new Link(c1, c2)), List.of());
        assertThat(merged.profileOf().get(c2)).isEqualTo(merged.profileOf().get(c1));

        Result split = IdentityGraph.cluster("acme", RULES,
                List.of(seen("t1", 0, c1, tablet), seen("t9", 50, c1, tablet)), List.of(),
                List.of(new Link(c1, tablet)));
        assertThat(split.profileOf().get(tablet)).isNotEqualTo(split.profileOf().get(c1));
        assertThat(split.conflicts()).extracting(IdentityGraph.Conflict::reason)
                .containsOnly("separated by an admin split");
    }

    @Test
    void profileIdsCarryNoIdentifierValue() {
        Result r = cluster(List.of(seen("t1", 0, id("email", "ana@x.io"))));

        assertThat(r.profileOf().get(id("email", "ana@x.io"))).doesNotContain("ana").matches("[0-9a-f-]{36}");
    }
}
