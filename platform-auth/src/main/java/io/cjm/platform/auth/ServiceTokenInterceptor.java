package io.cjm.platform.auth;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Puts the service account's token ({@link ServiceTokens}) on every outgoing gRPC call of the service, as
 * {@code authorization: Bearer ...}. A global interceptor, so it covers every client and every method
 * (Quarkus applies global interceptors to the Vert.x-based client too). With a good token cached the call
 * starts at once; otherwise it is held, without blocking the thread, until Keycloak answers, and fails
 * UNAVAILABLE if it cannot. Off when {@code cjm.grpc.auth.enabled} is false.
 */
@GlobalInterceptor
@Singleton
public class ServiceTokenInterceptor implements ClientInterceptor {

    private final boolean enabled;
    private final ServiceTokens tokens;

    ServiceTokenInterceptor(@ConfigProperty(name = "cjm.grpc.auth.enabled", defaultValue = "true") boolean enabled,
            ServiceTokens tokens) {
        this.enabled = enabled;
        this.tokens = tokens;
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
            CallOptions callOptions, Channel next) {
        if (!enabled) {
            return next.newCall(method, callOptions);
        }
        String token = tokens.cached();
        if (token != null) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, callOptions)) {
                @Override
                public void start(Listener<RespT> listener, Metadata headers) {
                    headers.put(GrpcAuthInterceptor.AUTHORIZATION, "Bearer " + token);
                    super.start(listener, headers);
                }
            };
        }
        return new DeferredClientCall<>(tokens.token(), next, method, callOptions);
    }
}
