-- The stale-score sweep backs off per journey: a journey whose scoring failed is tried again
-- after 2^attempts seconds (at most 5 minutes), so that journeys which keep failing do not
-- hold back fresh ones. NULL: due now.
ALTER TABLE journey ADD COLUMN jes_attempts integer NOT NULL DEFAULT 0;
ALTER TABLE journey ADD COLUMN jes_retry_at timestamptz;
DROP INDEX journey_stale_idx;
CREATE INDEX journey_stale_idx ON journey (jes_retry_at NULLS FIRST, tenant_id, profile_id) WHERE jes_stale;
