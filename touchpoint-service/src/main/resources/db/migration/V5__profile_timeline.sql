-- The agent timeline pages through one profile's touchpoints newest first, by keyset on
-- (occurred_at DESC, touchpoint_id DESC): with this index a page reads only that page's rows,
-- however many touchpoints the profile has, in index order (no sort). Its prefix
-- (tenant_id, profile_id) also serves erasure by profile, so it replaces
-- touchpoint_profile_idx (V3).
CREATE INDEX touchpoint_profile_timeline_idx
    ON touchpoint (tenant_id, profile_id, occurred_at DESC, touchpoint_id DESC);
DROP INDEX touchpoint_profile_idx;
