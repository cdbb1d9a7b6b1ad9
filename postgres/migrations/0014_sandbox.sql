-- councilkit schema, version 14: the sandbox payment provider's own
-- payments (package payments/sandbox, Store), kept here so that every
-- instance of an application sharing the database sees them: a resident
-- sent to the sandbox's payment page by one instance can pay on another,
-- or after a restart. They stand in for what GOV.UK Pay's servers hold
-- for a council's account, and are kept apart by council as an account's
-- are.
--
-- The provider ID, idempotency key and creation time are columns; the
-- rest (the request, status, card and refunds) is the payment's JSON
-- document. A request's reference, description and metadata may be
-- personal data, as in councilkit.payments.
CREATE TABLE councilkit.sandbox_payments (
    council         councilkit.council_code NOT NULL,
    id              text NOT NULL CHECK (id <> ''),
    -- NULL when the payment was created without one.
    idempotency_key text CHECK (idempotency_key <> ''),
    created_at      timestamptz NOT NULL,
    version         bigint NOT NULL CHECK (version >= 1),
    body            json NOT NULL,
    PRIMARY KEY (council, id)
);
CREATE UNIQUE INDEX sandbox_payments_by_key ON councilkit.sandbox_payments (council, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- The last number given for each council's provider IDs
-- (Store.NextSequence).
CREATE TABLE councilkit.sandbox_sequences (
    council councilkit.council_code PRIMARY KEY,
    last    bigint NOT NULL CHECK (last >= 1)
);

ALTER TABLE councilkit.sandbox_payments ENABLE ROW LEVEL SECURITY;
ALTER TABLE councilkit.sandbox_payments FORCE ROW LEVEL SECURITY;
CREATE POLICY council_isolation ON councilkit.sandbox_payments
    USING (council = councilkit.current_council())
    WITH CHECK (council = councilkit.current_council());

ALTER TABLE councilkit.sandbox_sequences ENABLE ROW LEVEL SECURITY;
ALTER TABLE councilkit.sandbox_sequences FORCE ROW LEVEL SECURITY;
CREATE POLICY council_isolation ON councilkit.sandbox_sequences
    USING (council = councilkit.current_council())
    WITH CHECK (council = councilkit.current_council());
