package io.cjm.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Instance;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** The interceptor around a fake call: what reaches the service, and how refused calls end. */
class GrpcAuthInterceptorTest {

    private static final Descriptor REQUEST = requestType();
    private static final String GET_SCORE = "cjm.scoring.v1.ScoringService/GetJourneyScore";
    private static final String SCORE_JOURNEYS = "cjm.scoring.v1.ScoringService/ScoreJourneys";

    @Test
    void aCallWithoutATokenIsClosedUnauthenticatedAndNeverReachesTheService() {
        FakeCall call = new FakeCall(GET_SCORE);
        RecordingHandler handler = new RecordingHandler();

        interceptor(token -> Uni.createFrom().failure(new AssertionError("not asked"))).interceptCall(call,
                new Metadata(), handler);

        assertThat(call.closedWith).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(handler.started).isFalse();
    }

    @Test
    void aTokenQuarkusOidcRejectsIsUnauthenticated() {
        FakeCall call = new FakeCall(GET_SCORE);
        RecordingHandler handler = new RecordingHandler();

        ServerCall.Listener<Object> listener = interceptor(
                token -> Uni.createFrom().failure(new AuthenticationFailedException("bad signature")))
                .interceptCall(call, bearer("garbage"), handler);
        listener.onMessage(request("acme"));
        listener.onHalfClose();

        assertThat(call.closedWith).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(handler.started).isFalse();
    }

    @Test
    void whatArrivesWhileTheTokenIsCheckedReachesTheServiceInOrderOnceItPasses() {
        FakeCall call = new FakeCall(GET_SCORE);
        RecordingHandler handler = new RecordingHandler();
        CompletableFuture<SecurityIdentity> answer = new CompletableFuture<>();

        ServerCall.Listener<Object> listener = interceptor(token -> Uni.createFrom().completionStage(answer))
                .interceptCall(call, bearer("service-token"), handler);
        listener.onMessage(request("globex"));
        listener.onHalfClose();
        assertThat(handler.started).as("held until the token is checked").isFalse();

        answer.complete(identity(null, "cjm-service"));

        assertThat(handler.started).isTrue();
        assertThat(handler.events).containsExactly("message globex", "halfClose");
        assertThat(call.closedWith).isNull();
    }

    @Test
    void aTenantBoundCallersMessageForAnotherTenantIsRefusedAndTheServiceNeverRuns() {
        FakeCall call = new FakeCall(GET_SCORE);
        RecordingHandler handler = new RecordingHandler();

        ServerCall.Listener<Object> listener = interceptor(token -> Uni.createFrom().item(identity("acme", "scores-read")))
                .interceptCall(call, bearer("analytics-token"), handler);
        listener.onMessage(request("globex"));
        listener.onHalfClose();

        assertThat(call.closedWith).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(handler.events).isEmpty();
    }

    @Test
    void aTenantBoundCallersOwnTenantPasses() {
        FakeCall call = new FakeCall(GET_SCORE);
        RecordingHandler handler = new RecordingHandler();

        ServerCall.Listener<Object> listener = interceptor(token -> Uni.createFrom().item(identity("acme", "scores-read")))
                .interceptCall(call, bearer("analytics-token"), handler);
        listener.onMessage(request("acme"));
        listener.onHalfClose();

        assertThat(call.closedWith).isNull();
        assertThat(handler.events).containsExactly("message acme", "halfClose");
    }

    @Test
    void aTenantBoundCallerIsRefusedAnotherServicesMethodBeforeItStarts() {
        FakeCall call = new FakeCall("cjm.journey.v1.JourneyService/GetJourney");
        RecordingHandler handler = new RecordingHandler();

        interceptor(token -> Uni.createFrom().item(identity("acme", "scores-read")))
                .interceptCall(call, bearer("analytics-token"), handler);

        assertThat(call.closedWith).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(handler.started).isFalse();
    }

    @Test
    void aScoresWritersStreamReachesScoringWhichAnswersEachMessageOfAnotherTenantItself() {
        FakeCall call = new FakeCall(SCORE_JOURNEYS);
        RecordingHandler handler = new RecordingHandler();

        ServerCall.Listener<Object> listener = interceptor(
                token -> Uni.createFrom().item(identity("acme", "scores-read", "scores-write")))
                .interceptCall(call, bearer("analytics-token"), handler);
        listener.onMessage(request("acme"));
        listener.onMessage(request("globex"));
        listener.onMessage(request("acme"));
        listener.onHalfClose();

        // Not closed: ScoreJourneys answers the globex message with a PERMISSION_DENIED error of its own.
        assertThat(call.closedWith).isNull();
        assertThat(handler.events).containsExactly("message acme", "message globex", "message acme", "halfClose");
        assertThat(handler.callerAtStart.tenant()).isEqualTo("acme");
        assertThat(handler.callersPerEvent).allMatch(c -> c != null && "acme".equals(c.tenant()));
        assertThat(CallPolicy.checkMessage(handler.callerAtStart, request("globex")).getCode())
                .isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void aScoresReaderMayNotOpenTheScoringStream() {
        FakeCall call = new FakeCall(SCORE_JOURNEYS);
        RecordingHandler handler = new RecordingHandler();

        interceptor(token -> Uni.createFrom().item(identity("acme", "scores-read")))
                .interceptCall(call, bearer("reader-token"), handler);

        assertThat(call.closedWith).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(handler.started).isFalse();
    }

    @Test
    void theServiceAccountIsTheCallerInTheCallsContext() {
        FakeCall call = new FakeCall(SCORE_JOURNEYS);
        RecordingHandler handler = new RecordingHandler();

        ServerCall.Listener<Object> listener = interceptor(token -> Uni.createFrom().item(identity(null, "cjm-service")))
                .interceptCall(call, bearer("service-token"), handler);
        listener.onMessage(request("globex"));

        assertThat(handler.callerAtStart.isService()).isTrue();
        assertThat(handler.callersPerEvent).singleElement().matches(Caller::isService);
        assertThat(Caller.current()).as("only inside the call").isNull();
    }

    @Test
    void aTokenThatPassedIsAcceptedAgainUntilItExpiresWithoutBeingVerifiedAgain() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
        AtomicInteger verifications = new AtomicInteger();
        long expires = clock.instant().plusSeconds(300).getEpochSecond();
        GrpcAuthInterceptor interceptor = new GrpcAuthInterceptor(true, instance(token -> {
            verifications.incrementAndGet();
            return Uni.createFrom().item(expiringIdentity(expires, null, "cjm-service"));
        }), new VerifiedTokens(10, clock));

        for (int i = 0; i < 3; i++) {
            FakeCall call = new FakeCall(GET_SCORE);
            RecordingHandler handler = new RecordingHandler();
            ServerCall.Listener<Object> listener = interceptor.interceptCall(call, bearer("service-token"), handler);
            listener.onMessage(request("globex"));
            assertThat(handler.started).isTrue();
            assertThat(handler.callerAtStart.isService()).isTrue();
            assertThat(handler.callersPerEvent).singleElement().matches(Caller::isService);
            assertThat(call.closedWith).isNull();
        }
        assertThat(verifications).as("verified once, then remembered").hasValue(1);

        clock.now = clock.now.plusSeconds(300);
        FakeCall afterExpiry = new FakeCall(GET_SCORE);
        interceptor.interceptCall(afterExpiry, bearer("service-token"), new RecordingHandler());
        assertThat(verifications).as("expired: verified again").hasValue(2);
    }

    @Test
    void anotherTokenIsStillVerifiedAndAForgedOneRefused() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
        List<String> verified = new ArrayList<>();
        long expires = clock.instant().plusSeconds(300).getEpochSecond();
        GrpcAuthInterceptor interceptor = new GrpcAuthInterceptor(true, instance(token -> {
            verified.add(token.getToken());
            return token.getToken().equals("header.payload.signature")
                    ? Uni.createFrom().item(expiringIdentity(expires, null, "cjm-service"))
                    : Uni.createFrom().failure(new AuthenticationFailedException("bad signature"));
        }), new VerifiedTokens(10, clock));
        interceptor.interceptCall(new FakeCall(GET_SCORE), bearer("header.payload.signature"), new RecordingHandler());

        FakeCall forged = new FakeCall(GET_SCORE);
        RecordingHandler handler = new RecordingHandler();
        interceptor.interceptCall(forged, bearer("header.payload.signaturf"), handler);

        assertThat(verified).containsExactly("header.payload.signature", "header.payload.signaturf");
        assertThat(forged.closedWith).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(handler.started).isFalse();
    }

    @Test
    void aRememberedTenantBoundTokenStillMeetsTheMethodAndTenantChecks() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
        long expires = clock.instant().plusSeconds(300).getEpochSecond();
        GrpcAuthInterceptor interceptor = new GrpcAuthInterceptor(true,
                instance(token -> Uni.createFrom().item(expiringIdentity(expires, "acme", "scores-read"))),
                new VerifiedTokens(10, clock));
        interceptor.interceptCall(new FakeCall(GET_SCORE), bearer("analytics-token"), new RecordingHandler());

        FakeCall otherTenant = new FakeCall(GET_SCORE);
        RecordingHandler handler = new RecordingHandler();
        ServerCall.Listener<Object> listener = interceptor.interceptCall(otherTenant, bearer("analytics-token"),
                handler);
        listener.onMessage(request("globex"));
        listener.onHalfClose();
        assertThat(otherTenant.closedWith).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(handler.events).isEmpty();

        FakeCall otherMethod = new FakeCall("cjm.journey.v1.JourneyService/GetJourney");
        RecordingHandler refused = new RecordingHandler();
        interceptor.interceptCall(otherMethod, bearer("analytics-token"), refused);
        assertThat(otherMethod.closedWith).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(refused.started).isFalse();
    }

    @Test
    void aTokenWithoutExpiryIsNeverRemembered() {
        AtomicInteger verifications = new AtomicInteger();
        GrpcAuthInterceptor interceptor = interceptor(token -> {
            verifications.incrementAndGet();
            return Uni.createFrom().item(identity(null, "cjm-service"));
        });
        interceptor.interceptCall(new FakeCall(GET_SCORE), bearer("service-token"), new RecordingHandler());
        interceptor.interceptCall(new FakeCall(GET_SCORE), bearer("service-token"), new RecordingHandler());

        assertThat(verifications).hasValue(2);
    }

    @Test
    void switchedOffEveryCallPassesUntouched() {
        FakeCall call = new FakeCall(GET_SCORE);
        RecordingHandler handler = new RecordingHandler();

        new GrpcAuthInterceptor(false, null, new VerifiedTokens(10, Clock.systemUTC())).interceptCall(call, new Metadata(), handler);

        assertThat(handler.started).isTrue();
        assertThat(call.closedWith).isNull();
        assertThat(handler.callerAtStart).isEqualTo(Caller.AUTHENTICATION_OFF);
    }

    // ---- fakes ----------------------------------------------------------------------------------

    private static GrpcAuthInterceptor interceptor(TenantIdentityProvider provider) {
        return new GrpcAuthInterceptor(true, instance(provider), new VerifiedTokens(10, Clock.systemUTC()));
    }

    private static QuarkusSecurityIdentity identity(String tenant, String... roles) {
        return expiringIdentity(null, tenant, roles);
    }

    /** An identity whose token expires at {@code expires} (epoch seconds; none when null). */
    private static QuarkusSecurityIdentity expiringIdentity(Long expires, String tenant, String... roles) {
        Map<String, Object> claims = new java.util.HashMap<>();
        claims.put("sub", "svc");
        if (tenant != null) {
            claims.put("tenant", tenant);
        }
        if (expires != null) {
            claims.put("exp", expires);
        }
        JsonWebToken jwt = new JsonWebToken() {
            @Override
            public String getName() {
                return "svc";
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String name) {
                return (T) claims.get(name);
            }
        };
        return QuarkusSecurityIdentity.builder().setPrincipal(jwt).addRoles(Set.of(roles))
                .addCredential(new AccessTokenCredential("t")).build();
    }

    private static Metadata bearer(String token) {
        Metadata headers = new Metadata();
        headers.put(GrpcAuthInterceptor.AUTHORIZATION, "Bearer " + token);
        return headers;
    }

    private static DynamicMessage request(String tenant) {
        return DynamicMessage.newBuilder(REQUEST).setField(REQUEST.findFieldByName("tenant_id"), tenant).build();
    }

    private static Descriptor requestType() {
        FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("req.proto").setPackage("test.v1")
                .setSyntax("proto3").addMessageType(DescriptorProto.newBuilder().setName("GetJourneyScoreRequest")
                        .addField(FieldDescriptorProto.newBuilder().setName("tenant_id").setNumber(1)
                                .setType(FieldDescriptorProto.Type.TYPE_STRING)
                                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)))
                .build();
        try {
            return FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName("GetJourneyScoreRequest");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Instance<TenantIdentityProvider> instance(TenantIdentityProvider provider) {
        return (Instance<TenantIdentityProvider>) java.lang.reflect.Proxy.newProxyInstance(
                GrpcAuthInterceptorTest.class.getClassLoader(), new Class<?>[] {Instance.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("get")) {
                        return provider;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static final class FakeCall extends ServerCall<Object, Object> {
        private final MethodDescriptor<Object, Object> method;
        Status.Code closedWith;

        FakeCall(String fullMethodName) {
            MethodDescriptor.Marshaller<Object> none = new MethodDescriptor.Marshaller<>() {
                @Override
                public InputStream stream(Object value) {
                    return new ByteArrayInputStream(new byte[0]);
                }

                @Override
                public Object parse(InputStream stream) {
                    return null;
                }
            };
            method = MethodDescriptor.newBuilder(none, none).setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(fullMethodName).build();
        }

        @Override
        public void request(int numMessages) {
        }

        @Override
        public void sendHeaders(Metadata headers) {
        }

        @Override
        public void sendMessage(Object message) {
        }

        @Override
        public void close(Status status, Metadata trailers) {
            assertThat(closedWith).as("closed once").isNull();
            closedWith = status.getCode();
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public Attributes getAttributes() {
            return Attributes.EMPTY;
        }

        @Override
        public MethodDescriptor<Object, Object> getMethodDescriptor() {
            return method;
        }
    }

    /**
     * The service's handler: records whether it was started, what its listener received, and the caller in
     * the gRPC context when it started and at each event.
     */
    private static final class RecordingHandler implements ServerCallHandler<Object, Object> {
        boolean started;
        Caller callerAtStart;
        final List<String> events = new ArrayList<>();
        final List<Caller> callersPerEvent = new ArrayList<>();

        @Override
        public ServerCall.Listener<Object> startCall(ServerCall<Object, Object> call, Metadata headers) {
            started = true;
            callerAtStart = Caller.current();
            return new ServerCall.Listener<>() {
                @Override
                public void onMessage(Object message) {
                    events.add("message " + CallPolicy.tenantOf(message));
                    callersPerEvent.add(Caller.current());
                }

                @Override
                public void onHalfClose() {
                    events.add("halfClose");
                    callersPerEvent.add(Caller.current());
                }
            };
        }
    }
}
