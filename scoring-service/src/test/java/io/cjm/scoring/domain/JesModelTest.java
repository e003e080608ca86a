package io.cjm.scoring.domain;

import static io.cjm.scoring.domain.Journeys.smoothSupport;
import static io.cjm.scoring.domain.Journeys.touchpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JesModelTest {

    /**
     * Fixed weights (those of model jes-1.0), so that these tests pin the mechanics of the
     * model and not the calibration of the defaults, which the evaluation module checks.
     */
    static final JesWeights WEIGHTS = new JesWeights(60, 25, -35, -25, 0, 3, 15, 5, 10, 4, 12, 5,
            Map.of("repeat_contact", 6.0, "transfer", 6.0), 30, 3, 5, 7, 2, 15, 10);

    private final JesModel model = new JesModel(WEIGHTS);

    private static Optional<Factor> factor(JesResult result, String name) {
        return result.breakdown().stream().filter(factor -> factor.factor().equals(name)).findFirst();
    }

    private static double points(JesResult result, String name) {
        return factor(result, name).orElseThrow(() -> new AssertionError("no factor " + name)).points();
    }

    private static long tenths(double points) {
        return Math.round(points * 10);
    }

    private static void assertConsistent(JesResult result) {
        long sum = result.breakdown().stream().mapToLong(factor -> tenths(factor.points())).sum();
        assertEquals(tenths(result.score()), sum, () -> "breakdown does not add up: " + result);
        assertEquals(result.score(), sum / 10.0, () -> "score is not a one-decimal number: " + result);
        assertTrue(result.score() >= 0 && result.score() <= 100, () -> "score out of range: " + result);
        assertEquals(JesModel.VERSION, result.modelVersion());
        for (Factor factor : result.breakdown()) {
            assertEquals(tenths(factor.points()) / 10.0, factor.points(), () -> "not rounded: " + factor);
            boolean alwaysShown = factor.factor().equals("base") || factor.factor().equals("outcome");
            assertTrue(alwaysShown || factor.points() != 0, () -> "zero-point line: " + factor);
        }
        assertEquals(List.of("base", "outcome"),
                result.breakdown().subList(0, 2).stream().map(Factor::factor).toList());
    }

    @Nested
    class Breakdown {

        @Test
        void aSmoothCompletedJourneyIsBasePlusOutcome() {
            JesResult result = model.score(smoothSupport().build());

            assertEquals(85.0, result.score());
            assertEquals(List.of(new Factor("base", 60, List.of(), "Starting points of every journey"),
                    new Factor("outcome", 25, List.of(), "Goal reached")), result.breakdown());
        }

        @Test
        void alwaysAddsUpToTheScoreForGeneratedJourneys() {
            Random random = new Random(20250303);
            for (int i = 0; i < 5_000; i++) {
                JesResult result = model.score(Journeys.random(random));
                assertConsistent(result);
            }
        }

        @Test
        void doesNotDependOnTheOrderTouchpointsArriveIn() {
            JourneyInput ordered = smoothSupport().touchpoint(touchpoint("t4").csat(4)
                    .after(Duration.ofDays(3))).build();
            JourneyInput reversed = new JourneyInput(ordered.journeyId(), ordered.type(), ordered.status(),
                    ordered.stage(), ordered.startedAt(), ordered.lastActivityAt(),
                    ordered.touchpoints().reversed(), ordered.handoffCount(), ordered.friction(),
                    ordered.expectedTouchpoints(), ordered.expectedDuration());

            assertEquals(model.score(ordered), model.score(reversed));
        }

        @Test
        void rejectsAnUnknownStatus() {
            assertThrows(IllegalArgumentException.class, () -> model.score(smoothSupport().status("stuck").build()));
        }
    }

    @Nested
    class Ranking {

        @Test
        void transfersAndRepeatContactsCostTheSmoothJourneyPoints() {
            JesResult smooth = model.score(smoothSupport().build());
            JesResult bumpy = model.score(smoothSupport()
                    .handoffs(1)
                    .friction("repeat_contact", "t1", "t2")
                    .friction("transfer", "t3")
                    .friction("transfer", "t3")
                    .build());

            assertTrue(bumpy.score() < smooth.score(), () -> bumpy + " vs " + smooth);
            assertEquals(-6, points(bumpy, "friction.repeat_contact"));
            assertEquals(-12, points(bumpy, "friction.transfer"));
            assertEquals(-4, points(bumpy, "handoffs"));
            assertEquals(63.0, bumpy.score());
            assertConsistent(bumpy);
        }

        @Test
        void failedScoresBelowOpenAndOpenBelowCompleted() {
            double failed = model.score(smoothSupport().status("failed").build()).score();
            double open = model.score(smoothSupport().status("open").build()).score();
            double completed = model.score(smoothSupport().status("completed").build()).score();

            assertTrue(failed < open && open < completed, failed + " / " + open + " / " + completed);
            assertEquals(List.of(25.0, 60.0, 85.0), List.of(failed, open, completed));
        }

        @Test
        void anAbandonedJourneyPointsAtWhereTheCustomerStopped() {
            JesResult result = model.score(smoothSupport().status("abandoned").stage("contact").build());

            Factor outcome = factor(result, "outcome").orElseThrow();
            assertEquals(-25, outcome.points());
            assertEquals(List.of("t3"), outcome.touchpointIds());
            assertEquals("Abandoned at stage contact", outcome.detail());
        }

        @Test
        void tenantWeightsChangeTheScore() {
            JesWeights lenient = new JesWeights(70, 25, -35, -25, 0, 3, 15, 5, 10, 4, 12, 5,
                    Map.of("transfer", 1.0), 30, 3, 5, 7, 2, 15, 10);
            JourneyInput transferred = smoothSupport().friction("transfer", "t2").build();

            assertEquals(94.0, new JesModel(lenient).score(transferred).score());
            assertEquals(79.0, model.score(transferred).score());
        }
    }

    @Nested
    class Bounds {

        @Test
        void aDelightedCustomerIsCappedAtOneHundred() {
            JesResult result = model.score(smoothSupport()
                    .touchpoint(touchpoint("t4").csat(5).nps(10).sentiment(1.0).after(Duration.ofHours(2)))
                    .build());

            assertEquals(100.0, result.score());
            assertEquals(15, points(result, "satisfaction"));
            assertEquals(10, points(result, "sentiment"));
            assertEquals(-10, points(result, "bounds"));
            assertConsistent(result);
        }

        @Test
        void aDisastrousJourneyIsRaisedToZero() {
            Journeys.Builder disaster = Journeys.smoothSupport().status("failed").handoffs(5);
            for (int i = 4; i <= 12; i++) {
                disaster.touchpoint(touchpoint("t" + i).on(i % 2 == 0 ? "phone" : "email").sentiment(-1)
                        .after(Duration.ofDays(i)));
                disaster.friction("repeat_contact", "t" + i);
            }
            disaster.touchpoint(touchpoint("t13").csat(1).nps(0).after(Duration.ofDays(13)));

            JesResult result = model.score(disaster.build());

            assertEquals(0.0, result.score());
            assertTrue(points(result, "bounds") > 0);
            assertConsistent(result);
        }

        @Test
        void aScoreInsideTheRangeHasNoBoundsLine() {
            assertFalse(factor(model.score(smoothSupport().build()), "bounds").isPresent());
        }
    }

    @Nested
    class Evidence {

        @Test
        void effortPointsAtTheTouchpointsBeyondTheExpectedNumber() {
            JesResult result = model.score(smoothSupport()
                    .touchpoint(touchpoint("t4").on("chat").after(Duration.ofHours(2)))
                    .touchpoint(touchpoint("t5").on("chat").after(Duration.ofHours(3)))
                    .build());

            Factor effort = factor(result, "effort").orElseThrow();
            assertEquals(-6, effort.points());
            assertEquals(List.of("t4", "t5"), effort.touchpointIds());
            assertEquals("5 touchpoints (3 expected)", effort.detail());
        }

        @Test
        void extraTouchpointsCostAtMostFifteen() {
            Journeys.Builder lengthy = smoothSupport();
            for (int i = 4; i <= 20; i++) {
                lengthy.touchpoint(touchpoint("t" + i).on("chat").after(Duration.ofHours(i)));
            }

            assertEquals(-15, points(model.score(lengthy.build()), "effort"));
        }

        @Test
        void takingLongerThanExpectedCostsMoreBeyondTwice() {
            JesResult late = model.score(smoothSupport()
                    .touchpoint(touchpoint("t4").on("email").after(Duration.ofDays(3)))
                    .expecting(4, Duration.ofDays(2)).build());
            JesResult veryLate = model.score(smoothSupport()
                    .touchpoint(touchpoint("t4").on("email").after(Duration.ofDays(5)))
                    .expecting(4, Duration.ofDays(2)).build());

            assertEquals(-5, points(late, "effort"));
            assertEquals(List.of("t4"), factor(late, "effort").orElseThrow().touchpointIds());
            assertEquals(-10, points(veryLate, "effort"));
        }

        @Test
        void answeringASurveyLaterIsNotEffort() {
            JesResult result = model.score(smoothSupport()
                    .touchpoint(touchpoint("s1").csat(3).on("email").after(Duration.ofDays(6)))
                    .build());

            assertFalse(factor(result, "effort").isPresent(), result::toString);
        }

        @Test
        void handoffsPointAtBothSidesOfEachChannelChange() {
            JesResult result = model.score(smoothSupport()
                    .touchpoint(touchpoint("t4").on("phone").after(Duration.ofHours(2)))
                    .expecting(4, Duration.ofDays(2))
                    .handoffs(1).build());

            Factor handoffs = factor(result, "handoffs").orElseThrow();
            assertEquals(List.of("t3", "t4"), handoffs.touchpointIds());
            assertEquals("1 channel handoff", handoffs.detail());
        }

        @Test
        void satisfactionUsesTheLatestAnswersAsEvidence() {
            JesResult result = model.score(smoothSupport()
                    .touchpoint(touchpoint("s1").csat(1).after(Duration.ofHours(2)))
                    .touchpoint(touchpoint("s2").csat(5).after(Duration.ofHours(5)))
                    .touchpoint(touchpoint("s3").nps(4).after(Duration.ofHours(6)))
                    .build());

            Factor satisfaction = factor(result, "satisfaction").orElseThrow();
            assertEquals(4, satisfaction.points());
            assertEquals(List.of("s2", "s3"), satisfaction.touchpointIds());
            assertEquals("CSAT 5, NPS 4", satisfaction.detail());
        }

        @Test
        void sentimentIsTheMeanOfTheTouchpointsThatCarryOne() {
            JesResult result = model.score(new Journeys.Builder()
                    .touchpoint(touchpoint("m1").sentiment(-0.25))
                    .touchpoint(touchpoint("m2").after(Duration.ofMinutes(1)))
                    .touchpoint(touchpoint("m3").sentiment(-0.5).after(Duration.ofMinutes(2)))
                    .build());

            Factor sentiment = factor(result, "sentiment").orElseThrow();
            assertEquals(-3.8, sentiment.points());
            assertEquals(List.of("m1", "m3"), sentiment.touchpointIds());
        }

        @Test
        void failedOutcomePointsAtTheFailureEvents() {
            JesResult result = model.score(smoothSupport().status("failed").friction("failure_event", "t3").build());

            assertEquals(List.of("t3"), factor(result, "outcome").orElseThrow().touchpointIds());
            assertEquals(List.of("t3"), factor(result, "friction.failure_event").orElseThrow().touchpointIds());
        }

        @Test
        void factorsWithoutDataOrPointsAreLeftOut() {
            JesResult neutral = model.score(smoothSupport()
                    .touchpoint(touchpoint("s1").csat(3).sentiment(0.0).after(Duration.ofHours(2)))
                    .build());

            assertEquals(List.of("base", "outcome"), neutral.breakdown().stream().map(Factor::factor).toList());
        }
    }

    @Nested
    class FrictionCap {

        private final JourneyInput heavy = smoothSupport()
                .friction("repeat_contact", "t1", "t2").friction("repeat_contact", "t2", "t3")
                .friction("repeat_contact", "t1", "t3").friction("repeat_contact", "t3")
                .friction("transfer", "t2").friction("transfer", "t2").friction("transfer", "t3")
                .friction("long_wait", "t1").friction("long_wait", "t2")
                .build();

        @Test
        void allFrictionTogetherCostsExactlyThirtyWhenOver() {
            JesResult result = model.score(heavy);

            double friction = result.breakdown().stream().filter(factor -> factor.factor().startsWith("friction."))
                    .mapToDouble(Factor::points).sum();
            assertEquals(-300, tenths(friction));
            assertEquals(-13.8, points(result, "friction.repeat_contact"));
            assertEquals(-10.4, points(result, "friction.transfer"));
            assertEquals(-5.8, points(result, "friction.long_wait"));
            assertEquals(55.0, result.score());
            assertConsistent(result);
        }

        @Test
        void scaledFactorsSayTheyWereScaledAndKeepTheirEvidence() {
            Factor repeats = factor(model.score(heavy), "friction.repeat_contact").orElseThrow();

            assertEquals(List.of("t1", "t2", "t3"), repeats.touchpointIds());
            assertEquals("4 repeat contact signals, scaled so that friction costs at most 30 points", repeats.detail());
        }

        @Test
        void frictionUnderTheCapIsNotScaled() {
            JesResult result = model.score(smoothSupport().friction("long_wait", "t1").build());

            Factor wait = factor(result, "friction.long_wait").orElseThrow();
            assertEquals(new Factor("friction.long_wait", -5, List.of("t1"), "1 long wait signal"), wait);
            assertEquals(80.0, result.score());
        }
    }
}
