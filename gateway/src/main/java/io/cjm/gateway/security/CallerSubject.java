package io.cjm.gateway.security;

import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, as the services record it in their logs ({@code requested_by} of a merge,
 * split or erasure): the verified token's subject ({@code sub}) and the client it was issued
 * to ({@code azp}). Never taken from the request.
 */
@RequestScoped
public class CallerSubject {

    private final JsonWebToken token;

    CallerSubject(JsonWebToken token) {
        this.token = token;
    }

    public String id() {
        return describe(claim("sub"), claim("azp") != null ? claim("azp") : claim("client_id"));
    }

    private String claim(String name) {
        Object value = token.getClaim(name);
        String s = value == null ? "" : value.toString().replace("\"", "").trim();
        return s.isEmpty() ? null : s;
    }

    /** {@code <sub> (client <client>)}, or whichever of the two is known, or {@code unknown}. */
    static String describe(String subject, String client) {
        if (subject != null && client != null) {
            return subject + " (client " + client + ")";
        }
        if (subject != null) {
            return subject;
        }
        return client != null ? "client " + client : "unknown";
    }
}
