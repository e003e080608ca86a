package io.cjm.touchpoint.grpc;

import static io.cjm.touchpoint.Touchpoints.randomTenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.cjm.proto.touchpoint.v1.AuthenticateWriteKeyRequest;
import io.cjm.proto.touchpoint.v1.AuthenticateWriteKeyResponse;
import io.cjm.proto.touchpoint.v1.CreateWriteKeyRequest;
import io.cjm.proto.touchpoint.v1.CreateWriteKeyResponse;
import io.cjm.proto.touchpoint.v1.ListWriteKeysRequest;
import io.cjm.proto.touchpoint.v1.RevokeWriteKeyRequest;
import io.cjm.proto.touchpoint.v1.TouchpointService;
import io.cjm.proto.touchpoint.v1.WriteKey;
import io.cjm.touchpoint.service.WriteKeyService;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Write keys through the gRPC API, against the real database. */
@QuarkusTest
class WriteKeysTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @GrpcClient("touchpoint")
    TouchpointService client;

    @Inject
    AgroalDataSource database;

    private final String tenant = randomTenant();
    private final String other = randomTenant();

    @Test
    void aNewKeyAuthenticatesAsItsTenantAndIsShownWithoutItsSecret() {
        CreateWriteKeyResponse created = create(tenant, "  website  ");

        String secret = created.getSecret();
        assertTrue(secret.startsWith("wk_"), secret);
        assertEquals(3 + 43, secret.length(), "wk_ and 32 bytes in base64url");
        WriteKey key = created.getWriteKey();
        assertEquals("website", key.getName());
        assertEquals(secret.substring(0, 10), key.getPrefix());
        assertEquals("admin-1 (client acme-admin)", key.getCreatedBy());
        assertFalse(key.hasRevokedAt());

        AuthenticateWriteKeyResponse who = authenticate(secret);
        assertEquals(tenant, who.getTenantId());
        assertEquals(key.getId(), who.getWriteKeyId());
        assertEquals(List.of(key), list(tenant));
    }

    @Test
    void theSecretIsStoredOnlyAsItsSha256() throws SQLException {
        String secret = create(tenant, "app").getSecret();

        List<String> rows = rows("SELECT id || '|' || name || '|' || secret_hash || '|' || prefix || '|' || created_by"
                + " FROM write_key WHERE tenant_id = ?", tenant);
        assertEquals(1, rows.size());
        assertFalse(rows.get(0).contains(secret.substring(10)), "no part of the secret beyond its prefix is stored");
        assertTrue(rows.get(0).contains(WriteKeyService.hash(secret)), rows.get(0));
        assertEquals(64, WriteKeyService.hash(secret).length());
        assertNotEquals(WriteKeyService.hash(secret), WriteKeyService.hash(secret + "x"));
    }

    @Test
    void unknownEmptyAndAlteredSecretsAreNotFound() {
        String secret = create(tenant, "server").getSecret();

        assertNotFound(() -> authenticate(secret.substring(0, secret.length() - 1) + (secret.endsWith("A") ? "B" : "A")));
        assertNotFound(() -> authenticate(""));
        assertNotFound(() -> authenticate("wk_" + "x".repeat(500)));
        assertNotFound(() -> authenticate(secret.toLowerCase()));
    }

    @Test
    void aRevokedKeyNoLongerAuthenticatesAndRevokingAgainChangesNothing() {
        String secret = create(tenant, "old").getSecret();
        String id = authenticate(secret).getWriteKeyId();
        String kept = create(tenant, "kept").getSecret();

        WriteKey revoked = client.revokeWriteKey(RevokeWriteKeyRequest.newBuilder().setTenantId(tenant)
                .setWriteKeyId(id).build()).await().atMost(WAIT).getWriteKey();

        assertTrue(revoked.hasRevokedAt());
        assertNotFound(() -> authenticate(secret));
        assertEquals(tenant, authenticate(kept).getTenantId());
        WriteKey again = client.revokeWriteKey(RevokeWriteKeyRequest.newBuilder().setTenantId(tenant)
                .setWriteKeyId(id).build()).await().atMost(WAIT).getWriteKey();
        assertEquals(revoked, again);
        assertEquals(List.of("kept", "old"), list(tenant).stream().map(WriteKey::getName).toList());
        assertEquals(revoked.getRevokedAt(), list(tenant).get(1).getRevokedAt());
    }

    @Test
    void anotherTenantNeitherSeesNorRevokesTheKeys() {
        String secret = create(tenant, "website").getSecret();
        String id = authenticate(secret).getWriteKeyId();
        create(other, "theirs");

        assertEquals(List.of("theirs"), list(other).stream().map(WriteKey::getName).toList());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.revokeWriteKey(
                RevokeWriteKeyRequest.newBuilder().setTenantId(other).setWriteKeyId(id).build()).await().atMost(WAIT));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals(tenant, authenticate(secret).getTenantId());
        assertNotFound(() -> client.revokeWriteKey(RevokeWriteKeyRequest.newBuilder().setTenantId(tenant)
                .setWriteKeyId("no-such-key").build()).await().atMost(WAIT));
    }

    @Test
    void aNameIsRequiredAndAtMost100Characters() {
        assertInvalid("name: required", () -> create(tenant, "   "));
        assertInvalid("name: longer than 100 characters", () -> create(tenant, "n".repeat(101)));
        assertInvalid("tenant_id: required", () -> create("", "website"));
        assertEquals(List.of(), list(tenant));
    }

    private CreateWriteKeyResponse create(String tenantId, String name) {
        return client.createWriteKey(CreateWriteKeyRequest.newBuilder().setTenantId(tenantId).setName(name)
                .setCreatedBy("admin-1 (client acme-admin)").build()).await().atMost(WAIT);
    }

    private AuthenticateWriteKeyResponse authenticate(String secret) {
        return client.authenticateWriteKey(AuthenticateWriteKeyRequest.newBuilder().setSecret(secret).build())
                .await().atMost(WAIT);
    }

    private List<WriteKey> list(String tenantId) {
        return client.listWriteKeys(ListWriteKeysRequest.newBuilder().setTenantId(tenantId).build())
                .await().atMost(WAIT).getWriteKeysList();
    }

    private static void assertNotFound(Runnable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    }

    private static void assertInvalid(String description, Runnable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(description, e.getStatus().getDescription());
    }

    private List<String> rows(String sql, String tenantId) throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenantId);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }
}
