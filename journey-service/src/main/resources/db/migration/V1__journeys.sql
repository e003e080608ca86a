-- What journey assembly needs of each touchpoint, keyed by the client's id within the tenant.
CREATE TABLE journey_touchpoint (
    uid            text             PRIMARY KEY,
    tenant_id      text             NOT NULL,
    touchpoint_id  text             NOT NULL,
    profile_id     text             NOT NULL,
    type           text             NOT NULL,
    channel        text             NOT NULL,
    occurred_at    timestamptz      NOT NULL,
    direction      text,
    -- JSON object of correlation keys, e.g. {"caseId":"C-1"}
    correlation    text             NOT NULL,
    sentiment      double precision,
    csat           integer,
    nps            integer,
    wait_seconds   integer,
    agent_id       text,
    anonymous      boolean          NOT NULL,
    CONSTRAINT journey_touchpoint_unique UNIQUE (tenant_id, touchpoint_id)
);
CREATE INDEX journey_touchpoint_profile_idx ON journey_touchpoint (tenant_id, profile_id, occurred_at);

-- Assembled journeys: a pure function of a profile's touchpoints and the journey maps.
CREATE TABLE journey (
    id                  text             PRIMARY KEY,
    tenant_id           text             NOT NULL,
    profile_id          text             NOT NULL,
    definition_key      text             NOT NULL,
    definition_version  integer          NOT NULL,
    category            text             NOT NULL,
    status              text             NOT NULL,
    stage               text,
    started_at          timestamptz      NOT NULL,
    last_activity_at    timestamptz      NOT NULL,
    ended_at            timestamptz,
    -- when an open journey turns abandoned if nothing else happens
    timeout_at          timestamptz      NOT NULL,
    touchpoint_ids      text             NOT NULL,
    handoffs            text             NOT NULL,
    friction            text             NOT NULL,
    correlation         text             NOT NULL,
    jes                 double precision,
    jes_stale           boolean          NOT NULL,
    updated_at          timestamptz      NOT NULL
);
CREATE INDEX journey_profile_idx ON journey (tenant_id, profile_id);
CREATE INDEX journey_list_idx ON journey (tenant_id, last_activity_at DESC, id);
CREATE INDEX journey_open_timeout_idx ON journey (timeout_at) WHERE status = 'open';
CREATE INDEX journey_stale_idx ON journey (tenant_id, profile_id) WHERE jes_stale;
