package io.cjm.platform.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Prioritized;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executor;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Every gRPC call a service serves needs a valid access token of the realm: its signature (the realm's
 * JWKS), issuer, expiry and audience are checked by quarkus-oidc's default tenant (the service's
 * {@code quarkus.oidc.*}); without one the call ends UNAUTHENTICATED. Then {@link CallPolicy} decides
 * what the caller may do: PERMISSION_DENIED for a method it may not call, and for every inbound message
 * (of unary and streaming calls alike) whose {@code tenant_id} is not its tenant, except for the methods
 * whose service answers each message on its own ({@link CallPolicy#ITEM_CHECKED_METHODS}): those refuse such a
 * message as that request's error. The caller is in the call's gRPC context ({@link Caller#current()}).
 *
 * <p>The token is checked without blocking: the call is held (its inbound events queued) until
 * quarkus-oidc answers, then started or closed on the Vert.x context it arrived on. Nothing reaches the
 * service before the checks pass. Off when {@code cjm.grpc.auth.enabled} is false (the modules' own
 * tests, which run without Keycloak).
 *
 * <p>A token that passed is remembered with its caller until it expires ({@link VerifiedTokens}, at most
 * {@code cjm.grpc.auth.remembered-tokens} tokens): the next call with the very same token starts at once,
 * without verifying its signature again. The method and tenant checks still run on every call.
 */
@GlobalInterceptor
@Singleton
public class GrpcAuthInterceptor implements ServerInterceptor, Prioritized {

    private static final Logger LOG = Logger.getLogger(GrpcAuthInterceptor.class);
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final boolean enabled;
    private final Instance<TenantIdentityProvider> identities;
    private final VerifiedTokens verified;

    @Inject
    GrpcAuthInterceptor(@ConfigProperty(name = "cjm.grpc.auth.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "cjm.grpc.auth.remembered-tokens", defaultValue = "1000") int rememberedTokens,
            Instance<TenantIdentityProvider> identities) {
        this(enabled, identities, new VerifiedTokens(rememberedTokens, Clock.systemUTC()));
    }

    GrpcAuthInterceptor(boolean enabled, Instance<TenantIdentityProvider> identities, VerifiedTokens verified) {
        this.enabled = enabled;
        this.identities = identities;
        this.verified = verified;
    }

    /** Before every other interceptor, so that no one does work for a call that is then refused. */
    @Override
    public int getPriority() {
        return Integer.MAX_VALUE - 10;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        if (!enabled) {
            return Contexts.interceptCall(Context.current().withValue(Caller.CONTEXT_KEY, Caller.AUTHENTICATION_OFF),
                    call, headers, next);
        }
        if (CallPolicy.isOpen(method)) {
            return next.startCall(call, headers);
        }
        String token = CallPolicy.bearerToken(headers.get(AUTHORIZATION));
        if (token == null) {
            call.close(Status.UNAUTHENTICATED.withDescription("a bearer access token is required"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        Caller known = verified.get(token);
        if (known != null) {
            // Checked before and not expired: the call starts now, on the stack it arrived on.
            ServerCall.Listener<ReqT> listener = listener(call, headers, next, Context.current(), known);
            return listener != null ? listener : new ServerCall.Listener<>() {
            };
        }
        PendingListener<ReqT> pending = new PendingListener<>();
        Executor onCallContext = onCurrentContext();
        // The call's gRPC context (deadline, cancellation), captured here: the check answers on another stack.
        Context grpcContext = Context.current();
        // deferred: a provider that throws instead of failing its Uni still ends the call UNAUTHENTICATED.
        Uni.createFrom().deferred(() -> identities.get().authenticate(new AccessTokenCredential(token)))
                .emitOn(onCallContext)
                .subscribe().with(
                        identity -> {
                            Caller caller = caller(identity);
                            verified.put(token, caller, expiry(identity));
                            start(call, headers, next, pending, grpcContext, caller);
                        },
                        failure -> {
                            LOG.debugf("gRPC call %s refused: %s", method, failure.getMessage());
                            pending.discard();
                            call.close(Status.UNAUTHENTICATED.withDescription("the access token is not valid"),
                                    new Metadata());
                        });
        return pending;
    }

    private static <ReqT, RespT> void start(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next, PendingListener<ReqT> pending, Context grpcContext, Caller caller) {
        ServerCall.Listener<ReqT> listener = listener(call, headers, next, grpcContext, caller);
        if (listener == null) {
            pending.discard();
        } else {
            pending.delegateTo(listener);
        }
    }

    /**
     * Starts the service's handler for a caller whose token passed, and returns its listener (wrapped in the
     * tenant check where one applies); null, with the call closed PERMISSION_DENIED, when the caller may not
     * call the method.
     */
    private static <ReqT, RespT> ServerCall.Listener<ReqT> listener(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next, Context grpcContext, Caller caller) {
        String method = call.getMethodDescriptor().getFullMethodName();
        Status denied = CallPolicy.checkMethod(caller, method);
        if (denied != null) {
            LOG.debugf("gRPC call %s of %s refused: %s", method, caller.subject(), denied.getDescription());
            call.close(denied, new Metadata());
            return null;
        }
        // The context is attached while the service's handler starts and during each callback of its listener.
        ServerCall.Listener<ReqT> listener = Contexts.interceptCall(grpcContext.withValue(Caller.CONTEXT_KEY, caller),
                call, headers, next);
        return caller.isService() || CallPolicy.isItemChecked(method) ? listener
                : new TenantCheckingListener<>(listener, call, caller);
    }

    /** When the checked token expires (its {@code exp} claim), or null when it does not say. */
    static Instant expiry(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getClaim("exp") instanceof Number exp) {
            return Instant.ofEpochSecond(exp.longValue());
        }
        return null;
    }

    static Caller caller(SecurityIdentity identity) {
        String tenant = null;
        String subject = identity.getPrincipal() != null ? identity.getPrincipal().getName() : null;
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object claim = jwt.getClaim(Caller.TENANT_CLAIM);
            tenant = claim == null ? null : claim.toString().replaceAll("^\"|\"$", "");
            subject = jwt.getSubject();
        }
        return new Caller(subject, tenant, identity.getRoles());
    }

    /** Runs on the Vert.x context of the call (its event loop) when there is one, so the call is used from it only. */
    private static Executor onCurrentContext() {
        io.vertx.core.Context context = Vertx.currentContext();
        if (context == null) {
            return Runnable::run;
        }
        return task -> context.runOnContext(ignored -> task.run());
    }

    /** Forwards to the service's listener, refusing any inbound message that names another tenant. */
    static final class TenantCheckingListener<ReqT> extends ServerCall.Listener<ReqT> {

        private final ServerCall.Listener<ReqT> delegate;
        private final ServerCall<ReqT, ?> call;
        private final Caller caller;
        private boolean refused;

        TenantCheckingListener(ServerCall.Listener<ReqT> delegate, ServerCall<ReqT, ?> call, Caller caller) {
            this.delegate = delegate;
            this.call = call;
            this.caller = caller;
        }

        @Override
        public void onMessage(ReqT message) {
            if (refused) {
                return;
            }
            Status denied = CallPolicy.checkMessage(caller, message);
            if (denied != null) {
                refused = true;
                LOG.debugf("gRPC message of %s (tenant %s) refused: %s", caller.subject(), caller.tenant(),
                        denied.getDescription());
                call.close(denied, new Metadata());
                return;
            }
            delegate.onMessage(message);
        }

        @Override
        public void onHalfClose() {
            // After a refusal the service must not run: it would answer a call that is closed already.
            if (!refused) {
                delegate.onHalfClose();
            }
        }

        @Override
        public void onCancel() {
            delegate.onCancel();
        }

        @Override
        public void onComplete() {
            delegate.onComplete();
        }

        @Override
        public void onReady() {
            if (!refused) {
                delegate.onReady();
            }
        }
    }
}
