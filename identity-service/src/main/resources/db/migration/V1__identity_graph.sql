-- The identity graph: profiles, their identifiers, and the log of merges.
CREATE TABLE profile (
    id            text        PRIMARY KEY,
    tenant_id     text        NOT NULL,
    created_at    timestamptz NOT NULL,
    merged_into   text        REFERENCES profile (id),
    merged_at     timestamptz
);
CREATE INDEX profile_tenant_idx ON profile (tenant_id, id);
CREATE INDEX profile_merged_into_idx ON profile (merged_into) WHERE merged_into IS NOT NULL;

CREATE TABLE identifier (
    id          text        PRIMARY KEY,
    tenant_id   text        NOT NULL,
    profile_id  text        NOT NULL REFERENCES profile (id),
    type        text        NOT NULL,
    value       text        NOT NULL,
    first_seen  timestamptz NOT NULL,
    last_seen   timestamptz NOT NULL,
    CONSTRAINT identifier_unique UNIQUE (tenant_id, type, value)
);
CREATE INDEX identifier_profile_idx ON identifier (profile_id);

CREATE TABLE merge_log (
    id             text        PRIMARY KEY,
    tenant_id      text        NOT NULL,
    survivor_id    text        NOT NULL,
    merged_id      text        NOT NULL,
    reason         text        NOT NULL,
    touchpoint_id  text,
    merged_at      timestamptz NOT NULL
);
CREATE INDEX merge_log_tenant_idx ON merge_log (tenant_id, survivor_id);
