-- councilkit SQLite schema, version 4: the domain event log (package
-- events), a transactional outbox.
--
-- Every store writes the events of a change in the same write transaction
-- as the change, so the log never holds an event whose change was lost,
-- and no change is stored without its events. Each row holds the whole
-- CloudEvents envelope as published (envelope, JSON text, exactly the
-- bytes that were recorded); the other columns are for looking events up.
-- Events carry no personal data (see package events).
--
-- seq is the event's position in the log (events.Record.Seq). SQLite makes
-- one write at a time on a file (the stores take the write lock at BEGIN),
-- so positions are handed out in the order the writing transactions
-- commit: a reader that has read up to some position can never later find
-- a committed event below it. AUTOINCREMENT keeps a position from being
-- handed out twice even if the last rows were ever deleted.
--
-- This is the one table whose key is not the council: the log's order runs
-- across councils, for the dispatcher that reads it whole. The council is
-- still its first column and begins its other keys, every statement on it
-- names the council except the dispatcher's read (EventLog.Since), and
-- that read returns only envelopes.
CREATE TABLE events (
    council    TEXT NOT NULL CHECK (council GLOB '[EWSN][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT NOT NULL CHECK (id <> ''),
    type       TEXT NOT NULL CHECK (type <> ''),
    subject    TEXT NOT NULL CHECK (subject <> ''),
    time       TEXT NOT NULL,
    actor_kind TEXT NOT NULL CHECK (actor_kind <> ''),
    actor_id   TEXT NOT NULL,
    envelope   TEXT NOT NULL CHECK (json_valid(envelope)),
    UNIQUE (council, id)
) STRICT;
CREATE INDEX events_by_subject ON events (council, subject, seq);

-- Recorded events are never changed or removed.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events is append-only');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events is append-only');
END;
