-- The agent timeline lists a profile's open journeys on every page. Among a long history
-- most journeys are closed, and journey_profile_list_idx (V3) would read them all to find
-- the few open ones; this partial index holds the open ones only, in the list's order.
CREATE INDEX journey_profile_open_idx ON journey (tenant_id, profile_id, last_activity_at DESC, id)
    WHERE status = 'open';
