-- What the JES series needs of each scored journey (GetJesSeries): its stage, the channels it
-- touched and its times. Scores stored before this migration have no stage, channels or times;
-- they fall in the bucket of their scored_at until the journey is scored again.
ALTER TABLE journey_score ADD COLUMN stage            text;
ALTER TABLE journey_score ADD COLUMN channels         text[]      NOT NULL DEFAULT '{}';
ALTER TABLE journey_score ADD COLUMN started_at       timestamptz;
ALTER TABLE journey_score ADD COLUMN last_activity_at timestamptz;
-- The time a journey falls in for the series: its last activity (scored_at before V2).
ALTER TABLE journey_score ADD COLUMN series_at        timestamptz GENERATED ALWAYS AS (coalesce(last_activity_at, scored_at)) STORED;
CREATE INDEX journey_score_series_idx ON journey_score (tenant_id, series_at);

-- JES weights per tenant and journey type. Every change is a new revision; the highest revision
-- is in force, earlier ones are kept so that every model version ever stamped on a score can be
-- looked up. A journey type without a row uses the documented defaults (model version jes-1.1).
CREATE TABLE jes_weights (
    tenant_id     text        NOT NULL,
    journey_type  text        NOT NULL,
    revision      integer     NOT NULL,
    -- JesWeights as JSON, every weight set.
    weights       jsonb       NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, journey_type, revision)
);
