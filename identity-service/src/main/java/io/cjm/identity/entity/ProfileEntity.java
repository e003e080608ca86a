package io.cjm.identity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One person as a tenant knows them; a merged profile points to its survivor. */
@Entity
@Table(name = "profile")
public class ProfileEntity {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "merged_into")
    public String mergedInto;

    @Column(name = "merged_at")
    public Instant mergedAt;

    @Column(name = "component_id", nullable = false)
    public String componentId;

    /** The identifier ("type:value") the profile is named after; null for a touchpoint's own profile. */
    @Column(name = "anchor_key")
    public String anchorKey;
}
