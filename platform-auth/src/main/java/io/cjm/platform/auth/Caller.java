package io.cjm.platform.auth;

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
    /** The claim that names a tenant-bound caller's tenant (the gateway reads the same claim). */
    public static final String TENANT_CLAIM = "tenant";

    public Caller {
        roles = Set.copyOf(roles);
    }

    /** One of the suite's own services: trusted to pass the tenant of the user it acts for. */
    public boolean isService() {
        return roles.contains(SERVICE_ROLE);
    }
}
