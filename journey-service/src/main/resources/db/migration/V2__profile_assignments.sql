-- Identity resolution is order-independent: a later touchpoint can move earlier ones between
-- profiles. Per touchpoint, the assignment from the highest identity graph version wins
-- (0 = unknown or legacy, lower than any other).

-- The graph version that put a stored touchpoint under its profile_id.
ALTER TABLE journey_touchpoint ADD COLUMN graph_version bigint NOT NULL DEFAULT 0;

-- Assignments of touchpoints that have not been applied yet (deliveries are concurrent and
-- out of order). The row is removed when the touchpoint itself is stored: from then on
-- journey_touchpoint carries the assignment.
CREATE TABLE touchpoint_assignment (
    -- name-based UUID of tenant + touchpoint id, the same as journey_touchpoint.uid
    uid            text    PRIMARY KEY,
    tenant_id      text    NOT NULL,
    touchpoint_id  text    NOT NULL,
    profile_id     text    NOT NULL,
    graph_version  bigint  NOT NULL,
    CONSTRAINT touchpoint_assignment_unique UNIQUE (tenant_id, touchpoint_id)
);
CREATE INDEX touchpoint_assignment_profile_idx ON touchpoint_assignment (tenant_id, profile_id);

-- Tombstones of erased profile and touchpoint ids (ids only, no personal data): a late Apply
-- for one of them is acknowledged and stores nothing.
CREATE TABLE erased_id (
    -- name-based UUID of tenant + kind + id
    uid        text         PRIMARY KEY,
    tenant_id  text         NOT NULL,
    -- 'profile' or 'touchpoint'
    kind       text         NOT NULL CHECK (kind IN ('profile', 'touchpoint')),
    erased_id  text         NOT NULL,
    erased_at  timestamptz  NOT NULL,
    CONSTRAINT erased_id_unique UNIQUE (tenant_id, kind, erased_id)
);
