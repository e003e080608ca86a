package io.cjm.journey.repository;

import io.cjm.journey.domain.Assignment;
import io.cjm.journey.entity.TouchpointAssignmentEntity;
import io.cjm.platform.db.SqlIds;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/** Assignments of touchpoints that arrived before the touchpoints themselves. */
@ApplicationScoped
public class TouchpointAssignmentRepository implements PanacheRepositoryBase<TouchpointAssignmentEntity, String> {

    /** The recorded assignment of each of these touchpoints that has one (values only, no entity loaded). */
    public Uni<Map<String, Assignment>> find(String tenantId, Collection<String> touchpointIds) {
        if (touchpointIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return getSession().chain(s -> s.createNativeQuery("SELECT touchpoint_id, profile_id, graph_version"
                + " FROM touchpoint_assignment WHERE tenant_id = ?1 AND touchpoint_id = " + SqlIds.anyOf(2),
                Object[].class).setParameter(1, tenantId).setParameter(2, SqlIds.json(touchpointIds)).getResultList())
                .map(rows -> rows.stream().collect(Collectors.toMap(r -> (String) r[0],
                        r -> new Assignment((String) r[1], ((Number) r[2]).longValue()))));
    }

    /** Records an assignment unless one with a higher graph version is recorded; one statement. */
    public Uni<Integer> record(String uid, String tenantId, String touchpointId, Assignment assignment) {
        return getSession().chain(s -> s.createNativeQuery("""
                INSERT INTO touchpoint_assignment (uid, tenant_id, touchpoint_id, profile_id, graph_version)
                VALUES (?1, ?2, ?3, ?4, ?5)
                ON CONFLICT (uid) DO UPDATE SET profile_id = excluded.profile_id, graph_version = excluded.graph_version
                WHERE touchpoint_assignment.graph_version <= excluded.graph_version""")
                .setParameter(1, uid).setParameter(2, tenantId).setParameter(3, touchpointId)
                .setParameter(4, assignment.profileId()).setParameter(5, assignment.graphVersion())
                .executeUpdate());
    }

    /** Deletes the assignments with these uids (used up by their touchpoints). */
    public Uni<Integer> deleteByUids(Collection<String> uids) {
        return Batches.count(uids, ids -> delete("uid in ?1", ids).map(Long::intValue));
    }

    /** Moves the assignments to merged profiles to the survivor, except those of a newer graph version. */
    public Uni<Integer> moveToProfile(String tenantId, Collection<String> fromProfiles, String toProfile,
            long graphVersion) {
        return Batches.count(fromProfiles, from -> update(
                "profileId = ?1, graphVersion = ?2 where tenantId = ?3 and profileId in ?4 and graphVersion <= ?2",
                toProfile, graphVersion, tenantId, from));
    }

    /** Deletes the assignments to these profiles and of these touchpoints. */
    public Uni<Integer> deleteErased(String tenantId, Collection<String> profileIds,
            Collection<String> touchpointIds) {
        return Batches.count(profileIds, ids -> delete("tenantId = ?1 and profileId in ?2", tenantId, ids)
                .map(Long::intValue))
                .chain(byProfile -> Batches.count(touchpointIds, ids -> delete(
                        "tenantId = ?1 and touchpointId in ?2", tenantId, ids).map(Long::intValue))
                        .map(byId -> byProfile + byId));
    }
}
