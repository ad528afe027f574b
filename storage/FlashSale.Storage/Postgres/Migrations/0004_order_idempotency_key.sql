-- The drop's orders live in this table (its state blob keeps only counters), so the client's grab
-- idempotency key is stored with each order: a drop rebuilds its retry index from its rows on
-- activation. The (drop_id, state) index from 0003 serves the "orders of a drop" read.
ALTER TABLE orders ADD COLUMN idempotency_key text;
