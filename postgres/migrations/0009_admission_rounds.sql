-- councilkit schema, version 9: the outcome of a coordinated admissions
-- round (admissions.RoundRecord), kept from the officer's allocation run to
-- the parents' answers, so that nothing about offer day lives only in a
-- process's memory.
--
-- One row per intake (id is admissions.RoundID: '2027-7', '2027-R'). The
-- columns are what queries filter or sort on; body holds the places,
-- responses and waiting lists, and result the allocation as it was run
-- (admissions.Result's JSON), which never changes after the run. Both are
-- jsonb: they are read whole, and jsonb lets an officer's report query
-- them in SQL.
CREATE TABLE councilkit.admission_rounds (
    council      councilkit.council_code NOT NULL,
    id           text NOT NULL CHECK (id <> ''),
    school_year  integer NOT NULL,
    entry_year   smallint NOT NULL,
    offer_day    date NOT NULL,
    run_at       timestamptz NOT NULL,
    -- NULL until the offers are published to parents.
    published_at timestamptz,
    version      bigint NOT NULL CHECK (version >= 1),
    body         jsonb NOT NULL,
    result       jsonb,
    PRIMARY KEY (council, id),
    -- Offers cannot be published before national offer day begins in the
    -- UK: the database's own guarantee of admissions.ErrBeforeOfferDay.
    CONSTRAINT admission_rounds_not_before_offer_day
        CHECK (published_at IS NULL OR published_at >= offer_day::timestamp AT TIME ZONE 'Europe/London')
);
CREATE INDEX admission_rounds_by_run ON councilkit.admission_rounds (council, run_at, id);

ALTER TABLE councilkit.admission_rounds ENABLE ROW LEVEL SECURITY;
ALTER TABLE councilkit.admission_rounds FORCE ROW LEVEL SECURITY;
CREATE POLICY council_isolation ON councilkit.admission_rounds
    USING (council = councilkit.current_council())
    WITH CHECK (council = councilkit.current_council());
