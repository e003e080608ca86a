package io.cjm.touchpoint.service;

import static io.cjm.touchpoint.Touchpoints.content;
import static io.cjm.touchpoint.Touchpoints.randomTenant;
import static io.cjm.touchpoint.Touchpoints.timestamp;
import static io.cjm.touchpoint.Touchpoints.valid;
import static io.cjm.touchpoint.Touchpoints.voiceMessage;
import static io.cjm.touchpoint.client.Downstream.moved;
import static io.cjm.touchpoint.client.Downstream.resolved;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.cjm.proto.touchpoint.v1.CaptureRequest;
import io.cjm.proto.touchpoint.v1.ListProfileTouchpointsRequest;
import io.cjm.proto.touchpoint.v1.ListProfileTouchpointsResponse;
import io.cjm.proto.touchpoint.v1.Touchpoint;
import io.cjm.proto.touchpoint.v1.TouchpointService;
import io.cjm.touchpoint.client.Downstream;
import io.cjm.touchpoint.service.PipelineMetrics.Outcome;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A profile's touchpoints for the agent timeline: resolved through the relay (identity-service
 * scripted by {@link Downstream}, which answers each touchpoint's profile from {@link #owner}),
 * then listed newest first with their content, page by page.
 */
@QuarkusTest
class ProfileTimelineTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @GrpcClient("touchpoint")
    TouchpointService client;

    @Inject
    Downstream downstream;

    @Inject
    Deliveries deliveries;

    private final String tenant = randomTenant();
    /** The profile identity-service resolves each touchpoint id to, in this test's script. */
    private final Map<String, String> owner = new ConcurrentHashMap<>();

    @Test
    void aProfilesResolvedTouchpointsAreListedNewestFirstWithTheirFullContent() {
        script(tenant, 1);
        Touchpoint call = valid("call").setType("Call Started").setChannel("phone").setDirection("inbound")
                .setOccurredAt(at(3)).setContent(content(voiceMessage().build())).setCsat(2).setNps(4)
                .setSentiment(-0.5).setWaitSeconds(420).setAgentId("agent-7").setValue(19.9).setCurrency("EUR")
                .setHandleSeconds(300).setTransfers(2).setBotIntent("order_status").setBotOutcome("escalated")
                .setSource("genesys")
                .setAttributes(Struct.newBuilder().putFields("caseId", Value.newBuilder().setStringValue("C-1").build())
                        .putFields("tags", Value.newBuilder().setListValue(ListValue.newBuilder()
                                .addValues(Value.newBuilder().setStringValue("vip"))
                                .addValues(Value.newBuilder().setBoolValue(true))
                                .addValues(Value.newBuilder().setNumberValue(2.5))
                                .addValues(Value.newBuilder().setNullValue(NullValue.NULL_VALUE))).build())
                        .putFields("order", Value.newBuilder().setStructValue(Struct.newBuilder()
                                .putFields("total", Value.newBuilder().setNumberValue(7).build())).build()))
                .putIdentifiers("phone", "+34600000000").build();
        Touchpoint web = valid("web").setOccurredAt(at(1)).build();
        Touchpoint mail = valid("mail").setChannel("email").setOccurredAt(at(2)).build();
        Touchpoint unresolved = valid("unresolved").setOccurredAt(at(4)).build();
        Touchpoint someoneElse = valid("else").setOccurredAt(at(5)).build();
        owner.put("call", "P1");
        owner.put("web", "P1");
        owner.put("mail", "P1");
        owner.put("else", "P2");
        captureAndResolve(tenant, web, call, mail, someoneElse);
        capture(tenant, unresolved);

        ListProfileTouchpointsResponse page = list(tenant, "P1", 0, "");

        assertEquals(List.of("call", "mail", "web"), ids(page));
        // Read back as captured, every field; the attachment's kind derived from its media type.
        Touchpoint expected = call.toBuilder().setContent(content(voiceMessage().setKind("voice").build())).build();
        assertEquals(expected, page.getTouchpoints(0), "stored and read back as captured");
        assertEquals("", page.getNextPageToken());
    }

    @Test
    void touchpointsAtTheSameTimeAreOrderedByIdDescending() {
        script(tenant, 1);
        List<Touchpoint> same = new ArrayList<>();
        for (String id : List.of("b", "d", "a", "c")) {
            owner.put(id, "P1");
            same.add(valid(id).setOccurredAt(at(1)).build());
        }
        captureAndResolve(tenant, same.toArray(Touchpoint[]::new));

        assertEquals(List.of("d", "c", "b", "a"), ids(list(tenant, "P1", 0, "")));
        assertEquals(List.of("d", "c", "b", "a"), all(tenant, "P1", 1));
    }

    @Test
    void pagingWithTheTokenGivesEveryTouchpointOnceEvenWhenOthersArriveMeanwhile() {
        script(tenant, 1);
        List<Touchpoint> first = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            owner.put("tp-" + i, "P1");
            // two at each minute, so pages end in the middle of a tie
            first.add(valid("tp-" + i).setOccurredAt(at(i / 2)).build());
        }
        captureAndResolve(tenant, first.toArray(Touchpoint[]::new));

        ListProfileTouchpointsResponse page1 = list(tenant, "P1", 3, "");
        // A newer one and an older one arrive while the agent reads page 1.
        owner.put("newer", "P1");
        owner.put("older", "P1");
        captureAndResolve(tenant, valid("newer").setOccurredAt(at(30)).build(),
                valid("older").setOccurredAt(timestamp(T0.minus(Duration.ofDays(1)))).build());
        List<String> seen = new ArrayList<>(ids(page1));
        String token = page1.getNextPageToken();
        while (!token.isEmpty()) {
            ListProfileTouchpointsResponse page = list(tenant, "P1", 3, token);
            assertTrue(page.getTouchpointsCount() <= 3);
            seen.addAll(ids(page));
            token = page.getNextPageToken();
        }

        assertEquals(List.of("tp-6", "tp-5", "tp-4", "tp-3", "tp-2", "tp-1", "tp-0", "older"), seen,
                "each once, in order; the newer one belongs before page 1 and is not repeated later");
        assertEquals("newer", ids(list(tenant, "P1", 1, "")).get(0));
    }

    @Test
    void anotherTenantSeesNothingUnderTheSameProfileId() {
        String other = randomTenant();
        script(tenant, 1);
        script(other, 1);
        owner.put("mine", "P1");
        captureAndResolve(tenant, valid("mine").setOccurredAt(at(1)).build());

        assertEquals(List.of(), ids(list(other, "P1", 0, "")));
        assertEquals(List.of("mine"), ids(list(tenant, "P1", 0, "")));
    }

    @Test
    void aTouchpointMovedByAMergeIsListedUnderTheSurvivorOnly() {
        owner.put("a", "P1");
        owner.put("b", "P2");
        script(tenant, 1);
        captureAndResolve(tenant, valid("a").setOccurredAt(at(1)).build(), valid("b").setOccurredAt(at(2)).build());
        assertEquals(List.of("b"), ids(list(tenant, "P2", 0, "")));

        // c links P1 and P2: identity-service merges P2 into P1 and moves b (graph version 2).
        downstream.onResolve(tenant, r -> resolved("P1", 2, moved("b", "P1")));
        captureAndResolve(tenant, valid("c").setOccurredAt(at(3)).build());

        assertEquals(List.of("c", "b", "a"), ids(list(tenant, "P1", 0, "")));
        assertEquals(List.of(), ids(list(tenant, "P2", 0, "")));
    }

    @Test
    void aBadLimitTokenOrProfileIsInvalidNamingTheField() {
        assertInvalid("limit", () -> list(tenant, "P1", -1, ""));
        assertInvalid("limit", () -> list(tenant, "P1", ProfileTimelineService.MAX_PAGE + 1, ""));
        assertInvalid("page_token", () -> list(tenant, "P1", 0, "not-a-token"));
        // a token of another list (the quarantine's) is not one of this list
        String quarantineToken = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString((T0 + "|some-uid").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertInvalid("page_token", () -> list(tenant, "P1", 0, quarantineToken));
        assertInvalid("profile_id", () -> list(tenant, " ", 0, ""));
        assertInvalid("tenant_id", () -> list("", "P1", 0, ""));
    }

    /** identity-service resolves every touchpoint of the tenant to its {@link #owner}, at this graph version. */
    private void script(String tenantId, long graphVersion) {
        downstream.onResolve(tenantId, r -> resolved(owner.get(r.getTouchpointId()), graphVersion));
    }

    private void captureAndResolve(String tenantId, Touchpoint... touchpoints) {
        capture(tenantId, touchpoints);
        for (Touchpoint t : touchpoints) {
            assertEquals(Outcome.DONE, deliveries.deliver(tenantId, t.getId()), t.getId());
        }
    }

    private void capture(String tenantId, Touchpoint... touchpoints) {
        client.capture(CaptureRequest.newBuilder().setTenantId(tenantId).addAllTouchpoints(List.of(touchpoints))
                .build()).await().atMost(WAIT);
    }

    private ListProfileTouchpointsResponse list(String tenantId, String profileId, int limit, String token) {
        return client.listProfileTouchpoints(ListProfileTouchpointsRequest.newBuilder().setTenantId(tenantId)
                .setProfileId(profileId).setLimit(limit).setPageToken(token).build()).await().atMost(WAIT);
    }

    /** Every touchpoint of the profile, page by page. */
    private List<String> all(String tenantId, String profileId, int limit) {
        List<String> seen = new ArrayList<>();
        Set<String> tokens = new HashSet<>();
        String token = "";
        do {
            ListProfileTouchpointsResponse page = list(tenantId, profileId, limit, token);
            seen.addAll(ids(page));
            token = page.getNextPageToken();
            assertTrue(token.isEmpty() || tokens.add(token), "a token repeats");
        } while (!token.isEmpty());
        return seen;
    }

    private static List<String> ids(ListProfileTouchpointsResponse page) {
        return page.getTouchpointsList().stream().map(Touchpoint::getId).toList();
    }

    private static com.google.protobuf.Timestamp at(int minutes) {
        return timestamp(T0.plus(Duration.ofMinutes(minutes)));
    }

    private static void assertInvalid(String field, Runnable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains(field), e.getStatus().getDescription());
    }
}
