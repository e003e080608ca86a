package io.cjm.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServiceTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-26T04:00:00Z");

    /** An OIDC client that hands out token-1, token-2, ... each valid for 300 s from NOW. */
    private static final class CountingClient implements OidcClient {
        final AtomicInteger requests = new AtomicInteger();

        @Override
        public Uni<Tokens> getTokens(Map<String, String> additionalGrantParameters) {
            return Uni.createFrom().item(() -> {
                int n = requests.incrementAndGet();
                return new Tokens("token-" + n, NOW.getEpochSecond() + 300, null, null, null, null, "cjm-services");
            });
        }

        @Override
        public Uni<Tokens> refreshTokens(String refreshToken, Map<String, String> additionalGrantParameters) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Uni<Boolean> revokeAccessToken(String accessToken, Map<String, String> additionalParameters) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void oneTokenServesEveryCallUntilShortlyBeforeItExpires() {
        CountingClient client = new CountingClient();
        ServiceTokens early = new ServiceTokens(instance(client), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(early.cached()).isNull();
        assertThat(early.token().await().indefinitely()).isEqualTo("token-1");
        assertThat(early.token().await().indefinitely()).isEqualTo("token-1");
        assertThat(early.cached()).isEqualTo("token-1");
        assertThat(client.requests).hasValue(1);
    }

    @Test
    void aTokenWithinThirtySecondsOfExpiryIsReplaced() {
        CountingClient client = new CountingClient();
        MutableClock clock = new MutableClock(NOW);
        ServiceTokens tokens = new ServiceTokens(instance(client), clock);
        assertThat(tokens.token().await().indefinitely()).isEqualTo("token-1");

        clock.now = NOW.plusSeconds(269);
        assertThat(tokens.cached()).isEqualTo("token-1");
        clock.now = NOW.plusSeconds(271);
        assertThat(tokens.cached()).isNull();
        assertThat(tokens.token().await().indefinitely()).isEqualTo("token-2");
        assertThat(client.requests).hasValue(2);
    }

    @SuppressWarnings("unchecked")
    private static jakarta.enterprise.inject.Instance<OidcClient> instance(OidcClient client) {
        return (jakarta.enterprise.inject.Instance<OidcClient>) java.lang.reflect.Proxy.newProxyInstance(
                ServiceTokensTest.class.getClassLoader(), new Class<?>[] {jakarta.enterprise.inject.Instance.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("get")) {
                        return client;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
