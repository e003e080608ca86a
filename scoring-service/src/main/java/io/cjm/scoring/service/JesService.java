package io.cjm.scoring.service;

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
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
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

    /** Upserts a score and answers the previous one of the journey (nulls for a first score). */
    private static final String UPSERT = """
            WITH old AS (SELECT score, model_version, status, stage FROM journey_score
                         WHERE journey_id = $1 AND tenant_id = $2)
            INSERT INTO journey_score (journey_id, tenant_id, profile_id, journey_type, status, score, model_version,
                                       breakdown, scored_at, stage, channels, started_at, last_activity_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            ON CONFLICT (journey_id) DO UPDATE SET profile_id = EXCLUDED.profile_id,
                journey_type = EXCLUDED.journey_type, status = EXCLUDED.status, score = EXCLUDED.score,
                model_version = EXCLUDED.model_version, breakdown = EXCLUDED.breakdown,
                scored_at = EXCLUDED.scored_at, stage = EXCLUDED.stage, channels = EXCLUDED.channels,
                started_at = EXCLUDED.started_at, last_activity_at = EXCLUDED.last_activity_at
              WHERE journey_score.tenant_id = EXCLUDED.tenant_id
            RETURNING (SELECT score FROM old), (SELECT model_version FROM old), (SELECT status FROM old),
                      (SELECT stage FROM old), (SELECT count(*) FROM old)
            """;
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
        List<Tuple> rows = scored.stream().map(s -> row(s, now)).toList();
        return tx.preparedQuery(UPSERT).executeBatch(rows).chain(first -> {
            List<String> notifications = new ArrayList<>();
            RowSet<Row> rs = first;
            for (Scored s : scored) {
                var returned = rs.iterator();
                Row row = returned.hasNext() ? returned.next() : null;
                rs = rs.next();
                if (row == null) {
                    // The journey id is taken by another tenant's journey: no row was written.
                    outcomes[s.index()] = new Outcome(null, Status.ALREADY_EXISTS.withDescription(
                            "journey.journey_id: already used by another journey").asRuntimeException());
                    continue;
                }
                JourneyScoreEntity e = entity(s, now);
                outcomes[s.index()] = new Outcome(e, null);
                boolean existed = row.getLong(4) > 0;
                Double oldScore = existed ? row.getDouble(0) : null;
                if (!existed || oldScore != e.score || !Objects.equals(row.getString(1), e.modelVersion)
                        || !Objects.equals(row.getString(2), s.item().journey().status())
                        || !Objects.equals(row.getString(3), s.item().journey().stage())) {
                    notifications.add(ScoreChanges.toJson(new ScoreChange(s.item().tenantId(), e.journeyId,
                            s.item().journey().type(), s.item().journey().status(), s.item().journey().stage(),
                            oldScore, e.score, e.modelVersion, now)));
                }
            }
            return notifications.isEmpty() ? Uni.createFrom().voidItem()
                    : tx.preparedQuery(NOTIFY).execute(Tuple.of(notifications.toArray(String[]::new)))
                            .replaceWithVoid();
        });
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

    private static Tuple row(Scored s, Instant now) {
        JourneyInput j = s.item().journey();
        return Tuple.tuple().addString(j.journeyId()).addString(s.item().tenantId())
                .addString(s.item().profileId() == null ? "" : s.item().profileId()).addString(j.type())
                .addString(j.status()).addDouble(s.result().score()).addString(s.result().modelVersion())
                .addString(ScoreMapper.breakdownJson(s.result().breakdown())).addOffsetDateTime(utc(now))
                .addString(j.stage()).addArrayOfString(channels(j)).addOffsetDateTime(utc(startedAt(j)))
                .addOffsetDateTime(utc(lastActivityAt(j)));
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

    private static OffsetDateTime utc(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
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
