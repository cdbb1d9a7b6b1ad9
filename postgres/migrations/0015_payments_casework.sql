-- councilkit schema, version 15: officers' casework on payments and school
-- applications (issue 19): lists they search, filter, sort and page
-- through, and the audit of every refund.
--
-- A refund records why it was made, in the officer's words, and who asked
-- for it (the actor of the request: an officer by their officer ID). The
-- reason is free text that may name a resident: it is kept here, with the
-- refund, and never copied into councilkit.events. Refunds stored before
-- this version have neither ('').
ALTER TABLE councilkit.payment_refunds
    ADD COLUMN reason            text NOT NULL DEFAULT '',
    ADD COLUMN requested_by_kind text NOT NULL DEFAULT '',
    ADD COLUMN requested_by_id   text NOT NULL DEFAULT '';

-- A payment by the council's own reference (an account or penalty
-- number), which an officer looks up exactly.
CREATE INDEX payments_by_reference ON councilkit.payments (council, reference);
-- Lists by amount, largest or smallest first, paged by keyset on
-- (amount_pence, created_at, id); newest and oldest first use
-- payments_by_created (council, created_at, id), read either way.
-- Free-text search (Filter.Query) is a LIKE over a council's payments,
-- narrowed first by the other filters: a trigram index (pg_trgm) would
-- need an extension that not every council's database may install.
CREATE INDEX payments_by_amount ON councilkit.payments (council, amount_pence, created_at, id);

-- Applications by the date received, the order of an officer's list,
-- paged by keyset on (received, id).
CREATE INDEX admissions_applications_by_received ON councilkit.admissions_applications (council, received, id);
