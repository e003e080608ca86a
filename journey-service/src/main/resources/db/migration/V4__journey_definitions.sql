-- Journey definitions as tenant data. Every change of a key in a tenant is a new version
-- (a deletion too, as a row with deleted = true), so a journey's definition_version always
-- names the definition that built it. What is in force: the default catalogue (version 1 of
-- each default key, in code) overlaid with each key's newest row here.
CREATE TABLE journey_definition_version (
    tenant_id       text         NOT NULL,
    definition_key  text         NOT NULL,
    version         integer      NOT NULL CHECK (version >= 1),
    deleted         boolean      NOT NULL,
    -- the definition as JSON; null for a deletion
    body            text,
    -- when this key was first created in the tenant (the same on all its versions): the
    -- catalogue order of the tenant's own keys, which decides ties on entry
    key_created_at  timestamptz  NOT NULL,
    created_at      timestamptz  NOT NULL,
    PRIMARY KEY (tenant_id, definition_key, version),
    CHECK (deleted = (body IS NULL))
);

-- A tenant's friction thresholds; no row means the defaults (version 1).
CREATE TABLE journey_settings (
    tenant_id                      text              PRIMARY KEY,
    version                        integer           NOT NULL CHECK (version >= 2),
    repeat_contact_window_seconds  bigint            NOT NULL,
    long_wait_seconds              integer           NOT NULL,
    negative_sentiment             double precision  NOT NULL,
    updated_at                     timestamptz       NOT NULL
);

-- Tenants whose journeys must be re-assembled because their definitions or thresholds
-- changed; written in the transaction of the change, so it survives a restart. The
-- scheduler works through the tenant's profiles in profile id order (after_profile is how
-- far it got) and removes the row when done, unless another change (a higher generation)
-- came meanwhile, which starts it over.
CREATE TABLE journey_reassembly (
    tenant_id      text         PRIMARY KEY,
    generation     bigint       NOT NULL,
    after_profile  text,
    requested_at   timestamptz  NOT NULL
);
