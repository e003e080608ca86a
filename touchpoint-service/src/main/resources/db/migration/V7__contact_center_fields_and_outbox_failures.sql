-- Contact-center and commerce details of a touchpoint (issue 4): handle time, transfers,
-- the bot's intent and outcome, the currency of value, and the system it came from.
ALTER TABLE touchpoint ADD COLUMN handle_seconds integer;
ALTER TABLE touchpoint ADD COLUMN transfers integer;
ALTER TABLE touchpoint ADD COLUMN bot_intent text;
ALTER TABLE touchpoint ADD COLUMN bot_outcome text;
ALTER TABLE touchpoint ADD COLUMN currency text;
ALTER TABLE touchpoint ADD COLUMN source text;

-- Failures that count toward quarantine: a touchpoint's own failures, not those of a
-- downstream service that was unreachable or of journeys still waiting for their score
-- (attempts keeps counting every attempt, for the backoff).
ALTER TABLE outbox ADD COLUMN failures integer NOT NULL DEFAULT 0;
