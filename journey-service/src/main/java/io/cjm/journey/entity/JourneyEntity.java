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

    public Double jes;

    @Column(name = "jes_stale", nullable = false)
    public boolean jesStale;

    /** Failed attempts of the stale-score sweep since the journey was last scored. */
    @Column(name = "jes_attempts", nullable = false)
    public int jesAttempts;

    /** When the sweep may try to score the stale journey again; null: now. */
    @Column(name = "jes_retry_at")
    public Instant jesRetryAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
