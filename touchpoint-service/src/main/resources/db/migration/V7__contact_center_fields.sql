-- Contact-center and commerce details of a touchpoint (issue 4): handle time, transfers,
-- the bot's intent and outcome, the currency of value, and the system it came from.
ALTER TABLE touchpoint ADD COLUMN handle_seconds integer;
ALTER TABLE touchpoint ADD COLUMN transfers integer;
ALTER TABLE touchpoint ADD COLUMN bot_intent text;
ALTER TABLE touchpoint ADD COLUMN bot_outcome text;
ALTER TABLE touchpoint ADD COLUMN currency text;
ALTER TABLE touchpoint ADD COLUMN source text;
