-- The W3C trace context (traceparent) of the capture that wrote each outbox row, so that the
-- relay's delivery continues the trace of the request that brought the touchpoint in. Rows
-- written before this column existed, or with tracing off, have none and start a new trace.
ALTER TABLE outbox ADD COLUMN traceparent text;

-- The quarantined-touchpoints gauge counts these rows on a timer; quarantined rows are few.
CREATE INDEX touchpoint_quarantined_idx ON touchpoint (quarantined_at) WHERE quarantined_at IS NOT NULL;
