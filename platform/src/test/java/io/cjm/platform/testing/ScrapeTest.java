package io.cjm.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ScrapeTest {

    private final Scrape scrape = Scrape.of("""
            # TYPE cjm_touchpoints_captured counter
            cjm_touchpoints_captured_total{result="rejected"} 1.0
            cjm_touchpoints_captured_total{result="accepted"} 2.0 # {span_id="99ca2480",trace_id="f4fe"} 1.0 17956.8
            cjm_outbox_backlog 3095.0
            cjm_jes_computation_seconds_count{model="jes-1.1",quantile="0.5"} 7.0
            """);

    @Test
    void readsASampleByNameAndLabelsIgnoringItsExemplar() {
        assertThat(scrape.value("cjm_touchpoints_captured_total", Map.of("result", "accepted"))).hasValue(2.0);
        assertThat(scrape.value("cjm_touchpoints_captured_total", Map.of("result", "rejected"))).hasValue(1.0);
        assertThat(scrape.value("cjm_outbox_backlog")).hasValue(3095.0);
        assertThat(scrape.value("cjm_jes_computation_seconds_count", Map.of("model", "jes-1.1"))).hasValue(7.0);
    }

    @Test
    void aMissingSampleIsEmptyOrZero() {
        assertThat(scrape.value("cjm_touchpoints_captured_total", Map.of("result", "duplicate"))).isEmpty();
        assertThat(scrape.valueOrZero("cjm_identity_merges_total", Map.of())).isZero();
        assertThat(scrape.value("cjm_outbox")).isEmpty();
    }
}
