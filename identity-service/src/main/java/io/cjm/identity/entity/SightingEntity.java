package io.cjm.identity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The identifiers one touchpoint carried together: evidence the graph is computed from. */
@Entity
@Table(name = "sighting")
public class SightingEntity {

    @Id
    @Column(nullable = false)
    public String uid;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "touchpoint_id", nullable = false)
    public String touchpointId;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "identifier_keys", nullable = false)
    public String identifierKeys;

    @Column(name = "component_id", nullable = false)
    public String componentId;

    @Column(name = "profile_id", nullable = false)
    public String profileId;

    @Column(name = "resolved_at", nullable = false)
    public Instant resolvedAt;

    /** URL-encoded ids of the touchpoints this resolution moved to another profile, space-separated. */
    @Column(name = "moved_touchpoints", nullable = false)
    public String movedTouchpoints = "";
}
