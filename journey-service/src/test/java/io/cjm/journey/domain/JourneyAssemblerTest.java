package io.cjm.journey.domain;

import static io.cjm.journey.domain.Touchpoints.T0;
import static io.cjm.journey.domain.Touchpoints.TENANT;
import static io.cjm.journey.domain.Touchpoints.assembleAt;
import static io.cjm.journey.domain.Touchpoints.days;
import static io.cjm.journey.domain.Touchpoints.frictionKinds;
import static io.cjm.journey.domain.Touchpoints.frictionOf;
import static io.cjm.journey.domain.Touchpoints.hours;
import static io.cjm.journey.domain.Touchpoints.minutes;
import static io.cjm.journey.domain.Touchpoints.touchpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JourneyAssemblerTest {

    private static AssembledJourney single(List<AssembledJourney> journeys) {
        assertEquals(1, journeys.size(), () -> "expected one journey, got " + journeys);
        return journeys.getFirst();
    }

    @Nested
    class Outcomes {

        @Test
        void purchaseHappyPathCompletesInTheCheckoutStage() {
            AssembledJourney journey = single(assembleAt(T0.plus(days(1)),
                    touchpoint("p1", "Products Searched").build(),
                    touchpoint("p2", "Product Viewed").after(minutes(2)).build(),
                    touchpoint("p3", "product_added").after(minutes(5)).build(),
                    touchpoint("p4", "checkout.started").after(minutes(8)).build(),
                    touchpoint("p5", "Order Completed").after(minutes(10)).build()));

            assertEquals("purchase", journey.definitionKey());
            assertEquals(Category.PURCHASE, journey.category());
            assertEquals(JourneyStatus.COMPLETED, journey.status());
            assertEquals("checkout", journey.stage());
            assertEquals(List.of("p1", "p2", "p3", "p4", "p5"), journey.touchpointIds());
            assertEquals(T0, journey.startedAt());
            assertEquals(T0.plus(minutes(10)), journey.endedAt());
            assertTrue(journey.friction().isEmpty());
            assertTrue(journey.handoffs().isEmpty());
        }

        @Test
        void paymentFailureFollowedByAnOrderIsACompletedJourneyWithFriction() {
            AssembledJourney journey = single(assembleAt(T0.plus(days(1)),
                    touchpoint("p1", "Checkout Started").build(),
                    touchpoint("p2", "Payment Failed").after(minutes(3)).build(),
                    touchpoint("p3", "Order Completed").after(minutes(6)).build()));

            assertEquals(JourneyStatus.COMPLETED, journey.status());
            assertEquals(List.of("p1", "p2", "p3"), journey.touchpointIds());
            assertEquals(List.of(new Friction(FrictionKind.FAILURE_EVENT, List.of("p2"),
                    "Failure event: Payment Failed")), journey.friction());
        }

        @Test
        void aFailureWithoutALaterGoalIsFailedWhenItHappened() {
            AssembledJourney journey = single(assembleAt(T0.plus(days(30)),
                    touchpoint("s1", "Case Opened").on("email").build(),
                    touchpoint("s2", "Case Closed Unresolved").on("email").outbound().after(days(1)).build()));

            assertEquals(JourneyStatus.FAILED, journey.status());
            assertEquals(T0.plus(days(1)), journey.endedAt());
            assertEquals(List.of(FrictionKind.FAILURE_EVENT), frictionKinds(journey));
        }

        @Test
        void supportCaseAcrossEmailAndPhoneCompletesWithItsFriction() {
            AssembledJourney journey = single(assembleAt(T0.plus(days(2)),
                    touchpoint("s1", "Case Opened").on("email").inbound().caseId("C-1").build(),
                    touchpoint("s2", "Call Started").on("phone").inbound().caseId("C-1").waited(240)
                            .after(hours(3)).build(),
                    touchpoint("s3", "Call Transferred").on("phone").agent("agent-7").after(minutes(190)).build(),
                    touchpoint("s4", "Case Resolved").on("email").outbound().caseId("C-1").after(days(1)).build()));

            assertEquals("support", journey.definitionKey());
            assertEquals(JourneyStatus.COMPLETED, journey.status());
            assertEquals("assisted", journey.stage());
            assertEquals(List.of(
                    new Handoff("email", "phone", hours(3), "s1", "s2"),
                    new Handoff("phone", "email", days(1).minus(minutes(190)), "s3", "s4")), journey.handoffs());
            assertEquals(List.of(FrictionKind.LONG_WAIT, FrictionKind.REPEAT_CONTACT, FrictionKind.CHANNEL_SWITCH,
                    FrictionKind.TRANSFER), frictionKinds(journey));
            assertEquals(List.of("s1", "s2"),
                    frictionOf(journey, FrictionKind.REPEAT_CONTACT).getFirst().touchpointIds());
            assertEquals(List.of("s3"), frictionOf(journey, FrictionKind.TRANSFER).getFirst().touchpointIds());
            assertEquals(Map.of("caseId", "C-1"), journey.correlation());
        }
    }

    @Nested
    class Inactivity {

        private final TouchpointFact viewed = touchpoint("p1", "Product Viewed").build();

        @Test
        void staysOpenUntilTheTimeoutHasPassed() {
            AssembledJourney journey = single(assembleAt(T0.plus(days(3)), viewed));

            assertEquals(JourneyStatus.OPEN, journey.status());
            assertNull(journey.endedAt());
            assertEquals("browse", journey.stage());
        }

        @Test
        void isAbandonedOnceNowIsPastTheTimeoutAndEndsAtTheTimeout() {
            AssembledJourney journey = single(assembleAt(T0.plus(days(3)).plusSeconds(1), viewed));

            assertEquals(JourneyStatus.ABANDONED, journey.status());
            assertEquals(T0.plus(days(3)), journey.endedAt());
        }

        @Test
        void aStageTouchpointAfterTheTimeoutOpensAFreshJourney() {
            List<AssembledJourney> journeys = assembleAt(T0.plus(days(4)).plus(hours(1)), viewed,
                    touchpoint("p2", "Product Viewed").after(days(4)).build());

            assertEquals(2, journeys.size());
            assertEquals(JourneyStatus.ABANDONED, journeys.get(0).status());
            assertEquals(JourneyStatus.OPEN, journeys.get(1).status());
            assertEquals(List.of("p2"), journeys.get(1).touchpointIds());
        }
    }

    @Nested
    class Routing {

        private final TouchpointFact checkout = touchpoint("o1", "Checkout Started").orderId("O-1").build();
        private final TouchpointFact order = touchpoint("o2", "Order Completed").orderId("O-1").after(minutes(10))
                .build();

        @Test
        void aCorrelationKeyPullsALateTouchpointIntoAClosedJourney() {
            AssembledJourney journey = single(assembleAt(T0.plus(days(11)), checkout, order,
                    touchpoint("o3", "Product Reviewed").on("review").orderId("O-1").after(days(10)).build()));

            assertEquals(List.of("o1", "o2", "o3"), journey.touchpointIds());
            assertEquals(JourneyStatus.COMPLETED, journey.status());
            assertEquals(T0.plus(days(10)), journey.lastActivityAt());
            assertEquals(T0.plus(minutes(10)), journey.endedAt());
            assertEquals(Map.of("orderId", "O-1"), journey.correlation());
        }

        @Test
        void aLateUpdateOfAResolvedCaseJoinsItThroughTheCaseId() {
            List<AssembledJourney> journeys = assembleAt(T0.plus(days(40)),
                    touchpoint("s1", "Case Opened").on("email").caseId("C-7").build(),
                    touchpoint("s2", "Case Resolved").on("email").outbound().after(days(1)).build(),
                    touchpoint("s3", "Case Updated").on("email").outbound().caseId("C-7").after(days(20)).build(),
                    touchpoint("s4", "Case Updated").on("email").outbound().after(days(21)).build());

            AssembledJourney journey = single(journeys);
            assertEquals(List.of("s1", "s2", "s3"), journey.touchpointIds());
            assertEquals(JourneyStatus.COMPLETED, journey.status());
        }

        @Test
        void withoutTheKeyTheSameLateTouchpointJoinsNoJourney() {
            AssembledJourney journey = single(assembleAt(T0.plus(days(11)), checkout, order,
                    touchpoint("o3", "Product Reviewed").on("review").after(days(10)).build()));

            assertEquals(List.of("o1", "o2"), journey.touchpointIds());
        }

        @Test
        void aRefundQuotingThePurchasedOrderOpensItsOwnRefundJourney() {
            List<AssembledJourney> journeys = assembleAt(T0.plus(days(6)), checkout, order,
                    touchpoint("r1", "Refund Requested").on("email").orderId("O-1").after(days(2)).build(),
                    touchpoint("r2", "Refund Approved").on("email").outbound().after(days(3)).build(),
                    touchpoint("r3", "Order Refunded").orderId("O-1").after(days(5)).build());

            assertEquals(List.of("purchase", "refund"),
                    journeys.stream().map(AssembledJourney::definitionKey).toList());
            assertEquals(List.of("o1", "o2"), journeys.get(0).touchpointIds());
            AssembledJourney refund = journeys.get(1);
            assertEquals(List.of("r1", "r2", "r3"), refund.touchpointIds());
            assertEquals(JourneyStatus.COMPLETED, refund.status());
            assertEquals("review", refund.stage());
        }

        @Test
        void aSecondPurchaseAfterAnOrderOpensANewJourney() {
            List<AssembledJourney> journeys = assembleAt(T0.plus(days(1)), checkout, order,
                    touchpoint("o3", "Product Viewed").after(hours(2)).build());

            assertEquals(2, journeys.size());
            assertEquals(List.of("o3"), journeys.get(1).touchpointIds());
        }

        @Test
        void aRepeatedEntryTypeContinuesTheActiveJourney() {
            AssembledJourney journey = single(assembleAt(T0.plus(days(1)),
                    touchpoint("s1", "Case Opened").on("email").build(),
                    touchpoint("s2", "Case Opened").on("chat").after(hours(5)).build()));

            assertEquals(List.of("s1", "s2"), journey.touchpointIds());
        }

        @Test
        void anEntryTypeListedByTwoMapsOpensTheFirstInCatalogueOrder() {
            JourneyAssembler assembler = new JourneyAssembler(List.of(
                    Definitions.simple("demo", "Demo Requested", "Demo Held"),
                    Definitions.simple("trial", "Demo Requested", "Trial Converted")), FrictionThresholds.defaults());

            List<AssembledJourney> journeys = assembler.assemble(TENANT,
                    List.of(touchpoint("d1", "demo_requested").build()), T0);

            assertEquals("demo", single(journeys).definitionKey());
        }

        @Test
        void anUnknownTypeWithNoOpenJourneyJoinsNone() {
            assertTrue(assembleAt(T0.plus(days(1)), touchpoint("x1", "Page Viewed").build()).isEmpty());

            AssembledJourney completed = single(assembleAt(T0.plus(days(1)), checkout, order,
                    touchpoint("x1", "Page Viewed").after(hours(1)).build()));
            assertEquals(List.of("o1", "o2"), completed.touchpointIds());
        }

        @Test
        void anUnknownTypeJoinsTheMostRecentlyActiveOpenJourney() {
            List<AssembledJourney> journeys = assembleAt(T0.plus(days(1)),
                    touchpoint("s1", "Case Opened").on("email").build(),
                    touchpoint("p1", "Product Viewed").after(hours(1)).build(),
                    touchpoint("x1", "Page Viewed").after(hours(2)).build());

            assertEquals(List.of("s1"), journeys.get(0).touchpointIds());
            assertEquals(List.of("p1", "x1"), journeys.get(1).touchpointIds());
        }
    }

    @Nested
    class Surveys {

        private final TouchpointFact opened = touchpoint("s1", "Case Opened").on("chat").build();
        private final TouchpointFact resolved = touchpoint("s2", "Case Resolved").on("chat").after(hours(1)).build();

        @Test
        void aSurveyAfterCompletionLandsInThatJourney() {
            AssembledJourney journey = single(assembleAt(T0.plus(days(3)), opened, resolved,
                    touchpoint("v1", "Survey Completed").on("email").csat(2).after(days(2)).build()));

            assertEquals(List.of("s1", "s2", "v1"), journey.touchpointIds());
            assertEquals(JourneyStatus.COMPLETED, journey.status());
        }

        @Test
        void aSurveyMoreThanSevenDaysAfterTheEndJoinsNoJourney() {
            AssembledJourney journey = single(assembleAt(T0.plus(days(10)), opened, resolved,
                    touchpoint("v1", "Survey Completed").on("email").nps(3).after(days(8)).build()));

            assertEquals(List.of("s1", "s2"), journey.touchpointIds());
        }

        @Test
        void aSurveyWithoutAScoreIsTreatedLikeAnyOtherTouchpoint() {
            AssembledJourney journey = single(assembleAt(T0.plus(days(3)), opened, resolved,
                    touchpoint("v1", "Survey Completed").on("email").after(days(2)).build()));

            assertEquals(List.of("s1", "s2"), journey.touchpointIds());
        }
    }

    @Nested
    class Determinism {

        private final List<TouchpointFact> history = List.of(
                touchpoint("a1", "Products Searched").build(),
                touchpoint("a2", "Product Added").after(minutes(4)).build(),
                touchpoint("a3", "Checkout Started").orderId("O-9").after(minutes(9)).build(),
                touchpoint("a4", "Payment Failed").orderId("O-9").after(minutes(11)).build(),
                touchpoint("b1", "Call Started").on("phone").inbound().caseId("C-9").after(minutes(20)).build(),
                touchpoint("a5", "Order Completed").orderId("O-9").after(minutes(40)).build(),
                touchpoint("b2", "Case Resolved").on("phone").caseId("C-9").after(minutes(45)).build(),
                touchpoint("x1", "Page Viewed").after(hours(2)).build(),
                touchpoint("v1", "Survey Completed").on("email").csat(4).after(days(1)).build(),
                touchpoint("a6", "Order Shipped").orderId("O-9").after(days(2)).build());

        @Test
        void shuffledAndDuplicatedInputGivesIdenticalJourneys() {
            List<AssembledJourney> expected = assembleAt(T0.plus(days(5)), history.toArray(TouchpointFact[]::new));
            assertEquals(2, expected.size());

            for (long seed = 1; seed <= 25; seed++) {
                List<TouchpointFact> shuffled = new ArrayList<>(history);
                shuffled.add(history.get((int) (seed % history.size())));
                Collections.shuffle(shuffled, new Random(seed));

                List<AssembledJourney> actual = assembleAt(T0.plus(days(5)), shuffled.toArray(TouchpointFact[]::new));

                assertEquals(expected, actual, "seed " + seed);
            }
        }

        @Test
        void journeyIdsDeriveFromTenantDefinitionAndFirstTouchpoint() {
            List<AssembledJourney> journeys = assembleAt(T0.plus(days(5)), history.toArray(TouchpointFact[]::new));

            String purchaseId = UUID.nameUUIDFromBytes("acme/purchase/a1".getBytes(StandardCharsets.UTF_8)).toString();
            assertEquals(purchaseId, journeys.get(0).id());
            assertEquals(JourneyAssembler.journeyId(TENANT, "support", "b1"), journeys.get(1).id());
            assertNotEquals(journeys.get(0).id(),
                    Touchpoints.defaultAssembler().assemble("other-tenant", history, T0).getFirst().id());
        }

        @Test
        void theMixedHistorySplitsIntoTheRightJourneysAndLeavesStrayPageViewsOut() {
            List<AssembledJourney> journeys = assembleAt(T0.plus(days(5)), history.toArray(TouchpointFact[]::new));

            assertEquals(List.of("a1", "a2", "a3", "a4", "a5", "a6"), journeys.get(0).touchpointIds());
            assertEquals(List.of("b1", "b2", "v1"), journeys.get(1).touchpointIds());
            assertEquals(JourneyStatus.COMPLETED, journeys.get(0).status());
            assertEquals(Duration.ofMinutes(40), Duration.between(T0, journeys.get(0).endedAt()));
        }
    }
}
