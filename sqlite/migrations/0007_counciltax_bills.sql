-- councilkit SQLite schema, version 7: issued council tax bills (package
-- payments/counciltax).
--
-- A bill is a demand notice as issued and every adjustment since. The
-- account reference, financial year and time of issue are columns, for
-- filtering and ordering; the rest (the liable people's names and the
-- address, which are personal data, the bill's lines, periods and
-- instalments, and the adjustments) is the bill's JSON document.
CREATE TABLE counciltax_bills (
    council   TEXT NOT NULL CHECK (council GLOB '[EWSN][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    id        TEXT NOT NULL CHECK (id <> ''),
    account   TEXT NOT NULL CHECK (account <> ''),
    year      INTEGER NOT NULL,
    issued_at TEXT NOT NULL,
    version   INTEGER NOT NULL CHECK (version >= 1),
    body      TEXT NOT NULL CHECK (json_valid(body)),
    PRIMARY KEY (council, id)
) STRICT;
CREATE INDEX counciltax_bills_by_issue ON counciltax_bills (council, issued_at, id);
CREATE INDEX counciltax_bills_by_account ON counciltax_bills (council, account, year);
