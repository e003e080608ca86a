package io.cjm.identity.repository;

import io.cjm.identity.entity.IdentifierEntity;
import io.cjm.identity.entity.IdentityConflictEntity;
import io.cjm.identity.entity.MergeLogEntity;
import io.cjm.identity.entity.ProfileEntity;
import io.cjm.identity.entity.SightingEntity;
import io.cjm.platform.db.SqlIds;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Inserts many new rows of the graph in one statement per table, in the current session's
 * transaction: the rows travel as one JSON array and PostgreSQL expands them with
 * {@code json_to_recordset}. A resolution batch creates thousands of rows; inserting them
 * as entities costs a persist, an insert and a flush check each, which made batched
 * resolution several times slower (see the README's benchmark).
 */
@ApplicationScoped
public class BulkInserts {

    /** New rows of one recomputation, inserted together. */
    public static final class Rows {
        public final List<IdentifierEntity> identifiers = new java.util.ArrayList<>();
        public final List<SightingEntity> sightings = new java.util.ArrayList<>();
        public final List<ProfileEntity> profiles = new java.util.ArrayList<>();
        public final List<IdentityConflictEntity> conflicts = new java.util.ArrayList<>();
        public final List<MergeLogEntity> merges = new java.util.ArrayList<>();
    }

    public Uni<Void> insert(Rows rows) {
        return insert("identifier", "id text, tenant_id text, profile_id text, type text, value text, "
                + "first_seen timestamptz, last_seen timestamptz, component_id text", rows.identifiers, (j, e) -> j
                        .text("id", e.id).text("tenant_id", e.tenantId).text("profile_id", e.profileId)
                        .text("type", e.type).text("value", e.value).time("first_seen", e.firstSeen)
                        .time("last_seen", e.lastSeen).text("component_id", e.componentId))
                .chain(() -> insert("sighting", "uid text, tenant_id text, touchpoint_id text, occurred_at timestamptz, "
                        + "identifier_keys text, component_id text, profile_id text, resolved_at timestamptz, "
                        + "moved_touchpoints text",
                        rows.sightings, (j, s) -> j.text("uid", s.uid).text("tenant_id", s.tenantId)
                                .text("touchpoint_id", s.touchpointId).time("occurred_at", s.occurredAt)
                                .text("identifier_keys", s.identifierKeys).text("component_id", s.componentId)
                                .text("profile_id", s.profileId).time("resolved_at", s.resolvedAt)
                                .text("moved_touchpoints", s.movedTouchpoints)))
                .chain(() -> insert("profile", "id text, tenant_id text, created_at timestamptz, merged_into text, "
                        + "merged_at timestamptz, component_id text, anchor_key text", rows.profiles, (j, p) -> j
                                .text("id", p.id).text("tenant_id", p.tenantId).time("created_at", p.createdAt)
                                .text("merged_into", p.mergedInto).time("merged_at", p.mergedAt)
                                .text("component_id", p.componentId).text("anchor_key", p.anchorKey)))
                .chain(() -> insert("identity_conflict", "id text, tenant_id text, component_id text, "
                        + "touchpoint_id text, identifier_type text, profile_id text, other_profile_id text, "
                        + "reason text, occurred_at timestamptz", rows.conflicts, (j, c) -> j.text("id", c.id)
                                .text("tenant_id", c.tenantId).text("component_id", c.componentId)
                                .text("touchpoint_id", c.touchpointId).text("identifier_type", c.identifierType)
                                .text("profile_id", c.profileId).text("other_profile_id", c.otherProfileId)
                                .text("reason", c.reason).time("occurred_at", c.occurredAt)))
                .chain(() -> insert("merge_log", "id text, tenant_id text, survivor_id text, merged_id text, "
                        + "reason text, touchpoint_id text, merged_at timestamptz, kind text, requested_by text",
                        rows.merges, (j, m) -> j.text("id", m.id).text("tenant_id", m.tenantId)
                                .text("survivor_id", m.survivorId).text("merged_id", m.mergedId)
                                .text("reason", m.reason).text("touchpoint_id", m.touchpointId)
                                .time("merged_at", m.mergedAt).text("kind", m.kind)
                                .text("requested_by", m.requestedBy)));
    }

    private <T> Uni<Void> insert(String table, String columns, List<T> rows, BiConsumer<JsonRow, T> fields) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        StringBuilder json = new StringBuilder(rows.size() * 200).append('[');
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            JsonRow row = new JsonRow(json);
            fields.accept(row, rows.get(i));
            json.append('}');
        }
        json.append(']');
        String names = columns.replaceAll(" [a-z]+(,|$)", "$1");
        // The parameter is typed text: the PostgreSQL client would send a String bound to a json
        // parameter as a JSON string, not as the array it holds.
        String sql = "INSERT INTO " + table + " (" + names + ") SELECT " + names
                + " FROM json_to_recordset(cast(cast(?1 as text) as json)) AS r(" + columns + ")";
        return Panache.getSession().chain(s -> s.createNativeQuery(sql).setParameter(1, json.toString())
                .executeUpdate()).replaceWithVoid();
    }

    /** Writes one JSON object's fields. */
    static final class JsonRow {
        private final StringBuilder out;
        private boolean first = true;

        JsonRow(StringBuilder out) {
            this.out = out;
            out.append('{');
        }

        JsonRow text(String name, String value) {
            key(name);
            if (value == null) {
                out.append("null");
            } else {
                quote(value);
            }
            return this;
        }

        JsonRow time(String name, Instant value) {
            return text(name, value == null ? null : value.toString());
        }

        private void key(String name) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append('"').append(name).append("\":");
        }

        private void quote(String s) {
            SqlIds.quote(out, s);
        }
    }
}
