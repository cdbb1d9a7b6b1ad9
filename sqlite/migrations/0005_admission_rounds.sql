-- councilkit SQLite schema, version 5: the outcome of a coordinated
-- admissions round (admissions.RoundRecord), kept from the officer's
-- allocation run to the parents' answers.
--
-- One row per intake (id is admissions.RoundID: '2027-7', '2027-R'). The
-- columns are what queries filter or sort on; body holds the places,
-- responses and waiting lists, in SQLite's binary JSON (JSONB, written with
-- jsonb() and read with json()), so that a parent's page picks one place
-- out of ten thousand with json_each without parsing the whole document
-- as text each time. The allocation as it was run
-- (admissions.Result's JSON, megabytes for a county), which does not change
-- after the run, is kept in a table of its own, admission_round_results,
-- so that each parent's response, which rewrites the round's row, does not
-- write it again: SQLite rewrites a row whole. Instants are UTC text to the
-- nanosecond, days YYYY-MM-DD.
CREATE TABLE admission_rounds (
    council      TEXT NOT NULL CHECK (council GLOB '[EWSN][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    id           TEXT NOT NULL CHECK (id <> ''),
    school_year  INTEGER NOT NULL,
    entry_year   INTEGER NOT NULL,
    offer_day    TEXT NOT NULL,
    -- The instant national offer day begins in the UK (midnight,
    -- Europe/London, as UTC text), worked out by the store: SQLite has no
    -- time zones, so the check below compares with it.
    offer_day_starts TEXT NOT NULL,
    run_at       TEXT NOT NULL,
    -- NULL until the offers are published to parents.
    published_at TEXT,
    version      INTEGER NOT NULL CHECK (version >= 1),
    body         BLOB NOT NULL CHECK (json_valid(body, 8)),
    PRIMARY KEY (council, id),
    -- Offers cannot be published before national offer day begins in the
    -- UK: the database's own guarantee of admissions.ErrBeforeOfferDay.
    CONSTRAINT admission_rounds_not_before_offer_day
        CHECK (published_at IS NULL OR published_at >= offer_day_starts)
) STRICT;
CREATE INDEX admission_rounds_by_run ON admission_rounds (council, run_at, id);

-- The allocation's result of a round that has one, and its SHA-256, which
-- an update compares to tell whether the result changed (only a rerun
-- changes it).
CREATE TABLE admission_round_results (
    council TEXT NOT NULL CHECK (council GLOB '[EWSN][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    id      TEXT NOT NULL,
    sha256  BLOB NOT NULL CHECK (length(sha256) = 32),
    result  TEXT NOT NULL CHECK (json_valid(result)),
    PRIMARY KEY (council, id),
    FOREIGN KEY (council, id) REFERENCES admission_rounds (council, id)
) STRICT;
