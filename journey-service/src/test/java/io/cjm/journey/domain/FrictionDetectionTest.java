package io.cjm.journey.domain;

import static io.cjm.journey.domain.Touchpoints.T0;
import static io.cjm.journey.domain.Touchpoints.assembleAt;
import static io.cjm.journey.domain.Touchpoints.days;
import static io.cjm.journey.domain.Touchpoints.frictionKinds;
import static io.cjm.journey.domain.Touchpoints.frictionOf;
import static io.cjm.journey.domain.Touchpoints.hours;
import static io.cjm.journey.domain.Touchpoints.minutes;
import static io.cjm.journey.domain.Touchpoints.touchpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FrictionDetectionTest {

    private static AssembledJourney journeyOf(TouchpointFact... touchpoints) {
        List<AssembledJourney> journeys = assembleAt(T0.plus(days(30)), touchpoints);
        assertEquals(1, journeys.size(), () -> "expected one journey, got " + journeys);
        return journeys.getFirst();
    }

    @Test
    void messagesOfOneChatAreOneContactNotRepeatContacts() {
        AssembledJourney journey = journeyOf(
                touchpoint("c1", "Live Chat Conversation Started").on("chat").build(),
                touchpoint("c2", "Live Chat Message Sent").on("chat").after(minutes(2)).build(),
                touchpoint("c3", "Live Chat Message Sent").on("chat").outbound().after(minutes(6)).build(),
                touchpoint("c4", "Live Chat Message Sent").on("chat").after(minutes(20)).build());

        assertTrue(journey.friction().isEmpty(), () -> journey.friction().toString());
    }

    @Test
    void callingAgainWithinTheWindowIsARepeatContact() {
        AssembledJourney journey = journeyOf(
                touchpoint("c1", "Call Started").on("phone").build(),
                touchpoint("c2", "Call Started").on("phone").after(hours(20)).build());

        List<Friction> repeats = frictionOf(journey, FrictionKind.REPEAT_CONTACT);
        assertEquals(1, repeats.size());
        assertEquals(List.of("c1", "c2"), repeats.getFirst().touchpointIds());
        assertEquals("Contacted again by phone 20 h after phone", repeats.getFirst().detail());
    }

    @Test
    void callingAgainAfterTheWindowIsNotARepeatContact() {
        AssembledJourney journey = journeyOf(
                touchpoint("c1", "Call Started").on("phone").build(),
                touchpoint("c2", "Call Started").on("phone").after(days(3)).build());

        assertTrue(frictionOf(journey, FrictionKind.REPEAT_CONTACT).isEmpty());
    }

    @Test
    void anOutboundReplyOnAnotherChannelIsNeitherSwitchNorRepeat() {
        AssembledJourney journey = journeyOf(
                touchpoint("c1", "Case Opened").on("chat").build(),
                touchpoint("c2", "Case Updated").on("email").outbound().after(hours(2)).build());

        assertEquals(1, journey.handoffs().size());
        assertTrue(journey.friction().isEmpty());
    }

    @Test
    void waitsCountOnlyBeyondTheThreshold() {
        AssembledJourney journey = journeyOf(
                touchpoint("c1", "Call Started").on("phone").waited(180).build(),
                touchpoint("c2", "Call Started").on("phone").waited(181).after(days(3)).build());

        List<Friction> waits = frictionOf(journey, FrictionKind.LONG_WAIT);
        assertEquals(List.of("c2"), waits.getFirst().touchpointIds());
        assertEquals(1, waits.size());
        assertEquals("Waited 181 s (threshold 180 s)", waits.getFirst().detail());
    }

    @Test
    void movingFromTheBotToAPersonIsABotEscalation() {
        AssembledJourney journey = journeyOf(
                touchpoint("b1", "Message Received").on("bot").build(),
                touchpoint("b2", "Live Chat Conversation Started").on("chat").after(minutes(2)).build());

        assertEquals(List.of(FrictionKind.BOT_ESCALATION), frictionKinds(journey));
        assertEquals(List.of("b1", "b2"), journey.friction().getFirst().touchpointIds());
    }

    @Test
    void anExplicitBotEscalationIsCountedOnce() {
        AssembledJourney journey = journeyOf(
                touchpoint("b1", "Message Received").on("bot").build(),
                touchpoint("b2", "Bot Escalated").on("bot").after(minutes(1)).build(),
                touchpoint("b3", "Live Chat Conversation Started").on("chat").after(minutes(2)).build());

        List<Friction> escalations = frictionOf(journey, FrictionKind.BOT_ESCALATION);
        assertEquals(1, escalations.size());
        assertEquals(List.of("b2"), escalations.getFirst().touchpointIds());
    }

    @Test
    void anAnonymousVisitAfterAnIdentifiedOneIsNotRecognized() {
        AssembledJourney journey = journeyOf(
                touchpoint("p1", "Product Viewed").build(),
                touchpoint("p2", "Product Added").anonymous().after(minutes(5)).build(),
                touchpoint("p3", "Cart Viewed").anonymous().after(minutes(6)).build());

        List<Friction> signals = frictionOf(journey, FrictionKind.NOT_RECOGNIZED);
        assertEquals(1, signals.size());
        assertEquals(List.of("p1", "p2"), signals.getFirst().touchpointIds());
    }

    @Test
    void sentimentAtOrBelowTheThresholdIsNegative() {
        AssembledJourney journey = journeyOf(
                touchpoint("m1", "Message Received").on("whatsapp").sentiment(-0.3).build(),
                touchpoint("m2", "Message Received").on("whatsapp").sentiment(-0.2).after(minutes(5)).build(),
                touchpoint("m3", "Message Received").on("whatsapp").sentiment(-0.8).after(minutes(9)).build());

        assertEquals(List.of(List.of("m1"), List.of("m3")),
                frictionOf(journey, FrictionKind.NEGATIVE_SENTIMENT).stream().map(Friction::touchpointIds).toList());
    }

    @Test
    void stricterThresholdsFindMoreFriction() {
        FrictionThresholds strict = new FrictionThresholds(days(7), 30, 0.0);
        JourneyAssembler assembler = new JourneyAssembler(DefaultCatalogue.definitions(), strict);

        AssembledJourney journey = assembler.assemble(Touchpoints.TENANT, List.of(
                touchpoint("c1", "Call Started").on("phone").waited(60).build(),
                touchpoint("c2", "Call Started").on("phone").after(days(3)).build()), T0.plus(days(4))).getFirst();

        assertEquals(List.of(FrictionKind.LONG_WAIT, FrictionKind.REPEAT_CONTACT), frictionKinds(journey));
    }
}
