-- The identity graph version that touchpoint.profile_id comes from. identity-service's
-- versions only increase, so an assignment older than the stored one (a late delivery, or a
-- reassignment computed before a later move) never overwrites a newer profile_id. NULL for
-- rows resolved before this column existed, or not yet resolved: any assignment replaces it.
ALTER TABLE touchpoint ADD COLUMN graph_version bigint;

-- Erasure deletes every touchpoint stored under the erased profile ids of a tenant.
CREATE INDEX touchpoint_profile_idx ON touchpoint (tenant_id, profile_id);
