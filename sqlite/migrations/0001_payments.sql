-- councilkit SQLite schema, version 1: payments (package payments).
--
-- Every table's first column is the council's GSS code (a country letter
-- and eight digits) and every key starts with it. There is no row-level
-- security in SQLite: the stores name the council in every statement, and
-- the package's tests refuse a statement that does not.
--
-- Tables are STRICT, so a value of the wrong type is refused rather than
-- stored. Money is INTEGER pence; instants are TEXT in UTC with nine
-- fractional digits (2026-04-01T09:00:00.000000000Z), which sorts in time
-- order and keeps Go's nanoseconds; booleans are INTEGER 0 or 1.
-- Metadata is the only JSON column: carried for reconciliation, never
-- filtered on.

CREATE TABLE payments (
    council             TEXT NOT NULL CHECK (council GLOB '[EWSN][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    id                  TEXT NOT NULL CHECK (id <> ''),
    reference           TEXT NOT NULL,
    description         TEXT NOT NULL,
    amount_pence        INTEGER NOT NULL CONSTRAINT payments_amount_positive CHECK (amount_pence >= 1),
    return_url          TEXT NOT NULL,
    language            TEXT NOT NULL,
    metadata            TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
    fund_code           TEXT NOT NULL,
    delayed_capture     INTEGER NOT NULL CHECK (delayed_capture IN (0, 1)),
    -- NULL when the payment was created without a key.
    idempotency_key     TEXT,
    request_fingerprint TEXT NOT NULL,
    provider            TEXT NOT NULL,
    -- NULL until the provider has accepted the payment.
    provider_id         TEXT,
    next_url            TEXT NOT NULL,
    status              TEXT NOT NULL,
    failure_code        TEXT NOT NULL,
    captured_at         TEXT,
    settled_at          TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    -- Total of refunds submitted or made, kept by the store in the same
    -- transaction as the refunds themselves: the database's own guarantee
    -- that no payment is ever refunded more than was paid.
    refunded_pence      INTEGER NOT NULL DEFAULT 0,
    version             INTEGER NOT NULL CHECK (version >= 1),
    PRIMARY KEY (council, id),
    CONSTRAINT payments_refunds_within_amount CHECK (refunded_pence >= 0 AND refunded_pence <= amount_pence)
) STRICT;
-- Partial unique indexes: payments without a key or not yet at the
-- provider are not indexed at all.
CREATE UNIQUE INDEX payments_idempotency_key ON payments (council, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE UNIQUE INDEX payments_provider_id ON payments (council, provider, provider_id)
    WHERE provider_id IS NOT NULL;
CREATE INDEX payments_by_created ON payments (council, created_at, id);
CREATE INDEX payments_by_captured ON payments (council, captured_at) WHERE captured_at IS NOT NULL;

-- The history of each payment, appended in the same transaction as the
-- change it records. Triggers refuse any UPDATE or DELETE: append-only.
CREATE TABLE payment_events (
    council TEXT NOT NULL CHECK (council GLOB '[EWSN][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    payment_id  TEXT NOT NULL,
    seq         INTEGER NOT NULL CHECK (seq >= 0),
    at          TEXT,
    kind        TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT,
    source      TEXT NOT NULL,
    detail      TEXT NOT NULL,
    PRIMARY KEY (council, payment_id, seq),
    FOREIGN KEY (council, payment_id) REFERENCES payments (council, id)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER payment_events_no_update BEFORE UPDATE ON payment_events
BEGIN
    SELECT RAISE(ABORT, 'payment_events is append-only');
END;
CREATE TRIGGER payment_events_no_delete BEFORE DELETE ON payment_events
BEGIN
    SELECT RAISE(ABORT, 'payment_events is append-only');
END;

CREATE TABLE payment_refunds (
    council TEXT NOT NULL CHECK (council GLOB '[EWSN][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    id                     TEXT NOT NULL CHECK (id <> ''),
    payment_id             TEXT NOT NULL,
    seq                    INTEGER NOT NULL CHECK (seq >= 0),
    provider_id            TEXT NOT NULL,
    amount_pence           INTEGER NOT NULL CHECK (amount_pence >= 1),
    status                 TEXT NOT NULL,
    idempotency_key        TEXT NOT NULL,
    available_before_pence INTEGER NOT NULL,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    PRIMARY KEY (council, id),
    UNIQUE (council, payment_id, seq),
    FOREIGN KEY (council, payment_id) REFERENCES payments (council, id)
) STRICT, WITHOUT ROWID;
-- A refund's idempotency key is unique per payment (refunds made without
-- a key, '', are not indexed).
CREATE UNIQUE INDEX payment_refunds_idempotency_key ON payment_refunds (council, payment_id, idempotency_key)
    WHERE idempotency_key <> '';

-- Webhook message IDs already processed, so that replays are ignored.
CREATE TABLE payment_webhooks (
    council TEXT NOT NULL CHECK (council GLOB '[EWSN][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    message_id TEXT NOT NULL,
    PRIMARY KEY (council, message_id)
) STRICT, WITHOUT ROWID;
