package io.cjm.systemtest;

import static io.cjm.systemtest.Touchpoints.touchpoint;
import static io.cjm.systemtest.Touchpoints.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A client that resends: the same batch posted again and again, from several threads at once,
 * is stored once. Runs as tenant globex, so that the tenant's pipeline counts move only by what
 * this test sends (the system tests run one after the other).
 */
class ResendSystemTest {

    private static final String CLIENT = "globex-ingest";
    private static final int ITEMS = 50;
    private static final int SENDS = 100;
    private static final int THREADS = 8;

    private final Api api = new Api();

    @Test
    void resendingTheSameBatch100TimesFrom8ThreadsStoresItOnce() throws Exception {
        Instant at = Instant.now().minusSeconds(600);
        String person = unique("resend");
        List<Touchpoints> items = IntStream.range(0, ITEMS)
                .mapToObj(i -> touchpoint("Product Viewed", "web", at.plusSeconds(i))
                        .identifier("email", person + "-" + i + "@example.com"))
                .toList();
        Map<String, Object> batch = Touchpoints.batch(items.toArray(Touchpoints[]::new));
        List<String> ids = items.stream().map(Touchpoints::id).toList();
        api.token(CLIENT);
        long acceptedBefore = pipeline().getLong("accepted");

        List<Response> responses = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Response>> sends = IntStream.range(0, SENDS)
                    .mapToObj(n -> pool.submit(() -> api.as(CLIENT).body(batch).post("/api/v1/touchpoints")))
                    .toList();
            for (Future<Response> send : sends) {
                responses.add(send.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        // Every answer is a 202 with one result per item, and each item is accepted exactly once.
        Map<String, Map<String, Integer>> statusesById = new HashMap<>();
        for (Response r : responses) {
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(202);
            List<Map<String, Object>> results = r.jsonPath().getList("results");
            assertThat(results).hasSize(ITEMS);
            for (int i = 0; i < ITEMS; i++) {
                assertThat(results.get(i).get("index")).isEqualTo(i);
                assertThat(results.get(i).get("id")).isEqualTo(ids.get(i));
                statusesById.computeIfAbsent(ids.get(i), id -> new HashMap<>())
                        .merge((String) results.get(i).get("status"), 1, Integer::sum);
            }
        }
        Map<String, Integer> once = Map.of("accepted", 1, "duplicate", SENDS - 1);
        assertThat(statusesById).hasSize(ITEMS);
        assertThat(statusesById.values()).allSatisfy(statuses -> assertThat(statuses).isEqualTo(once));

        // Stored once: the tenant's accepted count grew by exactly the batch.
        assertThat(pipeline().getLong("accepted") - acceptedBefore).isEqualTo(ITEMS);
        String idList = ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));
        assertThat(Suite.get().queryLong("touchpoint",
                "SELECT count(*) FROM touchpoint WHERE tenant_id = 'globex' AND touchpoint_id IN (" + idList + ")"))
                .isEqualTo(ITEMS);

        // And each one goes through the pipeline: eventually none of them is pending.
        Api.eventually(() -> pendingOf(idList), pending -> pending == 0, "the resent batch through the pipeline");
        assertThat(api.awaitPipelineDrained(CLIENT).getLong("pending")).isZero();
        assertThat(Suite.get().queryLong("touchpoint", "SELECT count(*) FROM touchpoint WHERE tenant_id = 'globex'"
                + " AND quarantined_at IS NOT NULL AND touchpoint_id IN (" + idList + ")")).isZero();
    }

    private JsonPath pipeline() {
        return api.as(CLIENT).get("/api/v1/pipeline").then().statusCode(200).extract().jsonPath();
    }

    private static long pendingOf(String idList) {
        try {
            return Suite.get().queryLong("touchpoint", "SELECT count(*) FROM touchpoint WHERE tenant_id = 'globex'"
                    + " AND done_at IS NULL AND touchpoint_id IN (" + idList + ")");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
