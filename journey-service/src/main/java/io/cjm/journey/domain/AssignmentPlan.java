package io.cjm.journey.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one resolution (a touchpoint with its profile, the profiles merged while resolving it
 * and the earlier touchpoints it moved, all at one graph version) changes, worked out from the
 * assignments already recorded. Pure: the caller reads the records and carries the plan out.
 *
 * @param touchpoint where the applied touchpoint is stored: its own profile, unless a newer
 *     assignment was recorded for it
 * @param moves stored touchpoints that move, by the profile they move to
 * @param pending assignments of touchpoints not stored yet, touchpoint id to profile, to
 *     record at the resolution's version
 * @param affected every profile whose touchpoints may change: the touchpoint's own profile,
 *     the merged profiles, and the old and new profile of every touchpoint that moves
 */
public record AssignmentPlan(Assignment touchpoint, Map<String, List<String>> moves, Map<String, String> pending,
        SortedSet<String> affected) {

    /**
     * @param touchpointId the applied touchpoint
     * @param own its profile and the resolution's graph version
     * @param merged profiles merged into {@code own}'s profile; their touchpoints recorded at
     *     a version up to the resolution's move with them (the caller does that in bulk)
     * @param reassigned earlier touchpoints and the profile each belongs to now; an entry for
     *     the applied touchpoint itself is ignored (its own profile says where it goes)
     * @param stored the recorded assignment of each stored touchpoint among these ids
     * @param pending the recorded assignment of each touchpoint not stored yet among these ids
     */
    public static AssignmentPlan of(String touchpointId, Assignment own, Collection<String> merged,
            Map<String, String> reassigned, Map<String, Assignment> stored, Map<String, Assignment> pending) {
        SortedSet<String> affected = new TreeSet<>(merged);
        affected.add(own.profileId());
        Assignment storedHere = stored.get(touchpointId);
        Assignment target = Assignment.newest(storedHere, Assignment.newest(pending.get(touchpointId), own));
        if (storedHere != null) {
            affected.add(storedHere.profileId());
        }
        affected.add(target.profileId());

        Map<String, List<String>> moves = new TreeMap<>();
        Map<String, String> toRecord = new LinkedHashMap<>();
        Set<String> mergedSet = Set.copyOf(merged);
        for (Map.Entry<String, String> r : reassigned.entrySet()) {
            String id = r.getKey();
            if (id.equals(touchpointId)) {
                continue;
            }
            Assignment incoming = new Assignment(r.getValue(), own.graphVersion());
            Assignment recorded = stored.get(id);
            if (recorded == null) {
                if (Assignment.newest(pending.get(id), incoming) == incoming) {
                    toRecord.put(id, incoming.profileId());
                }
                continue;
            }
            if (Assignment.newest(recorded, incoming) != incoming) {
                continue;
            }
            // A merged profile's touchpoint moves to the survivor first; this says where it goes then.
            boolean movedByMerge = mergedSet.contains(recorded.profileId());
            String current = movedByMerge ? own.profileId() : recorded.profileId();
            boolean profileChanges = !current.equals(incoming.profileId());
            if (profileChanges || recorded.graphVersion() < incoming.graphVersion()) {
                // Also when only the version rises: an older assignment must not undo it later.
                moves.computeIfAbsent(incoming.profileId(), p -> new ArrayList<>()).add(id);
            }
            if (profileChanges) {
                affected.add(recorded.profileId());
                affected.add(incoming.profileId());
            }
        }
        return new AssignmentPlan(target, moves, toRecord, affected);
    }
}
