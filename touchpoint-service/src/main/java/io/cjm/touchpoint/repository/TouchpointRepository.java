package io.cjm.touchpoint.repository;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.cjm.platform.db.SqlIds;
import io.cjm.touchpoint.entity.TouchpointEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

@ApplicationScoped
public class TouchpointRepository implements PanacheRepositoryBase<TouchpointEntity, String> {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Set before {@link #STATS}, in its transaction. A row counted leaves a dead entry in
     * {@code touchpoint_not_counted_idx} until the table is vacuumed. A plain index scan marks the
     * entries of dead rows it meets as dead, so the next scan skips them: each poll of the stats
     * reads only what changed since the one before. A bitmap scan (what the planner picks for a
     * few hundred rows) never marks them and would read every row counted since the last vacuum.
     */
    static final String PLAIN_INDEX_SCANS = "SET LOCAL enable_bitmapscan = off";

    /** {@link #stats}: the tenant as {@code ?1}. Package-private for the test of its plan. */
    static final String STATS = """
        WITH kept AS (
            SELECT coalesce(sum(accepted), 0) AS accepted, coalesce(sum(resolved), 0) AS resolved,
                coalesce(sum(assembled), 0) AS assembled, coalesce(sum(scored), 0) AS scored
            FROM pipeline_count WHERE tenant_id = ?1
        ), open AS (
            SELECT count(*) AS accepted, count(resolved_at) AS resolved, count(assembled_at) AS assembled,
                count(scored_at) AS scored, count(quarantined_at) AS quarantined,
                count(*) FILTER (WHERE done_at IS NULL AND quarantined_at IS NULL) AS pending,
                min(accepted_at) FILTER (WHERE done_at IS NULL AND quarantined_at IS NULL) AS oldest
            FROM touchpoint WHERE tenant_id = ?1 AND NOT counted
        )
        SELECT CAST(k.accepted + o.accepted AS bigint), CAST(k.resolved + o.resolved AS bigint),
               CAST(k.assembled + o.assembled AS bigint), CAST(k.scored + o.scored AS bigint), o.pending,
               o.quarantined + (SELECT count(*) FROM touchpoint
                   WHERE tenant_id = ?1 AND counted AND quarantined_at IS NOT NULL),
               COALESCE(EXTRACT(EPOCH FROM now() - o.oldest), 0)
        FROM kept k, open o
        """;

    /**
     * Stores the tenant's new touchpoints, each with its outbox row, in one statement, and answers
     * the client ids of those stored now. A touchpoint whose id the tenant already has (stored
     * before, or by a concurrent capture that committed first) is skipped with its outbox row:
     * the unique key (tenant, client id) decides, and a concurrent insert of the same id waits
     * for the other transaction instead of failing. The rows go in client id order (byte order), so two
     * captures of overlapping batches wait for each other rather than deadlock.
     * <p>
     * The rows travel as one JSON array (read by {@code json_to_recordset}), like the relay's
     * multi-row updates: one round trip and one statement for the whole batch, no entity in the
     * session. {@code rows} are used as values only.
     */
    public Uni<Set<String>> insertNew(String tenantId, List<TouchpointEntity> rows, Instant acceptedAt,
            String traceparent) {
        String json = rowsJson(rows);
        return getSession().chain(s -> s.createNativeQuery("""
                WITH v AS (
                    SELECT * FROM json_to_recordset(CAST(CAST(?1 AS text) AS json)) AS v(uid text,
                        touchpoint_id text, type text, channel text, occurred_at timestamptz, direction text,
                        identifiers text, attributes text, content text, sentiment double precision,
                        csat integer, nps integer, wait_seconds integer, agent_id text, value double precision,
                        handle_seconds integer, transfers integer, bot_intent text, bot_outcome text,
                        currency text, source text)
                ), stored AS (
                    INSERT INTO touchpoint (uid, tenant_id, touchpoint_id, type, channel, occurred_at, direction,
                        identifiers, attributes, content, sentiment, csat, nps, wait_seconds, agent_id, value,
                        handle_seconds, transfers, bot_intent, bot_outcome, currency, source, accepted_at)
                    SELECT uid, CAST(?2 AS text), touchpoint_id, type, channel, occurred_at, direction,
                        identifiers, attributes, content, sentiment, csat, nps, wait_seconds, agent_id, value,
                        handle_seconds, transfers, bot_intent, bot_outcome, currency, source,
                        CAST(CAST(?3 AS text) AS timestamptz)
                    FROM v ORDER BY touchpoint_id COLLATE "C"
                    ON CONFLICT (tenant_id, touchpoint_id) DO NOTHING
                    RETURNING uid, touchpoint_id
                ), queued AS (
                    INSERT INTO outbox (uid, tenant_id, touchpoint_id, created_at, next_attempt_at, traceparent)
                    SELECT uid, CAST(?2 AS text), touchpoint_id, CAST(CAST(?3 AS text) AS timestamptz),
                        CAST(CAST(?3 AS text) AS timestamptz), NULLIF(CAST(?4 AS text), '')
                    FROM stored
                )
                SELECT touchpoint_id FROM stored
                """, String.class).setParameter(1, json).setParameter(2, tenantId)
                .setParameter(3, acceptedAt.toString()).setParameter(4, traceparent == null ? "" : traceparent)
                .getResultList()).map(HashSet::new);
    }

    /** The rows of {@link #insertNew} as one JSON array, written straight out (no tree in between). */
    static String rowsJson(List<TouchpointEntity> rows) {
        StringWriter out = new StringWriter(rows.size() * 400);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartArray();
            for (TouchpointEntity e : rows) {
                g.writeStartObject();
                g.writeStringField("uid", e.uid);
                g.writeStringField("touchpoint_id", e.touchpointId);
                g.writeStringField("type", e.type);
                g.writeStringField("channel", e.channel);
                // PostgreSQL keeps microseconds and would round the text's nanoseconds: cut them as before.
                g.writeStringField("occurred_at", e.occurredAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS).toString());
                g.writeStringField("identifiers", e.identifiers);
                text(g, "direction", e.direction);
                text(g, "attributes", e.attributes);
                text(g, "content", e.content);
                text(g, "agent_id", e.agentId);
                text(g, "bot_intent", e.botIntent);
                text(g, "bot_outcome", e.botOutcome);
                text(g, "currency", e.currency);
                text(g, "source", e.source);
                if (e.sentiment != null) {
                    g.writeNumberField("sentiment", e.sentiment);
                }
                if (e.value != null) {
                    g.writeNumberField("value", e.value);
                }
                integer(g, "csat", e.csat);
                integer(g, "nps", e.nps);
                integer(g, "wait_seconds", e.waitSeconds);
                integer(g, "handle_seconds", e.handleSeconds);
                integer(g, "transfers", e.transfers);
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return out.toString();
    }

    /** A text column; left out when null (json_to_recordset reads a missing key as NULL). */
    private static void text(JsonGenerator g, String column, String value) throws IOException {
        if (value != null) {
            g.writeStringField(column, value);
        }
    }

    private static void integer(JsonGenerator g, String column, Integer value) throws IOException {
        if (value != null) {
            g.writeNumberField(column, value.intValue());
        }
    }

    /**
     * Records that the touchpoint was resolved (the first time only) and, unless the stored
     * profile comes from a newer identity graph, its profile and graph version. Two statements,
     * no entity load. Answers false when the touchpoint no longer exists (it was erased).
     */
    public Uni<Boolean> resolved(String uid, String profileId, long graphVersion, Instant now) {
        return update("resolvedAt = coalesce(resolvedAt, ?1) where uid = ?2", now, uid)
                .chain(found -> found == 0 ? Uni.createFrom().item(false)
                        : update("profileId = ?1, graphVersion = ?2 where uid = ?3"
                                + " and (graphVersion is null or graphVersion <= ?2)", profileId, graphVersion, uid)
                                .replaceWith(true));
    }

    /** A touchpoint resolved to a profile at a graph version. */
    public record ResolvedRow(String uid, String profileId, long graphVersion) {
    }

    /**
     * {@link #resolved} for several touchpoints in one statement, their rows locked in uid order
     * first (see {@link #lock}); answers the uids of those that still exist.
     */
    public Uni<Set<String>> resolvedAll(List<ResolvedRow> rows, Instant now) {
        ArrayNode json = JSON.createArrayNode();
        rows.forEach(r -> json.addObject().put("uid", r.uid()).put("profile_id", r.profileId())
                .put("graph_version", r.graphVersion()));
        return getSession().chain(s -> s.createNativeQuery("""
                UPDATE touchpoint t SET resolved_at = coalesce(t.resolved_at, CAST(CAST(?2 AS text) AS timestamptz)),
                    profile_id = CASE WHEN t.graph_version IS NULL OR t.graph_version <= v.graph_version
                        THEN v.profile_id ELSE t.profile_id END,
                    graph_version = CASE WHEN t.graph_version IS NULL OR t.graph_version <= v.graph_version
                        THEN v.graph_version ELSE t.graph_version END
                FROM json_to_recordset(CAST(CAST(?1 AS text) AS json)) AS v(uid text, profile_id text, graph_version bigint)
                WHERE t.uid = v.uid AND t.uid IN (
                    SELECT uid FROM touchpoint
                    WHERE uid IN (SELECT w.uid FROM json_to_recordset(CAST(CAST(?1 AS text) AS json)) AS w(uid text))
                    ORDER BY uid COLLATE "C"
                    FOR UPDATE)
                RETURNING t.uid
                """, String.class).setParameter(1, json.toString()).setParameter(2, now.toString()).getResultList())
                .map(HashSet::new);
    }

    /**
     * A touchpoint handed to journey-service: now assembled; scored when it joined a journey and
     * its journeys were scored; done when it joined no journey or its journeys were scored.
     */
    public record FinishedRow(String uid, boolean scored, boolean done, ResolvedRow resolution) {

        /** A row whose resolution is recorded already. */
        public FinishedRow(String uid, boolean scored, boolean done) {
            this(uid, scored, done, null);
        }
    }

    /** The uids among these that are still stored (an erased touchpoint is not); reads the primary key only. */
    public Uni<Set<String>> existing(Collection<String> uids) {
        ArrayNode json = JSON.createArrayNode();
        uids.forEach(json::add);
        return getSession().chain(s -> s.createNativeQuery("""
                SELECT uid FROM touchpoint
                WHERE uid = ANY (ARRAY(SELECT jsonb_array_elements_text(CAST(CAST(?1 AS text) AS jsonb))))
                """, String.class).setParameter(1, json.toString()).getResultList())
                .map(HashSet::new);
    }

    /**
     * Records that these touchpoints are assembled, scored and done as each row says (each time
     * the first time only), and counts those now done into their tenant's pipeline counts. One
     * statement, the rows locked in uid order first; answers the uids of those that still exist.
     * A row with a resolution records it too, as {@link #resolvedAll} would (resolved the first
     * time only; the profile and graph version unless a newer graph version is stored), so that a
     * touchpoint that goes through in one round is written once after its resolution, not twice.
     * <p>
     * A row becomes counted when it is done and resolved (assembled it is now); its tenant's
     * {@code pipeline_count} (a random slot) gets, in the same statement, what changed in the
     * counted rows: each counts as {@code counted × step recorded}, new values minus the old ones
     * read under the lock. So a touchpoint done again (a redelivery) adds nothing, and one that a
     * redelivery scores after it was counted adds its score. The counts change only when some
     * row's count does.
     */
    public Uni<Set<String>> finishAll(List<FinishedRow> rows, Instant now) {
        ArrayNode json = JSON.createArrayNode();
        rows.forEach(r -> {
            var row = json.addObject().put("uid", r.uid()).put("scored", r.scored()).put("done", r.done());
            if (r.resolution() != null) {
                row.put("profile_id", r.resolution().profileId()).put("graph_version", r.resolution().graphVersion());
            }
        });
        return getSession().chain(s -> s.createNativeQuery("""
                WITH v AS (
                    SELECT * FROM json_to_recordset(CAST(CAST(?1 AS text) AS json))
                        AS v(uid text, scored boolean, done boolean, profile_id text, graph_version bigint)
                ), finished AS (
                    UPDATE touchpoint t SET assembled_at = coalesce(t.assembled_at, CAST(CAST(?2 AS text) AS timestamptz)),
                        scored_at = CASE WHEN v.scored THEN coalesce(t.scored_at, CAST(CAST(?2 AS text) AS timestamptz))
                            ELSE t.scored_at END,
                        done_at = CASE WHEN v.done THEN coalesce(t.done_at, CAST(CAST(?2 AS text) AS timestamptz))
                            ELSE t.done_at END,
                        resolved_at = CASE WHEN v.profile_id IS NULL THEN t.resolved_at
                            ELSE coalesce(t.resolved_at, CAST(CAST(?2 AS text) AS timestamptz)) END,
                        profile_id = CASE WHEN v.profile_id IS NOT NULL
                                AND (t.graph_version IS NULL OR t.graph_version <= v.graph_version)
                            THEN v.profile_id ELSE t.profile_id END,
                        graph_version = CASE WHEN v.profile_id IS NOT NULL
                                AND (t.graph_version IS NULL OR t.graph_version <= v.graph_version)
                            THEN v.graph_version ELSE t.graph_version END,
                        counted = t.counted OR (v.done AND (t.resolved_at IS NOT NULL OR v.profile_id IS NOT NULL))
                    FROM v, (
                        SELECT uid, counted, resolved_at IS NOT NULL AS resolved, assembled_at IS NOT NULL AS assembled,
                            scored_at IS NOT NULL AS scored
                        FROM touchpoint WHERE uid IN (SELECT uid FROM v)
                        ORDER BY uid COLLATE "C"
                        FOR UPDATE) AS was
                    WHERE t.uid = v.uid AND t.uid = was.uid
                    RETURNING t.uid, t.tenant_id,
                        CAST(t.counted AS int) - CAST(was.counted AS int) AS accepted,
                        CAST(t.counted AND t.resolved_at IS NOT NULL AS int) - CAST(was.counted AND was.resolved AS int) AS resolved,
                        CAST(t.counted AND t.assembled_at IS NOT NULL AS int) - CAST(was.counted AND was.assembled AS int) AS assembled,
                        CAST(t.counted AND t.scored_at IS NOT NULL AS int) - CAST(was.counted AND was.scored AS int) AS scored
                ), counts AS (
                    INSERT INTO pipeline_count (tenant_id, slot, accepted, resolved, assembled, scored)
                    SELECT tenant_id, CAST(floor(random() * 8) AS smallint), sum(accepted), sum(resolved), sum(assembled),
                        sum(scored)
                    FROM finished WHERE accepted <> 0 OR resolved <> 0 OR assembled <> 0 OR scored <> 0
                    GROUP BY tenant_id
                    ON CONFLICT (tenant_id, slot) DO UPDATE SET accepted = pipeline_count.accepted + EXCLUDED.accepted,
                        resolved = pipeline_count.resolved + EXCLUDED.resolved,
                        assembled = pipeline_count.assembled + EXCLUDED.assembled,
                        scored = pipeline_count.scored + EXCLUDED.scored
                )
                SELECT uid FROM finished
                """, String.class).setParameter(1, json.toString()).setParameter(2, now.toString()).getResultList())
                .map(HashSet::new);
    }

    /**
     * Moves the tenant's given touchpoints to {@code profileId}, except those whose stored profile
     * comes from a newer identity graph than {@code graphVersion}. One statement; answers the
     * number of touchpoints moved (or confirmed).
     * <p>
     * The rows are locked in uid order first (see {@link #lock}): two deliveries that reassign
     * overlapping touchpoints at the same time then wait for each other instead of deadlocking,
     * which a plain multi-row update does, since it locks rows in the order it happens to scan them.
     */
    public Uni<Integer> reassign(String tenantId, Collection<String> touchpointIds, String profileId,
            long graphVersion) {
        return getSession().chain(s -> s.createNativeQuery("""
                UPDATE touchpoint SET profile_id = ?1, graph_version = ?2
                WHERE uid IN (
                    SELECT uid FROM touchpoint
                    WHERE tenant_id = ?3 AND touchpoint_id IN (?4)
                      AND (graph_version IS NULL OR graph_version <= ?2)
                    ORDER BY uid COLLATE "C"
                    FOR UPDATE)
                  AND (graph_version IS NULL OR graph_version <= ?2)
                """).setParameter(1, profileId).setParameter(2, graphVersion).setParameter(3, tenantId)
                .setParameter(4, touchpointIds).executeUpdate());
    }

    /** The uids of the tenant's touchpoints with these client ids (those it has). No lock. */
    public Uni<List<String>> uidsOf(String tenantId, Collection<String> touchpointIds) {
        if (touchpointIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return getSession().chain(s -> s.createNativeQuery("SELECT uid FROM touchpoint WHERE tenant_id = ?1 "
                + "AND touchpoint_id = " + SqlIds.anyOf(2), String.class).setParameter(1, tenantId)
                .setParameter(2, SqlIds.json(touchpointIds)).getResultList());
    }

    /** The uids of the tenant's touchpoints stored under the given profiles. No lock. */
    public Uni<List<String>> uidsOfProfiles(String tenantId, Collection<String> profileIds) {
        return find("select t.uid from TouchpointEntity t where t.tenantId = ?1 and t.profileId in ?2", tenantId,
                profileIds).project(String.class).list();
    }

    /**
     * Locks the tenant's touchpoints with the given uids until the transaction ends, in uid order
     * (byte order, the same as Java's for these ASCII uids). Every statement that locks several
     * touchpoints does it in this order, and always before it touches their outbox rows (as the
     * relay's single-row transactions do), so such transactions cannot deadlock each other.
     */
    public Uni<List<String>> lock(String tenantId, Collection<String> uids) {
        return getSession().chain(s -> s.createNativeQuery("""
                SELECT uid FROM touchpoint WHERE tenant_id = ?1 AND uid IN (?2) ORDER BY uid COLLATE "C" FOR UPDATE
                """, String.class).setParameter(1, tenantId).setParameter(2, uids).getResultList());
    }

    /**
     * Deletes the tenant's touchpoints with the given uids; their outbox rows must be gone. One
     * statement; its trigger (V8) takes the counted ones out of the tenant's pipeline counts.
     */
    public Uni<Long> deleteByUids(String tenantId, Collection<String> uids) {
        return delete("tenantId = ?1 and uid in ?2", tenantId, uids);
    }

    /**
     * Pipeline counts of a tenant: accepted, resolved, assembled, scored, pending, quarantined,
     * oldest pending age. One statement (one snapshot): the tenant's {@code pipeline_count} rows
     * (its counted touchpoints, all done) plus its touchpoints not counted, read through the
     * partial index {@code touchpoint_not_counted_idx} (V8), so the cost follows the touchpoints
     * still in the pipeline, not all the tenant ever had. Pending and its age come from the rows
     * not counted (a counted row is done). Quarantined is the quarantined rows not counted plus
     * the counted ones, read through their own tiny partial index: a delivery still in flight
     * when another one finished its touchpoint can quarantine a done row, or finish a quarantined one.
     * Must run in a transaction (for {@link #PLAIN_INDEX_SCANS}).
     */
    public Uni<Object[]> stats(String tenantId) {
        return getSession().chain(s -> s.createNativeQuery(PLAIN_INDEX_SCANS).executeUpdate()
                .chain(() -> s.createNativeQuery(STATS, Object[].class).setParameter(1, tenantId).getSingleResult()));
    }

    /** Touchpoints of all tenants still in the pipeline, and quarantined ones: {pending, quarantined}. */
    public Uni<long[]> pendingAndQuarantined() {
        return getSession().chain(s -> s.createNativeQuery("""
                SELECT (SELECT count(*) FROM touchpoint WHERE done_at IS NULL AND quarantined_at IS NULL),
                       (SELECT count(*) FROM touchpoint WHERE quarantined_at IS NOT NULL)
                """, Object[].class).getSingleResult())
                .map(r -> new long[] { ((Number) r[0]).longValue(), ((Number) r[1]).longValue() });
    }

    /** A touchpoint locked for a replay: its uid and id, and whether it is quarantined. */
    public record Replayable(String uid, String touchpointId, boolean quarantined) {
    }

    /**
     * One page of the tenant's quarantined touchpoints, newest quarantine first (then uid,
     * descending), after the position {@code (afterQuarantinedAt, afterUid)} when given.
     */
    public Uni<List<TouchpointEntity>> quarantined(String tenantId, Instant afterQuarantinedAt, String afterUid,
            int limit) {
        var query = afterQuarantinedAt == null
                ? find("tenantId = ?1 and quarantinedAt is not null order by quarantinedAt desc, uid desc", tenantId)
                : find("tenantId = ?1 and quarantinedAt is not null and (quarantinedAt < ?2 "
                        + "or (quarantinedAt = ?2 and uid < ?3)) order by quarantinedAt desc, uid desc",
                        tenantId, afterQuarantinedAt, afterUid);
        return query.range(0, limit - 1).list();
    }

    /** The uids of up to {@code limit} of the tenant's quarantined touchpoints, oldest quarantine first. No lock. */
    public Uni<List<String>> quarantinedUids(String tenantId, int limit) {
        return find("select t.uid from TouchpointEntity t where t.tenantId = ?1 and t.quarantinedAt is not null "
                + "order by t.quarantinedAt, t.uid", tenantId).project(String.class).range(0, limit - 1).list();
    }

    /**
     * Locks the tenant's touchpoints with the given uids in uid order (as {@link #lock} does) and
     * tells which are quarantined. Uids the tenant does not have are not in the answer.
     */
    public Uni<List<Replayable>> lockForReplay(String tenantId, Collection<String> uids) {
        return getSession().chain(s -> s.createNativeQuery("""
                SELECT uid, touchpoint_id, quarantined_at IS NOT NULL FROM touchpoint
                WHERE tenant_id = ?1 AND uid IN (?2) ORDER BY uid COLLATE "C" FOR UPDATE
                """, Object[].class).setParameter(1, tenantId).setParameter(2, uids).getResultList())
                .map(rows -> rows.stream().map(r -> new Replayable((String) r[0], (String) r[1], (Boolean) r[2]))
                        .toList());
    }

    /** Lifts the quarantine of the tenant's touchpoints with the given uids. One statement. */
    public Uni<Integer> unquarantine(String tenantId, Collection<String> uids) {
        return update("quarantinedAt = null, quarantineReason = null, quarantineAttempts = null "
                + "where tenantId = ?1 and uid in ?2 and quarantinedAt is not null", tenantId, uids);
    }

    /**
     * One page of the touchpoints stored under the tenant's profile, newest first (occurred_at,
     * then the client's id, both descending), after the position {@code (afterOccurredAt,
     * afterId)} when given. Read in the order of touchpoint_profile_timeline_idx (V5).
     */
    public Uni<List<TouchpointEntity>> ofProfile(String tenantId, String profileId, Instant afterOccurredAt,
            String afterId, int limit) {
        var query = afterOccurredAt == null
                ? find("tenantId = ?1 and profileId = ?2 order by occurredAt desc, touchpointId desc", tenantId,
                        profileId)
                // "occurredAt <= ?3" repeats part of the keyset condition on purpose: PostgreSQL uses it
                // as an index condition and starts the scan at the page, where the OR alone is only a
                // filter and a deep page would scan every newer touchpoint of the profile first.
                : find("tenantId = ?1 and profileId = ?2 and occurredAt <= ?3"
                        + " and (occurredAt < ?3 or (occurredAt = ?3 and touchpointId < ?4))"
                        + " order by occurredAt desc, touchpointId desc", tenantId, profileId, afterOccurredAt, afterId);
        return query.range(0, limit - 1).list();
    }
}
