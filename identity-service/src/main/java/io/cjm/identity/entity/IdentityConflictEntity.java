package io.cjm.identity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A link refused by merge protection; recomputed with its component. */
@Entity
@Table(name = "identity_conflict")
public class IdentityConflictEntity {

    @Id
    @Column(nullable = false)
    public String id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "component_id", nullable = false)
    public String componentId;

    @Column(name = "touchpoint_id", nullable = false)
    public String touchpointId;

    @Column(name = "identifier_type", nullable = false)
    public String identifierType;

    @Column(name = "profile_id", nullable = false)
    public String profileId;

    @Column(name = "other_profile_id", nullable = false)
    public String otherProfileId;

    @Column(nullable = false)
    public String reason;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;
}
