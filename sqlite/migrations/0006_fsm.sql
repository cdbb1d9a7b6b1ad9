-- councilkit SQLite schema, version 6: free school meals records (package
-- admissions/fsm).
--
-- A record is a free school meals application and the decision made on it.
-- The day received and the decision's review date (YYYY-MM-DD) are
-- columns, for filtering and ordering; the rest (the application, with the
-- parent's and child's names, dates of birth and National Insurance or
-- NASS numbers, and the decision with every rule tried) is the record's
-- JSON document. Personal data is in body only: never in a column an index
-- or a constraint error might show.
CREATE TABLE fsm_records (
    council   TEXT NOT NULL CHECK (council GLOB '[EWSN][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    id        TEXT NOT NULL CHECK (id <> ''),
    received  TEXT,
    decided   INTEGER NOT NULL CHECK (decided IN (0, 1)),
    review_on TEXT,
    version   INTEGER NOT NULL CHECK (version >= 1),
    body      TEXT NOT NULL CHECK (json_valid(body)),
    PRIMARY KEY (council, id)
) STRICT;
CREATE INDEX fsm_records_by_received ON fsm_records (council, received, id);
CREATE INDEX fsm_records_by_review ON fsm_records (council, review_on) WHERE review_on IS NOT NULL;
