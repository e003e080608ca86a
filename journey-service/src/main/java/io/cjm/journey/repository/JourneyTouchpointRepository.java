package io.cjm.journey.repository;

import io.cjm.journey.domain.Assignment;
import io.cjm.journey.entity.JourneyTouchpointEntity;
import io.cjm.platform.db.SqlIds;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

@ApplicationScoped
public class JourneyTouchpointRepository implements PanacheRepositoryBase<JourneyTouchpointEntity, String> {

    public Uni<List<JourneyTouchpointEntity>> findByProfile(String tenantId, String profileId) {
        return list("tenantId = ?1 and profileId = ?2 order by occurredAt, touchpointId", tenantId, profileId);
    }

    /** The touchpoints of these profiles, each profile's in occurred order (then id). */
    public Uni<List<JourneyTouchpointEntity>> findByProfiles(String tenantId, Collection<String> profileIds) {
        if (profileIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return getSession().chain(s -> s.createNativeQuery("SELECT * FROM journey_touchpoint WHERE tenant_id = ?1"
                + " AND profile_id = " + SqlIds.anyOf(2) + " ORDER BY occurred_at, touchpoint_id",
                JourneyTouchpointEntity.class).setParameter(1, tenantId).setParameter(2, SqlIds.json(profileIds))
                .getResultList());
    }

    /** The stored touchpoints among these uids. */
    public Uni<List<JourneyTouchpointEntity>> findByUids(Collection<String> uids) {
        if (uids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return getSession().chain(s -> s.createNativeQuery("SELECT * FROM journey_touchpoint WHERE uid = "
                + SqlIds.anyOf(1), JourneyTouchpointEntity.class).setParameter(1, SqlIds.json(uids)).getResultList());
    }

    /**
     * Inserts these new touchpoints, one statement per {@link Batches#SIZE} rows, with the values
     * a persist of each entity would store; answers how many. The rows must not exist: a row
     * that does fails the statement (no entity enters the session, and the caller flushes
     * pending changes before). The rows travel as one JSON array read by {@code json_to_recordset}.
     */
    public Uni<Integer> insertAll(List<JourneyTouchpointEntity> rows) {
        return Batches.count(rows, slice -> getSession().chain(s -> s.createNativeQuery("""
                INSERT INTO journey_touchpoint (uid, tenant_id, touchpoint_id, profile_id, graph_version, type, channel,
                    occurred_at, direction, correlation, sentiment, csat, nps, wait_seconds, agent_id, anonymous)
                SELECT uid, tenant_id, touchpoint_id, profile_id, graph_version, type, channel, occurred_at, direction,
                    correlation, sentiment, csat, nps, wait_seconds, agent_id, anonymous
                FROM json_to_recordset(CAST(CAST(?1 AS text) AS json)) AS v(uid text, tenant_id text,
                    touchpoint_id text, profile_id text, graph_version bigint, type text, channel text,
                    occurred_at timestamptz, direction text, correlation text, sentiment double precision,
                    csat integer, nps integer, wait_seconds integer, agent_id text, anonymous boolean)
                """).setParameter(1, rowsJson(slice)).executeUpdate()));
    }

    /** The rows of {@link #insertAll} as one JSON array, written straight out. */
    static String rowsJson(List<JourneyTouchpointEntity> rows) {
        return JsonRows.write(rows, 400, (g, e) -> {
            g.writeStringField("uid", e.uid);
            g.writeStringField("tenant_id", e.tenantId);
            g.writeStringField("touchpoint_id", e.touchpointId);
            g.writeStringField("profile_id", e.profileId);
            g.writeNumberField("graph_version", e.graphVersion);
            g.writeStringField("type", e.type);
            g.writeStringField("channel", e.channel);
            JsonRows.instant(g, "occurred_at", e.occurredAt);
            JsonRows.text(g, "direction", e.direction);
            g.writeStringField("correlation", e.correlation);
            JsonRows.decimal(g, "sentiment", e.sentiment);
            JsonRows.integer(g, "csat", e.csat);
            JsonRows.integer(g, "nps", e.nps);
            JsonRows.integer(g, "wait_seconds", e.waitSeconds);
            JsonRows.text(g, "agent_id", e.agentId);
            g.writeBooleanField("anonymous", e.anonymous);
        });
    }

    /** The recorded assignment of each of these touchpoints that is stored (values only, no entity loaded). */
    public Uni<Map<String, Assignment>> assignments(String tenantId, Collection<String> touchpointIds) {
        if (touchpointIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return getSession().chain(s -> s.createNativeQuery("SELECT touchpoint_id, profile_id, graph_version"
                + " FROM journey_touchpoint WHERE tenant_id = ?1 AND touchpoint_id = " + SqlIds.anyOf(2),
                Object[].class).setParameter(1, tenantId).setParameter(2, SqlIds.json(touchpointIds)).getResultList())
                .map(rows -> rows.stream().collect(Collectors.toMap(r -> (String) r[0],
                        r -> new Assignment((String) r[1], ((Number) r[2]).longValue()))));
    }

    /** The profiles that hold these touchpoints. */
    public Uni<List<String>> owners(String tenantId, Collection<String> touchpointIds) {
        return Batches.list(touchpointIds, ids -> getSession().chain(s -> s.createSelectionQuery(
                "select distinct t.profileId from JourneyTouchpointEntity t"
                        + " where t.tenantId = :tenant and t.touchpointId in :ids",
                String.class).setParameter("tenant", tenantId).setParameter("ids", ids).getResultList()))
                .map(owners -> owners.stream().distinct().toList());
    }

    /**
     * Re-attributes the touchpoints of merged profiles to the survivor, except those that a
     * newer graph version assigned.
     */
    public Uni<Integer> moveToProfile(String tenantId, Collection<String> fromProfiles, String toProfile,
            long graphVersion) {
        return Batches.count(fromProfiles, from -> update(
                "profileId = ?1, graphVersion = ?2 where tenantId = ?3 and profileId in ?4 and graphVersion <= ?2",
                toProfile, graphVersion, tenantId, from));
    }

    /** Assigns stored touchpoints to a profile, except those that a newer graph version assigned. */
    public Uni<Integer> reassign(String tenantId, Collection<String> touchpointIds, String toProfile,
            long graphVersion) {
        return Batches.count(touchpointIds, ids -> update(
                "profileId = ?1, graphVersion = ?2 where tenantId = ?3 and touchpointId in ?4 and graphVersion <= ?2",
                toProfile, graphVersion, tenantId, ids));
    }

    /** Deletes the touchpoints of these profiles and these touchpoints; answers how many. */
    public Uni<Integer> deleteErased(String tenantId, Collection<String> profileIds,
            Collection<String> touchpointIds) {
        return Batches.count(profileIds, ids -> delete("tenantId = ?1 and profileId in ?2", tenantId, ids)
                .map(Long::intValue))
                .chain(byProfile -> Batches.count(touchpointIds, ids -> delete(
                        "tenantId = ?1 and touchpointId in ?2", tenantId, ids).map(Long::intValue))
                        .map(byId -> byProfile + byId));
    }
}
