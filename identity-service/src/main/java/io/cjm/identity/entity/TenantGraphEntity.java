package io.cjm.identity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A tenant's graph version and identity settings (IdentitySettings protobuf bytes). */
@Entity
@Table(name = "tenant_graph")
public class TenantGraphEntity {

    @Id
    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(nullable = false)
    public long version;

    public byte[] settings;
}
