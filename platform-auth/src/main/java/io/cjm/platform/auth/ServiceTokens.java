package io.cjm.platform.auth;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/**
 * The access token of this service's account (client {@code cjm-services}, client-credentials grant),
 * from quarkus-oidc-client's default client. One token serves every outgoing call until it is within
 * {@link #REFRESH_BEFORE} of its expiry; then the next call asks Keycloak for a new one, and calls made
 * meanwhile wait for that same request (never more than one at a time). Nothing here blocks.
 */
@Singleton
public class ServiceTokens {

    /** A token this close to its expiry is not sent: it could expire on the way or at the callee. */
    static final Duration REFRESH_BEFORE = Duration.ofSeconds(30);

    private final Instance<OidcClient> client;
    private final Clock clock;
    private volatile Tokens current;
    private Uni<String> inFlight;

    @Inject
    ServiceTokens(Instance<OidcClient> client) {
        this(client, Clock.systemUTC());
    }

    ServiceTokens(Instance<OidcClient> client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** The current token when it is still good for more than {@link #REFRESH_BEFORE}; else null. */
    public String cached() {
        Tokens tokens = current;
        return tokens != null && fresh(tokens) ? tokens.getAccessToken() : null;
    }

    /** A token good for more than {@link #REFRESH_BEFORE}, from the cache or from Keycloak. */
    public Uni<String> token() {
        String cached = cached();
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        synchronized (this) {
            if (inFlight == null) {
                inFlight = client.get().getTokens()
                        .onItem().invoke(tokens -> current = tokens)
                        .map(Tokens::getAccessToken)
                        .onTermination().invoke(this::requestDone)
                        .memoize().indefinitely();
            }
            return inFlight;
        }
    }

    private synchronized void requestDone() {
        inFlight = null;
    }

    private boolean fresh(Tokens tokens) {
        Long expiresAt = tokens.getAccessTokenExpiresAt();
        // Keycloak always sends expires_in; a token without one is used once and not kept.
        return expiresAt != null && clock.instant().plus(REFRESH_BEFORE).getEpochSecond() < expiresAt;
    }
}
