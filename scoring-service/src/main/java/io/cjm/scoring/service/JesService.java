package io.cjm.scoring.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cjm.scoring.domain.JesModel;
import io.cjm.scoring.domain.JesResult;
import io.cjm.scoring.domain.JourneyInput;
import io.cjm.scoring.domain.ScoreChange;
import io.cjm.scoring.domain.TouchpointInput;
import io.cjm.scoring.domain.WeightsRevision;
import io.cjm.scoring.entity.JourneyScoreEntity;
import io.cjm.scoring.mapping.ScoreMapper;
import io.cjm.scoring.repository.JourneyScoreRepository;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Scores journeys with the JES model, with the weights in force for the tenant and journey type,
 * and keeps the latest score of each together with what the JES series needs (stage, channels,
 * times). A stored score that differs from the previous one is published as a
 * {@link ScoreChange} with PostgreSQL NOTIFY in the same transaction, so every replica's
 * subscribers see it once it is committed ({@link ScoreChanges}). How long the model takes is
 * the timer {@code cjm_jes_computation_seconds{model}} at /q/metrics.
 */
@ApplicationScoped
public class JesService {

    /**
     * One journey to score.
     *
     * @param tenantId the tenant
     * @param profileId the journey's profile
     * @param journey the facts
     */
    public record Item(String tenantId, String profileId, JourneyInput journey) {
    }

    /** A stored score, or why the item was not scored (never both). */
    public record Outcome(JourneyScoreEntity score, StatusRuntimeException error) {
    }

    /** An item that passed the model, ready to store. */
    private record Scored(int index, Item item, JesResult result) {
    }

    /**
     * Upserts the scores of a run of journeys (no journey id twice) in one statement and answers,
     * per row in order ({@code ord}), whether it was written and the journey's previous score
     * (nulls for a first score). {@code old} reads the rows as they were before the statement;
     * a journey id held by another tenant's journey is not written.
     */
    private static final String UPSERT = """
            WITH v AS (
                SELECT * FROM json_to_recordset(CAST(CAST($1 AS text) AS json)) AS v(ord int, journey_id text,
                    tenant_id text, profile_id text, journey_type text, status text, score double precision,
                    model_version text, breakdown text, scored_at timestamptz, stage text, channels text[],
                    started_at timestamptz, last_activity_at timestamptz)),
            old AS (
                SELECT journey_id, tenant_id, score, model_version, status, stage FROM journey_score
                WHERE journey_id = ANY (ARRAY(SELECT journey_id FROM v))),
            up AS (
                INSERT INTO journey_score (journey_id, tenant_id, profile_id, journey_type, status, score,
                                           model_version, breakdown, scored_at, stage, channels, started_at,
                                           last_activity_at)
                SELECT journey_id, tenant_id, profile_id, journey_type, status, score, model_version, breakdown,
                       scored_at, stage, channels, started_at, last_activity_at
                FROM v ORDER BY journey_id
                ON CONFLICT (journey_id) DO UPDATE SET profile_id = EXCLUDED.profile_id,
                    journey_type = EXCLUDED.journey_type, status = EXCLUDED.status, score = EXCLUDED.score,
                    model_version = EXCLUDED.model_version, breakdown = EXCLUDED.breakdown,
                    scored_at = EXCLUDED.scored_at, stage = EXCLUDED.stage, channels = EXCLUDED.channels,
                    started_at = EXCLUDED.started_at, last_activity_at = EXCLUDED.last_activity_at
                  WHERE journey_score.tenant_id = EXCLUDED.tenant_id
                RETURNING journey_id)
            SELECT v.ord, up.journey_id IS NOT NULL, old.tenant_id IS NOT NULL AND old.tenant_id = v.tenant_id,
                   old.score, old.model_version, old.status, old.stage
            FROM v LEFT JOIN up ON up.journey_id = v.journey_id LEFT JOIN old ON old.journey_id = v.journey_id
            ORDER BY v.ord
            """;
    private static final JsonFactory JSON = new JsonFactory();
    private static final String NOTIFY = "SELECT pg_notify('" + ScoreChanges.CHANNEL
            + "', p) FROM unnest($1::text[]) AS p";

    private final JourneyScoreRepository scores;
    private final Pool pool;
    private final WeightsService weights;
    private final Timer computation;

    JesService(JourneyScoreRepository scores, Pool pool, WeightsService weights, MeterRegistry registry) {
        this.scores = scores;
        this.pool = pool;
        this.weights = weights;
        this.computation = Timer.builder("cjm.jes.computation").tag("model", JesModel.VERSION)
                .description("Time the JES model takes to score one journey").register(registry);
    }

    /** Scores and stores one journey; fails with the item's error (e.g. INVALID_ARGUMENT). */
    @WithSpan
    public Uni<JourneyScoreEntity> score(@SpanAttribute("cjm.tenant") String tenantId, String profileId,
            JourneyInput journey) {
        Span span = Span.current();
        return scoreAll(List.of(new Item(tenantId, profileId, journey))).map(outcomes -> {
            Outcome o = outcomes.getFirst();
            if (o.error() != null) {
                throw o.error();
            }
            span.setAttribute("cjm.journey.id", journey.journeyId())
                    .setAttribute("cjm.jes.model", o.score().modelVersion)
                    .setAttribute("cjm.jes.score", o.score().score);
            return o.score();
        });
    }

    /**
     * Scores and stores journeys in one transaction, answering one outcome per item in the same
     * order. An item the model refuses (a journey id missing, an unknown status) gets an
     * INVALID_ARGUMENT outcome and the others are stored; a database failure fails them all.
     */
    @WithSpan
    public Uni<List<Outcome>> scoreAll(List<Item> items) {
        Span.current().setAttribute("cjm.journeys", items.size());
        Outcome[] outcomes = new Outcome[items.size()];
        List<Item> valid = new ArrayList<>();
        List<Integer> validIndex = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            String error = checkItem(item);
            if (error != null) {
                outcomes[i] = new Outcome(null, Status.INVALID_ARGUMENT.withDescription(error).asRuntimeException());
            } else {
                valid.add(item);
                validIndex.add(i);
            }
        }
        if (valid.isEmpty()) {
            return Uni.createFrom().item(List.of(outcomes));
        }
        return pool.withTransaction(tx -> weightsFor(tx, valid).chain(byTenantType -> {
            List<Scored> scored = new ArrayList<>();
            for (int k = 0; k < valid.size(); k++) {
                Item item = valid.get(k);
                WeightsRevision revision = byTenantType.get(key(item.tenantId(), item.journey().type()));
                JesModel model = revision.model();
                try {
                    JesResult result = computation.record(() -> model.score(item.journey()));
                    scored.add(new Scored(validIndex.get(k), item, result));
                } catch (IllegalArgumentException e) {
                    outcomes[validIndex.get(k)] = new Outcome(null,
                            Status.INVALID_ARGUMENT.withDescription("journey: " + e.getMessage()).asRuntimeException());
                }
            }
            return store(tx, scored, outcomes);
        })).map(x -> List.of(outcomes));
    }

    private Uni<Void> store(SqlConnection tx, List<Scored> scored, Outcome[] outcomes) {
        if (scored.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<String> notifications = new ArrayList<>();
        // One statement per run in which no journey id repeats (a journey sent twice in a stream is
        // stored twice, in order, as one statement per score would).
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (List<Scored> run : runs(scored)) {
            chain = chain.chain(() -> tx.preparedQuery(UPSERT).execute(Tuple.of(rowsJson(run, now)))
                    .invoke(rows -> {
                        for (Row row : rows) {
                            Scored s = run.get(row.getInteger(0));
                            if (!row.getBoolean(1)) {
                                // The journey id is taken by another tenant's journey: no row was written.
                                outcomes[s.index()] = new Outcome(null, Status.ALREADY_EXISTS.withDescription(
                                        "journey.journey_id: already used by another journey").asRuntimeException());
                                continue;
                            }
                            JourneyScoreEntity e = entity(s, now);
                            outcomes[s.index()] = new Outcome(e, null);
                            boolean existed = row.getBoolean(2);
                            Double oldScore = existed ? row.getDouble(3) : null;
                            if (!existed || oldScore != e.score || !Objects.equals(row.getString(4), e.modelVersion)
                                    || !Objects.equals(row.getString(5), s.item().journey().status())
                                    || !Objects.equals(row.getString(6), s.item().journey().stage())) {
                                notifications.add(ScoreChanges.toJson(new ScoreChange(s.item().tenantId(), e.journeyId,
                                        s.item().journey().type(), s.item().journey().status(),
                                        s.item().journey().stage(), oldScore, e.score, e.modelVersion, now)));
                            }
                        }
                    })
                    .replaceWithVoid());
        }
        return chain.chain(() -> notifications.isEmpty() ? Uni.createFrom().voidItem()
                : tx.preparedQuery(NOTIFY).execute(Tuple.of(notifications.toArray(String[]::new))).replaceWithVoid());
    }

    /** The scores in order, cut where a journey id comes again. */
    private static List<List<Scored>> runs(List<Scored> scored) {
        List<List<Scored>> runs = new ArrayList<>();
        List<Scored> current = new ArrayList<>();
        Set<String> ids = new java.util.HashSet<>();
        for (Scored s : scored) {
            if (!ids.add(s.item().journey().journeyId())) {
                runs.add(current);
                current = new ArrayList<>();
                ids = new java.util.HashSet<>();
                ids.add(s.item().journey().journeyId());
            }
            current.add(s);
        }
        runs.add(current);
        return runs;
    }

    /** The run's rows as the JSON array the statement reads, {@code ord} being the index in the run. */
    private static String rowsJson(List<Scored> run, Instant now) {
        StringWriter out = new StringWriter(run.size() * 400);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (int i = 0; i < run.size(); i++) {
                Scored s = run.get(i);
                JourneyInput j = s.item().journey();
                g.writeStartObject();
                g.writeNumberField("ord", i);
                g.writeStringField("journey_id", j.journeyId());
                g.writeStringField("tenant_id", s.item().tenantId());
                g.writeStringField("profile_id", s.item().profileId() == null ? "" : s.item().profileId());
                g.writeStringField("journey_type", j.type());
                g.writeStringField("status", j.status());
                g.writeNumberField("score", s.result().score());
                g.writeStringField("model_version", s.result().modelVersion());
                g.writeStringField("breakdown", ScoreMapper.breakdownJson(s.result().breakdown()));
                g.writeStringField("scored_at", now.toString());
                g.writeStringField("stage", j.stage());
                g.writeArrayFieldStart("channels");
                for (String c : channels(j)) {
                    g.writeString(c);
                }
                g.writeEndArray();
                writeInstant(g, "started_at", startedAt(j));
                writeInstant(g, "last_activity_at", lastActivityAt(j));
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeInstant(JsonGenerator g, String field, Instant value) throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, value.truncatedTo(ChronoUnit.MICROS).toString());
        }
    }

    private Uni<Map<String, WeightsRevision>> weightsFor(SqlConnection tx, List<Item> items) {
        Map<String, Set<String>> typesByTenant = items.stream().collect(Collectors.groupingBy(Item::tenantId,
                Collectors.mapping(i -> i.journey().type(), Collectors.toCollection(TreeSet::new))));
        List<Uni<Map<String, WeightsRevision>>> lookups = typesByTenant.entrySet().stream()
                .map(e -> weights.current(tx, e.getKey(), e.getValue()).map(found -> found.entrySet().stream()
                        .collect(Collectors.toMap(x -> key(e.getKey(), x.getKey()), Map.Entry::getValue))))
                .toList();
        // One tenant per stream in practice; several are looked up one after the other on this connection.
        Uni<Map<String, WeightsRevision>> all = Uni.createFrom().item(new HashMap<>());
        for (Uni<Map<String, WeightsRevision>> lookup : lookups) {
            all = all.chain(acc -> lookup.map(found -> {
                acc.putAll(found);
                return acc;
            }));
        }
        return all;
    }

    private static String checkItem(Item item) {
        if (item.tenantId() == null || item.tenantId().isBlank()) {
            return "tenant_id: required";
        }
        if (item.journey().journeyId() == null || item.journey().journeyId().isBlank()) {
            return "journey.journey_id: required";
        }
        if (item.journey().type() == null || item.journey().type().isBlank()) {
            return "journey.type: required";
        }
        return null;
    }

    private static String key(String tenantId, String type) {
        return tenantId + "\u0000" + type;
    }

    private static JourneyScoreEntity entity(Scored s, Instant now) {
        JourneyScoreEntity e = new JourneyScoreEntity();
        e.journeyId = s.item().journey().journeyId();
        e.tenantId = s.item().tenantId();
        e.profileId = s.item().profileId();
        e.journeyType = s.item().journey().type();
        e.status = s.item().journey().status();
        e.score = s.result().score();
        e.modelVersion = s.result().modelVersion();
        e.breakdown = ScoreMapper.breakdownJson(s.result().breakdown());
        e.scoredAt = now;
        return e;
    }

    /** The distinct channels of the journey's touchpoints, sorted: the series' channel groups. */
    static String[] channels(JourneyInput j) {
        return j.touchpoints().stream().map(TouchpointInput::channel).filter(c -> c != null && !c.isBlank())
                .collect(Collectors.toCollection(TreeSet::new)).toArray(String[]::new);
    }

    private static Instant startedAt(JourneyInput j) {
        return j.startedAt() != null ? j.startedAt()
                : j.touchpoints().stream().map(TouchpointInput::occurredAt).filter(Objects::nonNull).min(Instant::compareTo)
                        .orElse(null);
    }

    /** The journey's last activity: the time it falls in for the series. */
    private static Instant lastActivityAt(JourneyInput j) {
        return j.lastActivityAt() != null ? j.lastActivityAt()
                : j.touchpoints().stream().map(TouchpointInput::occurredAt).filter(Objects::nonNull).max(Instant::compareTo)
                        .orElse(null);
    }

    @WithSpan
    @WithSession
    public Uni<Optional<JourneyScoreEntity>> get(@SpanAttribute("cjm.tenant") String tenantId, String journeyId) {
        return scores.findInTenant(tenantId, journeyId).map(Optional::ofNullable);
    }

    @WithSpan
    @WithTransaction
    public Uni<Long> delete(@SpanAttribute("cjm.tenant") String tenantId, Collection<String> journeyIds) {
        return journeyIds.isEmpty() ? Uni.createFrom().item(0L) : scores.deleteInTenant(tenantId, journeyIds);
    }
}
