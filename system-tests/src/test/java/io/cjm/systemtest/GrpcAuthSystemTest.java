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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The services' gRPC ports called directly, as an internal team would (issue 5 point 6), with real Keycloak
 * tokens: no token or a bad one is UNAUTHENTICATED; acme's analytics client reads acme's JES from
 * scoring-service and nothing else (another tenant, another service, a write: PERMISSION_DENIED; another
 * tenant's journey under its own tenant: NOT_FOUND). The rest of the system tests show the services' own
 * calls to each other passing with the service account's token.
 *
 * <p>The requests are written in protobuf wire format by hand (field numbers from the protos), so this
 * module needs no generated stubs.
 */
class GrpcAuthSystemTest {

    private static final String ANALYTICS = "acme-analytics";
    private static final String GET_JOURNEY_SCORE = "cjm.scoring.v1.ScoringService/GetJourneyScore";
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private static final Api API = new Api();
    private static final Map<String, ManagedChannel> CHANNELS = new LinkedHashMap<>();
    private static String acmeJourney;
    private static double acmeJes;
    private static String globexJourney;

    /** One scored journey each for acme and globex, made through the REST pipeline. */
    @BeforeAll
    static void aScoredJourneyPerTenant() {
        acmeJourney = scoredJourney("acme-ingest");
        acmeJes = ((Number) API.as("acme-ingest").get("/api/v1/journeys/" + acmeJourney).then().statusCode(200)
                .extract().path("jes.score")).doubleValue();
        globexJourney = scoredJourney("globex-ingest");
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
    void theAnalyticsClientMayNotWriteScores() {
        assertThat(failure("scoring", "cjm.scoring.v1.ScoringService/DeleteJourneyScores", API.token(ANALYTICS),
                request("acme", acmeJourney))).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(failure("scoring", "cjm.scoring.v1.ScoringService/ScoreJourney", API.token(ANALYTICS),
                request("acme", acmeJourney))).isEqualTo(Status.Code.PERMISSION_DENIED);
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

    private static String scoredJourney(String client) {
        String email = unique("grpc") + "@example.com";
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        API.as(client).body(Touchpoints.batch(
                touchpoint("Case Opened", "email", at).identifier("email", email).with("direction", "inbound")))
                .post("/api/v1/touchpoints").then().statusCode(202);
        API.awaitPipelineDrained(client);
        String profileId = API.as(client).queryParam("identifier", "email:" + email).get("/api/v1/profiles").then()
                .statusCode(200).extract().path("id");
        return Api.eventually(() -> API.as(client).queryParam("profileId", profileId).get("/api/v1/journeys").then()
                .statusCode(200).extract().jsonPath(),
                page -> page.getList("items").size() == 1 && page.get("items[0].jes.score") != null,
                "a scored journey of " + profileId).getString("items[0].id");
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

    private static Status.Code failure(String service, String method, String token, byte[] request) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> call(service, method, token, request));
        assertThat(e).as("%s answers an error", method).isNotNull();
        return e.getStatus().getCode();
    }

    private static byte[] call(String service, String method, String token, byte[] request) {
        Channel channel = CHANNELS.computeIfAbsent(service, s -> ManagedChannelBuilder
                .forAddress("localhost", Suite.get().servicePorts.get(s)).usePlaintext().build());
        if (token != null) {
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, "Bearer " + token);
            channel = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        MethodDescriptor<byte[], byte[]> descriptor = MethodDescriptor.<byte[], byte[]>newBuilder(BYTES, BYTES)
                .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(method).build();
        return ClientCalls.blockingUnaryCall(channel, descriptor,
                CallOptions.DEFAULT.withDeadlineAfter(15, TimeUnit.SECONDS), request);
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

        private static Score parseScore(CodedInputStream in) throws IOException {
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
