-- identifier_profile_idx (profile_id) served the foreign key to profile, which V2 dropped; every
-- query of identifiers by profile names the tenant and uses identifier_tenant_profile_idx
-- (tenant_id, profile_id). The redundant index cost an index entry per identifier written.
DROP INDEX IF EXISTS identifier_profile_idx;
