package io.cjm.gateway.rest;

import io.cjm.gateway.config.RateLimitConfig;
import io.cjm.gateway.rest.model.Problem;
import io.cjm.gateway.service.ClientRateLimits;
import io.cjm.gateway.service.ClientRateLimits.Kind;
import io.cjm.gateway.service.ClientRateLimits.Limit;
import io.cjm.gateway.service.TokenBucket.Decision;
import io.opentelemetry.api.trace.Span;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Per-client rate limits ({@link RateLimitConfig}): 429 {@code Too many requests} with
 * {@code Retry-After} when the client's bucket is empty. Runs after the resource's security
 * check, so a missing or bad token still gets 401 and a missing role 403, and neither takes a
 * token. Calls without an authenticated caller are not limited. Answers the caller's limit and
 * what is left of it in {@code RateLimit-Limit} and {@code RateLimit-Remaining}.
 */
public class RateLimitFilter {

    private static final String DECISION = RateLimitFilter.class.getName() + ".decision";

    private final boolean enabled;
    private final ClientRateLimits limits;
    private final CurrentIdentityAssociation identities;
    private final String tenantClaim;

    RateLimitFilter(RateLimitConfig config, CurrentIdentityAssociation identities,
            @ConfigProperty(name = "cjm.gateway.tenant-claim") String tenantClaim) {
        this.enabled = config.enabled();
        this.limits = new ClientRateLimits(new Limit(config.ingestRate(), config.ingestBurst()),
                new Limit(config.readRate(), config.readBurst()), System::nanoTime);
        this.identities = identities;
        this.tenantClaim = tenantClaim;
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION + 1)
    public Uni<Response> limit(ContainerRequestContext request, SimpleResourceInfo resource) {
        if (!enabled) {
            return Uni.createFrom().nullItem();
        }
        // Failed authentication is left to the resource's security check (401), untouched here.
        return identities.getDeferredIdentity().onFailure().recoverWithNull()
                .map(identity -> decide(request, resource, identity));
    }

    private Response decide(ContainerRequestContext request, SimpleResourceInfo resource, SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        Kind kind = resource.getResourceClass() == TouchpointResource.class
                && HttpMethod.POST.equals(request.getMethod()) ? Kind.INGEST : Kind.READ;
        Decision decision = limits.tryAcquire(client(identity), kind);
        request.setProperty(DECISION, decision);
        if (decision.allowed()) {
            return null;
        }
        Span.current().setAttribute("cjm.rate_limited", true);
        Limit limit = limits.limit(kind);
        String detail = "This client's limit for " + (kind == Kind.INGEST ? "POST /touchpoints" : "calls other than "
                + "POST /touchpoints") + " is " + number(limit.rate()) + " requests a second with bursts of "
                + limit.burst() + "; retry in " + decision.retryAfterSeconds() + " s";
        return Response.fromResponse(ProblemMapper.respond(Problem.of(429, "Too many requests", detail)))
                .header("Retry-After", decision.retryAfterSeconds())
                .header("RateLimit-Limit", decision.limit())
                .header("RateLimit-Remaining", 0).build();
    }

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION) instanceof Decision d && d.allowed()) {
            response.getHeaders().putSingle("RateLimit-Limit", d.limit());
            response.getHeaders().putSingle("RateLimit-Remaining", d.remaining());
        }
    }

    /** The tenant and the client the token was issued to, or its subject when it names no client. */
    private String client(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            String client = claim(token, "azp");
            if (client == null) {
                client = claim(token, "client_id");
            }
            String who = client != null ? "client " + client : "subject " + claim(token, "sub");
            return claim(token, tenantClaim) + " " + who;
        }
        return "principal " + identity.getPrincipal().getName();
    }

    private static String claim(JsonWebToken token, String name) {
        Object value = token.getClaim(name);
        String s = value == null ? "" : value.toString().replace("\"", "").trim();
        return s.isEmpty() ? null : s;
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
