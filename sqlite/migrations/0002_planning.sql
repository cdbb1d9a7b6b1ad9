-- councilkit SQLite schema, version 2: planning applications (package
-- planning).
--
-- The columns that queries filter or sort on are columns; the rest of the
-- application is kept as its JSON document in body, as TEXT, so that an
-- imported Digital Planning Data Schemas payload is returned byte for
-- byte. received is a civil date, YYYY-MM-DD.
CREATE TABLE planning_applications (
    council      TEXT NOT NULL CHECK (council GLOB '[EWSN][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    id           TEXT NOT NULL CHECK (id <> ''),
    -- NULL until a reference is allocated.
    reference    TEXT CHECK (reference <> ''),
    type         TEXT NOT NULL,
    state        TEXT NOT NULL,
    submitted_at TEXT,
    received     TEXT,
    version      INTEGER NOT NULL CHECK (version >= 1),
    body         TEXT NOT NULL CHECK (json_valid(body)),
    PRIMARY KEY (council, id),
    CONSTRAINT planning_applications_reference UNIQUE (council, reference)
) STRICT;
CREATE INDEX planning_applications_by_submitted ON planning_applications (council, submitted_at, id);
CREATE INDEX planning_applications_by_state ON planning_applications (council, state, type);

-- Reference numbers: one counter row per council and year, incremented by
-- an upsert in a write transaction (writes are serialised), so every
-- caller gets the next number: no duplicates and no gaps from collisions.
CREATE TABLE planning_reference_counters (
    council TEXT NOT NULL CHECK (council GLOB '[EWSN][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    year    INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 9999),
    last    INTEGER NOT NULL CHECK (last >= 1),
    PRIMARY KEY (council, year)
) STRICT, WITHOUT ROWID;
