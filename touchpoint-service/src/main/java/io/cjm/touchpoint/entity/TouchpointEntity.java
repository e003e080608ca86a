package io.cjm.touchpoint.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A captured touchpoint and its progress through the pipeline; structured parts are JSON text. */
@Entity
@Table(name = "touchpoint")
public class TouchpointEntity {

    /** Derived from tenant and the client's id. */
    @Id
    public String uid;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "touchpoint_id", nullable = false)
    public String touchpointId;

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public String channel;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    public String direction;

    @Column(nullable = false)
    public String identifiers;

    public String attributes;

    public String content;

    public Double sentiment;

    public Integer csat;

    public Integer nps;

    @Column(name = "wait_seconds")
    public Integer waitSeconds;

    @Column(name = "agent_id")
    public String agentId;

    public Double value;

    @Column(name = "handle_seconds")
    public Integer handleSeconds;

    public Integer transfers;

    @Column(name = "bot_intent")
    public String botIntent;

    @Column(name = "bot_outcome")
    public String botOutcome;

    public String currency;

    public String source;

    @Column(name = "accepted_at", nullable = false)
    public Instant acceptedAt;

    @Column(name = "profile_id")
    public String profileId;

    /** The identity graph version {@code profileId} comes from; a lower version never replaces it. */
    @Column(name = "graph_version")
    public Long graphVersion;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    @Column(name = "assembled_at")
    public Instant assembledAt;

    @Column(name = "scored_at")
    public Instant scoredAt;

    @Column(name = "done_at")
    public Instant doneAt;

    @Column(name = "quarantined_at")
    public Instant quarantinedAt;

    @Column(name = "quarantine_reason")
    public String quarantineReason;

    /** Delivery attempts made before the quarantine (V4); null when quarantined before V4, or not quarantined. */
    @Column(name = "quarantine_attempts")
    public Integer quarantineAttempts;
}
