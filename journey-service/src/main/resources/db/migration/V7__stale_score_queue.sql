-- The journeys whose JES is stale move out of the journey row into a queue of their own.
--
-- While the flag was a column of journey, read by the partial index journey_stale_idx, every
-- stored score changed an indexed column: PostgreSQL wrote the whole row again with a new
-- entry in each of the table's indexes (no HOT update), twice per change of a journey (once
-- stale, once scored). Now storing a score changes jes only, which no index reads, so with
-- room on the page (the fillfactor below) it is a HOT update: no index entry at all. The
-- queue row is narrow and lives only until the score is stored.
--
-- A journey is stale exactly while it has a row here. journey_id is journey.id (which is
-- unique across tenants); the tenant and profile are read from the journey itself, so a
-- journey moved to another profile needs nothing here.
CREATE TABLE journey_stale (
    journey_id  text         PRIMARY KEY,
    -- failed attempts of the stale-score sweep since the journey was last scored
    attempts    integer      NOT NULL DEFAULT 0,
    -- when the sweep may try it (again); NULL: now
    retry_at    timestamptz
);
-- The sweep takes due journeys, never tried first, then by how long they have been due.
CREATE INDEX journey_stale_due_idx ON journey_stale (retry_at NULLS FIRST);

INSERT INTO journey_stale (journey_id, attempts, retry_at)
SELECT id, jes_attempts, jes_retry_at FROM journey WHERE jes_stale;

DROP INDEX journey_stale_idx;
-- An instance of the previous version still running during a rolling update fails to write
-- journeys from here on; its deliveries are retried by touchpoint-service's relay (at least
-- once), so they are assembled by the new instances instead.
ALTER TABLE journey DROP COLUMN jes_stale, DROP COLUMN jes_attempts, DROP COLUMN jes_retry_at;

-- Room on each page for the scored version of the journeys written there: a batch inserts a
-- page's journeys and scores them all right after, so a page keeps half its space for them.
-- Applies to pages written from now on.
ALTER TABLE journey SET (fillfactor = 50);
