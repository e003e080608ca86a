-- Touchpoints as captured, with how far each went through the pipeline.
CREATE TABLE touchpoint (
    uid                text             PRIMARY KEY,
    tenant_id          text             NOT NULL,
    touchpoint_id      text             NOT NULL,
    type               text             NOT NULL,
    channel            text             NOT NULL,
    occurred_at        timestamptz      NOT NULL,
    direction          text,
    identifiers        text             NOT NULL,
    attributes         text,
    content            text,
    sentiment          double precision,
    csat               integer,
    nps                integer,
    wait_seconds       integer,
    agent_id           text,
    value              double precision,
    accepted_at        timestamptz      NOT NULL,
    profile_id         text,
    resolved_at        timestamptz,
    assembled_at       timestamptz,
    scored_at          timestamptz,
    -- through every step that applies to it
    done_at            timestamptz,
    quarantined_at     timestamptz,
    quarantine_reason  text,
    CONSTRAINT touchpoint_unique UNIQUE (tenant_id, touchpoint_id)
);
CREATE INDEX touchpoint_pending_idx ON touchpoint (tenant_id, accepted_at) WHERE done_at IS NULL AND quarantined_at IS NULL;

-- The outbox: one row per touchpoint still to be delivered downstream, written in the
-- same transaction as the touchpoint.
CREATE TABLE outbox (
    uid              text        PRIMARY KEY REFERENCES touchpoint (uid),
    tenant_id        text        NOT NULL,
    touchpoint_id    text        NOT NULL,
    created_at       timestamptz NOT NULL,
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    leased_until     timestamptz,
    last_error       text
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at, created_at);
