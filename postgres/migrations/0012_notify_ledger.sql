-- councilkit schema, version 12: the outcome of every message sent to a
-- resident about an event (package notify/notices, Ledger), so that an
-- event delivered again, to this instance or another, or after a restart,
-- does not send a message twice.
--
-- No personal data: a message is kept by its council, event ID and channel,
-- with its kind, state, Notify's notification ID and Notify's reason for a
-- failure, which describe the request, never the recipient. The address or
-- number a message went to is not stored.
CREATE TABLE councilkit.notice_outcomes (
    council         councilkit.council_code NOT NULL,
    event_id        text NOT NULL CHECK (event_id <> ''),
    channel         text NOT NULL CHECK (channel IN ('email', 'sms')),
    kind            text NOT NULL,
    state           text NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'skipped')),
    notification_id text NOT NULL,
    reason          text NOT NULL,
    detail          text NOT NULL,
    at              timestamptz NOT NULL,
    -- When the message was first recorded, for listing in that order.
    first_at        timestamptz NOT NULL,
    PRIMARY KEY (council, event_id, channel)
);
-- An officer's list of the messages that failed, oldest first.
CREATE INDEX notice_outcomes_by_state ON councilkit.notice_outcomes (council, state, first_at, event_id, channel);

ALTER TABLE councilkit.notice_outcomes ENABLE ROW LEVEL SECURITY;
ALTER TABLE councilkit.notice_outcomes FORCE ROW LEVEL SECURITY;
CREATE POLICY council_isolation ON councilkit.notice_outcomes
    USING (council = councilkit.current_council())
    WITH CHECK (council = councilkit.current_council());
