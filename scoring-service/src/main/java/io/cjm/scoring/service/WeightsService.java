package io.cjm.scoring.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cjm.scoring.domain.JesWeights;
import io.cjm.scoring.domain.WeightsRevision;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The JES weights of each tenant and journey type (table {@code jes_weights}). Every change is
 * a new revision; the highest is in force. They are read from the database for every batch of
 * scores rather than cached, so that every replica scores with a new revision as soon as it is
 * committed: the re-scoring that follows a change may land on any replica.
 */
@ApplicationScoped
public class WeightsService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CURRENT = "SELECT DISTINCT ON (journey_type) journey_type, revision, weights::text, "
            + "updated_at FROM jes_weights WHERE tenant_id = $1 AND journey_type = ANY($2) "
            + "ORDER BY journey_type, revision DESC";
    private static final String ALL_CURRENT = "SELECT DISTINCT ON (journey_type) journey_type, revision, "
            + "weights::text, updated_at FROM jes_weights WHERE tenant_id = $1 ORDER BY journey_type, revision DESC";

    private final Pool pool;

    WeightsService(Pool pool) {
        this.pool = pool;
    }

    /** The weights in force for each of these journey types of the tenant (defaults when none are set). */
    public Uni<Map<String, WeightsRevision>> current(SqlClient client, String tenantId, Collection<String> types) {
        return client.preparedQuery(CURRENT).execute(Tuple.of(tenantId, types.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, WeightsRevision> found = new HashMap<>();
                    rows.forEach(row -> found.put(row.getString(0), revision(row)));
                    types.forEach(type -> found.computeIfAbsent(type, WeightsRevision::defaults));
                    return found;
                });
    }

    /** Every journey type the tenant set weights for, by journey type. */
    @WithSpan
    public Uni<List<WeightsRevision>> all(@SpanAttribute("cjm.tenant") String tenantId) {
        return pool.preparedQuery(ALL_CURRENT).execute(Tuple.of(tenantId)).map(rows -> {
            List<WeightsRevision> list = new ArrayList<>();
            rows.forEach(row -> list.add(revision(row)));
            return list;
        });
    }

    /** The weights in force for one journey type. */
    @WithSpan
    public Uni<WeightsRevision> get(@SpanAttribute("cjm.tenant") String tenantId, String journeyType) {
        return current(pool, tenantId, List.of(journeyType)).map(m -> m.get(journeyType));
    }

    /**
     * Sets the weights of a journey type: a new revision, unless they equal the weights in force
     * (then nothing changes, so a repeated update is harmless). Changes of one journey type are
     * serialized by an advisory lock, so revisions never collide.
     */
    @WithSpan
    public Uni<WeightsRevision> update(@SpanAttribute("cjm.tenant") String tenantId, String journeyType,
            JesWeights weights) {
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))")
                .execute(Tuple.of(tenantId, journeyType))
                .chain(() -> current(tx, tenantId, List.of(journeyType)))
                .chain(found -> {
                    WeightsRevision now = found.get(journeyType);
                    if (now.weights().equals(weights)) {
                        return Uni.createFrom().item(now);
                    }
                    WeightsRevision next = new WeightsRevision(journeyType, now.revision() + 1, weights,
                            Instant.now().truncatedTo(ChronoUnit.MICROS));
                    // $4 is sent as text and parsed by PostgreSQL: a String bound to a jsonb
                    // parameter would be stored as a JSON string.
                    return tx.preparedQuery("INSERT INTO jes_weights (tenant_id, journey_type, revision, weights, "
                            + "updated_at) VALUES ($1, $2, $3, $4::text::jsonb, $5)")
                            .execute(Tuple.tuple().addString(tenantId).addString(journeyType)
                                    .addInteger(next.revision()).addString(json(weights))
                                    .addOffsetDateTime(OffsetDateTime.ofInstant(next.updatedAt(), ZoneOffset.UTC)))
                            .replaceWith(next);
                }));
    }

    private static WeightsRevision revision(Row row) {
        try {
            return new WeightsRevision(row.getString(0), row.getInteger(1),
                    JSON.readValue(row.getString(2), JesWeights.class), row.getOffsetDateTime(3).toInstant());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable weights of journey type " + row.getString(0) + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    private static String json(JesWeights weights) {
        try {
            return JSON.writeValueAsString(weights);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
