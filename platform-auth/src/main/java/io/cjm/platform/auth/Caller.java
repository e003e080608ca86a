package io.cjm.platform.auth;

import io.grpc.Context;
import java.util.Set;

/**
 * Who makes a gRPC call, as its access token says.
 *
 * @param subject the token's subject (a service account), for log lines
 * @param tenant the token's tenant claim, or null when it has none
 * @param roles the token's realm roles
 */
public record Caller(String subject, String tenant, Set<String> roles) {

    /** The realm role of the suite's own services (client cjm-services): every method, any tenant. */
    public static final String SERVICE_ROLE = "cjm-service";
    /** The realm role of an internal team's client: scoring's read methods, for its own tenant only. */
    public static final String SCORES_READ_ROLE = "scores-read";
    /** The realm role of an internal team's client that may score its own tenant's journeys (ScoreJourney, ScoreJourneys). */
    public static final String SCORES_WRITE_ROLE = "scores-write";
    /** The claim that names a tenant-bound caller's tenant (the gateway reads the same claim). */
    public static final String TENANT_CLAIM = "tenant";

    /**
     * The caller of the call being served when gRPC authentication is switched off
     * ({@code cjm.grpc.auth.enabled=false}): everything is allowed, as if it were one of the suite's services.
     */
    public static final Caller AUTHENTICATION_OFF = new Caller("authentication-off", null, Set.of(SERVICE_ROLE));

    /**
     * The caller of the gRPC call being served, set by {@link GrpcAuthInterceptor} in the call's gRPC
     * {@link Context} (attached while the service's handler starts and during each of its callbacks).
     */
    public static final Context.Key<Caller> CONTEXT_KEY = Context.key("cjm.grpc.caller");

    public Caller {
        roles = Set.copyOf(roles);
    }

    /**
     * The caller of the gRPC call being served on this thread, or null outside a call that
     * {@link GrpcAuthInterceptor} let through. Read it where the service method starts (for a stream: in the
     * method itself, not in a later stage of the stream, which may run without the call's context).
     */
    public static Caller current() {
        return CONTEXT_KEY.get();
    }

    /** One of the suite's own services: trusted to pass the tenant of the user it acts for. */
    public boolean isService() {
        return roles.contains(SERVICE_ROLE);
    }
}
