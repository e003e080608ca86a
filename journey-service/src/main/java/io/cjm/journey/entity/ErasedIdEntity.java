package io.cjm.journey.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A tombstone: an erased profile or touchpoint id of a tenant. Ids only, no personal data. */
@Entity
@Table(name = "erased_id")
public class ErasedIdEntity {

    /** {@link #kind} of a profile id. */
    public static final String PROFILE = "profile";
    /** {@link #kind} of a touchpoint id. */
    public static final String TOUCHPOINT = "touchpoint";

    /** Derived from tenant, kind and id. */
    @Id
    public String uid;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    /** {@link #PROFILE} or {@link #TOUCHPOINT}. */
    @Column(nullable = false)
    public String kind;

    @Column(name = "erased_id", nullable = false)
    public String erasedId;

    @Column(name = "erased_at", nullable = false)
    public Instant erasedAt;
}
