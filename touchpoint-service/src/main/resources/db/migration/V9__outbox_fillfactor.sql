-- The relay leases an outbox row (leased_until, no indexed column) shortly after capture inserted it.
-- In pages filled to the brim by those inserts the new row version finds no room, so every lease was
-- a non-HOT update with an entry in each index (84 % of them in the pipeline benchmark). Pages filled
-- to half leave room for the lease on the same page: a HOT update, no index entry. Rows stay for
-- seconds, so the extra space costs little. Applies to pages written from now on.
ALTER TABLE outbox SET (fillfactor = 50);
