-- councilkit schema, version 8: back-office webhook endpoints and the
-- record of deliveries to them (package webhooks).
--
-- Secrets are kept as given ("whsec_" + base64), one or two per endpoint
-- (two while a secret is rotated): the sender needs them to sign. Keep this
-- table's backups as safe as the application's own secrets.
CREATE TABLE councilkit.webhook_endpoints (
    council     councilkit.council_code NOT NULL,
    id          text NOT NULL CHECK (id <> ''),
    url         text NOT NULL CHECK (url <> ''),
    types       text[] NOT NULL CHECK (cardinality(types) >= 1),
    secrets     text[] NOT NULL CHECK (cardinality(secrets) BETWEEN 1 AND 2),
    description text NOT NULL,
    disabled    boolean NOT NULL,
    created_at  timestamptz,
    version     bigint NOT NULL CHECK (version >= 1),
    PRIMARY KEY (council, id)
);
CREATE INDEX webhook_endpoints_by_created ON councilkit.webhook_endpoints (council, created_at, id);

-- One row per (endpoint, event): its state and its attempts, as JSON (at
-- most webhooks.MaxAttemptsKept of them). Deliveries outlive a deleted
-- endpoint, as the record of what was sent. body is the event's JSON
-- exactly as sent, so a replay sends the same bytes.
CREATE TABLE councilkit.webhook_deliveries (
    council       councilkit.council_code NOT NULL,
    id            text NOT NULL CHECK (id <> ''),
    endpoint_id   text NOT NULL CHECK (endpoint_id <> ''),
    event_id      text NOT NULL CHECK (event_id <> ''),
    event_type    text NOT NULL,
    body          bytea NOT NULL,
    state         text NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts      jsonb NOT NULL,
    first_attempt timestamptz,
    last_attempt  timestamptz,
    version       bigint NOT NULL CHECK (version >= 1),
    PRIMARY KEY (council, id),
    CONSTRAINT webhook_deliveries_once UNIQUE (council, endpoint_id, event_id)
);
-- The officer's page: newest first, by state and by endpoint.
CREATE INDEX webhook_deliveries_by_first_attempt ON councilkit.webhook_deliveries (council, first_attempt DESC, id DESC);
CREATE INDEX webhook_deliveries_by_state ON councilkit.webhook_deliveries (council, state, first_attempt DESC, id DESC);

ALTER TABLE councilkit.webhook_endpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE councilkit.webhook_endpoints FORCE ROW LEVEL SECURITY;
CREATE POLICY council_isolation ON councilkit.webhook_endpoints
    USING (council = councilkit.current_council())
    WITH CHECK (council = councilkit.current_council());

ALTER TABLE councilkit.webhook_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE councilkit.webhook_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY council_isolation ON councilkit.webhook_deliveries
    USING (council = councilkit.current_council())
    WITH CHECK (council = councilkit.current_council());
