-- councilkit schema, version 11: issued council tax bills (package
-- payments/counciltax).
--
-- A bill is a demand notice as issued and every adjustment since. The
-- account reference, financial year and time of issue are columns, for
-- filtering and ordering; the rest (the liable people's names and the
-- address, which are personal data, the bill's lines, periods and
-- instalments, and the adjustments) is the bill's JSON document, as
-- admissions applications keep theirs.
CREATE TABLE councilkit.counciltax_bills (
    council   councilkit.council_code NOT NULL,
    id        text NOT NULL CHECK (id <> ''),
    account   text NOT NULL CHECK (account <> ''),
    year      integer NOT NULL,
    issued_at timestamptz NOT NULL,
    version   bigint NOT NULL CHECK (version >= 1),
    body      json NOT NULL,
    PRIMARY KEY (council, id)
);
CREATE INDEX counciltax_bills_by_issue ON councilkit.counciltax_bills (council, issued_at, id);
CREATE INDEX counciltax_bills_by_account ON councilkit.counciltax_bills (council, account, year);

ALTER TABLE councilkit.counciltax_bills ENABLE ROW LEVEL SECURITY;
ALTER TABLE councilkit.counciltax_bills FORCE ROW LEVEL SECURITY;
CREATE POLICY council_isolation ON councilkit.counciltax_bills
    USING (council = councilkit.current_council())
    WITH CHECK (council = councilkit.current_council());
