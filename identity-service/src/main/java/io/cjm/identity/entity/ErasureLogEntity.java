package io.cjm.identity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One erased profile id, with the ids (never values) that were deleted. */
@Entity
@Table(name = "erasure_log")
public class ErasureLogEntity {

    @Id
    @Column(nullable = false)
    public String uid;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "profile_id", nullable = false)
    public String profileId;

    @Column(name = "erased_at", nullable = false)
    public Instant erasedAt;

    @Column(name = "requested_by")
    public String requestedBy;

    @Column(name = "profile_ids", nullable = false)
    public String profileIds;

    @Column(name = "touchpoint_ids", nullable = false)
    public String touchpointIds;

    @Column(name = "identifiers_deleted", nullable = false)
    public int identifiersDeleted;
}
