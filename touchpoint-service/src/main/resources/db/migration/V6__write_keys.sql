-- Write keys: tenant credentials for Segment-spec ingestion (/v1/track, /v1/batch, ...),
-- created and revoked by tenant admins. Only the SHA-256 of the secret is kept. A secret is
-- 32 random bytes (256 bits), so a fast unsalted hash is enough: nobody can guess or
-- brute-force such a secret from its hash, which is why password hashes (bcrypt, argon2)
-- exist and why they are not needed here; a fast hash also lets a secret be looked up by
-- its hash with one index probe on every authentication.
CREATE TABLE write_key (
    id          text        PRIMARY KEY,
    tenant_id   text        NOT NULL,
    name        text        NOT NULL,
    -- Hex SHA-256 of the secret's UTF-8 bytes.
    secret_hash text        NOT NULL UNIQUE,
    -- The first characters of the secret, shown to tell keys apart; not enough to use one.
    prefix      text        NOT NULL,
    created_at  timestamptz NOT NULL,
    created_by  text        NOT NULL,
    revoked_at  timestamptz
);

-- ListWriteKeys: a tenant's keys, newest first.
CREATE INDEX write_key_tenant_idx ON write_key (tenant_id, created_at DESC);
