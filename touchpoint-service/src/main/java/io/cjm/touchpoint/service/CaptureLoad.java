package io.cjm.touchpoint.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How many touchpoints this instance accepted in the last second or so: the relay yields the
 * CPU to capture while it is high (see {@link RelayConfig#yieldAbovePerSecond()}). Two
 * one-second buckets, no lock.
 */
@ApplicationScoped
public class CaptureLoad {

    private final LongSupplier clockMillis;
    private final AtomicLong second = new AtomicLong();
    private final AtomicLong current = new AtomicLong();
    private final AtomicLong previous = new AtomicLong();

    CaptureLoad() {
        this(System::currentTimeMillis);
    }

    CaptureLoad(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    /** Records touchpoints accepted now. */
    public void accepted(long n) {
        roll();
        current.addAndGet(n);
    }

    /** Touchpoints accepted in the last full second, or in the current one if more. */
    public long perSecond() {
        roll();
        return Math.max(previous.get(), current.get());
    }

    private void roll() {
        long now = clockMillis.getAsLong() / 1000;
        long was = second.get();
        if (now != was && second.compareAndSet(was, now)) {
            previous.set(now == was + 1 ? current.getAndSet(0) : 0);
            if (now != was + 1) {
                current.set(0);
            }
        }
    }
}
