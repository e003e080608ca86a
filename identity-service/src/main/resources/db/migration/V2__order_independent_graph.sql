-- Order-independent identity graph: profiles are recomputed per connected component from the
-- stored evidence (sightings and admin links), so identifiers and profiles carry the
-- component they belong to. Profiles are derived, so the foreign keys to them go.
ALTER TABLE identifier DROP CONSTRAINT IF EXISTS identifier_profile_id_fkey;
ALTER TABLE identifier ADD COLUMN component_id text;
UPDATE identifier SET component_id = profile_id;
ALTER TABLE identifier ALTER COLUMN component_id SET NOT NULL;
CREATE INDEX identifier_component_idx ON identifier (tenant_id, component_id);
CREATE INDEX identifier_tenant_profile_idx ON identifier (tenant_id, profile_id);

ALTER TABLE profile DROP CONSTRAINT IF EXISTS profile_merged_into_fkey;
ALTER TABLE profile ADD COLUMN component_id text;
UPDATE profile SET component_id = coalesce(merged_into, id);
ALTER TABLE profile ALTER COLUMN component_id SET NOT NULL;
-- The identifier ("type:value") the profile is named after; null for a touchpoint's own profile.
ALTER TABLE profile ADD COLUMN anchor_key text;
CREATE INDEX profile_component_idx ON profile (tenant_id, component_id);

-- The identifiers one touchpoint carried together: the evidence the graph is computed from.
CREATE TABLE sighting (
    uid             text        PRIMARY KEY,
    tenant_id       text        NOT NULL,
    touchpoint_id   text        NOT NULL,
    occurred_at     timestamptz NOT NULL,
    -- normalized "type:value" keys, sorted, one per line (values hold no control characters)
    identifier_keys text        NOT NULL,
    component_id    text        NOT NULL,
    profile_id      text        NOT NULL,
    resolved_at     timestamptz NOT NULL
);
CREATE INDEX sighting_component_idx ON sighting (tenant_id, component_id);
CREATE INDEX sighting_profile_idx ON sighting (tenant_id, profile_id);

-- Admin decisions: "merge" forces two identifiers into one profile, "split" keeps them apart.
CREATE TABLE identity_link (
    uid           text        PRIMARY KEY,
    tenant_id     text        NOT NULL,
    kind          text        NOT NULL CHECK (kind IN ('merge', 'split')),
    a_key         text        NOT NULL,
    b_key         text        NOT NULL,
    component_id  text        NOT NULL,
    created_at    timestamptz NOT NULL,
    created_by    text
);
CREATE INDEX identity_link_component_idx ON identity_link (tenant_id, component_id);

-- Links refused by merge protection, recomputed with their component.
CREATE TABLE identity_conflict (
    id                text        PRIMARY KEY,
    tenant_id         text        NOT NULL,
    component_id      text        NOT NULL,
    touchpoint_id     text        NOT NULL,
    identifier_type   text        NOT NULL,
    profile_id        text        NOT NULL,
    other_profile_id  text        NOT NULL,
    reason            text        NOT NULL,
    occurred_at       timestamptz NOT NULL
);
CREATE INDEX identity_conflict_component_idx ON identity_conflict (tenant_id, component_id);
CREATE INDEX identity_conflict_profile_idx ON identity_conflict (tenant_id, profile_id);
CREATE INDEX identity_conflict_other_idx ON identity_conflict (tenant_id, other_profile_id);

-- One row per tenant: the graph version (its row lock serializes a tenant's graph changes)
-- and the tenant's identity settings (cjm.identity.v1.IdentitySettings, protobuf bytes).
CREATE TABLE tenant_graph (
    tenant_id  text   PRIMARY KEY,
    version    bigint NOT NULL,
    settings   bytea
);

-- Erasures, without personal data: ids only, so a repeated DELETE answers the same.
CREATE TABLE erasure_log (
    uid                  text        PRIMARY KEY,
    tenant_id            text        NOT NULL,
    profile_id           text        NOT NULL,
    erased_at            timestamptz NOT NULL,
    requested_by         text,
    profile_ids          text        NOT NULL,
    touchpoint_ids       text        NOT NULL,
    identifiers_deleted  integer     NOT NULL
);

ALTER TABLE merge_log ADD COLUMN kind text NOT NULL DEFAULT 'merge';
ALTER TABLE merge_log ADD COLUMN requested_by text;
CREATE INDEX merge_log_merged_idx ON merge_log (tenant_id, merged_id);
