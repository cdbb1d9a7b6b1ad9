-- councilkit SQLite schema, version 3: school admissions (package
-- admissions).
--
-- Applications: the intake they are for (school_year, entry_year) and the
-- date received (YYYY-MM-DD) are columns, for filtering; the rest (child,
-- parent, home, preferences, criteria facts) is the application's JSON
-- document.
CREATE TABLE admissions_applications (
    council     TEXT NOT NULL CHECK (council GLOB '[EWSN][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    id          TEXT NOT NULL CHECK (id <> ''),
    school_year INTEGER NOT NULL,
    entry_year  INTEGER NOT NULL,
    received    TEXT,
    version     INTEGER NOT NULL CHECK (version >= 1),
    body        TEXT NOT NULL CHECK (json_valid(body)),
    PRIMARY KEY (council, id)
) STRICT;
CREATE INDEX admissions_applications_by_intake ON admissions_applications (council, school_year, entry_year, id);
CREATE INDEX admissions_applications_by_received ON admissions_applications (council, received, id);

-- The outcome of an allocation round for each application: one row per
-- child, written in bulk when the round is run. offer_urn is NULL for a
-- child who could not be placed.
CREATE TABLE admissions_offers (
    council TEXT NOT NULL CHECK (council GLOB '[EWSN][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    school_year     INTEGER NOT NULL,
    entry_year      INTEGER NOT NULL,
    application_id  TEXT NOT NULL,
    offer_urn       INTEGER CHECK (offer_urn > 0),
    basis           TEXT NOT NULL,
    preference      INTEGER NOT NULL CHECK (preference >= 0),
    criterion       INTEGER NOT NULL,
    late            INTEGER NOT NULL CHECK (late IN (0, 1)),
    distance_cm     INTEGER NOT NULL,
    PRIMARY KEY (council, school_year, entry_year, application_id)
) STRICT, WITHOUT ROWID;
