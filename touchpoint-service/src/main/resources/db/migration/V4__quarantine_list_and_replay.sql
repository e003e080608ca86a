-- Delivery attempts made before the quarantine (the outbox row that counted them is deleted
-- when the touchpoint is quarantined). NULL for rows quarantined before this column existed.
ALTER TABLE touchpoint ADD COLUMN quarantine_attempts integer;

-- ListQuarantined pages through a tenant's quarantined touchpoints, newest quarantine first.
CREATE INDEX touchpoint_quarantine_list_idx ON touchpoint (tenant_id, quarantined_at DESC, uid DESC)
    WHERE quarantined_at IS NOT NULL;
