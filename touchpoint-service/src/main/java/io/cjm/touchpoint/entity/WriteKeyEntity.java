package io.cjm.touchpoint.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A tenant's write key for Segment-spec ingestion. The secret itself is never stored, only its hash. */
@Entity
@Table(name = "write_key")
public class WriteKeyEntity {

    /** A UUID. */
    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(nullable = false)
    public String name;

    /** Hex SHA-256 of the secret. */
    @Column(name = "secret_hash", nullable = false)
    public String secretHash;

    /** The secret's first characters, for display. */
    @Column(nullable = false)
    public String prefix;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    /** Null while the key is active. */
    @Column(name = "revoked_at")
    public Instant revokedAt;
}
