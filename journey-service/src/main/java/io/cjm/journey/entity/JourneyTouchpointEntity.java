package io.cjm.journey.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The journey-service's copy of what assembly needs of one touchpoint. */
@Entity
@Table(name = "journey_touchpoint")
public class JourneyTouchpointEntity {

    /** Derived from tenant and touchpoint id. */
    @Id
    public String uid;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "touchpoint_id", nullable = false)
    public String touchpointId;

    @Column(name = "profile_id", nullable = false)
    public String profileId;

    /** The identity graph version that assigned the touchpoint to {@link #profileId}; 0 when unknown. */
    @Column(name = "graph_version", nullable = false)
    public long graphVersion;

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public String channel;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    public String direction;

    /** JSON object of correlation keys. */
    @Column(nullable = false)
    public String correlation;

    public Double sentiment;

    public Integer csat;

    public Integer nps;

    @Column(name = "wait_seconds")
    public Integer waitSeconds;

    @Column(name = "agent_id")
    public String agentId;

    @Column(nullable = false)
    public boolean anonymous;
}
