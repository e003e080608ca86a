-- GetPipelineStats in O(touchpoints not yet done) instead of O(all touchpoints ever).
--
-- A touchpoint that is through the pipeline is "counted": the relay statement that marks it
-- done sets counted and, in the same statement, adds it to its tenant's pipeline_count. The
-- stats are then the sum of the tenant's pipeline_count rows plus the same counts over the
-- tenant's rows that are not counted (pending, quarantined, and done rows that an older
-- version marked done without counting them), which the partial index below finds without
-- reading the counted ones. A counted row is never uncounted; a counted row always has
-- resolved_at, assembled_at and done_at (none is ever cleared).
--
-- PostgreSQL 11+ adds a column with a constant default without rewriting the table.
ALTER TABLE touchpoint ADD COLUMN counted boolean NOT NULL DEFAULT false;

-- Lifetime counts of a tenant's counted touchpoints, spread over a few slots (a transaction
-- adds to a slot picked at random), so concurrent deliveries of one tenant do not all wait
-- for one row. A slot may go negative after erasures; only the tenant's sum means anything.
CREATE TABLE pipeline_count (
    tenant_id  text     NOT NULL,
    slot       smallint NOT NULL,
    accepted   bigint   NOT NULL,
    resolved   bigint   NOT NULL,
    assembled  bigint   NOT NULL,
    scored     bigint   NOT NULL,
    PRIMARY KEY (tenant_id, slot)
);

-- Touchpoints already through: counted now, into slot 0. Only rows with every step recorded
-- (done rows are resolved and assembled), so that nothing a counted row holds can change.
UPDATE touchpoint SET counted = true
WHERE done_at IS NOT NULL AND resolved_at IS NOT NULL AND assembled_at IS NOT NULL;
INSERT INTO pipeline_count (tenant_id, slot, accepted, resolved, assembled, scored)
SELECT tenant_id, 0, count(*), count(resolved_at), count(assembled_at), count(scored_at)
FROM touchpoint WHERE counted GROUP BY tenant_id;

-- The tenant's rows that are not counted, for GetPipelineStats.
CREATE INDEX touchpoint_not_counted_idx ON touchpoint (tenant_id) WHERE NOT counted;
-- Counted rows that are quarantined all the same, for GetPipelineStats' quarantined count: a
-- delivery still in flight when another one finished its touchpoint (an expired lease) can
-- quarantine a done row, or finish a quarantined one. Next to none, so this index stays tiny
-- (and the planner takes it over any index of all the tenant's rows, statistics or not).
CREATE INDEX touchpoint_counted_quarantined_idx ON touchpoint (tenant_id) WHERE counted AND quarantined_at IS NOT NULL;

-- Any delete of counted touchpoints (erasure, an older instance's erasure during a rolling
-- update, an operator's delete) takes them out of pipeline_count in its own transaction: one
-- upsert per statement and tenant, from the statement's deleted rows.
CREATE FUNCTION pipeline_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pipeline_count (tenant_id, slot, accepted, resolved, assembled, scored)
    SELECT tenant_id, CAST(floor(random() * 8) AS smallint), -count(*), -count(resolved_at),
           -count(assembled_at), -count(scored_at)
    FROM deleted WHERE counted GROUP BY tenant_id
    ON CONFLICT (tenant_id, slot) DO UPDATE SET accepted = pipeline_count.accepted + EXCLUDED.accepted,
        resolved = pipeline_count.resolved + EXCLUDED.resolved,
        assembled = pipeline_count.assembled + EXCLUDED.assembled,
        scored = pipeline_count.scored + EXCLUDED.scored;
    RETURN NULL;
END
$$;
CREATE TRIGGER touchpoint_deleted_uncount AFTER DELETE ON touchpoint
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION pipeline_count_deleted();
