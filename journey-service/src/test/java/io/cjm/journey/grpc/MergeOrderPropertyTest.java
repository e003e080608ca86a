package io.cjm.journey.grpc;

import static io.cjm.journey.grpc.Applies.START;
import static io.cjm.journey.grpc.Applies.timestamp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cjm.journey.client.ScoringServiceDouble;
import io.cjm.journey.domain.AssembledJourney;
import io.cjm.journey.domain.DefaultCatalogue;
import io.cjm.journey.domain.FrictionThresholds;
import io.cjm.journey.domain.JourneyAssembler;
import io.cjm.journey.entity.JourneyTouchpointEntity;
import io.cjm.journey.mapping.JourneyMapper;
import io.cjm.proto.journey.v1.ApplyRequest;
import io.cjm.proto.journey.v1.Journey;
import io.cjm.proto.journey.v1.JourneyService;
import io.cjm.proto.journey.v1.JourneyTouchpoint;
import io.cjm.proto.journey.v1.ListJourneysRequest;
import io.cjm.proto.journey.v1.ProfileAssignment;
import io.cjm.proto.journey.v1.ReassignRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.GrpcService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Property: touchpoints that first arrive under two profiles which identity resolution later
 * merges give, through the service and its database, exactly the journeys (same ids, same
 * touchpoints, status, stage and friction) that assembling all of them under the survivor
 * from the start gives, whatever the arrival order, whether the merge comes as an admin
 * Reassign or with a later touchpoint's Apply, and with some touchpoints delivered only after
 * the merge carrying their older resolution. Seeded random tries (the seed is in the failure
 * message, to replay one).
 */
@QuarkusTest
class MergeOrderPropertyTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int TRIES = 24;
    private static final String[] TYPES = { "Product Viewed", "Product Added", "Checkout Started", "Order Completed",
        "Payment Failed", "Case Opened", "Call Started", "Call Transferred", "Case Resolved", "Refund Requested",
        "Message Received", "Survey Completed", "Page Viewed", "Signed Up" };
    private static final String[] CHANNELS = { "web", "phone", "chat", "email" };

    @GrpcClient("journey")
    JourneyService client;

    @Inject
    @GrpcService
    ScoringServiceDouble scoring;

    @Test
    void splitThenMergedTouchpointsGiveTheJourneysOfTheSurvivorAlone() {
        long base = new Random().nextLong();
        for (int i = 0; i < TRIES; i++) {
            long seed = base + i;
            try {
                oneTry(seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("failed with seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    private void oneTry(long seed) {
        Random random = new Random(seed);
        String tenant = "tenant-merge-" + seed + "-" + System.nanoTime();
        scoring.up(tenant);
        String survivor = "profile-a";
        String merged = "profile-b";
        List<JourneyTouchpoint> all = touchpoints(random, seed, 3 + random.nextInt(10));
        List<JourneyTouchpoint> sideB = new ArrayList<>();
        List<String> profileOf = new ArrayList<>();
        for (JourneyTouchpoint t : all) {
            boolean b = random.nextBoolean();
            profileOf.add(b ? merged : survivor);
            if (b) {
                sideB.add(t);
            }
        }
        boolean viaReassign = random.nextBoolean();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        // With an Apply merge, the first touchpoint in arrival order past the split carries it.
        int carrier = viaReassign ? -1 : order.remove(random.nextInt(order.size()));
        int lateCount = random.nextInt(order.size() / 2 + 1);
        List<Integer> late = new ArrayList<>(order.subList(order.size() - lateCount, order.size()));
        List<Integer> early = order.subList(0, order.size() - lateCount);

        for (int i : early) {
            apply(ApplyRequest.newBuilder().setTenantId(tenant).setProfileId(profileOf.get(i)).setGraphVersion(1)
                    .setTouchpoint(all.get(i)).build());
        }
        List<ProfileAssignment> moves = sideB.stream().map(t -> ProfileAssignment.newBuilder()
                .setTouchpointId(t.getId()).setProfileId(survivor).build()).toList();
        if (viaReassign) {
            client.reassign(ReassignRequest.newBuilder().setTenantId(tenant).setGraphVersion(2)
                    .addAllReassigned(moves).build()).await().atMost(WAIT);
        } else {
            ApplyRequest.Builder merge = ApplyRequest.newBuilder().setTenantId(tenant).setProfileId(survivor)
                    .setGraphVersion(2).setTouchpoint(all.get(carrier)).addAllReassigned(moves);
            if (random.nextBoolean()) {
                merge.addMergedProfileIds(merged);
            }
            apply(merge.build());
        }
        // Late deliveries still carry the resolution of before the merge.
        for (int i : late) {
            apply(ApplyRequest.newBuilder().setTenantId(tenant).setProfileId(profileOf.get(i)).setGraphVersion(1)
                    .setTouchpoint(all.get(i)).build());
        }

        List<Journey> stored = client.listJourneys(ListJourneysRequest.newBuilder().setTenantId(tenant)
                .setPageSize(500).build()).await().atMost(WAIT).getJourneysList();
        TreeSet<String> actual = new TreeSet<>(stored.stream().map(j -> describe(j, survivor)).toList());
        TreeSet<String> expected = new TreeSet<>(expected(tenant, all).stream().map(j -> describe(j, survivor))
                .toList());
        assertEquals(expected, actual, (viaReassign ? "reassign" : "apply merge") + ", late " + late.size());
    }

    /** What assembling every touchpoint under the survivor from the start gives. */
    private static List<AssembledJourney> expected(String tenant, List<JourneyTouchpoint> all) {
        JourneyAssembler assembler = new JourneyAssembler(DefaultCatalogue.definitions(),
                FrictionThresholds.defaults());
        return assembler.assemble(tenant, all.stream().map(t -> {
            JourneyTouchpointEntity e = new JourneyTouchpointEntity();
            JourneyMapper.copy(tenant, "any", t, e);
            return JourneyMapper.toFact(e);
        }).toList(), Instant.now());
    }

    private static String describe(Journey j, String survivor) {
        return j.getId() + " " + j.getType() + " " + j.getStatus().name().substring("JOURNEY_STATUS_".length())
                + " stage=" + j.getStage() + " tps=" + j.getTouchpointIdsList() + " profile="
                + (j.getProfileId().equals(survivor) ? "survivor" : j.getProfileId()) + " friction="
                + j.getFrictionList().stream().map(f -> f.getKind() + f.getTouchpointIdsList()).toList();
    }

    private static String describe(AssembledJourney a, String survivor) {
        return a.id() + " " + a.definitionKey() + " " + a.status().name() + " stage="
                + (a.stage() == null ? "" : a.stage()) + " tps=" + a.touchpointIds() + " profile=survivor friction="
                + a.friction().stream().map(f -> f.kind() + f.touchpointIds()).toList();
    }

    private static List<JourneyTouchpoint> touchpoints(Random random, long seed, int n) {
        List<JourneyTouchpoint> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String type = TYPES[random.nextInt(TYPES.length)];
            JourneyTouchpoint.Builder t = JourneyTouchpoint.newBuilder().setId("tp-" + seed + "-" + i).setType(type)
                    .setChannel(CHANNELS[random.nextInt(CHANNELS.length)])
                    // Some share a time, so the id breaks the tie.
                    .setOccurredAt(timestamp(START.plus(Duration.ofMinutes(random.nextInt(90)))));
            if (random.nextInt(3) == 0) {
                t.putCorrelation(random.nextBoolean() ? "caseId" : "orderId", "K-" + random.nextInt(2));
            }
            if (random.nextInt(4) == 0) {
                t.setWaitSeconds(random.nextInt(400));
            }
            if (type.equals("Survey Completed")) {
                t.setCsat(1 + random.nextInt(5));
            }
            if (random.nextInt(4) == 0) {
                t.setDirection("inbound");
            }
            list.add(t.build());
        }
        return list;
    }

    private void apply(ApplyRequest request) {
        client.apply(request).await().atMost(WAIT);
    }
}
