package io.cjm.systemtest;

import static io.cjm.systemtest.Touchpoints.touchpoint;
import static io.cjm.systemtest.Touchpoints.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * JES weights, the JES series and WatchScores through the running suite: a weights change
 * through REST re-scores an existing journey (journey-service's RescoreJourneys and its sweep,
 * scoring-service's new model version), {@code /analytics/jes} answers with the tenant's
 * journeys only, bad parameters are 400 naming them, and a WatchScores subscriber on the
 * scoring port sees the change. The gRPC call is made without generated stubs: the request and
 * the answers are written and read in the protobuf wire format of scoring.proto.
 */
class ScoringSystemTest {

    private static final String INGEST = "acme-ingest";
    private static final String READER = "acme-reader";
    private static final String ADMIN = "acme-admin";
    private static final String OTHER_TENANT = "globex-ingest";

    private final Api api = new Api();
    /** A day of their own for this run's journeys, 40 to 400 days back, so the series of that day holds only them. */
    private final Instant day = Instant.now().minus(40 + (System.nanoTime() & 0xff) + 100, ChronoUnit.DAYS)
            .truncatedTo(ChronoUnit.DAYS);
    private final List<Object[]> changes = new CopyOnWriteArrayList<>();
    private ManagedChannel channel;
    private String acmeJourney;

    /** One completed support journey for acme (email, then phone) and one for globex, on {@link #day}. */
    @BeforeEach
    void journeys() {
        String email = unique("kim") + "@example.com";
        api.as(INGEST).body(Touchpoints.batch(
                touchpoint("Case Opened", "email", day.plus(9, ChronoUnit.HOURS)).identifier("email", email)
                        .with("direction", "inbound"),
                touchpoint("Case Resolved", "phone", day.plus(10, ChronoUnit.HOURS)).identifier("email", email)))
                .post("/api/v1/touchpoints").then().statusCode(202);
        api.as(OTHER_TENANT).body(Touchpoints.batch(
                touchpoint("Case Opened", "chat", day.plus(11, ChronoUnit.HOURS)).identifier("email", email)))
                .post("/api/v1/touchpoints").then().statusCode(202);
        api.awaitPipelineDrained(INGEST);
        api.awaitPipelineDrained(OTHER_TENANT);
        String profileId = api.as(INGEST).queryParam("identifier", "email:" + email).get("/api/v1/profiles").then()
                .statusCode(200).extract().path("id");
        JsonPath page = Api.eventually(() -> api.as(READER).queryParam("profileId", profileId)
                .get("/api/v1/journeys").then().statusCode(200).extract().jsonPath(),
                p -> p.getList("items").size() == 1 && p.get("items[0].jes.score") != null,
                "the scored support journey of " + profileId);
        assertThat(page.getString("items[0].type")).isEqualTo("support");
        acmeJourney = page.getString("items[0].id");
    }

    @AfterEach
    void close() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aWeightsChangeRescoresExistingJourneysAndSubscribersSeeIt() {
        JsonPath before = journey(acmeJourney);
        float oldScore = before.getFloat("jes.score");
        JsonPath weights = api.as(READER).get("/api/v1/jes-weights").then().statusCode(200).extract().jsonPath();
        assertThat(weights.getFloat("defaults.base")).isEqualTo(70f);
        List<Map<String, Object>> types = weights.getList("journeyTypes");
        int revision = types.stream().filter(t -> t.get("journeyType").equals("support"))
                .map(t -> (Integer) t.get("revision")).findFirst().orElse(0);
        float oldBase = types.stream().filter(t -> t.get("journeyType").equals("support"))
                .map(t -> ((Number) ((Map<?, ?>) t.get("weights")).get("base")).floatValue()).findFirst().orElse(70f);
        float newBase = oldBase == 55f ? 60f : 55f;
        watch("acme");

        JsonPath put = api.as(ADMIN).body(Map.of("base", newBase)).put("/api/v1/jes-weights/support").then()
                .statusCode(200).extract().jsonPath();

        String version = "jes-1.1+support.w" + (revision + 1);
        assertThat(put.getString("modelVersion")).isEqualTo(version);
        assertThat(put.getInt("revision")).isEqualTo(revision + 1);
        assertThat(put.getFloat("weights.base")).isEqualTo(newBase);
        assertThat(put.getFloat("weights.completedPoints")).isEqualTo(15f);
        assertThat(put.getInt("rescoring")).isGreaterThanOrEqualTo(1);
        JsonPath after = Api.eventually(() -> journey(acmeJourney), j -> version.equals(j.getString("jes.modelVersion")),
                "journey " + acmeJourney + " re-scored with " + version);
        float expected = Math.max(0, Math.min(100, oldScore + newBase - oldBase));
        assertThat(after.getFloat("jes.score")).isEqualTo(expected);
        // The list shows the journey-service's copy of the new JES too.
        Api.eventually(() -> api.as(READER).queryParam("type", "support").queryParam("minJes", expected)
                .queryParam("maxJes", expected).queryParam("limit", 500).get("/api/v1/journeys").then().statusCode(200)
                .extract().<List<String>>path("items.id"), ids -> ids.contains(acmeJourney), "the new JES in the list");
        // The WatchScores subscriber on the scoring port saw the change, and only acme's changes.
        Object[] change = Api.eventually(() -> changes.stream().filter(c -> c[0].equals(acmeJourney)
                && version.equals(c[4])).findFirst().orElse(null), c -> c != null, "the change of " + acmeJourney);
        assertThat(change[1]).isEqualTo("support");
        assertThat((Double) change[5]).isEqualTo(oldScore, org.assertj.core.data.Offset.offset(1e-4));
        assertThat((Double) change[6]).isEqualTo(expected, org.assertj.core.data.Offset.offset(1e-4));
        // globex's weights are untouched.
        assertThat(api.as(OTHER_TENANT).get("/api/v1/jes-weights").then().statusCode(200).extract()
                .<List<Object>>path("journeyTypes.journeyType")).doesNotContain("support");
    }

    @Test
    void theSeriesHoldsTheTenantsJourneysOnly() {
        JsonPath acme = series(READER, r -> r.queryParam("groupBy", "type"));
        assertThat(acme.getList("buckets")).hasSize(1);
        assertThat(acme.getString("buckets[0].start")).isEqualTo(day.toString());
        assertThat(acme.getString("buckets[0].group")).isEqualTo("support");
        assertThat(acme.getInt("buckets[0].journeys")).isEqualTo(1);
        assertThat(acme.getInt("buckets[0].completed")).isEqualTo(1);
        assertThat(acme.getFloat("buckets[0].averageJes")).isEqualTo(journey(acmeJourney).getFloat("jes.score"));
        assertThat(series(READER, r -> r.queryParam("groupBy", "channel")).<String>getList("buckets.group"))
                .containsExactly("email", "phone");
        JsonPath globex = series(OTHER_TENANT, r -> r.queryParam("groupBy", "channel").queryParam("interval", "month"));
        assertThat(globex.<String>getList("buckets.group")).containsExactly("chat");
        assertThat(globex.getInt("buckets[0].journeys")).isEqualTo(1);
        api.anonymous().queryParam("from", day.toString()).queryParam("to", day.plus(1, ChronoUnit.DAYS).toString())
                .get("/api/v1/analytics/jes").then().statusCode(401);
    }

    @Test
    void badParametersGet400NamingThem() {
        String from = day.toString();
        String to = day.plus(1, ChronoUnit.DAYS).toString();
        assertBadSeries("groupBy", r -> r.queryParam("groupBy", "profile").queryParam("from", from).queryParam("to", to));
        assertBadSeries("interval", r -> r.queryParam("interval", "hour").queryParam("from", from).queryParam("to", to));
        assertBadSeries("from", r -> r.queryParam("to", to));
        assertBadSeries("to", r -> r.queryParam("from", to).queryParam("to", from));
        // scoring-service's own bound, named as the query parameter.
        assertBadSeries("to", r -> r.queryParam("from", from).queryParam("to", day.plus(2000, ChronoUnit.DAYS).toString()));

        api.as(ADMIN).body(Map.of("base", "high", "bonus", 1)).put("/api/v1/jes-weights/support").then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("base"))
                .body("errors.field", hasItem("bonus"));
        api.as(ADMIN).body(Map.of("base", 500, "frictionKindPenalties", Map.of("long_wait", -1)))
                .put("/api/v1/jes-weights/support").then().statusCode(400)
                .body("errors.field", hasItem("base")).body("errors.field", hasItem("frictionKindPenalties[long_wait]"));
        api.as(ADMIN).body(Map.of("base", 50)).put("/api/v1/jes-weights/Not A Type").then().statusCode(400)
                .body("errors.field", hasItem("journeyType"));
        // Changing weights is for tenant admins.
        api.as(READER).body(Map.of("base", 50)).put("/api/v1/jes-weights/support").then().statusCode(403);
    }

    private void assertBadSeries(String parameter, UnaryOperator<RequestSpecification> query) {
        query.apply(api.as(READER)).get("/api/v1/analytics/jes").then().statusCode(400)
                .contentType("application/problem+json").body("status", equalTo(400))
                .body("errors.field", hasItem(parameter));
    }

    private JsonPath series(String client, UnaryOperator<RequestSpecification> query) {
        return query.apply(api.as(client).queryParam("from", day.toString())
                .queryParam("to", day.plus(1, ChronoUnit.DAYS).toString())).get("/api/v1/analytics/jes").then()
                .statusCode(200).extract().jsonPath();
    }

    private JsonPath journey(String id) {
        return api.as(READER).get("/api/v1/journeys/" + id).then().statusCode(200).extract().jsonPath();
    }

    // ---- WatchScores over gRPC, in the wire format -------------------------------------------

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

    private static final MethodDescriptor<byte[], byte[]> WATCH_SCORES = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
            .setFullMethodName("cjm.scoring.v1.ScoringService/WatchScores")
            .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();

    /**
     * Subscribes to the tenant's score changes on scoring-service's port, with the token of acme's
     * internal-team client (gRPC takes tokens for audience cjm-grpc, not the REST API's);
     * each change is kept as {journey id, type, status, stage, model version, old JES, new JES}.
     */
    private void watch(String tenantId) {
        URI scoring = URI.create(Suite.get().serviceUrl("scoring"));
        channel = NettyChannelBuilder.forAddress(scoring.getHost(), scoring.getPort()).usePlaintext().build();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + api.token("acme-analytics"));
        ClientCall<byte[], byte[]> call = ClientInterceptors.intercept(channel,
                MetadataUtils.newAttachHeadersInterceptor(headers)).newCall(WATCH_SCORES, CallOptions.DEFAULT);
        ClientCalls.asyncServerStreamingCall(call, watchRequest(tenantId), new StreamObserver<>() {
            @Override
            public void onNext(byte[] response) {
                changes.add(change(response));
            }

            @Override
            public void onError(Throwable t) {
                changes.add(new Object[] { "error", t.toString(), "", "", "", 0d, 0d });
            }

            @Override
            public void onCompleted() {
            }
        });
        // The stream says nothing until a change: give the subscription a moment to be in place.
        Suite.sleep(1000);
    }

    /** WatchScoresRequest {tenant_id = 1}. */
    private static byte[] watchRequest(String tenantId) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeString(1, tenantId);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** WatchScoresResponse {ScoreChange change = 1} to {journey id, type, status, stage, model version, old, new}. */
    private static Object[] change(byte[] response) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(response);
            Object[] c = { "", "", "", "", "", null, 0d };
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (WireFormat.getTagFieldNumber(tag) != 1) {
                    in.skipField(tag);
                    continue;
                }
                CodedInputStream change = CodedInputStream.newInstance(in.readBytes().toByteArray());
                for (int t = change.readTag(); t != 0; t = change.readTag()) {
                    switch (WireFormat.getTagFieldNumber(t)) {
                        case 1 -> c[0] = change.readString();
                        case 2 -> c[1] = change.readString();
                        case 3 -> c[2] = change.readString();
                        case 4 -> c[3] = change.readString();
                        case 5 -> c[5] = change.readDouble();
                        case 6 -> c[6] = change.readDouble();
                        case 7 -> c[4] = change.readString();
                        default -> change.skipField(t);
                    }
                }
            }
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
