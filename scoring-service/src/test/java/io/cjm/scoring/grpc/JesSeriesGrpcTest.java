package io.cjm.scoring.grpc;

import static io.cjm.scoring.grpc.Facts.randomTenant;
import static io.cjm.scoring.grpc.Facts.scoreRequest;
import static io.cjm.scoring.grpc.Facts.timestamp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cjm.proto.scoring.v1.GetJesSeriesRequest;
import io.cjm.proto.scoring.v1.JesBucket;
import io.cjm.proto.scoring.v1.JesGroupBy;
import io.cjm.proto.scoring.v1.JesInterval;
import io.cjm.proto.scoring.v1.JourneyFacts;
import io.cjm.proto.scoring.v1.ScoredTouchpoint;
import io.cjm.proto.scoring.v1.ScoringService;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GetJesSeries over known journeys: the exact buckets. */
@QuarkusTest
class JesSeriesGrpcTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-05-01T00:00:00Z");

    @GrpcClient("scoring")
    ScoringService client;

    private final String tenant = randomTenant();
    private double completedSupport;
    private double failedSupport;
    private double completedPurchase;
    private double openPurchase;

    @BeforeEach
    void journeys() {
        // Monday 2 March: two support journeys (one over chat and phone, one by email).
        completedSupport = score(tenant, journey("support", "completed", "assisted", "2026-03-02T10:00:00Z",
                "chat", "phone"));
        failedSupport = score(tenant, journey("support", "failed", "triage", "2026-03-02T23:59:59Z", "email"));
        // Tuesday 3 March, same ISO week: a purchase on the web.
        completedPurchase = score(tenant, journey("purchase", "completed", "checkout", "2026-03-03T00:00:00Z",
                "web"));
        // Monday 9 March, next week: a support journey over chat.
        score(tenant, journey("support", "completed", "assisted", "2026-03-09T08:00:00Z", "chat"));
        // 1 April: an open purchase without a stage.
        openPurchase = score(tenant, journey("purchase", "open", "", "2026-04-01T12:00:00Z", "web", "email"));
        // Outside [from, to), and another tenant's journey on a day that has ours.
        score(tenant, journey("support", "completed", "assisted", "2026-02-28T23:59:59Z", "chat"));
        score(tenant, journey("support", "completed", "assisted", "2026-05-01T00:00:00Z", "chat"));
        score(randomTenant(), journey("support", "completed", "assisted", "2026-03-02T11:00:00Z", "chat"));
    }

    @Test
    void byTypePerDay() {
        List<JesBucket> buckets = series(JesGroupBy.JES_GROUP_BY_TYPE, JesInterval.JES_INTERVAL_DAY, "");

        assertEquals(List.of("2026-03-02T00:00:00Z support 2", "2026-03-03T00:00:00Z purchase 1",
                "2026-03-09T00:00:00Z support 1", "2026-04-01T00:00:00Z purchase 1"), keys(buckets));
        JesBucket twoSupport = buckets.getFirst();
        assertEquals(round((completedSupport + failedSupport) / 2), twoSupport.getAverageJes(), 1e-9);
        assertEquals(Math.min(completedSupport, failedSupport), twoSupport.getMinJes(), 1e-9);
        assertEquals(Math.max(completedSupport, failedSupport), twoSupport.getMaxJes(), 1e-9);
        assertEquals(round((completedSupport + failedSupport) / 2), twoSupport.getP50Jes(), 1e-9);
        assertEquals(round(Math.min(completedSupport, failedSupport)
                + 0.9 * Math.abs(completedSupport - failedSupport)), twoSupport.getP90Jes(), 1e-9);
        assertEquals(1, twoSupport.getCompleted());
        assertEquals(1, twoSupport.getFailedOrAbandoned());
        assertEquals(0, twoSupport.getOpen());
        assertEquals(1, buckets.get(3).getOpen());
        assertEquals(openPurchase, buckets.get(3).getAverageJes(), 1e-9);
    }

    @Test
    void byTypePerIsoWeekAndPerMonth() {
        assertEquals(List.of("2026-03-02T00:00:00Z purchase 1", "2026-03-02T00:00:00Z support 2",
                "2026-03-09T00:00:00Z support 1", "2026-03-30T00:00:00Z purchase 1"),
                keys(series(JesGroupBy.JES_GROUP_BY_TYPE, JesInterval.JES_INTERVAL_WEEK, "")));
        List<JesBucket> months = series(JesGroupBy.JES_GROUP_BY_TYPE, JesInterval.JES_INTERVAL_MONTH, "");
        assertEquals(List.of("2026-03-01T00:00:00Z purchase 1", "2026-03-01T00:00:00Z support 3",
                "2026-04-01T00:00:00Z purchase 1"), keys(months));
        assertEquals(completedPurchase, months.getFirst().getAverageJes(), 1e-9);
    }

    @Test
    void byChannelAJourneyCountsOnceInEveryChannelItTouched() {
        assertEquals(List.of("2026-03-01T00:00:00Z chat 2", "2026-03-01T00:00:00Z email 1",
                "2026-03-01T00:00:00Z phone 1", "2026-03-01T00:00:00Z web 1", "2026-04-01T00:00:00Z email 1",
                "2026-04-01T00:00:00Z web 1"),
                keys(series(JesGroupBy.JES_GROUP_BY_CHANNEL, JesInterval.JES_INTERVAL_MONTH, "")));
    }

    @Test
    void byStageAndFilteredByType() {
        assertEquals(List.of("2026-03-01T00:00:00Z assisted 2", "2026-03-01T00:00:00Z triage 1"),
                keys(series(JesGroupBy.JES_GROUP_BY_STAGE, JesInterval.JES_INTERVAL_MONTH, "support")));
        assertEquals(List.of("2026-03-01T00:00:00Z checkout 1", "2026-04-01T00:00:00Z  1"),
                keys(series(JesGroupBy.JES_GROUP_BY_STAGE, JesInterval.JES_INTERVAL_MONTH, "purchase")));
    }

    @Test
    void aRescoredJourneyMovesToItsNewLastActivity() {
        JourneyFacts.Builder j = journey("refund", "open", "requested", "2026-03-02T10:00:00Z", "chat");
        score(tenant, j);
        score(tenant, j.setStatus("completed").setLastActivityAt(timestamp(Instant.parse("2026-03-04T10:00:00Z"))));

        assertEquals(List.of("2026-03-04T00:00:00Z refund 1"),
                keys(series(JesGroupBy.JES_GROUP_BY_TYPE, JesInterval.JES_INTERVAL_DAY, "refund")));
    }

    @Test
    void badRequestsNameTheirField() {
        assertInvalid(GetJesSeriesRequest.newBuilder().setTenantId(tenant)
                .setInterval(JesInterval.JES_INTERVAL_DAY).setFrom(timestamp(FROM)).setTo(timestamp(TO)), "group_by");
        assertInvalid(GetJesSeriesRequest.newBuilder().setTenantId(tenant).setGroupBy(JesGroupBy.JES_GROUP_BY_TYPE)
                .setFrom(timestamp(FROM)).setTo(timestamp(TO)), "interval");
        assertInvalid(request(JesGroupBy.JES_GROUP_BY_TYPE, JesInterval.JES_INTERVAL_DAY, "").setTo(timestamp(FROM)),
                "to");
        assertInvalid(request(JesGroupBy.JES_GROUP_BY_TYPE, JesInterval.JES_INTERVAL_DAY, "")
                .setTo(timestamp(FROM.plus(Duration.ofDays(1001)))), "to");
        assertInvalid(request(JesGroupBy.JES_GROUP_BY_TYPE, JesInterval.JES_INTERVAL_DAY, "").clearFrom(), "from");
    }

    private void assertInvalid(GetJesSeriesRequest.Builder request, String field) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> client.getJesSeries(request.build()).await().atMost(WAIT));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().startsWith(field + ": "), e.getStatus()::getDescription);
    }

    private GetJesSeriesRequest.Builder request(JesGroupBy groupBy, JesInterval interval, String type) {
        return GetJesSeriesRequest.newBuilder().setTenantId(tenant).setGroupBy(groupBy).setInterval(interval)
                .setFrom(timestamp(FROM)).setTo(timestamp(TO)).setJourneyType(type);
    }

    private List<JesBucket> series(JesGroupBy groupBy, JesInterval interval, String type) {
        return client.getJesSeries(request(groupBy, interval, type).build()).await().atMost(WAIT).getBucketsList();
    }

    private static List<String> keys(List<JesBucket> buckets) {
        return buckets.stream().map(b -> Instant.ofEpochSecond(b.getStart().getSeconds()) + " " + b.getGroup() + " "
                + b.getJourneys()).collect(Collectors.toList());
    }

    private static double round(double d) {
        return Math.round(d * 10) / 10.0;
    }

    private double score(String tenantId, JourneyFacts.Builder journey) {
        return client.scoreJourney(scoreRequest(tenantId, journey)).await().atMost(WAIT).getScore().getScore();
    }

    private static JourneyFacts.Builder journey(String type, String status, String stage, String lastActivity,
            String... channels) {
        Instant last = Instant.parse(lastActivity);
        JourneyFacts.Builder b = JourneyFacts.newBuilder().setJourneyId(UUID.randomUUID().toString())
                .setProfileId("p-" + UUID.randomUUID()).setType(type).setStatus(status).setStage(stage)
                .setStartedAt(timestamp(last.minus(Duration.ofHours(1)))).setLastActivityAt(timestamp(last))
                .setExpectedTouchpoints(3).setExpectedDurationSeconds(Duration.ofDays(2).toSeconds());
        for (int i = 0; i < channels.length; i++) {
            b.addTouchpoints(ScoredTouchpoint.newBuilder().setId("t" + i).setChannel(channels[i])
                    .setOccurredAt(timestamp(last.minus(Duration.ofMinutes(10L * (channels.length - i))))));
        }
        b.setHandoffCount(Math.max(0, channels.length - 1));
        return b;
    }
}
