package io.cjm.journey.grpc;

import static io.cjm.journey.grpc.Applies.applyRequest;
import static io.cjm.journey.grpc.Applies.randomProfile;
import static io.cjm.journey.grpc.Applies.randomTenant;
import static io.cjm.journey.grpc.Applies.touchpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cjm.journey.client.ScoringServiceDouble;
import io.cjm.proto.journey.v1.DeleteJourneyDefinitionRequest;
import io.cjm.proto.journey.v1.FrictionSignal;
import io.cjm.proto.journey.v1.GetJourneyDefinitionRequest;
import io.cjm.proto.journey.v1.GetJourneyRequest;
import io.cjm.proto.journey.v1.GetJourneySettingsRequest;
import io.cjm.proto.journey.v1.Journey;
import io.cjm.proto.journey.v1.JourneyDefinition;
import io.cjm.proto.journey.v1.JourneyService;
import io.cjm.proto.journey.v1.JourneySettings;
import io.cjm.proto.journey.v1.JourneyStage;
import io.cjm.proto.journey.v1.JourneyStatus;
import io.cjm.proto.journey.v1.JourneyTouchpoint;
import io.cjm.proto.journey.v1.ListJourneyDefinitionsRequest;
import io.cjm.proto.journey.v1.ListJourneysRequest;
import io.cjm.proto.journey.v1.PutJourneyDefinitionRequest;
import io.cjm.proto.journey.v1.UpdateJourneySettingsRequest;
import io.cjm.proto.journey.v1.VersionedJourneyDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.GrpcService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Journey definitions and friction thresholds as tenant data: versions, tenant isolation,
 * validation, and the re-assembly of existing journeys a change sets off (which happens in
 * the background, so the assertions wait for it).
 */
@QuarkusTest
class JourneyDefinitionTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @GrpcClient("journey")
    JourneyService client;

    @Inject
    @GrpcService
    ScoringServiceDouble scoring;

    @Inject
    io.agroal.api.AgroalDataSource database;

    private final String tenant = randomTenant();
    private final String other = randomTenant();
    private final String profile = randomProfile();

    @BeforeEach
    void scoringIsUp() {
        scoring.up(tenant);
        scoring.up(other);
    }

    /** A small valid definition. */
    static JourneyDefinition.Builder warranty() {
        return JourneyDefinition.newBuilder().setKey("warranty_claim").setName("Warranty claim")
                .setCategory("support").addEntryPatterns("Warranty Claim Filed")
                .addStages(JourneyStage.newBuilder().setName("filed").addPatterns("Warranty Claim Filed"))
                .addStages(JourneyStage.newBuilder().setName("inspection").addPatterns("Device Received"))
                .addGoalPatterns("Warranty Claim Approved").addFailurePatterns("Warranty Claim Rejected")
                .setInactivityTimeout("P10D").setExpectedTouchpoints(3).setExpectedDuration("P5D")
                .setBusinessValue(50);
    }

    @Test
    void everyTenantStartsWithTheDefaultCatalogueAtVersionOne() {
        List<VersionedJourneyDefinition> list = list(tenant);
        assertEquals(List.of("purchase", "support", "refund", "onboarding", "plan_change"),
                list.stream().map(d -> d.getDefinition().getKey()).toList());
        assertTrue(list.stream().allMatch(d -> d.getVersion() == 1 && d.getBuiltIn() && !d.hasUpdatedAt()));
        VersionedJourneyDefinition support = get(tenant, "support");
        assertEquals("P14D", support.getDefinition().getInactivityTimeout());
        assertEquals(List.of("caseId", "orderId"), support.getDefinition().getCorrelationKeysList());
    }

    @Test
    void putCreatesThenVersionsADefinitionAndOnlyItsTenantSeesIt() {
        var created = client.putJourneyDefinition(PutJourneyDefinitionRequest.newBuilder().setTenantId(tenant)
                .setDefinition(warranty()).build()).await().atMost(WAIT);
        assertTrue(created.getCreated());
        assertEquals(1, created.getDefinition().getVersion());
        assertFalse(created.getDefinition().getBuiltIn());
        assertTrue(created.getDefinition().hasUpdatedAt());
        // Correlation keys default to caseId and orderId.
        assertEquals(List.of("caseId", "orderId"), created.getDefinition().getDefinition().getCorrelationKeysList());

        var changed = client.putJourneyDefinition(PutJourneyDefinitionRequest.newBuilder().setTenantId(tenant)
                .setDefinition(warranty().setName("Warranty")).setExpectedVersion(1).build()).await().atMost(WAIT);
        assertFalse(changed.getCreated());
        assertEquals(2, changed.getDefinition().getVersion());
        assertEquals("Warranty", get(tenant, "warranty_claim").getDefinition().getName());
        assertEquals("warranty_claim", list(tenant).getLast().getDefinition().getKey());

        // A stale expected version is refused and stores nothing.
        StatusRuntimeException stale = assertThrows(StatusRuntimeException.class, () -> client
                .putJourneyDefinition(PutJourneyDefinitionRequest.newBuilder().setTenantId(tenant)
                        .setDefinition(warranty().setName("Lost update")).setExpectedVersion(1).build())
                .await().atMost(WAIT));
        assertEquals(Status.Code.FAILED_PRECONDITION, stale.getStatus().getCode());
        assertEquals("Warranty", get(tenant, "warranty_claim").getDefinition().getName());

        // The other tenant has the defaults only.
        assertEquals(5, list(other).size());
        assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class,
                () -> get(other, "warranty_claim")).getStatus().getCode());
        assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class,
                () -> client.deleteJourneyDefinition(DeleteJourneyDefinitionRequest.newBuilder().setTenantId(other)
                        .setKey("warranty_claim").build()).await().atMost(WAIT)).getStatus().getCode());
    }

    @Test
    void anInvalidDefinitionIsRefusedNamingEachFieldAndNothingIsStored() {
        JourneyDefinition bad = warranty().setKey("Warranty Claim").setCategory("fun").clearEntryPatterns()
                .addStages(JourneyStage.newBuilder().setName("FILED").addPatterns("X"))
                .setInactivityTimeout("ten days").setExpectedTouchpoints(0).setBusinessValue(101)
                .addGoalPatterns("*").build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.putJourneyDefinition(
                PutJourneyDefinitionRequest.newBuilder().setTenantId(tenant).setDefinition(bad).build())
                .await().atMost(WAIT));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        String d = e.getStatus().getDescription();
        for (String field : List.of("definition.key: ", "definition.category: ", "definition.entry_patterns: ",
                "definition.stages[2].name: must be unique", "definition.inactivity_timeout: ",
                "definition.expected_touchpoints: ", "definition.business_value: ", "definition.goal_patterns[1]: ")) {
            assertTrue(d.contains(field), field + " in " + d);
        }
        assertEquals(5, list(tenant).size());
    }

    @Test
    void aNewGoalPatternCompletesAnOpenJourneyAndItIsRescoredAtTheNewVersion() {
        JourneyTouchpoint opened = touchpoint("Case Opened", 0);
        JourneyTouchpoint survey = touchpoint("Case Solved By Bot", 5);
        client.apply(applyRequest(tenant, profile, opened)).await().atMost(WAIT);
        String id = client.apply(applyRequest(tenant, profile, survey)).await().atMost(WAIT).getJourneyIds(0);
        Journey before = journey(id);
        assertEquals(JourneyStatus.JOURNEY_STATUS_OPEN, before.getStatus());
        assertEquals(1, before.getDefinitionVersion());

        JourneyDefinition support = get(tenant, "support").getDefinition().toBuilder()
                .addGoalPatterns("Case Solved By Bot").build();
        var put = client.putJourneyDefinition(PutJourneyDefinitionRequest.newBuilder().setTenantId(tenant)
                .setDefinition(support).setExpectedVersion(1).build()).await().atMost(WAIT);
        assertEquals(2, put.getDefinition().getVersion());
        assertFalse(put.getCreated());

        Journey after = await(id, j -> j.getStatus() == JourneyStatus.JOURNEY_STATUS_COMPLETED);
        assertEquals(id, after.getId());
        assertEquals(2, after.getDefinitionVersion());
        assertEquals(List.of(opened.getId(), survey.getId()), after.getTouchpointIdsList());
        // Scored again with the facts of the completed journey.
        awaitTrue(() -> scoring.scores(tenant).get(id) != null
                && "completed".equals(scoring.scores(tenant).get(id).getStatus()));
    }

    @Test
    void deletingADefaultStopsThatJourneyTypeAndRecreatingItBringsItBack() {
        JourneyTouchpoint viewed = touchpoint("Product Viewed", 0);
        String id = client.apply(applyRequest(tenant, profile, viewed)).await().atMost(WAIT).getJourneyIds(0);
        JourneyDefinition purchase = get(tenant, "purchase").getDefinition();

        var deleted = client.deleteJourneyDefinition(DeleteJourneyDefinitionRequest.newBuilder().setTenantId(tenant)
                .setKey("purchase").setExpectedVersion(1).build()).await().atMost(WAIT);
        assertEquals(2, deleted.getVersion());
        assertFalse(list(tenant).stream().anyMatch(d -> d.getDefinition().getKey().equals("purchase")));
        awaitTrue(() -> journeys(tenant).isEmpty());
        awaitTrue(() -> scoring.deleted(tenant).contains(id));
        // New purchase events form no journey either.
        assertEquals(0, client.apply(applyRequest(tenant, profile, touchpoint("Product Viewed", 3)))
                .await().atMost(WAIT).getJourneyIdsCount());
        // Other tenants keep theirs.
        assertEquals(5, list(other).size());

        var recreated = client.putJourneyDefinition(PutJourneyDefinitionRequest.newBuilder().setTenantId(tenant)
                .setDefinition(purchase).setExpectedVersion(0).build()).await().atMost(WAIT);
        assertTrue(recreated.getCreated());
        assertEquals(3, recreated.getDefinition().getVersion());
        Journey back = await(id, j -> j.getDefinitionVersion() == 3);
        assertEquals("purchase", back.getType());
        // Both viewings are in it again: the journey has the same id as before the deletion.
        assertEquals(2, back.getTouchpointIdsCount());
    }

    @Test
    void thresholdsArePerTenantAndAChangeChangesFriction() {
        JourneySettings defaults = client.getJourneySettings(GetJourneySettingsRequest.newBuilder()
                .setTenantId(tenant).build()).await().atMost(WAIT).getSettings();
        assertEquals(1, defaults.getVersion());
        assertEquals(180, defaults.getLongWaitSeconds());
        assertEquals("P2D", defaults.getRepeatContactWindow());

        JourneyTouchpoint call = touchpoint("Call Started", 0).toBuilder().setChannel("phone").setWaitSeconds(120)
                .build();
        String id = client.apply(applyRequest(tenant, profile, call)).await().atMost(WAIT).getJourneyIds(0);
        assertFalse(kinds(journey(id)).contains("long_wait"));

        var updated = client.updateJourneySettings(UpdateJourneySettingsRequest.newBuilder().setTenantId(tenant)
                .setSettings(defaults.toBuilder().setLongWaitSeconds(60)).setExpectedVersion(1).build())
                .await().atMost(WAIT).getSettings();
        assertEquals(2, updated.getVersion());
        assertTrue(updated.hasUpdatedAt());
        Journey after = await(id, j -> kinds(j).contains("long_wait"));
        assertTrue(after.getFrictionList().stream().anyMatch(f -> f.getDetail().contains("threshold 60 s")));
        assertEquals(180, client.getJourneySettings(GetJourneySettingsRequest.newBuilder().setTenantId(other)
                .build()).await().atMost(WAIT).getSettings().getLongWaitSeconds());

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.updateJourneySettings(
                UpdateJourneySettingsRequest.newBuilder().setTenantId(tenant).setSettings(JourneySettings.newBuilder()
                        .setRepeatContactWindow("2 days").setLongWaitSeconds(-1).setNegativeSentiment(-2)).build())
                .await().atMost(WAIT));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("settings.repeat_contact_window: "));
        assertTrue(e.getStatus().getDescription().contains("settings.long_wait_seconds: "));
        assertTrue(e.getStatus().getDescription().contains("settings.negative_sentiment: "));
    }

    @Test
    void aPendingReassemblyLeftByAStoppedServiceIsCarriedOut() throws Exception {
        JourneyTouchpoint opened = touchpoint("Case Opened", 0);
        String id = client.apply(applyRequest(tenant, profile, opened)).await().atMost(WAIT).getJourneyIds(0);
        // What a change commits, written as if the service stopped before it could start the
        // re-assembly: a new version of support that knows "Case Opened" as its goal.
        var support = io.cjm.journey.domain.DefaultCatalogue.definitions().stream()
                .filter(d -> d.key().equals("support")).findFirst().orElseThrow();
        var changed = new io.cjm.journey.domain.JourneyDefinition(support.key(), support.name(), support.category(),
                2, support.entryPatterns(), support.stages(), List.of("Case Opened"), support.failurePatterns(),
                support.inactivityTimeout(), support.correlationKeys(), support.expectedTouchpoints(),
                support.expectedDuration(), support.businessValue());
        try (var c = database.getConnection()) {
            try (var ps = c.prepareStatement("INSERT INTO journey_definition_version (tenant_id, definition_key, "
                    + "version, deleted, body, key_created_at, created_at) VALUES (?, 'support', 2, false, ?, now(), "
                    + "now())")) {
                ps.setString(1, tenant);
                ps.setString(2, io.cjm.journey.mapping.DefinitionMapper.write(changed));
                ps.executeUpdate();
            }
            try (var ps = c.prepareStatement("INSERT INTO journey_reassembly (tenant_id, generation, after_profile, "
                    + "requested_at) VALUES (?, 1, NULL, now())")) {
                ps.setString(1, tenant);
                ps.executeUpdate();
            }
        }
        Journey after = await(id, j -> j.getStatus() == JourneyStatus.JOURNEY_STATUS_COMPLETED);
        assertEquals(2, after.getDefinitionVersion());
        awaitTrue(() -> pendingReassemblies() == 0);
    }

    private long pendingReassemblies() {
        try (var c = database.getConnection();
                var ps = c.prepareStatement("SELECT count(*) FROM journey_reassembly WHERE tenant_id = ?")) {
            ps.setString(1, tenant);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> kinds(Journey j) {
        return j.getFrictionList().stream().map(FrictionSignal::getKind).toList();
    }

    private List<VersionedJourneyDefinition> list(String t) {
        return client.listJourneyDefinitions(ListJourneyDefinitionsRequest.newBuilder().setTenantId(t).build())
                .await().atMost(WAIT).getDefinitionsList();
    }

    private VersionedJourneyDefinition get(String t, String key) {
        return client.getJourneyDefinition(GetJourneyDefinitionRequest.newBuilder().setTenantId(t).setKey(key)
                .build()).await().atMost(WAIT).getDefinition();
    }

    private Journey journey(String id) {
        return client.getJourney(GetJourneyRequest.newBuilder().setTenantId(tenant).setJourneyId(id).build())
                .await().atMost(WAIT).getJourney();
    }

    private List<Journey> journeys(String t) {
        return client.listJourneys(ListJourneysRequest.newBuilder().setTenantId(t).build()).await().atMost(WAIT)
                .getJourneysList();
    }

    /** The journey once the background re-assembly made it match. */
    private Journey await(String id, Predicate<Journey> done) {
        Instant until = Instant.now().plus(WAIT);
        Journey j = journeyOrNull(id);
        while (j == null || !done.test(j)) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("not re-assembled in time: " + j);
            }
            sleep();
            j = journeyOrNull(id);
        }
        return j;
    }

    /** The journey, or null while it does not exist (yet). */
    private Journey journeyOrNull(String id) {
        try {
            return journey(id);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        Instant until = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("condition not met in time");
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
