package io.cjm.journey.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The profile a touchpoint that has not been applied yet belongs to, from a reassignment
 * that arrived before the touchpoint itself.
 */
@Entity
@Table(name = "touchpoint_assignment")
public class TouchpointAssignmentEntity {

    /** Derived from tenant and touchpoint id, as the touchpoint's own uid. */
    @Id
    public String uid;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "touchpoint_id", nullable = false)
    public String touchpointId;

    @Column(name = "profile_id", nullable = false)
    public String profileId;

    @Column(name = "graph_version", nullable = false)
    public long graphVersion;
}
