-- PLACEHOLDER for helper rec's migration 0006 (issue 17): the coordinator
-- replaces this file with rec's at merge. It is here only because the
-- migration list may not have gaps and 0007 (delivery) is tested against
-- the events table; it follows the contract agreed for 0006: columns seq,
-- id, council, type, subject, time, actor, envelope (the whole CloudEvents
-- JSON) and xid, with row-level security forced by council.
CREATE TABLE councilkit.events (
    seq      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id       uuid NOT NULL,
    council  councilkit.council_code NOT NULL,
    type     text NOT NULL,
    subject  text NOT NULL,
    time     timestamptz NOT NULL,
    actor    text NOT NULL,
    envelope jsonb NOT NULL,
    xid      xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX events_by_subject ON councilkit.events (council, subject, seq);

ALTER TABLE councilkit.events ENABLE ROW LEVEL SECURITY;
ALTER TABLE councilkit.events FORCE ROW LEVEL SECURITY;
CREATE POLICY council_read ON councilkit.events FOR SELECT
    USING (council = councilkit.current_council());
CREATE POLICY council_append ON councilkit.events FOR INSERT
    WITH CHECK (council = councilkit.current_council());
