package io.cjm.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
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
    }

    @Test
    void aTokenIsForgottenOnceItExpires() {
        MutableClock clock = new MutableClock(NOW);
        VerifiedTokens tokens = new VerifiedTokens(10, clock);
        tokens.put("a", SERVICE, NOW.plusSeconds(30));

        clock.now = NOW.plusSeconds(29);
        assertThat(tokens.get("a")).isEqualTo(SERVICE);
        clock.now = NOW.plusSeconds(30);
        assertThat(tokens.get("a")).as("checked again from its expiry on").isNull();
    }

    @Test
    void aLongLivedTokenIsCheckedAgainAfterFiveMinutes() {
        MutableClock clock = new MutableClock(NOW);
        VerifiedTokens tokens = new VerifiedTokens(10, clock);
        tokens.put("a", SERVICE, NOW.plus(Duration.ofHours(10)));

        clock.now = NOW.plus(Duration.ofMinutes(5)).minusSeconds(1);
        assertThat(tokens.get("a")).isEqualTo(SERVICE);
        clock.now = NOW.plus(Duration.ofMinutes(5));
        assertThat(tokens.get("a")).as("a rotated key or a disabled client is seen within five minutes").isNull();
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
