package io.cjm.scoring.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The latest JES of one journey; the breakdown is kept as JSON. */
@Entity
@Table(name = "journey_score")
public class JourneyScoreEntity {

    @Id
    @Column(name = "journey_id")
    public String journeyId;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "profile_id", nullable = false)
    public String profileId;

    @Column(name = "journey_type", nullable = false)
    public String journeyType;

    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public double score;

    @Column(name = "model_version", nullable = false)
    public String modelVersion;

    @Column(nullable = false)
    public String breakdown;

    @Column(name = "scored_at", nullable = false)
    public Instant scoredAt;
}
