-- councilkit SQLite schema, version 8: back-office webhook endpoints and
-- the record of deliveries to them (package webhooks).
--
-- Secrets are kept as given ("whsec_" + base64), one or two per endpoint
-- (two while a secret is rotated), as a JSON array of text: the sender
-- needs them to sign. Keep this file's backups as safe as the
-- application's own secrets. Event types are a JSON array of text too.
CREATE TABLE webhook_endpoints (
    council     TEXT NOT NULL CHECK (council GLOB '[EWSN][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    id          TEXT NOT NULL CHECK (id <> ''),
    url         TEXT NOT NULL CHECK (url <> ''),
    types       TEXT NOT NULL CHECK (json_valid(types) AND json_array_length(types) >= 1),
    secrets     TEXT NOT NULL CHECK (json_valid(secrets) AND json_array_length(secrets) BETWEEN 1 AND 2),
    description TEXT NOT NULL,
    disabled    INTEGER NOT NULL CHECK (disabled IN (0, 1)),
    created_at  TEXT,
    version     INTEGER NOT NULL CHECK (version >= 1),
    PRIMARY KEY (council, id)
) STRICT;
CREATE INDEX webhook_endpoints_by_created ON webhook_endpoints (council, created_at, id);

-- One row per (endpoint, event): its state and its attempts, as JSON (at
-- most webhooks.MaxAttemptsKept of them). Deliveries outlive a deleted
-- endpoint, as the record of what was sent. body is the event's JSON
-- exactly as sent (a BLOB, byte for byte), so a replay sends the same
-- bytes.
CREATE TABLE webhook_deliveries (
    council       TEXT NOT NULL CHECK (council GLOB '[EWSN][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    id            TEXT NOT NULL CHECK (id <> ''),
    endpoint_id   TEXT NOT NULL CHECK (endpoint_id <> ''),
    event_id      TEXT NOT NULL CHECK (event_id <> ''),
    event_type    TEXT NOT NULL,
    body          BLOB NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts      TEXT NOT NULL CHECK (json_valid(attempts)),
    first_attempt TEXT,
    last_attempt  TEXT,
    version       INTEGER NOT NULL CHECK (version >= 1),
    PRIMARY KEY (council, id),
    CONSTRAINT webhook_deliveries_once UNIQUE (council, endpoint_id, event_id)
) STRICT;
-- The officer's page: newest first, by state and by endpoint.
CREATE INDEX webhook_deliveries_by_first_attempt ON webhook_deliveries (council, first_attempt DESC, id DESC);
CREATE INDEX webhook_deliveries_by_state ON webhook_deliveries (council, state, first_attempt DESC, id DESC);
