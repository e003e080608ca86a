package io.cjm.touchpoint.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A touchpoint still to be delivered downstream. */
@Entity
@Table(name = "outbox")
public class OutboxEntity {

    /** Same as the touchpoint's uid. */
    @Id
    public String uid;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "touchpoint_id", nullable = false)
    public String touchpointId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(nullable = false)
    public int attempts;

    /** Failures that count toward quarantine (not those of an unreachable downstream service). */
    @Column(nullable = false)
    public int failures;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "leased_until")
    public Instant leasedUntil;

    @Column(name = "last_error")
    public String lastError;

    /** W3C traceparent of the capture that wrote the row; the relay's delivery continues that trace. */
    @Column(name = "traceparent")
    public String traceparent;
}
