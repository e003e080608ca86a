package io.cjm.journey.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An assembled journey as stored; lists and evidence are JSON text. */
@Entity
@Table(name = "journey")
public class JourneyEntity {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "profile_id", nullable = false)
    public String profileId;

    @Column(name = "definition_key", nullable = false)
    public String definitionKey;

    @Column(name = "definition_version", nullable = false)
    public int definitionVersion;

    @Column(nullable = false)
    public String category;

    @Column(nullable = false)
    public String status;

    public String stage;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "last_activity_at", nullable = false)
    public Instant lastActivityAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "timeout_at", nullable = false)
    public Instant timeoutAt;

    @Column(name = "touchpoint_ids", nullable = false)
    public String touchpointIds;

    @Column(nullable = false)
    public String handoffs;

    @Column(nullable = false)
    public String friction;

    @Column(nullable = false)
    public String correlation;

    /** The JES as last scored; stale while the journey has a row in {@code journey_stale}. */
    public Double jes;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
