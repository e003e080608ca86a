package io.cjm.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final Caller SERVICE = new Caller("svc", null, Set.of(Caller.SERVICE_ROLE));

    @Test
    void aTokenIsKnownUntilItsExpiryOnly() {
        VerifiedTokens tokens = new VerifiedTokens(10, Clock.fixed(NOW, ZoneOffset.UTC));
        tokens.put("a", SERVICE, NOW.plusSeconds(1));
        tokens.put("b", SERVICE, NOW);

        assertThat(tokens.get("a")).isEqualTo(SERVICE);
        assertThat(tokens.get("b")).as("expired when remembered").isNull();
        assertThat(tokens.get("a.")).as("only the very same string").isNull();
        assertThat(new VerifiedTokens(10, Clock.fixed(NOW.plusSeconds(1), ZoneOffset.UTC)).get("a")).isNull();
    }

    @Test
    void neverHoldsMoreThanItsCapacity() {
        VerifiedTokens tokens = new VerifiedTokens(3, Clock.fixed(NOW, ZoneOffset.UTC));
        for (int i = 0; i < 10; i++) {
            tokens.put("t" + i, SERVICE, NOW.plusSeconds(60));
            assertThat(tokens.size()).isLessThanOrEqualTo(3);
        }
        assertThat(tokens.get("t9")).isEqualTo(SERVICE);
    }
}
