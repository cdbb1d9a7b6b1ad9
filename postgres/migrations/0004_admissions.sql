-- councilkit schema, version 4: school admissions (package admissions).
--
-- Applications: the intake they are for (school_year, entry_year) and the
-- date received are columns, for filtering; the rest (child, parent, home,
-- preferences, criteria facts) is the application's JSON document.
CREATE TABLE councilkit.admissions_applications (
    council     councilkit.council_code NOT NULL,
    id          text NOT NULL CHECK (id <> ''),
    school_year integer NOT NULL,
    entry_year  smallint NOT NULL,
    received    date,
    version     bigint NOT NULL CHECK (version >= 1),
    body        json NOT NULL,
    PRIMARY KEY (council, id)
);
CREATE INDEX admissions_applications_by_intake ON councilkit.admissions_applications (council, school_year, entry_year, id);

-- The outcome of an allocation round for each application: one row per
-- child, written in bulk (COPY) when the round is run. offer_urn is NULL
-- for a child who could not be placed.
CREATE TABLE councilkit.admissions_offers (
    council         councilkit.council_code NOT NULL,
    school_year     integer NOT NULL,
    entry_year      smallint NOT NULL,
    application_id  text NOT NULL,
    offer_urn       integer CHECK (offer_urn > 0),
    basis           text NOT NULL,
    preference      smallint NOT NULL CHECK (preference >= 0),
    criterion       smallint NOT NULL,
    late            boolean NOT NULL,
    distance_cm     integer NOT NULL,
    PRIMARY KEY (council, school_year, entry_year, application_id)
);
CREATE INDEX admissions_offers_by_school ON councilkit.admissions_offers (council, school_year, entry_year, offer_urn);

ALTER TABLE councilkit.admissions_applications ENABLE ROW LEVEL SECURITY;
ALTER TABLE councilkit.admissions_applications FORCE ROW LEVEL SECURITY;
CREATE POLICY council_isolation ON councilkit.admissions_applications
    USING (council = councilkit.current_council())
    WITH CHECK (council = councilkit.current_council());

ALTER TABLE councilkit.admissions_offers ENABLE ROW LEVEL SECURITY;
ALTER TABLE councilkit.admissions_offers FORCE ROW LEVEL SECURITY;
CREATE POLICY council_isolation ON councilkit.admissions_offers
    USING (council = councilkit.current_council())
    WITH CHECK (council = councilkit.current_council());
