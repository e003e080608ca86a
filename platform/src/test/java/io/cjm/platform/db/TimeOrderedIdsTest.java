package io.cjm.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void isAVersion7UuidThatCarriesItsMillisecond() {
        long at = 1_795_000_000_123L;
        UUID id = TimeOrderedIds.next(at);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at);
    }

    @Test
    void idsOfLaterMillisecondsSortAfterEarlierOnesAsStrings() {
        String earlier = TimeOrderedIds.next(1_795_000_000_000L).toString();
        String later = TimeOrderedIds.next(1_795_000_000_001L).toString();
        assertThat(later).isGreaterThan(earlier);
        assertThat(TimeOrderedIds.next(1_900_000_000_000L).toString()).isGreaterThan(later);
    }

    @Test
    void idsOfOneMillisecondDifferInTheirRandomBits() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(TimeOrderedIds.next(1_795_000_000_000L).toString());
        }
        assertThat(ids).hasSize(10_000);
        assertThat(TimeOrderedIds.next().length()).isEqualTo(36);
    }
}
