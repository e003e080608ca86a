package io.cjm.identity.grpc;

import static io.cjm.identity.grpc.Resolves.SEEN;
import static io.cjm.identity.grpc.Resolves.randomTenant;
import static io.cjm.identity.grpc.Resolves.timestamp;
import static org.assertj.core.api.Assertions.assertThat;

import io.cjm.identity.domain.IdentifierNormalizer;
import io.cjm.identity.domain.IdentityGraph;
import io.cjm.identity.domain.IdentityRules;
import io.cjm.proto.identity.v1.IdentityService;
import io.cjm.proto.identity.v1.LookupProfileRequest;
import io.cjm.proto.identity.v1.ResolveBatchRequest;
import io.cjm.proto.identity.v1.ResolveRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: the same touchpoints, delivered in any order and any batching, give the same
 * profiles. Each case generates customers (some sharing a family tablet, some with junk and
 * badly formatted identifiers), sends their touchpoints to two fresh tenants in two random
 * orders with random batch sizes (single Resolve calls and ResolveBatch calls mixed), and
 * checks that both end in the same partition of touchpoints and identifiers, and that each
 * equals the graph computed at once from all the evidence. The seed of a failing case is in
 * the test name, so it can be replayed.
 */
@QuarkusTest
class ResolutionOrderTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @GrpcClient("identity")
    IdentityService client;

    static List<Long> seeds() {
        List<Long> seeds = new ArrayList<>();
        long base = Long.getLong("cjm.property.seed", 20261126L);
        for (int i = 0; i < Integer.getInteger("cjm.property.tries", 30); i++) {
            seeds.add(base + i);
        }
        return seeds;
    }

    /** One touchpoint of a scenario. */
    record Tp(String id, int minute, Map<String, String> identifiers) {
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anyOrderAndBatchingGivesTheSameProfiles(long seed) {
        Random random = new Random(seed);
        List<Tp> touchpoints = scenario(random);

        String tenantA = randomTenant();
        String tenantB = randomTenant();
        deliver(tenantA, shuffled(touchpoints, random), random);
        deliver(tenantB, shuffled(touchpoints, random), random);

        Map<String, String> profilesA = touchpointProfiles(tenantA, touchpoints);
        Map<String, String> profilesB = touchpointProfiles(tenantB, touchpoints);
        assertThat(partition(profilesA)).as("touchpoints grouped the same in both orders")
                .isEqualTo(partition(profilesB));
        assertThat(profilesA).as("tenant A equals the graph computed at once").isEqualTo(expected(tenantA, touchpoints));
        assertThat(profilesB).as("tenant B equals the graph computed at once").isEqualTo(expected(tenantB, touchpoints));
        assertThat(identifierProfiles(tenantA, touchpoints, profilesA))
                .as("identifiers grouped the same in both orders")
                .isEqualTo(identifierProfiles(tenantB, touchpoints, profilesB));
    }

    /** A handful of customers; two of them may share a tablet; a few junk and reformatted values. */
    static List<Tp> scenario(Random random) {
        int persons = 3 + random.nextInt(4);
        List<Map<String, List<String>>> people = new ArrayList<>();
        for (int p = 0; p < persons; p++) {
            Map<String, List<String>> ids = new TreeMap<>();
            if (random.nextInt(10) < 7) {
                ids.put("customerId", List.of("C-" + p));
            }
            ids.put("email", random.nextBoolean() ? List.of("p" + p + "@shop.example")
                    : List.of("p" + p + "@shop.example", " P" + p + ".Alt@Shop.Example "));
            if (random.nextBoolean()) {
                String digits = String.format("%07d", 1_000_000 + p * 7919);
                ids.put("phone", List.of("+34 6" + digits.substring(0, 2) + " " + digits.substring(2, 5) + " "
                        + digits.substring(5) + "1", "+346" + digits + "1"));
                if (random.nextBoolean()) {
                    ids.put("whatsapp", List.of("346" + digits + "1"));
                }
            }
            ids.put("anonymousId", List.of("cookie-" + p + "-a", "cookie-" + p + "-b"));
            people.add(ids);
        }
        String tablet = random.nextBoolean() ? "family-tablet" : null;
        int count = 12 + random.nextInt(14);
        List<Tp> tps = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            Map<String, List<String>> person = people.get(random.nextInt(persons));
            List<String> types = new ArrayList<>(person.keySet());
            Collections.shuffle(types, random);
            Map<String, String> carried = new HashMap<>();
            for (String type : types.subList(0, 1 + random.nextInt(Math.min(3, types.size())))) {
                List<String> values = person.get(type);
                carried.put(type, values.get(random.nextInt(values.size())));
            }
            if (tablet != null && random.nextInt(4) == 0) {
                carried.put("anonymousId", tablet);
            }
            if (random.nextInt(6) == 0) {
                carried.put("social", random.nextBoolean() ? "null" : "unknown");
            }
            tps.add(new Tp("tp-" + t, random.nextInt(600), carried));
        }
        return tps;
    }

    private static List<Tp> shuffled(List<Tp> tps, Random random) {
        List<Tp> copy = new ArrayList<>(tps);
        Collections.shuffle(copy, random);
        return copy;
    }

    private void deliver(String tenant, List<Tp> order, Random random) {
        int i = 0;
        while (i < order.size()) {
            int size = 1 + random.nextInt(6);
            List<Tp> batch = order.subList(i, Math.min(order.size(), i + size));
            if (batch.size() == 1 && random.nextBoolean()) {
                client.resolve(request(tenant, batch.get(0))).await().atMost(WAIT);
            } else {
                client.resolveBatch(ResolveBatchRequest.newBuilder().setTenantId(tenant)
                        .addAllItems(batch.stream().map(t -> request("", t)).toList()).build()).await().atMost(WAIT);
            }
            i += batch.size();
        }
    }

    private static ResolveRequest request(String tenant, Tp t) {
        return ResolveRequest.newBuilder().setTenantId(tenant).setTouchpointId(t.id())
                .setOccurredAt(timestamp(SEEN.plusSeconds(60L * t.minute()))).putAllIdentifiers(t.identifiers())
                .build();
    }

    /** Resolving a touchpoint again answers its current profile and changes nothing. */
    private Map<String, String> touchpointProfiles(String tenant, List<Tp> tps) {
        Map<String, String> out = new TreeMap<>();
        for (Tp t : tps) {
            out.put(t.id(), client.resolve(request(tenant, t)).await().atMost(WAIT).getProfileId());
        }
        return out;
    }

    private static Map<String, String> expected(String tenant, List<Tp> tps) {
        IdentityRules rules = IdentityRules.defaults("US");
        IdentifierNormalizer normalizer = new IdentifierNormalizer(rules);
        List<IdentityGraph.Sighting> sightings = tps.stream().map(t -> new IdentityGraph.Sighting(t.id(),
                SEEN.plusSeconds(60L * t.minute()), normalizer.normalize(t.identifiers()).identifiers())).toList();
        return new TreeMap<>(IdentityGraph.cluster(tenant, rules, sightings, List.of(), List.of()).touchpointProfile());
    }

    /** Groups of touchpoint ids that share a profile, whatever the profile ids are. */
    private static Set<Set<String>> partition(Map<String, String> profileOf) {
        return new HashSet<>(profileOf.entrySet().stream()
                .collect(Collectors.groupingBy(Map.Entry::getValue,
                        Collectors.mapping(Map.Entry::getKey, Collectors.toSet())))
                .values());
    }

    /**
     * Each identifier's profile, named by the touchpoints of that profile (so two tenants
     * compare), or by the identifier itself when no touchpoint resolved to its profile.
     */
    private Map<String, Set<String>> identifierProfiles(String tenant, List<Tp> tps, Map<String, String> profileOf) {
        Map<String, Set<String>> touchpointsOf = new HashMap<>();
        profileOf.forEach((tp, p) -> touchpointsOf.computeIfAbsent(p, k -> new HashSet<>()).add(tp));
        IdentifierNormalizer normalizer = new IdentifierNormalizer(IdentityRules.defaults("US"));
        Map<String, Set<String>> out = new TreeMap<>();
        for (Tp t : tps) {
            for (var n : normalizer.normalize(t.identifiers()).identifiers()) {
                String profile = client.lookupProfile(LookupProfileRequest.newBuilder().setTenantId(tenant)
                        .setType(n.type()).setValue(n.value()).build()).await().atMost(WAIT).getProfile().getId();
                out.put(n.key(), touchpointsOf.getOrDefault(profile, Set.of("only:" + n.key())));
            }
        }
        return out;
    }
}
