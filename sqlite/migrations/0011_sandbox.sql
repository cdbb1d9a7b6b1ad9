-- councilkit SQLite schema, version 11: the sandbox payment provider's own
-- payments (package payments/sandbox, Store), kept in the file so that a
-- resident sent to the sandbox's payment page before a restart, or by
-- another process sharing the file, can still pay. They stand in for what
-- GOV.UK Pay's servers hold for a council's account, and are kept apart
-- by council as an account's are. The same tables as PostgreSQL's
-- migration 14.
--
-- The provider ID, idempotency key and creation time are columns; the
-- rest (the request, status, card and refunds) is the payment's JSON
-- document. A request's reference, description and metadata may be
-- personal data, as in payments.
CREATE TABLE sandbox_payments (
    council         TEXT NOT NULL CHECK (council GLOB '[EWSN][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    id              TEXT NOT NULL CHECK (id <> ''),
    -- NULL when the payment was created without one.
    idempotency_key TEXT CHECK (idempotency_key <> ''),
    created_at      TEXT NOT NULL,
    version         INTEGER NOT NULL CHECK (version >= 1),
    body            TEXT NOT NULL CHECK (json_valid(body)),
    PRIMARY KEY (council, id)
) STRICT;
CREATE UNIQUE INDEX sandbox_payments_by_key ON sandbox_payments (council, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- The last number given for each council's provider IDs
-- (Store.NextSequence).
CREATE TABLE sandbox_sequences (
    council TEXT NOT NULL PRIMARY KEY CHECK (council GLOB '[EWSN][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    last    INTEGER NOT NULL CHECK (last >= 1)
) STRICT, WITHOUT ROWID;
