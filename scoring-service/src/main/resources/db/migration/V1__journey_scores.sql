-- The latest JES of every journey, with its breakdown.
CREATE TABLE journey_score (
    journey_id     text             PRIMARY KEY,
    tenant_id      text             NOT NULL,
    profile_id     text             NOT NULL,
    journey_type   text             NOT NULL,
    status         text             NOT NULL,
    score          double precision NOT NULL,
    model_version  text             NOT NULL,
    -- JSON array of {factor, points, touchpointIds, detail}
    breakdown      text             NOT NULL,
    scored_at      timestamptz      NOT NULL
);
CREATE INDEX journey_score_tenant_idx ON journey_score (tenant_id, journey_type, scored_at);
