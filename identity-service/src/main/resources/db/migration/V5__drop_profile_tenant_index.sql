-- profile_tenant_idx (tenant_id, id) duplicated the primary key: every read of a profile names its id,
-- which the primary key finds, and no query lists a tenant's profiles in id order. One index entry
-- fewer at a random place for every new profile (profile ids are name-based, so spread evenly).
DROP INDEX IF EXISTS profile_tenant_idx;
