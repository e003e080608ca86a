-- The touchpoints whose profile a resolution changed, kept with its sighting so that a repeated
-- Resolve (a retry after a failed delivery downstream) tells the receivers about them again.
-- URL-encoded touchpoint ids separated by spaces; empty when it moved nothing.
ALTER TABLE sighting ADD COLUMN moved_touchpoints text NOT NULL DEFAULT '';
