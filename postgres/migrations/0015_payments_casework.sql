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
CREATE INDEX payments_by_amount ON councilkit.payments (council, amount_pence, created_at, id);

-- Free-text search (payments.Filter.Query) ignores the case of the letters
-- A to Z and of no others, whatever the database's locale, so that every
-- store finds the same payments: it is a LIKE over these copies of the
-- reference and description with A-Z in lower case, kept by the database.
-- (translate() on every row of a search is ten times slower than LIKE
-- itself; lower() and ILIKE fold other letters too, by the locale.) The
-- search reads a council's payments narrowed first by the other filters;
-- a trigram index (pg_trgm) on these columns would make it faster still,
-- where a council's database may install that extension.
ALTER TABLE councilkit.payments
    ADD COLUMN reference_folded text NOT NULL
        GENERATED ALWAYS AS (translate(reference, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')) STORED,
    ADD COLUMN description_folded text NOT NULL
        GENERATED ALWAYS AS (translate(description, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')) STORED;

-- Applications by the date received, the order of an officer's list,
-- paged by keyset on (received, id); and the ID with A-Z in lower case,
-- for admissions.Filter.Query, as for payments.
CREATE INDEX admissions_applications_by_received ON councilkit.admissions_applications (council, received, id);
ALTER TABLE councilkit.admissions_applications
    ADD COLUMN id_folded text NOT NULL
        GENERATED ALWAYS AS (translate(id, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')) STORED;
