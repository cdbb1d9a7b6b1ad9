-- councilkit schema, version 2: payments (package payments).
--
-- Money is bigint pence; instants are timestamptz; statuses, failure codes
-- and identifiers are their canonical strings. Metadata is the only JSON
-- column: it is carried for reconciliation and never filtered on.

CREATE TABLE councilkit.payments (
    council             councilkit.council_code NOT NULL,
    id                  uuid NOT NULL,
    reference           text NOT NULL,
    description         text NOT NULL,
    amount_pence        bigint NOT NULL CONSTRAINT payments_amount_positive CHECK (amount_pence >= 1),
    return_url          text NOT NULL,
    language            text NOT NULL,
    metadata            jsonb,
    fund_code           text NOT NULL,
    delayed_capture     boolean NOT NULL,
    -- NULL when the payment was created without a key.
    idempotency_key     text,
    request_fingerprint text NOT NULL,
    provider            text NOT NULL,
    -- NULL until the provider has accepted the payment.
    provider_id         text,
    next_url            text NOT NULL,
    status              text NOT NULL,
    failure_code        text NOT NULL,
    captured_at         timestamptz,
    settled_at          timestamptz,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    -- Total of refunds submitted or made, kept by the store in the same
    -- transaction as the refunds themselves. The check is the database's
    -- own guarantee that no payment is ever refunded more than was paid.
    refunded_pence      bigint NOT NULL DEFAULT 0,
    version             bigint NOT NULL,
    PRIMARY KEY (council, id),
    CONSTRAINT payments_refunds_within_amount CHECK (refunded_pence >= 0 AND refunded_pence <= amount_pence)
);
-- Partial unique indexes: payments without a key or not yet at the
-- provider are not indexed at all, rather than piling up as NULL entries.
CREATE UNIQUE INDEX payments_idempotency_key ON councilkit.payments (council, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE UNIQUE INDEX payments_provider_id ON councilkit.payments (council, provider, provider_id)
    WHERE provider_id IS NOT NULL;
CREATE INDEX payments_by_created ON councilkit.payments (council, created_at, id);
CREATE INDEX payments_by_captured ON councilkit.payments (council, captured_at) WHERE captured_at IS NOT NULL;
CREATE INDEX payments_by_status ON councilkit.payments (council, status, created_at);

-- The history of each payment, appended in the same transaction as the
-- change it records. There are no UPDATE or DELETE policies: under row-level
-- security the application role can only add to it.
CREATE TABLE councilkit.payment_events (
    council     councilkit.council_code NOT NULL,
    payment_id  uuid NOT NULL,
    seq         integer NOT NULL CHECK (seq >= 0),
    at          timestamptz,
    kind        text NOT NULL,
    from_status text,
    to_status   text,
    source      text NOT NULL,
    detail      text NOT NULL,
    PRIMARY KEY (council, payment_id, seq),
    FOREIGN KEY (council, payment_id) REFERENCES councilkit.payments (council, id)
);

CREATE TABLE councilkit.payment_refunds (
    council                councilkit.council_code NOT NULL,
    id                     uuid NOT NULL,
    payment_id             uuid NOT NULL,
    seq                    integer NOT NULL CHECK (seq >= 0),
    provider_id            text NOT NULL,
    amount_pence           bigint NOT NULL CHECK (amount_pence >= 1),
    status                 text NOT NULL,
    idempotency_key        text NOT NULL,
    available_before_pence bigint NOT NULL,
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    PRIMARY KEY (council, id),
    UNIQUE (council, payment_id, seq),
    FOREIGN KEY (council, payment_id) REFERENCES councilkit.payments (council, id)
);

-- Webhook message IDs already processed, so that replays are ignored.
CREATE TABLE councilkit.payment_webhooks (
    council    councilkit.council_code NOT NULL,
    message_id text NOT NULL,
    seen_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (council, message_id)
);

ALTER TABLE councilkit.payments ENABLE ROW LEVEL SECURITY;
ALTER TABLE councilkit.payments FORCE ROW LEVEL SECURITY;
CREATE POLICY council_isolation ON councilkit.payments
    USING (council = councilkit.current_council())
    WITH CHECK (council = councilkit.current_council());

ALTER TABLE councilkit.payment_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE councilkit.payment_events FORCE ROW LEVEL SECURITY;
CREATE POLICY council_read ON councilkit.payment_events FOR SELECT
    USING (council = councilkit.current_council());
CREATE POLICY council_append ON councilkit.payment_events FOR INSERT
    WITH CHECK (council = councilkit.current_council());

ALTER TABLE councilkit.payment_refunds ENABLE ROW LEVEL SECURITY;
ALTER TABLE councilkit.payment_refunds FORCE ROW LEVEL SECURITY;
CREATE POLICY council_isolation ON councilkit.payment_refunds
    USING (council = councilkit.current_council())
    WITH CHECK (council = councilkit.current_council());

ALTER TABLE councilkit.payment_webhooks ENABLE ROW LEVEL SECURITY;
ALTER TABLE councilkit.payment_webhooks FORCE ROW LEVEL SECURITY;
CREATE POLICY council_isolation ON councilkit.payment_webhooks
    USING (council = councilkit.current_council())
    WITH CHECK (council = councilkit.current_council());
