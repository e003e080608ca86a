package io.cjm.gateway.security;

import io.opentelemetry.api.trace.Span;
import io.quarkus.security.ForbiddenException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller's tenant, taken from the verified token, never from the request. Reading it
 * names the tenant on the request's span ({@code cjm.tenant}).
 * <p>
 * One instance for the application: the token is the current request's (the injected
 * {@link JsonWebToken} is request-scoped), and the claim's name is read from the
 * configuration once, not on every request.
 */
@ApplicationScoped
public class CallerTenant {

    private final JsonWebToken token;
    private final String claim;

    CallerTenant(JsonWebToken token, @ConfigProperty(name = "cjm.gateway.tenant-claim") String claim) {
        this.token = token;
        this.claim = claim;
    }

    public String id() {
        Object value = token.getClaim(claim);
        String tenant = value == null ? "" : value.toString().replace("\"", "").trim();
        if (tenant.isEmpty()) {
            throw new ForbiddenException("The token names no tenant (claim '" + claim + "')");
        }
        Span.current().setAttribute("cjm.tenant", tenant);
        return tenant;
    }
}
