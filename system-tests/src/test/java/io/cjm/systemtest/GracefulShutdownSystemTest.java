package io.cjm.systemtest;

import static io.cjm.systemtest.Touchpoints.touchpoint;
import static io.cjm.systemtest.Touchpoints.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A touchpoint-service stopped the way Kubernetes stops a pod (SIGTERM) in the middle of
 * relaying leaves its outbox consistent: no row stays leased by the process that is gone,
 * and once a replacement runs, every acknowledged touchpoint goes through exactly once.
 */
class GracefulShutdownSystemTest {

    private final Api api = new Api();
    private final Suite suite = Suite.get();

    @Test
    void stoppingTouchpointServiceMidRelayLeavesNoLeasedRowAndLosesNothing() throws Exception {
        String run = unique("stop");
        List<String> ids = new ArrayList<>();
        for (int batch = 0; batch < 4; batch++) {
            Touchpoints[] items = new Touchpoints[50];
            for (int i = 0; i < items.length; i++) {
                items[i] = touchpoint("Case Opened", "chat", Instant.now().minusSeconds(60))
                        .identifier("customerId", run + "-" + batch + "-" + i);
                ids.add(items[i].id());
            }
            api.as("globex-ingest").body(Touchpoints.batch(items)).post("/api/v1/touchpoints").then().statusCode(202);
        }
        String idList = "'" + String.join("','", ids) + "'";

        suite.stopGracefully("touchpoint-service");

        assertThat(suite.queryLong("touchpoint", "SELECT count(*) FROM outbox WHERE leased_until > now()"))
                .as("outbox rows still leased by the stopped process").isZero();
        long stored = suite.queryLong("touchpoint",
                "SELECT count(*) FROM touchpoint WHERE tenant_id = 'globex' AND touchpoint_id IN (" + idList + ")");
        assertThat(stored).isEqualTo(ids.size());

        suite.start("touchpoint-service");
        api.awaitPipelineDrained("globex-ingest");

        assertThat(suite.queryLong("touchpoint", "SELECT count(*) FROM touchpoint WHERE tenant_id = 'globex' "
                + "AND done_at IS NOT NULL AND touchpoint_id IN (" + idList + ")")).isEqualTo(ids.size());
        assertThat(suite.queryLong("journey", "SELECT count(*) FROM journey_touchpoint WHERE tenant_id = 'globex' "
                + "AND touchpoint_id IN (" + idList + ")")).isEqualTo(ids.size());
    }
}
