package io.cjm.identity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One merge: which profile was folded into which, why, and because of which touchpoint. */
@Entity
@Table(name = "merge_log")
public class MergeLogEntity {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "survivor_id", nullable = false)
    public String survivorId;

    @Column(name = "merged_id", nullable = false)
    public String mergedId;

    @Column(nullable = false)
    public String reason;

    @Column(name = "touchpoint_id")
    public String touchpointId;

    @Column(name = "merged_at", nullable = false)
    public Instant mergedAt;

    /** "merge" or "split". */
    @Column(nullable = false)
    public String kind;

    @Column(name = "requested_by")
    public String requestedBy;
}
