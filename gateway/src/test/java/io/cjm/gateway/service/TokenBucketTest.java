package io.cjm.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cjm.gateway.service.TokenBucket.Decision;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final AtomicLong now = new AtomicLong(1_000);

    private void advanceMillis(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void aFullBucketAllowsTheBurstThenRefuses() {
        TokenBucket bucket = new TokenBucket(2, 3, now::get);

        assertThat(bucket.tryAcquire()).isEqualTo(new Decision(true, 3, 2, 0));
        assertThat(bucket.tryAcquire().remaining()).isEqualTo(1);
        assertThat(bucket.tryAcquire().remaining()).isZero();
        Decision refused = bucket.tryAcquire();
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
    }

    @Test
    void tokensComeBackAtTheRate() {
        TokenBucket bucket = new TokenBucket(2, 3, now::get);
        for (int i = 0; i < 3; i++) {
            bucket.tryAcquire();
        }
        advanceMillis(499);
        assertThat(bucket.tryAcquire().allowed()).isFalse();
        advanceMillis(1);
        assertThat(bucket.tryAcquire().allowed()).isTrue();
        assertThat(bucket.tryAcquire().allowed()).isFalse();
    }

    @Test
    void refillStopsAtTheBurst() {
        TokenBucket bucket = new TokenBucket(10, 3, now::get);
        bucket.tryAcquire();
        advanceMillis(60_000);

        assertThat(bucket.isFull()).isTrue();
        assertThat(bucket.tryAcquire().remaining()).isEqualTo(2);
        assertThat(bucket.tryAcquire().allowed()).isTrue();
        assertThat(bucket.tryAcquire().allowed()).isTrue();
        assertThat(bucket.tryAcquire().allowed()).isFalse();
    }

    @Test
    void retryAfterIsTheWholeSecondsUntilTheNextTokenAndAtLeastOne() {
        TokenBucket fast = new TokenBucket(100, 1, now::get);
        fast.tryAcquire();
        assertThat(fast.tryAcquire().retryAfterSeconds()).as("10 ms away, rounded up").isEqualTo(1);

        TokenBucket slow = new TokenBucket(0.2, 1, now::get);
        slow.tryAcquire();
        assertThat(slow.tryAcquire().retryAfterSeconds()).isEqualTo(5);
        advanceMillis(3_500);
        assertThat(slow.tryAcquire().retryAfterSeconds()).as("1.5 s away").isEqualTo(2);
        advanceMillis(1_500);
        assertThat(slow.tryAcquire().allowed()).isTrue();
    }

    @Test
    void refusedCallsTakeNoToken() {
        TokenBucket bucket = new TokenBucket(1, 1, now::get);
        bucket.tryAcquire();
        for (int i = 0; i < 5; i++) {
            advanceMillis(100);
            assertThat(bucket.tryAcquire().allowed()).isFalse();
        }
        advanceMillis(500);
        assertThat(bucket.tryAcquire().allowed()).as("1 s after the last token").isTrue();
    }

    @Test
    void invalidLimitsAreRefused() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, now::get)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(Double.NaN, 1, now::get)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0, now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
