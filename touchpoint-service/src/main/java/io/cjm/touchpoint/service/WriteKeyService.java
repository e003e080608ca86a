package io.cjm.touchpoint.service;

import io.cjm.platform.grpc.GrpcErrors;
import io.cjm.platform.grpc.Timestamps;
import io.cjm.proto.touchpoint.v1.AuthenticateWriteKeyResponse;
import io.cjm.proto.touchpoint.v1.CreateWriteKeyResponse;
import io.cjm.proto.touchpoint.v1.WriteKey;
import io.cjm.touchpoint.entity.WriteKeyEntity;
import io.cjm.touchpoint.repository.WriteKeyRepository;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Write keys: the credentials Segment-spec clients send instead of a bearer token. A secret
 * is {@value #SECRET_PREFIX} and 32 random bytes in base64url; only its SHA-256 is stored
 * (see the V6 migration for why a fast hash is right for random secrets), so the secret
 * is answered once, at creation, and a leaked table reveals none.
 */
@ApplicationScoped
public class WriteKeyService {

    private static final Logger LOG = Logger.getLogger(WriteKeyService.class);
    static final String SECRET_PREFIX = "wk_";
    static final int SECRET_BYTES = 32;
    /** Characters of the secret kept for display: the marker and 7 random characters (42 of its 256 bits). */
    static final int SHOWN = SECRET_PREFIX.length() + 7;
    public static final int MAX_NAME = 100;
    /** Keys a list answers at most. */
    public static final int MAX_LIST = 1000;
    /** Longer than any secret this service makes: a longer one is refused before it is hashed. */
    public static final int MAX_SECRET = 200;

    private final WriteKeyRepository keys;
    private final SecureRandom random = new SecureRandom();

    WriteKeyService(WriteKeyRepository keys) {
        this.keys = keys;
    }

    /** Makes a key for the tenant; the answer carries its secret, the one time it is known. */
    @WithSpan
    public Uni<CreateWriteKeyResponse> create(@SpanAttribute("cjm.tenant") String tenantId, String name,
            String createdBy) {
        String trimmed = name.strip();
        if (trimmed.isEmpty()) {
            throw GrpcErrors.invalid("name", "required");
        }
        if (trimmed.length() > MAX_NAME) {
            throw GrpcErrors.invalid("name", "longer than " + MAX_NAME + " characters");
        }
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        String secret = SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        WriteKeyEntity key = new WriteKeyEntity();
        key.id = UUID.randomUUID().toString();
        key.tenantId = tenantId;
        key.name = trimmed;
        key.secretHash = hash(secret);
        key.prefix = secret.substring(0, SHOWN);
        // Microseconds, as PostgreSQL keeps them, so the answer equals what a later list shows.
        key.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        key.createdBy = createdBy.isBlank() ? "unknown" : createdBy;
        return Panache.withTransaction(() -> keys.persist(key)).map(saved -> {
            LOG.infof("Write key %s (%s) created for tenant %s by %s", key.id, key.prefix, tenantId, key.createdBy);
            return CreateWriteKeyResponse.newBuilder().setWriteKey(toProto(key)).setSecret(secret).build();
        });
    }

    /** The tenant's keys, newest first, revoked ones included. */
    @WithSession
    public Uni<List<WriteKey>> list(String tenantId) {
        return keys.ofTenant(tenantId, MAX_LIST).map(rows -> rows.stream().map(WriteKeyService::toProto).toList());
    }

    /** Revokes the tenant's key; NOT_FOUND when the tenant has no such key. A revoked key stays as it was. */
    @WithSpan
    public Uni<WriteKey> revoke(@SpanAttribute("cjm.tenant") String tenantId, String id) {
        return Panache.withTransaction(() -> keys.ofTenant(tenantId, id).map(key -> {
            if (key == null) {
                throw GrpcErrors.notFound("write key", id);
            }
            if (key.revokedAt == null) {
                key.revokedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                LOG.infof("Write key %s (%s) of tenant %s revoked", key.id, key.prefix, tenantId);
            }
            return toProto(key);
        }));
    }

    /** Whose active key the secret is; NOT_FOUND when it is no key's, or the key is revoked. */
    @WithSession
    public Uni<AuthenticateWriteKeyResponse> authenticate(String secret) {
        if (secret.isEmpty() || secret.length() > MAX_SECRET) {
            return Uni.createFrom().failure(GrpcErrors.notFound("write key", "presented"));
        }
        return keys.bySecretHash(hash(secret)).map(key -> {
            // One answer for unknown and revoked: the caller learns nothing about other secrets.
            if (key == null || key.revokedAt != null) {
                throw GrpcErrors.notFound("write key", "presented");
            }
            return AuthenticateWriteKeyResponse.newBuilder().setTenantId(key.tenantId).setWriteKeyId(key.id).build();
        });
    }

    /** Hex SHA-256 of the secret's UTF-8 bytes, as stored in {@code write_key.secret_hash}. */
    public static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    private static WriteKey toProto(WriteKeyEntity key) {
        WriteKey.Builder b = WriteKey.newBuilder().setId(key.id).setName(key.name).setPrefix(key.prefix)
                .setCreatedAt(Timestamps.of(key.createdAt)).setCreatedBy(key.createdBy);
        if (key.revokedAt != null) {
            b.setRevokedAt(Timestamps.of(key.revokedAt));
        }
        return b.build();
    }
}
