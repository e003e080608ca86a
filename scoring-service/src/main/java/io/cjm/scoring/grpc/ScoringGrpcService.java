package io.cjm.scoring.grpc;

import static io.cjm.platform.grpc.GrpcErrors.requireTenant;

import io.cjm.platform.auth.CallPolicy;
import io.cjm.platform.auth.Caller;
import io.cjm.platform.grpc.GrpcErrors;
import io.cjm.platform.grpc.Timestamps;
import io.cjm.proto.scoring.v1.DeleteJourneyScoresRequest;
import io.cjm.proto.scoring.v1.DeleteJourneyScoresResponse;
import io.cjm.proto.scoring.v1.GetJesSeriesRequest;
import io.cjm.proto.scoring.v1.GetJesSeriesResponse;
import io.cjm.proto.scoring.v1.GetJourneyScoreRequest;
import io.cjm.proto.scoring.v1.GetJourneyScoreResponse;
import io.cjm.proto.scoring.v1.GetWeightsRequest;
import io.cjm.proto.scoring.v1.GetWeightsResponse;
import io.cjm.proto.scoring.v1.JesBucket;
import io.cjm.proto.scoring.v1.JourneyFacts;
import io.cjm.proto.scoring.v1.ScoreError;
import io.cjm.proto.scoring.v1.ScoreJourneyBatchRequest;
import io.cjm.proto.scoring.v1.ScoreJourneyBatchResponse;
import io.cjm.proto.scoring.v1.ScoreJourneyRequest;
import io.cjm.proto.scoring.v1.ScoreJourneyResponse;
import io.cjm.proto.scoring.v1.ScoreJourneysRequest;
import io.cjm.proto.scoring.v1.ScoreJourneysResponse;
import io.cjm.proto.scoring.v1.ScoringService;
import io.cjm.proto.scoring.v1.UpdateWeightsRequest;
import io.cjm.proto.scoring.v1.UpdateWeightsResponse;
import io.cjm.proto.scoring.v1.WatchScoresRequest;
import io.cjm.proto.scoring.v1.WatchScoresResponse;
import io.cjm.scoring.domain.JesSeriesQuery;
import io.cjm.scoring.domain.JesWeights;
import io.cjm.scoring.domain.ScoreChange;
import io.cjm.scoring.mapping.ScoreMapper;
import io.cjm.scoring.mapping.WeightsMapper;
import io.cjm.scoring.service.JesSeriesService;
import io.cjm.scoring.service.JesService;
import io.cjm.scoring.service.ScoreChanges;
import io.cjm.scoring.service.WeightsService;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The scoring-service's gRPC API. */
@GrpcService
public class ScoringGrpcService implements ScoringService {

    /** ScoreJourneys stores up to this many journeys per transaction... */
    static final int STREAM_BATCH = 200;
    /** The most journeys one ScoreJourneyBatch call takes. */
    static final int MAX_BATCH = 1000;
    /** ...and waits at most this long for a batch to fill, so a slow stream is still answered promptly. */
    static final Duration STREAM_BATCH_WAIT = Duration.ofMillis(5);

    private final JesService jes;
    private final JesSeriesService series;
    private final ScoreChanges changes;
    private final WeightsService weights;

    ScoringGrpcService(JesService jes, JesSeriesService series, ScoreChanges changes, WeightsService weights) {
        this.jes = jes;
        this.series = series;
        this.changes = changes;
        this.weights = weights;
    }

    @Override
    public Uni<ScoreJourneyResponse> scoreJourney(ScoreJourneyRequest request) {
        requireTenant(request.getTenantId());
        if (request.getJourney().getJourneyId().isBlank()) {
            throw GrpcErrors.invalid("journey.journey_id", "required");
        }
        return jes.score(request.getTenantId(), request.getJourney().getProfileId(),
                ScoreMapper.toInput(request.getJourney()))
                .map(e -> ScoreJourneyResponse.newBuilder().setScore(ScoreMapper.toProto(e)).build());
    }

    @Override
    public Uni<GetJourneyScoreResponse> getJourneyScore(GetJourneyScoreRequest request) {
        requireTenant(request.getTenantId());
        return jes.get(request.getTenantId(), request.getJourneyId())
                .map(found -> GetJourneyScoreResponse.newBuilder().setScore(ScoreMapper.toProto(
                        found.orElseThrow(() -> GrpcErrors.notFound("score of journey", request.getJourneyId()))))
                        .build());
    }

    @Override
    public Uni<DeleteJourneyScoresResponse> deleteJourneyScores(DeleteJourneyScoresRequest request) {
        requireTenant(request.getTenantId());
        return jes.delete(request.getTenantId(), request.getJourneyIdsList())
                .map(n -> DeleteJourneyScoresResponse.newBuilder().setDeleted(n.intValue()).build());
    }

    /**
     * Requests are gathered into batches (up to {@link #STREAM_BATCH}, or what arrived within
     * {@link #STREAM_BATCH_WAIT}); each batch is scored in one transaction and answered in
     * request order before the next batch starts, so answers keep the order of the requests.
     *
     * <p>A request the caller may not send (an internal team's request for another tenant:
     * {@link CallPolicy#checkMessage}) is answered with that error, as a unary ScoreJourney would be
     * refused, and the stream goes on; nothing of it is read or stored. The gRPC interceptor leaves this
     * check to this method ({@link CallPolicy#ITEM_CHECKED_METHODS}) so that every request keeps its answer.
     */
    @Override
    public Multi<ScoreJourneysResponse> scoreJourneys(Multi<ScoreJourneysRequest> requests) {
        // Read here, where the call's gRPC context is attached; the batches run later, without it.
        Caller caller = Caller.current();
        return requests.group().intoLists().of(STREAM_BATCH, STREAM_BATCH_WAIT)
                // The timed grouping emits whether or not the previous batch is done: queue the
                // batches here (the requests would queue in the gRPC stream otherwise).
                .onOverflow().bufferUnconditionally()
                .onItem().transformToUniAndConcatenate(batch -> scoreBatch(caller, batch))
                .onItem().transformToIterable(answers -> answers);
    }

    /**
     * The journeys of one tenant scored in one transaction, as {@link #scoreJourneys} would score
     * them sent as one stream batch, and answered in order in one message. The interceptor has
     * checked the request's tenant against the caller.
     */
    @Override
    public Uni<ScoreJourneyBatchResponse> scoreJourneyBatch(ScoreJourneyBatchRequest request) {
        requireTenant(request.getTenantId());
        if (request.getJourneysCount() > MAX_BATCH) {
            throw Status.INVALID_ARGUMENT.withDescription("journeys: at most " + MAX_BATCH + " per call, got "
                    + request.getJourneysCount()).asRuntimeException();
        }
        Caller caller = Caller.current();
        List<ScoreJourneysRequest> batch = new ArrayList<>(request.getJourneysCount());
        for (JourneyFacts journey : request.getJourneysList()) {
            batch.add(ScoreJourneysRequest.newBuilder().setTenantId(request.getTenantId()).setJourney(journey).build());
        }
        return scoreBatch(caller, batch)
                .map(answers -> ScoreJourneyBatchResponse.newBuilder().addAllResults(answers).build());
    }

    private Uni<List<ScoreJourneysResponse>> scoreBatch(Caller caller, List<ScoreJourneysRequest> batch) {
        // Facts the model cannot even take (a negative count, say) are answered here; the rest are scored.
        ScoreJourneysResponse[] answers = new ScoreJourneysResponse[batch.size()];
        List<JesService.Item> items = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            ScoreJourneysRequest r = batch.get(i);
            Status denied = CallPolicy.checkMessage(caller, r);
            if (denied != null) {
                answers[i] = error(r, denied.getCode().name(), denied.getDescription());
                continue;
            }
            try {
                items.add(new JesService.Item(r.getTenantId(), r.getJourney().getProfileId(),
                        ScoreMapper.toInput(r.getJourney())));
                positions.add(i);
            } catch (RuntimeException e) {
                answers[i] = error(r, Status.Code.INVALID_ARGUMENT.name(), "journey: " + e.getMessage());
            }
        }
        return jes.scoreAll(items).map(outcomes -> {
            for (int k = 0; k < outcomes.size(); k++) {
                JesService.Outcome o = outcomes.get(k);
                ScoreJourneysRequest r = batch.get(positions.get(k));
                answers[positions.get(k)] = o.error() != null
                        ? error(r, o.error().getStatus().getCode().name(),
                                String.valueOf(o.error().getStatus().getDescription()))
                        : ScoreJourneysResponse.newBuilder().setJourneyId(r.getJourney().getJourneyId())
                                .setScore(ScoreMapper.toProto(o.score())).build();
            }
            return List.of(answers);
        }).onFailure().recoverWithItem(e -> {
            // A failure of the whole batch (e.g. the database is unreachable): every journey of
            // it not answered yet is answered as not scored, and the stream goes on.
            for (int k : positions) {
                answers[k] = error(batch.get(k), Status.Code.UNAVAILABLE.name(),
                        "not stored: " + e.getClass().getSimpleName());
            }
            return List.of(answers);
        });
    }

    private static ScoreJourneysResponse error(ScoreJourneysRequest r, String code, String message) {
        return ScoreJourneysResponse.newBuilder().setJourneyId(r.getJourney().getJourneyId())
                .setError(ScoreError.newBuilder().setCode(code).setMessage(message)).build();
    }

    @Override
    public Uni<GetJesSeriesResponse> getJesSeries(GetJesSeriesRequest request) {
        requireTenant(request.getTenantId());
        JesSeriesQuery.GroupBy groupBy = switch (request.getGroupBy()) {
            case JES_GROUP_BY_TYPE -> JesSeriesQuery.GroupBy.TYPE;
            case JES_GROUP_BY_CHANNEL -> JesSeriesQuery.GroupBy.CHANNEL;
            case JES_GROUP_BY_STAGE -> JesSeriesQuery.GroupBy.STAGE;
            default -> null;
        };
        JesSeriesQuery.Interval interval = switch (request.getInterval()) {
            case JES_INTERVAL_DAY -> JesSeriesQuery.Interval.DAY;
            case JES_INTERVAL_WEEK -> JesSeriesQuery.Interval.WEEK;
            case JES_INTERVAL_MONTH -> JesSeriesQuery.Interval.MONTH;
            default -> null;
        };
        Instant from = request.hasFrom() ? Timestamps.instant(request.getFrom()) : null;
        Instant to = request.hasTo() ? Timestamps.instant(request.getTo()) : null;
        List<String> errors = JesSeriesQuery.errors(groupBy, interval, from, to);
        if (!errors.isEmpty()) {
            throw Status.INVALID_ARGUMENT.withDescription(String.join("; ", errors)).asRuntimeException();
        }
        String type = request.getJourneyType().isEmpty() ? null : request.getJourneyType();
        return series.series(new JesSeriesQuery(request.getTenantId(), groupBy, interval, from, to, type))
                .map(buckets -> {
                    GetJesSeriesResponse.Builder b = GetJesSeriesResponse.newBuilder();
                    buckets.forEach(x -> b.addBuckets(JesBucket.newBuilder().setStart(Timestamps.of(x.start()))
                            .setGroup(x.group()).setJourneys(x.journeys()).setAverageJes(x.average())
                            .setMinJes(x.min()).setMaxJes(x.max()).setP50Jes(x.p50()).setP90Jes(x.p90())
                            .setOpen(x.open()).setCompleted(x.completed())
                            .setFailedOrAbandoned(x.failedOrAbandoned())));
                    return b.build();
                });
    }

    @Override
    public Multi<WatchScoresResponse> watchScores(WatchScoresRequest request) {
        requireTenant(request.getTenantId());
        return changes.watch(request.getTenantId(), request.getJourneyType())
                .map(c -> WatchScoresResponse.newBuilder().setChange(toProto(c)).build());
    }

    private static io.cjm.proto.scoring.v1.ScoreChange toProto(ScoreChange c) {
        io.cjm.proto.scoring.v1.ScoreChange.Builder b = io.cjm.proto.scoring.v1.ScoreChange.newBuilder()
                .setJourneyId(c.journeyId()).setJourneyType(c.journeyType()).setStatus(c.status())
                .setStage(c.stage() == null ? "" : c.stage()).setNewJes(c.newJes())
                .setModelVersion(c.modelVersion()).setChangedAt(Timestamps.of(c.changedAt()));
        if (c.oldJes() != null) {
            b.setOldJes(c.oldJes());
        }
        return b.build();
    }

    @Override
    public Uni<GetWeightsResponse> getWeights(GetWeightsRequest request) {
        requireTenant(request.getTenantId());
        GetWeightsResponse.Builder b = GetWeightsResponse.newBuilder()
                .setDefaults(WeightsMapper.toProto(JesWeights.defaults()));
        if (request.getJourneyType().isEmpty()) {
            return weights.all(request.getTenantId()).map(all -> {
                all.forEach(w -> b.addJourneyTypes(WeightsMapper.toProto(w)));
                return b.build();
            });
        }
        String typeError = WeightsMapper.journeyTypeError(request.getJourneyType());
        if (typeError != null) {
            throw GrpcErrors.invalid("journey_type", typeError);
        }
        return weights.get(request.getTenantId(), request.getJourneyType())
                .map(w -> b.addJourneyTypes(WeightsMapper.toProto(w)).build());
    }

    @Override
    public Uni<UpdateWeightsResponse> updateWeights(UpdateWeightsRequest request) {
        requireTenant(request.getTenantId());
        List<String> errors = new ArrayList<>();
        String typeError = WeightsMapper.journeyTypeError(request.getJourneyType());
        if (typeError != null) {
            errors.add("journey_type: " + typeError);
        }
        WeightsMapper.Parsed parsed = WeightsMapper.fromProto(request.getWeights());
        errors.addAll(parsed.errors());
        if (!errors.isEmpty()) {
            throw Status.INVALID_ARGUMENT.withDescription(String.join("; ", errors)).asRuntimeException();
        }
        return weights.update(request.getTenantId(), request.getJourneyType(), parsed.weights())
                .map(w -> UpdateWeightsResponse.newBuilder().setWeights(WeightsMapper.toProto(w)).build());
    }
}
