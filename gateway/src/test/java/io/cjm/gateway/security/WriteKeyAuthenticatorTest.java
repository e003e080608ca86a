package io.cjm.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cjm.gateway.client.ScriptedTouchpointClient;
import io.cjm.gateway.security.WriteKeyAuthenticator.WriteKeyCaller;
import io.cjm.proto.touchpoint.v1.AuthenticateWriteKeyResponse;
import io.grpc.Status;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The gateway's short memory of write keys, against a scripted touchpoint-service and a fake clock. */
class WriteKeyAuthenticatorTest {

    private static final long TTL = Duration.ofSeconds(30).toNanos();

    private final AtomicLong clock = new AtomicLong(1_000);
    private final List<String> asked = new ArrayList<>();
    /** What touchpoint-service says now: the active secret's tenant, "down", or nothing known. */
    private String activeSecret = "wk_live";
    private boolean down;

    private final WriteKeyAuthenticator keys = new WriteKeyAuthenticator(
            ScriptedTouchpointClient.authenticatingWith(request -> {
                asked.add(request.getSecret());
                if (down) {
                    return Uni.createFrom().failure(Status.UNAVAILABLE.asRuntimeException());
                }
                if (request.getSecret().equals(activeSecret)) {
                    return Uni.createFrom().item(AuthenticateWriteKeyResponse.newBuilder().setTenantId("acme")
                            .setWriteKeyId("k-1").build());
                }
                return Uni.createFrom().failure(Status.NOT_FOUND.asRuntimeException());
            }), TTL, 3, clock::get);

    private Optional<WriteKeyCaller> authenticate(String secret) {
        return keys.authenticate(secret).await().indefinitely();
    }

    @Test
    void aKeyIsAskedForOnceWithinTheCacheTime() {
        assertThat(authenticate("wk_live")).contains(new WriteKeyCaller("acme", "k-1"));
        clock.addAndGet(TTL - 1);
        assertThat(authenticate("wk_live")).contains(new WriteKeyCaller("acme", "k-1"));

        assertThat(asked).containsExactly("wk_live");
    }

    @Test
    void aRevocationTakesEffectWhenTheCacheTimeIsOver() {
        authenticate("wk_live");
        activeSecret = "none";

        clock.addAndGet(TTL - 1);
        assertThat(authenticate("wk_live")).as("still remembered").isPresent();
        clock.addAndGet(1);
        assertThat(authenticate("wk_live")).isEmpty();
        assertThat(asked).hasSize(2);
    }

    @Test
    void aRefusedKeyIsRememberedToo() {
        assertThat(authenticate("wk_bad")).isEmpty();
        assertThat(authenticate("wk_bad")).isEmpty();

        assertThat(asked).containsExactly("wk_bad");
    }

    @Test
    void aFailedCallIsNotRemembered() {
        down = true;
        assertThatThrownBy(() -> authenticate("wk_live")).hasMessageContaining("UNAVAILABLE");
        down = false;

        assertThat(authenticate("wk_live")).isPresent();
        assertThat(asked).hasSize(2);
    }

    @Test
    void theCacheStaysWithinItsSize() {
        for (int i = 0; i < 10; i++) {
            authenticate("wk_bad-" + i);
        }
        assertThat(keys.size()).isLessThanOrEqualTo(3);
    }
}
