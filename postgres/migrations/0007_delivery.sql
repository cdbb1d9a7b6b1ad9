-- councilkit schema, version 7: delivery of events to subscribers (issue
-- 17). River (github.com/riverqueue/river) runs the deliveries: its tables
-- (river_job and the rest) are created in schema councilkit_river by
-- River's own migrations, which Migrate runs after councilkit's. They are
-- kept out of this schema because they are not council-scoped: a worker
-- works every council's deliveries. They hold no personal data: a job
-- names a subscriber, a council, an event's position, ID and subject.
--
-- One row per event a subscriber has yet to handle, written in the
-- transaction that records the event, beside the River job that delivers
-- it, and deleted once the subscriber's handler has returned nil. It is
-- what keeps deliveries in order per record: a job whose subscriber still
-- has an earlier row for the same council and subject waits for it, and
-- the worker that delivers the earlier event wakes the job named by the
-- next row (job_id, River's river_job.id). A row whose job River gave up on
-- stays, so an undelivered event is never forgotten (DB.Redeliver enqueues
-- it again).
CREATE TABLE councilkit.deliveries (
    subscriber text NOT NULL,
    council    councilkit.council_code NOT NULL,
    subject    text NOT NULL,
    seq        bigint NOT NULL,
    event_id   uuid NOT NULL,
    job_id     bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subscriber, council, subject, seq)
);
-- The primary key is the only index: every query names the subscriber,
-- council and subject (a second index led by seq tempted the planner into
-- scanning a whole backlog for "an earlier event of this record").

ALTER TABLE councilkit.deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE councilkit.deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY council_isolation ON councilkit.deliveries
    USING (council = councilkit.current_council())
    WITH CHECK (council = councilkit.current_council());
