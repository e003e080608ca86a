package io.cjm.identity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An admin decision: "merge" forces two identifiers together, "split" keeps them apart. */
@Entity
@Table(name = "identity_link")
public class IdentityLinkEntity {

    @Id
    @Column(nullable = false)
    public String uid;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(nullable = false)
    public String kind;

    @Column(name = "a_key", nullable = false)
    public String aKey;

    @Column(name = "b_key", nullable = false)
    public String bKey;

    @Column(name = "component_id", nullable = false)
    public String componentId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by")
    public String createdBy;
}
