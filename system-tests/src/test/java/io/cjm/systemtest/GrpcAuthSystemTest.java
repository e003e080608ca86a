package io.cjm.systemtest;

import static io.cjm.systemtest.Touchpoints.touchpoint;
import static io.cjm.systemtest.Touchpoints.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The services' gRPC ports called directly, as an internal team would (issue 5 point 6), with real Keycloak
 * tokens: no token or a bad one is UNAUTHENTICATED; acme's analytics client (scores-read, scores-write) reads
 * acme's JES from scoring-service and scores acme's journeys with ScoreJourney, the ScoreJourneys stream
 * and ScoreJourneyBatch, and nothing else (another tenant, another service, deletes, weights: PERMISSION_DENIED; a message of the
 * stream for another tenant: that request's error PERMISSION_DENIED; another tenant's journey under its own
 * tenant: NOT_FOUND to read, ALREADY_EXISTS to score); acme's reports client (scores-read only) reads but
 * cannot score. The rest of the system tests show the services' own calls to each other passing with the
 * service account's token.
 *
 * <p>The requests are written in protobuf wire format by hand (field numbers from the protos), so this
 * module needs no generated stubs.
 */
class GrpcAuthSystemTest {

    private static final String ANALYTICS = "acme-analytics";
    private static final String REPORTS = "acme-reports";
    private static final String GET_JOURNEY_SCORE = "cjm.scoring.v1.ScoringService/GetJourneyScore";
    private static final String SCORE_JOURNEY = "cjm.scoring.v1.ScoringService/ScoreJourney";
    private static final String SCORE_JOURNEYS = "cjm.scoring.v1.ScoringService/ScoreJourneys";
    private static final String SCORE_JOURNEY_BATCH = "cjm.scoring.v1.ScoringService/ScoreJourneyBatch";
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private static final Api API = new Api();
    private static final Map<String, ManagedChannel> CHANNELS = new LinkedHashMap<>();
    private static String acmeJourney;
    private static double acmeJes;
    private static String globexJourney;
    private static double globexJes;
    /** acme journeys that the tests score anew (one each), so that acmeJourney keeps its pipeline score. */
    private static List<JourneyRef> acmeToScore;

    /** A journey and its profile. */
    private record JourneyRef(String id, String profileId) {
    }

    /** Scored journeys of acme and globex, made through the REST pipeline. */
    @BeforeAll
    static void scoredJourneysOfBothTenants() {
        List<JourneyRef> acme = scoredJourneys("acme-ingest", 7);
        acmeJourney = acme.getFirst().id();
        acmeToScore = acme.subList(1, acme.size());
        acmeJes = jes("acme-ingest", acmeJourney);
        globexJourney = scoredJourneys("globex-ingest", 1).getFirst().id();
        globexJes = jes("globex-ingest", globexJourney);
    }

    @AfterAll
    static void closeChannels() throws InterruptedException {
        for (ManagedChannel channel : CHANNELS.values()) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCallWithoutATokenIsUnauthenticated() {
        assertThat(failure("scoring", GET_JOURNEY_SCORE, null, request("acme", acmeJourney)))
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(failure("identity", "cjm.identity.v1.IdentityService/GetProfile", null, request("acme", "p")))
                .isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void aTokenKeycloakDidNotIssueIsUnauthenticated() {
        assertThat(failure("scoring", GET_JOURNEY_SCORE, "not-a-token", request("acme", acmeJourney)))
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        // Well-formed and signed by the realm, but its signature no longer matches once a claim is changed.
        String[] parts = API.token(ANALYTICS).split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        assertThat(failure("scoring", GET_JOURNEY_SCORE, tampered, request("acme", acmeJourney)))
                .isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void aTokenForTheRestApiIsNotAGrpcToken() {
        // acme-ingest's tokens are for the gateway (audience cjm-gateway), not for the services' gRPC.
        assertThat(failure("scoring", GET_JOURNEY_SCORE, API.token("acme-ingest"), request("acme", acmeJourney)))
                .isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void theAnalyticsClientReadsTheJesOfItsTenantsJourney() throws IOException {
        byte[] response = call("scoring", GET_JOURNEY_SCORE, API.token(ANALYTICS), request("acme", acmeJourney));

        Score score = Score.parse(response);
        assertThat(score.journeyId()).isEqualTo(acmeJourney);
        assertThat(score.value()).isBetween(0.0, 100.0).isEqualTo(acmeJes);
    }

    @Test
    void theAnalyticsClientCannotNameAnotherTenant() {
        assertThat(failure("scoring", GET_JOURNEY_SCORE, API.token(ANALYTICS), request("globex", globexJourney)))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(failure("scoring", GET_JOURNEY_SCORE, API.token(ANALYTICS), request("", acmeJourney)))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void anotherTenantsJourneyUnderItsOwnTenantIsNotFound() {
        assertThat(failure("scoring", GET_JOURNEY_SCORE, API.token(ANALYTICS), request("acme", globexJourney)))
                .isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void theAnalyticsClientScoresItsTenantsJourneyWithScoreJourney() {
        JourneyRef journey = acmeToScore.get(0);
        double before = jes("acme-ingest", journey.id());

        Score score = Score.parse(call("scoring", SCORE_JOURNEY, API.token(ANALYTICS),
                scoreJourneyRequest("acme", journey)));

        assertThat(score.journeyId()).isEqualTo(journey.id());
        assertThat(score.value()).isBetween(0.0, 100.0);
        // Stored: the REST API's journey now shows the JES the team computed, from its facts (completed,
        // CSAT 5), not the pipeline's (an open case).
        assertThat(jes("acme-ingest", journey.id())).isEqualTo(score.value());
        assertThat(score.value()).isNotEqualTo(before);
    }

    @Test
    void theAnalyticsClientScoresItsTenantsJourneysOverTheStreamAndAMessageForAnotherTenantIsRefusedAlone() {
        JourneyRef first = acmeToScore.get(1);
        JourneyRef last = acmeToScore.get(2);

        List<StreamAnswer> answers = stream(API.token(ANALYTICS), List.of(scoreJourneyRequest("acme", first),
                scoreJourneyRequest("globex", new JourneyRef(globexJourney, "p")), scoreJourneyRequest("acme", last)));

        // One answer per request, in order; the globex one is that request's error and the stream went on.
        assertThat(answers).extracting(StreamAnswer::journeyId).containsExactly(first.id(), globexJourney, last.id());
        assertThat(answers.get(0).errorCode()).isNull();
        assertThat(answers.get(1).errorCode()).isEqualTo("PERMISSION_DENIED");
        assertThat(answers.get(2).errorCode()).isNull();
        assertThat(jes("acme-ingest", first.id())).isEqualTo(answers.get(0).score());
        assertThat(jes("acme-ingest", last.id())).isEqualTo(answers.get(2).score());
        // globex's journey kept its score.
        assertThat(jes("globex-ingest", globexJourney)).isEqualTo(globexJes);
    }

    @Test
    void theAnalyticsClientScoresItsTenantsJourneysWithOneBatchCallButNeverAnotherTenants() {
        JourneyRef first = acmeToScore.get(4);
        JourneyRef second = acmeToScore.get(5);
        String token = API.token(ANALYTICS);

        List<StreamAnswer> answers = batchAnswers(call("scoring", SCORE_JOURNEY_BATCH, token,
                batchRequest("acme", first, second)));

        // One answer per journey, in order, each stored: the REST API shows the team's JES.
        assertThat(answers).extracting(StreamAnswer::journeyId).containsExactly(first.id(), second.id());
        assertThat(answers).extracting(StreamAnswer::errorCode).containsOnlyNulls();
        assertThat(jes("acme-ingest", first.id())).isEqualTo(answers.get(0).score());
        assertThat(jes("acme-ingest", second.id())).isEqualTo(answers.get(1).score());
        // A batch naming globex is refused before scoring-service sees it; a reader may not score at all.
        assertThat(failure("scoring", SCORE_JOURNEY_BATCH, token,
                batchRequest("globex", new JourneyRef(globexJourney, "p"))))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(failure("scoring", SCORE_JOURNEY_BATCH, API.token(REPORTS), batchRequest("acme", first)))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(jes("globex-ingest", globexJourney)).isEqualTo(globexJes);
    }

    @Test
    void theAnalyticsClientCannotScoreForAnotherTenant() {
        String token = API.token(ANALYTICS);
        // Naming globex: refused before scoring-service sees it.
        assertThat(failure("scoring", SCORE_JOURNEY, token,
                scoreJourneyRequest("globex", new JourneyRef(globexJourney, "p"))))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        // globex's journey id under acme: the id is taken, nothing is written.
        assertThat(failure("scoring", SCORE_JOURNEY, token,
                scoreJourneyRequest("acme", new JourneyRef(globexJourney, "p"))))
                .isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(jes("globex-ingest", globexJourney)).isEqualTo(globexJes);
    }

    @Test
    void aReadOnlyClientReadsButCannotScore() {
        String token = API.token(REPORTS);
        assertThat(Score.parse(call("scoring", GET_JOURNEY_SCORE, token, request("acme", acmeJourney))).journeyId())
                .isEqualTo(acmeJourney);

        JourneyRef journey = acmeToScore.get(3);
        double before = jes("acme-ingest", journey.id());
        assertThat(failure("scoring", SCORE_JOURNEY, token, scoreJourneyRequest("acme", journey)))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> stream(token, List.of(scoreJourneyRequest("acme", journey))));
        assertThat(refused).as("the stream is refused").isNotNull();
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        // Still the pipeline's score.
        assertThat(jes("acme-ingest", journey.id())).isEqualTo(before);
    }

    @Test
    void theAnalyticsClientMayNotDeleteScoresNorSetWeights() {
        assertThat(failure("scoring", "cjm.scoring.v1.ScoringService/DeleteJourneyScores", API.token(ANALYTICS),
                request("acme", acmeJourney))).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(failure("scoring", "cjm.scoring.v1.ScoringService/UpdateWeights", API.token(ANALYTICS),
                request("acme", "support"))).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(failure("journey", "cjm.journey.v1.JourneyService/RescoreJourneys", API.token(ANALYTICS),
                request("acme", "support"))).isEqualTo(Status.Code.PERMISSION_DENIED);
        // The score is still there.
        assertThat(Score.parse(call("scoring", GET_JOURNEY_SCORE, API.token(ANALYTICS),
                request("acme", acmeJourney))).journeyId()).isEqualTo(acmeJourney);
    }

    @Test
    void theAnalyticsClientMayNotCallTheOtherServices() {
        String token = API.token(ANALYTICS);
        assertThat(failure("identity", "cjm.identity.v1.IdentityService/GetProfile", token, request("acme", "x")))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(failure("touchpoint", "cjm.touchpoint.v1.TouchpointService/GetPipelineStats", token,
                request("acme", null))).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(failure("journey", "cjm.journey.v1.JourneyService/GetJourney", token, request("acme", acmeJourney)))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void theSuitesServiceAccountMayReadAnyTenant() {
        String token = API.token("cjm-services");
        assertThat(Score.parse(call("scoring", GET_JOURNEY_SCORE, token, request("globex", globexJourney)))
                .journeyId()).isEqualTo(globexJourney);
        assertThat(Score.parse(call("scoring", GET_JOURNEY_SCORE, token, request("acme", acmeJourney)))
                .journeyId()).isEqualTo(acmeJourney);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** {@code n} customers of the client's tenant, each with one scored journey (an open support case). */
    private static List<JourneyRef> scoredJourneys(String client, int n) {
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        List<String> emails = new ArrayList<>();
        List<Touchpoints> touchpoints = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            emails.add(unique("grpc") + "@example.com");
            touchpoints.add(touchpoint("Case Opened", "email", at).identifier("email", emails.getLast())
                    .with("direction", "inbound"));
        }
        API.as(client).body(Touchpoints.batch(touchpoints.toArray(Touchpoints[]::new)))
                .post("/api/v1/touchpoints").then().statusCode(202);
        API.awaitPipelineDrained(client);
        List<JourneyRef> journeys = new ArrayList<>();
        for (String email : emails) {
            String profileId = API.as(client).queryParam("identifier", "email:" + email).get("/api/v1/profiles")
                    .then().statusCode(200).extract().path("id");
            journeys.add(new JourneyRef(Api.eventually(() -> API.as(client).queryParam("profileId", profileId)
                    .get("/api/v1/journeys").then().statusCode(200).extract().jsonPath(),
                    page -> page.getList("items").size() == 1 && page.get("items[0].jes.score") != null,
                    "a scored journey of " + profileId).getString("items[0].id"), profileId));
        }
        return journeys;
    }

    /** The JES of a journey as the REST API shows it (GET /journeys/{id}, from scoring-service). */
    private static double jes(String client, String journeyId) {
        return ((Number) API.as(client).get("/api/v1/journeys/" + journeyId).then().statusCode(200).extract()
                .path("jes.score")).doubleValue();
    }

    /** A request with tenant_id (field 1) and, when given, an id (field 2): the shape of every Get...Request here. */
    private static byte[] request(String tenant, String id) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            if (!tenant.isEmpty()) {
                out.writeString(1, tenant);
            }
            if (id != null) {
                out.writeString(2, id);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * ScoreJourneyRequest (and ScoreJourneysRequest, the same shape): {tenant_id = 1, JourneyFacts journey = 2}.
     * The facts are a completed support journey of two contacts, the second answering CSAT 5: JourneyFacts
     * {journey_id 1, profile_id 2, type 3, status 4, stage 5, started_at 6, last_activity_at 7, touchpoints 8
     * {id 1, channel 2, occurred_at 3, csat 5}, handoff_count 9, expected_touchpoints 11,
     * expected_duration_seconds 12}.
     */
    private static byte[] scoreJourneyRequest(String tenant, JourneyRef journey) {
        byte[] facts = facts(journey);
        return message(out -> {
            out.writeString(1, tenant);
            out.writeByteArray(2, facts);
        });
    }

    /** ScoreJourneyBatchRequest: {tenant_id = 1, repeated JourneyFacts journeys = 2}. */
    private static byte[] batchRequest(String tenant, JourneyRef... journeys) {
        return message(out -> {
            out.writeString(1, tenant);
            for (JourneyRef journey : journeys) {
                out.writeByteArray(2, facts(journey));
            }
        });
    }

    /** ScoreJourneyBatchResponse: {repeated ScoreJourneysResponse results = 1}. */
    private static List<StreamAnswer> batchAnswers(byte[] response) {
        try {
            List<StreamAnswer> answers = new ArrayList<>();
            CodedInputStream in = CodedInputStream.newInstance(response);
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (WireFormat.getTagFieldNumber(tag) == 1) {
                    answers.add(StreamAnswer.parse(in.readByteArray()));
                } else {
                    in.skipField(tag);
                }
            }
            return answers;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JourneyFacts of {@link #scoreJourneyRequest}. */
    private static byte[] facts(JourneyRef journey) {
        Instant start = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Instant end = start.plus(30, ChronoUnit.MINUTES);
        byte[] facts = message(out -> {
            out.writeString(1, journey.id());
            out.writeString(2, journey.profileId());
            out.writeString(3, "support");
            out.writeString(4, "completed");
            out.writeString(5, "resolution");
            out.writeByteArray(6, timestamp(start));
            out.writeByteArray(7, timestamp(end));
            out.writeByteArray(8, message(t -> {
                t.writeString(1, "grpc-tp-1");
                t.writeString(2, "email");
                t.writeByteArray(3, timestamp(start));
            }));
            out.writeByteArray(8, message(t -> {
                t.writeString(1, "grpc-tp-2");
                t.writeString(2, "email");
                t.writeByteArray(3, timestamp(end));
                t.writeInt32(5, 5);
            }));
            out.writeInt32(9, 0);
            out.writeInt32(11, 3);
            out.writeInt64(12, 86_400);
        });
        return facts;
    }

    private static byte[] timestamp(Instant at) {
        return message(out -> out.writeInt64(1, at.getEpochSecond()));
    }

    private interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Writer writer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            writer.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One ScoreJourneysResponse: {journey_id 1, oneof {JourneyScore score 2, ScoreError error 3 {code 1}}}. */
    private record StreamAnswer(String journeyId, Double score, String errorCode) {

        static StreamAnswer parse(byte[] response) {
            try {
                CodedInputStream in = CodedInputStream.newInstance(response);
                String journeyId = "";
                Double score = null;
                String errorCode = null;
                for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                    switch (WireFormat.getTagFieldNumber(tag)) {
                        case 1 -> journeyId = in.readString();
                        case 2 -> score = Score.parseScore(CodedInputStream.newInstance(in.readByteArray())).value();
                        case 3 -> {
                            CodedInputStream error = CodedInputStream.newInstance(in.readByteArray());
                            errorCode = "";
                            for (int t = error.readTag(); t != 0; t = error.readTag()) {
                                if (WireFormat.getTagFieldNumber(t) == 1) {
                                    errorCode = error.readString();
                                } else {
                                    error.skipField(t);
                                }
                            }
                        }
                        default -> in.skipField(tag);
                    }
                }
                return new StreamAnswer(journeyId, score, errorCode);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Sends the requests on one ScoreJourneys stream, half-closes it and answers what came back; a stream
     * that ends with an error throws it (StatusRuntimeException).
     */
    private static List<StreamAnswer> stream(String token, List<byte[]> requests) {
        MethodDescriptor<byte[], byte[]> descriptor = MethodDescriptor.<byte[], byte[]>newBuilder(BYTES, BYTES)
                .setType(MethodDescriptor.MethodType.BIDI_STREAMING).setFullMethodName(SCORE_JOURNEYS).build();
        List<StreamAnswer> answers = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<byte[]> out = ClientCalls.asyncBidiStreamingCall(
                channel("scoring", token).newCall(descriptor, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS)),
                new StreamObserver<>() {
                    @Override
                    public void onNext(byte[] response) {
                        answers.add(StreamAnswer.parse(response));
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(null);
                    }
                });
        requests.forEach(out::onNext);
        out.onCompleted();
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StatusRuntimeException sre ? sre : new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("ScoreJourneys did not end", e);
        }
        return answers;
    }

    private static Status.Code failure(String service, String method, String token, byte[] request) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> call(service, method, token, request));
        assertThat(e).as("%s answers an error", method).isNotNull();
        return e.getStatus().getCode();
    }

    private static byte[] call(String service, String method, String token, byte[] request) {
        MethodDescriptor<byte[], byte[]> descriptor = MethodDescriptor.<byte[], byte[]>newBuilder(BYTES, BYTES)
                .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(method).build();
        return ClientCalls.blockingUnaryCall(channel(service, token), descriptor,
                CallOptions.DEFAULT.withDeadlineAfter(15, TimeUnit.SECONDS), request);
    }

    /** A channel to the service's port that sends the token, when given, as {@code authorization: Bearer}. */
    private static Channel channel(String service, String token) {
        Channel channel;
        synchronized (CHANNELS) {
            channel = CHANNELS.computeIfAbsent(service, s -> ManagedChannelBuilder
                    .forAddress("localhost", Suite.get().servicePorts.get(s)).usePlaintext().build());
        }
        if (token == null) {
            return channel;
        }
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    /** GetJourneyScoreResponse { JourneyScore score = 1 { string journey_id = 1; double score = 2; ... } }. */
    private record Score(String journeyId, double value) {

        static Score parse(byte[] response) {
            try {
                CodedInputStream in = CodedInputStream.newInstance(response);
                for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                    if (WireFormat.getTagFieldNumber(tag) == 1) {
                        return parseScore(CodedInputStream.newInstance(in.readByteArray()));
                    }
                    in.skipField(tag);
                }
                throw new AssertionError("no score in the response");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Score parseScore(CodedInputStream in) throws IOException {
            String journeyId = null;
            double value = 0;
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case 1 -> journeyId = in.readString();
                    case 2 -> value = in.readDouble();
                    default -> in.skipField(tag);
                }
            }
            return new Score(journeyId, value);
        }
    }
}
