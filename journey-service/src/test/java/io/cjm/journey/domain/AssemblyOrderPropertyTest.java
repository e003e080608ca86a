package io.cjm.journey.domain;

import static io.cjm.journey.domain.Touchpoints.T0;
import static io.cjm.journey.domain.Touchpoints.defaultAssembler;
import static io.cjm.journey.domain.Touchpoints.touchpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Journeys are a pure function of a profile's touchpoints: whatever order the touchpoints
 * arrive in (late, shuffled, in any batches), assembly gives the same journeys with the same
 * ids, and no touchpoint lands in two journeys.
 */
class AssemblyOrderPropertyTest {

    private static final List<String> TYPES = List.of(
            "Products Searched", "Product Viewed", "Product Added", "Cart Viewed", "Checkout Started",
            "Payment Info Entered", "Payment Failed", "Order Completed", "Case Opened", "Call Started",
            "Call Transferred", "Live Chat Conversation Started", "Bot Escalated", "Case Updated", "Case Resolved",
            "Case Closed Unresolved", "Refund Requested", "Refund Approved", "Order Refunded", "Signed Up",
            "Email Verified", "Onboarding Completed", "Plan Change Requested", "Plan Changed", "Survey Completed",
            "Review Posted", "Something Unknown");
    private static final List<String> CHANNELS = List.of("web", "email", "phone", "chat", "bot", "store");

    @Property(tries = 1000)
    void anyArrivalOrderGivesTheSameJourneys(@ForAll("histories") List<TouchpointFact> history,
            @ForAll long shuffleSeed) {
        List<TouchpointFact> shuffled = new ArrayList<>(history);
        Collections.shuffle(shuffled, new Random(shuffleSeed));
        var now = T0.plus(Duration.ofDays(20));

        List<AssembledJourney> inOrder = defaultAssembler().assemble(Touchpoints.TENANT, history, now);
        List<AssembledJourney> outOfOrder = defaultAssembler().assemble(Touchpoints.TENANT, shuffled, now);

        assertEquals(inOrder, outOfOrder);
    }

    @Property(tries = 1000)
    void noTouchpointJoinsTwoJourneysAndIdsAreUnique(@ForAll("histories") List<TouchpointFact> history) {
        List<AssembledJourney> journeys = defaultAssembler().assemble(Touchpoints.TENANT, history,
                T0.plus(Duration.ofDays(20)));

        Set<String> seen = new HashSet<>();
        for (AssembledJourney j : journeys) {
            for (String id : j.touchpointIds()) {
                assertTrue(seen.add(id), "touchpoint " + id + " is in two journeys");
            }
        }
        assertEquals(journeys.size(), journeys.stream().map(AssembledJourney::id).distinct().count());
    }

    @Provide
    Arbitrary<List<TouchpointFact>> histories() {
        Arbitrary<TouchpointFact> one = Combinators.combine(
                Arbitraries.of(TYPES),
                Arbitraries.of(CHANNELS),
                Arbitraries.integers().between(0, 60 * 24 * 10),
                Arbitraries.of("", "case-1", "case-2", "order-1"),
                Arbitraries.integers().between(-10, 10))
                .as((type, channel, minute, key, mood) -> {
                    var b = touchpoint("x", type).on(channel).after(Duration.ofMinutes(minute)).inbound()
                            .sentiment(mood / 10.0);
                    if (key.startsWith("case")) {
                        b.caseId(key);
                    } else if (key.startsWith("order")) {
                        b.orderId(key);
                    }
                    if (type.equals("Survey Completed")) {
                        b.csat(1 + Math.abs(mood) % 5);
                    }
                    return b.build();
                });
        return one.list().ofMinSize(1).ofMaxSize(25).map(AssemblyOrderPropertyTest::withUniqueIds);
    }

    /** Gives every touchpoint of a history its own id, as a client's keys are. */
    private static List<TouchpointFact> withUniqueIds(List<TouchpointFact> facts) {
        List<TouchpointFact> out = new ArrayList<>(facts.size());
        for (int i = 0; i < facts.size(); i++) {
            TouchpointFact f = facts.get(i);
            out.add(new TouchpointFact("tp-" + i, f.type(), f.channel(), f.occurredAt(), f.direction(),
                    f.correlation(), f.sentiment(), f.csat(), f.nps(), f.waitSeconds(), f.agentId(), f.anonymous()));
        }
        return out;
    }
}
