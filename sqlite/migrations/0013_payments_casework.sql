-- councilkit SQLite schema, version 13: officers' casework on payments
-- and school applications (issue 19): lists they search, filter, sort and
-- page through, and the audit of every refund.
--
-- A refund records why it was made, in the officer's words, and who asked
-- for it (the actor of the request: an officer by their officer ID). The
-- reason is free text that may name a resident: it is kept here, with the
-- refund, and never copied into the events table. Refunds stored before
-- this version have neither ('').
ALTER TABLE payment_refunds ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE payment_refunds ADD COLUMN requested_by_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE payment_refunds ADD COLUMN requested_by_id TEXT NOT NULL DEFAULT '';

-- A payment by the council's own reference, which an officer looks up
-- exactly.
CREATE INDEX payments_by_reference ON payments (council, reference);
-- Lists by amount, paged by keyset on (amount_pence, created_at, id);
-- newest and oldest first use payments_by_created, read either way.
-- Applications are listed by admissions_applications_by_received (version
-- 3). Free-text search is a LIKE over a council's rows, narrowed first by
-- the other filters.
CREATE INDEX payments_by_amount ON payments (council, amount_pence, created_at, id);
