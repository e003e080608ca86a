package io.cjm.identity.grpc;

import com.google.protobuf.Timestamp;
import io.cjm.proto.identity.v1.ResolveRequest;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Test data: resolve requests, tenants and identifier values that no other test uses. */
final class Resolves {

    /** When the touchpoints of these tests happened, unless a test says otherwise. */
    static final Instant SEEN = Instant.parse("2026-02-10T09:30:00Z");

    private Resolves() {
    }

    static String randomTenant() {
        return "tenant-" + UUID.randomUUID();
    }

    static String randomEmail() {
        return "ana." + UUID.randomUUID().toString().substring(0, 8) + "@Example.com";
    }

    /** A Spanish mobile number, written with spaces as people do: "+34 6dd ddd ddd". */
    static String randomPhone() {
        String digits = String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        return "+34 6" + digits.substring(0, 2) + " " + digits.substring(2, 5) + " " + digits.substring(5);
    }

    /** The same number as {@link #randomPhone()} gave, written differently: "+34-6dd-dd-dd-dd". */
    static String reformatted(String phone) {
        String digits = phone.replaceAll("\\D", "").substring(2);
        return "+34-" + digits.substring(0, 3) + "-" + digits.substring(3, 5) + "-" + digits.substring(5, 7) + "-"
                + digits.substring(7);
    }

    /** The E.164 form of a phone number from {@link #randomPhone()}. */
    static String e164(String phone) {
        return "+" + phone.replaceAll("\\D", "");
    }

    private static final AtomicLong CLOCK = new AtomicLong();

    /**
     * A touchpoint of the tenant, with a fresh id, carrying no identifiers yet. Touchpoints
     * happen one second after another from {@link #SEEN}, in the order the test makes them,
     * so "older" means "made earlier in the test".
     */
    static ResolveRequest.Builder touchpoint(String tenantId) {
        return ResolveRequest.newBuilder().setTenantId(tenantId).setTouchpointId("tp-" + UUID.randomUUID())
                .setOccurredAt(timestamp(SEEN.plusSeconds(CLOCK.getAndIncrement())));
    }

    static Timestamp timestamp(Instant i) {
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }
}
