-- councilkit schema, version 6: the domain event log (package events), a
-- transactional outbox.
--
-- Every store writes the events of a change in the same transaction as the
-- change, so the log never holds an event whose change was lost, and no
-- change is stored without its events. Each row holds one CloudEvents
-- event: its data as published (data, kept as json, byte for byte) and the
-- envelope's attributes that vary (id, council, type, subject, time,
-- actor); the other attributes (specversion, source, datacontenttype,
-- dataschema) follow from those, and the envelope is rebuilt from the row
-- when it is read, rather than stored twice over. Events carry no personal
-- data (see package events).
--
-- id has no unique index: events.New takes it from 122 random bits, so
-- that two events sharing one is not a risk worth an index probed at a
-- random place on every write, and pos is the row's key. (Receivers
-- deduplicate by id: a store that recorded the same event twice would
-- have one of them dropped; the stores make every event afresh in the
-- change that records it.)
--
-- pos is the event's position in the log (events.Record.Seq): the writing
-- transaction's ID shifted left 20 bits, plus the event's place (1, 2, ...)
-- among the events its change recorded. Positions are therefore in the
-- order of the writing transactions' IDs, and councilkit.events_since
-- returns only events of transactions older than every transaction still in
-- flight (xid < the snapshot's xmin), all of which have committed or rolled
-- back: a reader that has read up to some position can never later find a
-- committed event below it, however late its transaction commits. (Ordering
-- by a sequence instead would not give this: a transaction can take a
-- lower sequence number than another yet commit after it.) The transaction
-- IDs are 64-bit (xid8): the shift leaves room for 2^43 transactions
-- (27 years at 10,000 a second) of up to 2^20 - 1 events each.
CREATE TABLE councilkit.events (
    pos        bigint PRIMARY KEY CONSTRAINT events_pos_positive CHECK (pos > 0),
    id         uuid NOT NULL,
    council    councilkit.council_code NOT NULL,
    type       text NOT NULL,
    subject    text NOT NULL,
    time       timestamptz NOT NULL,
    actor_kind text NOT NULL,
    actor_id   text NOT NULL,
    data       json NOT NULL,
    xid        xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX events_by_subject ON councilkit.events (council, subject, pos);

-- Row-level security as on every table: a council's transaction reads and
-- appends only its own events, and nobody may change or delete one. The one
-- exception is councilkit.events_since below, which a dispatcher calls to
-- read the whole log in order: it runs as the table's owner (SECURITY
-- DEFINER) with councilkit.reading_log set to 'on', and the read policy
-- lets through every council's rows only when both hold. A role that does
-- not own the table (as the application's role should not: see the package
-- documentation) cannot meet the first, whatever it sets, so it reads other
-- councils' events only through events_since, and their business rows not
-- at all; the owner, which could switch row-level security off anyway,
-- meets it only by setting councilkit.reading_log on purpose.
ALTER TABLE councilkit.events ENABLE ROW LEVEL SECURITY;
ALTER TABLE councilkit.events FORCE ROW LEVEL SECURITY;
CREATE POLICY council_read ON councilkit.events FOR SELECT
    USING (council = councilkit.current_council()
        OR (current_setting('councilkit.reading_log', true) = 'on'
            AND current_user = (SELECT pg_catalog.pg_get_userbyid(c.relowner) FROM pg_catalog.pg_class c
                WHERE c.oid = 'councilkit.events'::regclass)));
CREATE POLICY council_append ON councilkit.events FOR INSERT
    WITH CHECK (council = councilkit.current_council());

-- events_since returns up to lim events (every one for lim <= 0) of every
-- council after position after, in position order, leaving out those of
-- transactions that may still be in flight. It is SECURITY DEFINER, running
-- as the table's owner, and returns only the events, which hold no
-- personal data (every column but xid); it reads no other table.
CREATE FUNCTION councilkit.events_since(after bigint, lim integer)
    RETURNS TABLE (pos bigint, id uuid, council text, type text, subject text,
        "time" timestamptz, actor_kind text, actor_id text, data json)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
    #variable_conflict use_column
    BEGIN
        PERFORM set_config('councilkit.reading_log', 'on', true);
        RETURN QUERY
            SELECT e.pos, e.id, e.council::text, e.type, e.subject, e.time, e.actor_kind, e.actor_id, e.data
            FROM councilkit.events e
            WHERE e.pos > after
              AND e.xid < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY e.pos
            LIMIT CASE WHEN lim > 0 THEN lim END;
        PERFORM set_config('councilkit.reading_log', '', true);
    END
    $$;
REVOKE ALL ON FUNCTION councilkit.events_since(bigint, integer) FROM PUBLIC;

COMMENT ON FUNCTION councilkit.events_since(bigint, integer) IS
    'Every council''s events after position after, of transactions no longer in flight; grant EXECUTE to the application role.';
