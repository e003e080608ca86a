package io.cjm.identity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A normalized identifier linked to a profile; unique per tenant, type and value. */
@Entity
@Table(name = "identifier")
public class IdentifierEntity {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "profile_id", nullable = false)
    public String profileId;

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public String value;

    @Column(name = "first_seen", nullable = false)
    public Instant firstSeen;

    @Column(name = "last_seen", nullable = false)
    public Instant lastSeen;

    @Column(name = "component_id", nullable = false)
    public String componentId;
}
