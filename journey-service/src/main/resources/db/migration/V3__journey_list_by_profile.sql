-- Journey lists are paged by keyset on (last_activity_at DESC, id). journey_list_idx
-- (V1) serves a tenant's list; this one serves a profile's list in the same order, so a
-- page of one profile's journeys reads only that page's rows. It replaces
-- journey_profile_idx, whose columns are its prefix.
CREATE INDEX journey_profile_list_idx ON journey (tenant_id, profile_id, last_activity_at DESC, id);
DROP INDEX journey_profile_idx;
