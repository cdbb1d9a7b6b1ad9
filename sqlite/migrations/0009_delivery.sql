-- councilkit SQLite schema, version 9: delivery of events to subscribers
-- (issue 17). River (github.com/riverqueue/river, its SQLite driver) runs
-- the deliveries: its tables (river_job and the rest) are created in this
-- same file by River's own migrations, which Migrate runs after
-- councilkit's. They are not council-scoped (a worker works every
-- council's deliveries) and hold no personal data: a job names a
-- subscriber, a council, an event's position, ID and subject.
--
-- One row per event a subscriber has yet to handle, written in the
-- transaction that records the event, beside the River job that delivers
-- it, and deleted once the subscriber's handler has returned nil. It is
-- what keeps deliveries in order per record: a job whose subscriber still
-- has an earlier row for the same council and subject waits for it, and
-- the worker that delivers the earlier event wakes the job named by the
-- next row (job_id, River's river_job.id). A row whose job River gave up
-- on stays, so an undelivered event is never forgotten (DB.Redeliver
-- enqueues it again).
CREATE TABLE deliveries (
    council    TEXT NOT NULL CHECK (council GLOB '[EWSN][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    subscriber TEXT NOT NULL CHECK (subscriber <> ''),
    subject    TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    event_id   TEXT NOT NULL,
    job_id     INTEGER NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (council, subscriber, subject, seq)
) STRICT, WITHOUT ROWID;
