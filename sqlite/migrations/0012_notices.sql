-- councilkit SQLite schema, version 12: the outcome of every message sent
-- to a resident about an event (package notify/notices, Ledger), so that
-- an event delivered again, to this process or another sharing the file,
-- or after a restart, does not send a message twice. The same table as
-- PostgreSQL's migration 12.
--
-- No personal data: a message is kept by its council, event ID and channel,
-- with its kind, state, Notify's notification ID and Notify's reason for a
-- failure, which describe the request, never the recipient. The address or
-- number a message went to is not stored.
CREATE TABLE notice_outcomes (
    council         TEXT NOT NULL CHECK (council GLOB '[EWSN][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    event_id        TEXT NOT NULL CHECK (event_id <> ''),
    channel         TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    kind            TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'skipped')),
    notification_id TEXT NOT NULL,
    reason          TEXT NOT NULL,
    detail          TEXT NOT NULL,
    at              TEXT NOT NULL,
    -- When the message was first recorded, for listing in that order.
    first_at        TEXT NOT NULL,
    PRIMARY KEY (council, event_id, channel)
) STRICT, WITHOUT ROWID;
-- An officer's list of the messages that failed, oldest first.
CREATE INDEX notice_outcomes_by_state ON notice_outcomes (council, state, first_at, event_id, channel);
