package io.cjm.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cjm.evaluation.SyntheticIdentities.Population;
import io.cjm.evaluation.SyntheticIdentities.RawIdentifier;
import io.cjm.evaluation.SyntheticIdentities.Touchpoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Identity resolution groups touchpoints by person, and merge protection is what keeps shared devices apart. */
class IdentityEvaluationTest {

    @Test
    void profilesMatchThePersonsOnAHoldOutSeed() {
        long start = System.nanoTime();
        IdentityEvaluation.Result result = IdentityEvaluation.run(5000, 7);
        System.out.println("Identity evaluation: " + result + " (" + (System.nanoTime() - start) / 1_000_000 + " ms)");
        assertTrue(result.rules().precision() >= 0.99, "precision below 0.99: " + result);
        assertTrue(result.rules().recall() >= 0.97, "recall below 0.97: " + result);
        assertTrue(result.rules().conflicts() > 0, "shared devices must show up as conflicts: " + result);
        assertTrue(result.baseline().precision() < result.rules().precision(),
                "without merge limits shared devices should fuse persons: " + result);
    }

    @Test
    void theDefinitionsCountOnlyWhatTheDataCanLink() {
        // Ana logs in on the family tablet; Ben logs in there too, and later browses it without logging in.
        Population family = new Population(List.of(), List.of(
                touchpoint("ana-1", "ana", 0, id("email", "Ana@x.io", "mailbox:ana@x.io")),
                touchpoint("ana-2", "ana", 1, id("email", "ana@x.io ", "mailbox:ana@x.io"),
                        id("customerId", "C-ana", "account:C-ana")),
                touchpoint("ana-3", "ana", 2, id("customerId", "C-ana", "account:C-ana"),
                        id("anonymousId", "tablet", "device:tablet")),
                touchpoint("ben-1", "ben", 3, id("customerId", "C-ben", "account:C-ben"),
                        id("anonymousId", "tablet", "device:tablet")),
                touchpoint("ben-2", "ben", 4, id("anonymousId", "tablet", "device:tablet")),
                touchpoint("ben-3", "ben", 5, id("phone", "unknown", null))));

        IdentityEvaluation.Result result = IdentityEvaluation.run(family, IdentityEvaluation.defaultRules(),
                IdentityEvaluation.baselineRules());

        // resolvable: Ana's three and Ben's login; the tablet alone and the junk number link nothing
        assertEquals(4, result.resolvable());
        assertEquals(2, result.linkableGroups());
        assertEquals(3, result.linkablePairs());
        assertEquals(1.0, result.rules().recall(), 1e-9);
        assertEquals(1.0, result.rules().precision(), 1e-9);
        assertEquals(1, result.rules().conflicts());
        // Ben's tablet-only visit lands with Ana, the tablet's first user: 3 right pairs of 6
        assertEquals(0.5, result.rules().precisionAllTouchpoints(), 1e-9);
        // without limits Ben's login fuses him with Ana: 3 right pairs of 6 among the resolvable
        assertEquals(0.5, result.baseline().precision(), 1e-9);
    }

    private static RawIdentifier id(String type, String value, String evidence) {
        return new RawIdentifier(type, value, evidence);
    }

    private static Touchpoint touchpoint(String id, String person, int minutes, RawIdentifier... ids) {
        return new Touchpoint(id, person, "web", "Page Viewed",
                Instant.parse("2026-02-02T10:00:00Z").plusSeconds(60L * minutes), new ArrayList<>(List.of(ids)));
    }
}
