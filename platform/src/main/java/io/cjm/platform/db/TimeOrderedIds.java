package io.cjm.platform.db;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random ids that sort by creation time: UUID version 7 (RFC 9562), 48 bits of Unix milliseconds,
 * then 74 random bits. For surrogate keys that nothing derives again (unlike the name-based ids
 * that carry idempotency): a btree on them takes new entries at its right edge, in pages that are
 * in memory already, where a version 4 id lands each entry on a random leaf page of the whole index.
 * They are not secrets, so the random bits come from the thread's own generator (no lock).
 */
public final class TimeOrderedIds {

    private TimeOrderedIds() {
    }

    /** A new version 7 UUID for the current time, as its usual string. */
    public static String next() {
        return next(System.currentTimeMillis()).toString();
    }

    static UUID next(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | random.nextLong(0x1000L);
        long low = 0x8000_0000_0000_0000L | (random.nextLong() >>> 2);
        return new UUID(high, low);
    }
}
