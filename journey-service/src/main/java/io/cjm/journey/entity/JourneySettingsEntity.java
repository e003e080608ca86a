package io.cjm.journey.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A tenant's friction thresholds, once it changed the defaults. */
@Entity
@Table(name = "journey_settings")
public class JourneySettingsEntity {

    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    @Column(nullable = false)
    public int version;

    @Column(name = "repeat_contact_window_seconds", nullable = false)
    public long repeatContactWindowSeconds;

    @Column(name = "long_wait_seconds", nullable = false)
    public int longWaitSeconds;

    @Column(name = "negative_sentiment", nullable = false)
    public double negativeSentiment;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
