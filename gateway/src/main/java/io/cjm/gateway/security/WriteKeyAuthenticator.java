package io.cjm.gateway.security;

import io.cjm.gateway.client.TouchpointClient;
import io.cjm.gateway.config.WriteKeyConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Tells whose a write key is, asking touchpoint-service (which owns the keys) and remembering
 * the answer for {@link WriteKeyConfig#cacheTtl()}: known keys and refused ones alike, so
 * neither steady ingest nor a client retrying with a bad key costs a gRPC call per request.
 * Entries are keyed by the secret's SHA-256, so the cache holds no secret. A failed call
 * (touchpoint-service down) is not remembered.
 */
@ApplicationScoped
public class WriteKeyAuthenticator {

    /** An authenticated write-key client: ingest only, for its tenant. */
    public record WriteKeyCaller(String tenantId, String keyId) {
    }

    /** Keys remembered at most; beyond that, expired entries are dropped, then all. */
    static final int MAX_ENTRIES = 10_000;

    private record Entry(Optional<WriteKeyCaller> caller, long expiresAtNanos) {
    }

    private final TouchpointClient touchpoints;
    private final long ttlNanos;
    private final int maxSize;
    private final LongSupplier nanoClock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    @Inject
    WriteKeyAuthenticator(TouchpointClient touchpoints, WriteKeyConfig config) {
        this(touchpoints, config.cacheTtl().toNanos(), MAX_ENTRIES, System::nanoTime);
    }

    WriteKeyAuthenticator(TouchpointClient touchpoints, long ttlNanos, int maxSize, LongSupplier nanoClock) {
        this.touchpoints = touchpoints;
        this.ttlNanos = ttlNanos;
        this.maxSize = maxSize;
        this.nanoClock = nanoClock;
    }

    /** The key's tenant and id; empty when the secret is no active key's. */
    public Uni<Optional<WriteKeyCaller>> authenticate(String secret) {
        String hash = sha256(secret);
        long now = nanoClock.getAsLong();
        Entry cached = cache.get(hash);
        if (cached != null && now - cached.expiresAtNanos() < 0) {
            return Uni.createFrom().item(cached.caller());
        }
        return touchpoints.authenticateWriteKey(secret)
                .map(answer -> answer.map(a -> new WriteKeyCaller(a.getTenantId(), a.getWriteKeyId())))
                .invoke(caller -> remember(hash, caller));
    }

    private void remember(String hash, Optional<WriteKeyCaller> caller) {
        long now = nanoClock.getAsLong();
        if (cache.size() >= maxSize) {
            cache.values().removeIf(e -> now - e.expiresAtNanos() >= 0);
            if (cache.size() >= maxSize) {
                cache.clear();
            }
        }
        cache.put(hash, new Entry(caller, now + ttlNanos));
    }

    int size() {
        return cache.size();
    }

    /**
     * The user name of an {@code Authorization: Basic} header (Segment's way of sending the
     * write key; the password is empty and ignored), or null when the header is absent, of
     * another scheme, or not valid Basic credentials.
     */
    public static String basicUser(String authorization) {
        if (authorization == null) {
            return null;
        }
        String header = authorization.strip();
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).equalsIgnoreCase("Basic")) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(space + 1).strip()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            String user = colon < 0 ? decoded : decoded.substring(0, colon);
            return user.isEmpty() ? null : user;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
