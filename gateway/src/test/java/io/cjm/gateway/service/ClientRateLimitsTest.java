package io.cjm.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.cjm.gateway.service.ClientRateLimits.Kind;
import io.cjm.gateway.service.ClientRateLimits.Limit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientRateLimitsTest {

    private final AtomicLong now = new AtomicLong();
    private final ClientRateLimits limits = new ClientRateLimits(new Limit(1, 2), new Limit(1, 1), now::get);

    @Test
    void eachClientAndKindHasABucketOfItsOwn() {
        assertThat(limits.tryAcquire("acme client a", Kind.READ).allowed()).isTrue();
        assertThat(limits.tryAcquire("acme client a", Kind.READ).allowed()).isFalse();

        assertThat(limits.tryAcquire("acme client a", Kind.INGEST).allowed()).isTrue();
        assertThat(limits.tryAcquire("acme client a", Kind.INGEST).allowed()).isTrue();
        assertThat(limits.tryAcquire("acme client a", Kind.INGEST).allowed()).isFalse();

        assertThat(limits.tryAcquire("acme client b", Kind.READ).allowed()).isTrue();
        assertThat(limits.tryAcquire("globex client a", Kind.READ).allowed()).isTrue();
    }

    @Test
    void fullBucketsAreForgottenWhenThereAreMany() {
        for (int i = 0; i <= ClientRateLimits.SWEEP_ABOVE; i++) {
            limits.tryAcquire("subject " + i, Kind.READ);
        }
        now.addAndGet(2_000_000_000L);
        limits.tryAcquire("one more", Kind.READ);

        assertThat(limits.size()).isEqualTo(1);
    }
}
