package io.cjm.touchpoint.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CaptureLoadTest {

    private final AtomicLong now = new AtomicLong(10_000);
    private final CaptureLoad load = new CaptureLoad(now::get);

    @Test
    void countsTheCurrentAndTheLastSecond() {
        load.accepted(300);
        load.accepted(200);
        assertEquals(500, load.perSecond());

        now.addAndGet(1_000);
        load.accepted(100);
        assertEquals(500, load.perSecond(), "the last full second while the current one is lower");

        now.addAndGet(1_000);
        assertEquals(100, load.perSecond());
    }

    @Test
    void forgetsCapturesAfterAPause() {
        load.accepted(5_000);
        now.addAndGet(3_000);
        assertEquals(0, load.perSecond());
    }
}
