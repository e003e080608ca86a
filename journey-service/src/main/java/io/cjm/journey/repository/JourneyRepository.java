package io.cjm.journey.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.cjm.journey.entity.JourneyEntity;
import io.cjm.platform.db.SqlIds;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

@ApplicationScoped
public class JourneyRepository implements PanacheRepositoryBase<JourneyEntity, String> {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Uni<JourneyEntity> findInTenant(String tenantId, String id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
    }

    public Uni<List<JourneyEntity>> findByProfiles(String tenantId, Collection<String> profileIds) {
        if (profileIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return getSession().chain(s -> s.createNativeQuery("SELECT * FROM journey WHERE tenant_id = ?1 AND profile_id = "
                + SqlIds.anyOf(2), JourneyEntity.class).setParameter(1, tenantId)
                .setParameter(2, SqlIds.json(profileIds)).getResultList());
    }

    /** The ids of the journeys of these profiles. */
    public Uni<List<String>> idsByProfiles(String tenantId, Collection<String> profileIds) {
        return Batches.list(profileIds, ids -> getSession().chain(s -> s.createSelectionQuery(
                "select j.id from JourneyEntity j where j.tenantId = :tenant and j.profileId in :profiles",
                String.class).setParameter("tenant", tenantId).setParameter("profiles", ids).getResultList()));
    }

    /** The journeys of these profiles whose score is stale (queued in {@code journey_stale}). */
    public Uni<List<JourneyEntity>> staleOfProfiles(String tenantId, Collection<String> profileIds) {
        if (profileIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return getSession().chain(s -> s.createNativeQuery("SELECT j.* FROM journey j WHERE j.tenant_id = ?1 "
                + "AND j.profile_id = " + SqlIds.anyOf(2)
                + " AND EXISTS (SELECT 1 FROM journey_stale q WHERE q.journey_id = j.id)", JourneyEntity.class)
                .setParameter(1, tenantId).setParameter(2, SqlIds.json(profileIds)).getResultList());
    }

    /**
     * Queues these journeys of the caller's transaction for scoring (their score is stale from
     * now on), due at {@code dueAt}, with no failed attempt; answers how many.
     * Called after the journeys' rows are written, whose locks order it against
     * {@link #storeScores}.
     */
    public Uni<Integer> markStale(Collection<String> journeyIds, Instant dueAt) {
        if (journeyIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return getSession().chain(s -> s.createNativeQuery("""
                INSERT INTO journey_stale (journey_id, attempts, retry_at)
                SELECT id, 0, CAST(CAST(?2 AS text) AS timestamptz)
                FROM jsonb_array_elements_text(CAST(CAST(?1 AS text) AS jsonb)) AS id
                ON CONFLICT (journey_id) DO UPDATE SET attempts = 0, retry_at = EXCLUDED.retry_at
                """).setParameter(1, SqlIds.json(journeyIds))
                .setParameter(2, dueAt.toString()).executeUpdate());
    }

    /**
     * Marks the tenant's journeys (of one definition key, or all when null) stale and due now,
     * with their update time moved to {@code now} (so that a score computed before is not
     * kept); answers how many. One statement.
     */
    public Uni<Integer> markTenantStale(String tenantId, String definitionKey, Instant now) {
        String sql = """
                WITH marked AS (
                    UPDATE journey SET updated_at = CAST(CAST(?1 AS text) AS timestamptz)
                    WHERE tenant_id = ?2%s
                    RETURNING id
                ), queued AS (
                    INSERT INTO journey_stale (journey_id, attempts, retry_at) SELECT id, 0, NULL FROM marked
                    ON CONFLICT (journey_id) DO UPDATE SET attempts = 0, retry_at = NULL
                )
                SELECT count(*) FROM marked
                """.formatted(definitionKey == null ? "" : " AND definition_key = ?3");
        return getSession().chain(s -> {
            var q = s.createNativeQuery(sql, Long.class).setParameter(1, now.toString()).setParameter(2, tenantId);
            return (definitionKey == null ? q : q.setParameter(3, definitionKey)).getSingleResult();
        }).map(Long::intValue);
    }

    /** A computed JES of a journey, for the journey as it was at {@code updatedAt}. */
    public record Score(String journeyId, double jes, Instant updatedAt) {
    }

    /**
     * Keeps each JES on its journey and takes the journey off the stale queue, unless the
     * journey changed since it was read for scoring (its update time moved). One statement for
     * all; answers the ids of the journeys that kept their score.
     * <p>
     * The journey row changes in {@code jes} only, which no index reads: a HOT update when its
     * page has room (the table's fillfactor keeps some).
     */
    public Uni<Set<String>> storeScores(String tenantId, List<Score> scores) {
        ArrayNode rows = JSON.createArrayNode();
        scores.forEach(sc -> rows.addObject().put("id", sc.journeyId()).put("jes", sc.jes())
                .put("updated_at", sc.updatedAt().truncatedTo(java.time.temporal.ChronoUnit.MICROS).toString()));
        return getSession().chain(s -> s.createNativeQuery("""
                WITH kept AS (
                    UPDATE journey j SET jes = v.jes
                    FROM json_to_recordset(CAST(CAST(?2 AS text) AS json)) AS v(id text, jes double precision, updated_at timestamptz)
                    WHERE j.tenant_id = ?1 AND j.id = v.id AND j.updated_at = v.updated_at
                    RETURNING j.id
                ), dequeued AS (
                    DELETE FROM journey_stale q USING kept WHERE q.journey_id = kept.id
                )
                SELECT id FROM kept
                """, String.class).setParameter(1, tenantId).setParameter(2, rows.toString()).getResultList())
                .map(HashSet::new);
    }

    /**
     * Inserts these new journeys, one statement per {@link Batches#SIZE} rows, with the values a
     * persist of each entity would store; answers how many. The rows must not exist: a row that
     * does fails the statement (no entity enters the session, and the caller flushes pending
     * changes before). The rows travel as one JSON array read by {@code json_to_recordset}.
     */
    public Uni<Integer> insertAll(List<JourneyEntity> rows) {
        return Batches.count(rows, slice -> getSession().chain(s -> s.createNativeQuery("""
                INSERT INTO journey (id, tenant_id, profile_id, definition_key, definition_version, category, status,
                    stage, started_at, last_activity_at, ended_at, timeout_at, touchpoint_ids, handoffs, friction,
                    correlation, jes, updated_at)
                SELECT id, tenant_id, profile_id, definition_key, definition_version, category, status, stage,
                    started_at, last_activity_at, ended_at, timeout_at, touchpoint_ids, handoffs, friction, correlation,
                    jes, updated_at
                FROM json_to_recordset(CAST(CAST(?1 AS text) AS json)) AS v(id text, tenant_id text, profile_id text,
                    definition_key text, definition_version integer, category text, status text, stage text,
                    started_at timestamptz, last_activity_at timestamptz, ended_at timestamptz, timeout_at timestamptz,
                    touchpoint_ids text, handoffs text, friction text, correlation text, jes double precision,
                    updated_at timestamptz)
                """).setParameter(1, rowsJson(slice)).executeUpdate()));
    }

    /** The rows of {@link #insertAll} as one JSON array, written straight out. */
    static String rowsJson(List<JourneyEntity> rows) {
        return JsonRows.write(rows, 800, (g, e) -> {
            g.writeStringField("id", e.id);
            g.writeStringField("tenant_id", e.tenantId);
            g.writeStringField("profile_id", e.profileId);
            g.writeStringField("definition_key", e.definitionKey);
            g.writeNumberField("definition_version", e.definitionVersion);
            g.writeStringField("category", e.category);
            g.writeStringField("status", e.status);
            JsonRows.text(g, "stage", e.stage);
            JsonRows.instant(g, "started_at", e.startedAt);
            JsonRows.instant(g, "last_activity_at", e.lastActivityAt);
            JsonRows.instant(g, "ended_at", e.endedAt);
            JsonRows.instant(g, "timeout_at", e.timeoutAt);
            g.writeStringField("touchpoint_ids", e.touchpointIds);
            g.writeStringField("handoffs", e.handoffs);
            g.writeStringField("friction", e.friction);
            g.writeStringField("correlation", e.correlation);
            JsonRows.decimal(g, "jes", e.jes);
            JsonRows.instant(g, "updated_at", e.updatedAt);
        });
    }

    /** Deletes journeys of the tenant by id, and their places on the stale queue; answers how many. */
    public Uni<Integer> deleteByIds(String tenantId, Collection<String> ids) {
        return Batches.count(ids, slice -> getSession().chain(s -> s.createNativeQuery("""
                WITH gone AS (DELETE FROM journey WHERE tenant_id = ?1 AND id IN (?2) RETURNING id),
                dequeued AS (DELETE FROM journey_stale q USING gone WHERE q.journey_id = gone.id)
                SELECT count(*) FROM gone
                """, Long.class).setParameter(1, tenantId).setParameter(2, slice).getSingleResult())
                .map(Long::intValue));
    }

    /**
     * One page of journeys, newest activity first, then by id, filtered by whatever is set,
     * starting after the keyset position {@code after} (null for the first page). The
     * condition on the position is written so that the index on
     * {@code (tenant_id, last_activity_at DESC, id)} (or its profile twin) bounds the scan.
     */
    public Uni<List<JourneyEntity>> page(String tenantId, JourneyFilter f, JourneyCursor after, int limit) {
        StringBuilder q = new StringBuilder("tenantId = :tenant");
        Parameters p = Parameters.with("tenant", tenantId);
        if (f.profileId() != null) {
            q.append(" and profileId = :profile");
            p.and("profile", f.profileId());
        }
        if (f.type() != null) {
            q.append(" and definitionKey = :type");
            p.and("type", f.type());
        }
        if (f.statuses() != null && f.statuses().equals(Set.of("open"))) {
            // A literal, not a parameter: the planner uses the partial index journey_profile_open_idx
            // (WHERE status = 'open') only when it sees the value, whatever plan it caches.
            q.append(" and status = 'open'");
        } else if (f.statuses() != null && f.statuses().size() == 1) {
            q.append(" and status = :status");
            p.and("status", f.statuses().iterator().next());
        } else if (f.statuses() != null) {
            q.append(" and status in :statuses");
            p.and("statuses", f.statuses());
        }
        if (f.stage() != null) {
            q.append(" and stage = :stage");
            p.and("stage", f.stage());
        }
        if (f.activeFrom() != null) {
            q.append(" and lastActivityAt >= :from");
            p.and("from", f.activeFrom());
        }
        if (f.activeTo() != null) {
            q.append(" and startedAt < :to");
            p.and("to", f.activeTo());
        }
        if (f.minJes() != null) {
            q.append(" and jes >= :minJes");
            p.and("minJes", f.minJes());
        }
        if (f.maxJes() != null) {
            q.append(" and jes <= :maxJes");
            p.and("maxJes", f.maxJes());
        }
        if (after != null) {
            q.append(" and lastActivityAt <= :afterTime and (lastActivityAt < :afterTime or id > :afterId)");
            p.and("afterTime", after.lastActivityAt()).and("afterId", after.id());
        }
        q.append(" order by lastActivityAt desc, id");
        return find(q.toString(), p).range(0, limit - 1).list();
    }

    /** Profiles with an open journey whose inactivity timeout has passed. */
    public Uni<List<Object[]>> profilesWithTimedOutJourneys(Instant now, int max) {
        return getSession().chain(s -> s.createSelectionQuery(
                "select distinct j.tenantId, j.profileId from JourneyEntity j where j.status = 'open' and j.timeoutAt < :now",
                Object[].class).setParameter("now", now).setMaxResults(max).getResultList());
    }

    /**
     * Up to {@code max} (tenant, profile) pairs with journeys whose score is stale and due,
     * those never tried first, then by how long they have been due.
     */
    public Uni<List<Object[]>> profilesDueForRescore(int max) {
        return getSession().chain(s -> s.createNativeQuery("SELECT j.tenant_id, j.profile_id "
                + "FROM journey_stale q JOIN journey j ON j.id = q.journey_id "
                + "WHERE q.retry_at IS NULL OR q.retry_at <= now() "
                + "GROUP BY j.tenant_id, j.profile_id "
                + "ORDER BY min(coalesce(q.retry_at, '-infinity'::timestamptz)), j.tenant_id, j.profile_id LIMIT ?1",
                Object[].class).setParameter(1, max).getResultList());
    }

    /**
     * Puts off the next attempt at the profiles' stale journeys: 2^attempts seconds, at most
     * {@code maxSeconds}.
     */
    public Uni<Integer> backOffRescore(String tenantId, Collection<String> profileIds, int maxSeconds) {
        return Batches.count(profileIds, ids -> getSession().chain(s -> s.createNativeQuery("UPDATE journey_stale q SET "
                + "retry_at = now() + least(power(2, least(q.attempts, 20)), ?1) * interval '1 second', "
                + "attempts = q.attempts + 1 FROM journey j "
                + "WHERE j.id = q.journey_id AND j.tenant_id = ?2 AND j.profile_id IN (?3)")
                .setParameter(1, maxSeconds).setParameter(2, tenantId).setParameter(3, ids).executeUpdate()));
    }

    /** Journeys of all tenants by stored status name. */
    public Uni<Map<String, Long>> countByStatus() {
        return getSession().chain(s -> s.createSelectionQuery(
                "select j.status, count(j) from JourneyEntity j group by j.status", Object[].class).getResultList())
                .map(rows -> rows.stream()
                        .collect(Collectors.toMap(r -> (String) r[0], r -> ((Number) r[1]).longValue())));
    }
}
