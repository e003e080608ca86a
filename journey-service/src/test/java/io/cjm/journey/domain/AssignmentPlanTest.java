package io.cjm.journey.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssignmentPlanTest {

    private static final String T = "tp-1";

    @Test
    void theHigherVersionWinsAndZeroIsLowest() {
        Assignment seven = new Assignment("q", 7);
        assertEquals(seven, Assignment.newest(seven, new Assignment("p", 5)));
        assertEquals(seven, Assignment.newest(seven, new Assignment("p", 0)));
        assertEquals(new Assignment("p", 8), Assignment.newest(seven, new Assignment("p", 8)));
        // Equal versions (and legacy deliveries without one): the later delivery wins, as before.
        assertEquals(new Assignment("p", 0), Assignment.newest(new Assignment("q", 0), new Assignment("p", 0)));
        assertEquals(new Assignment("p", 3), Assignment.newest(null, new Assignment("p", 3)));
    }

    @Test
    void aNewTouchpointGoesToItsOwnProfile() {
        AssignmentPlan plan = AssignmentPlan.of(T, new Assignment("p", 5), List.of(), Map.of(), Map.of(), Map.of());

        assertEquals(new Assignment("p", 5), plan.touchpoint());
        assertEquals(List.of("p"), List.copyOf(plan.affected()));
        assertEquals(Map.of(), plan.moves());
        assertEquals(Map.of(), plan.pending());
    }

    @Test
    void aNewerPendingAssignmentWinsOverTheTouchpointsOwnProfile() {
        AssignmentPlan plan = AssignmentPlan.of(T, new Assignment("p", 5), List.of(), Map.of(), Map.of(),
                Map.of(T, new Assignment("q", 7)));

        assertEquals(new Assignment("q", 7), plan.touchpoint());
        assertEquals(List.of("p", "q"), List.copyOf(plan.affected()));
    }

    @Test
    void anOlderPendingAssignmentLoses() {
        AssignmentPlan plan = AssignmentPlan.of(T, new Assignment("p", 5), List.of(), Map.of(), Map.of(),
                Map.of(T, new Assignment("q", 4)));

        assertEquals(new Assignment("p", 5), plan.touchpoint());
    }

    @Test
    void aRedeliveryWithAnOlderVersionKeepsTheStoredProfile() {
        AssignmentPlan plan = AssignmentPlan.of(T, new Assignment("p", 5), List.of(), Map.of(),
                Map.of(T, new Assignment("q", 7)), Map.of());

        assertEquals(new Assignment("q", 7), plan.touchpoint());
        assertEquals(List.of("p", "q"), List.copyOf(plan.affected()));
    }

    @Test
    void storedTouchpointsMoveWhenTheResolutionIsNewerAndAffectBothProfiles() {
        AssignmentPlan plan = AssignmentPlan.of(T, new Assignment("q", 7), List.of(),
                Map.of("a", "q", "b", "q", "c", "q"),
                Map.of("a", new Assignment("p", 5), "b", new Assignment("r", 9), "c", new Assignment("q", 2)),
                Map.of());

        // a moves; b was assigned by a newer version; c stays in q but at the newer version.
        assertEquals(Map.of("q", List.of("a", "c")), sorted(plan.moves()));
        assertEquals(List.of("p", "q"), List.copyOf(plan.affected()));
        assertEquals(Map.of(), plan.pending());
    }

    @Test
    void touchpointsNotStoredYetGetAPendingAssignmentUnlessANewerOneIsRecorded() {
        AssignmentPlan plan = AssignmentPlan.of(T, new Assignment("q", 7), List.of(), Map.of("a", "q", "b", "q"),
                Map.of(), Map.of("b", new Assignment("r", 8)));

        assertEquals(Map.of("a", "q"), plan.pending());
        assertEquals(List.of("q"), List.copyOf(plan.affected()));
    }

    @Test
    void aReassignmentOfTheAppliedTouchpointItselfIsIgnored() {
        AssignmentPlan plan = AssignmentPlan.of(T, new Assignment("p", 5), List.of(), Map.of(T, "q"), Map.of(),
                Map.of());

        assertEquals(new Assignment("p", 5), plan.touchpoint());
        assertEquals(Map.of(), plan.pending());
    }

    @Test
    void mergedProfilesAreAffectedAndTheirTouchpointsCanMoveOnFromTheSurvivor() {
        AssignmentPlan plan = AssignmentPlan.of(T, new Assignment("p", 5), List.of("m"), Map.of("a", "q"),
                Map.of("a", new Assignment("m", 1)), Map.of());

        assertEquals(Map.of("q", List.of("a")), plan.moves());
        assertEquals(List.of("m", "p", "q"), List.copyOf(plan.affected()));
    }

    private static Map<String, List<String>> sorted(Map<String, List<String>> moves) {
        return moves.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().stream().sorted().toList()));
    }
}
