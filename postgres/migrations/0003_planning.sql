-- councilkit schema, version 3: planning applications (package planning).
--
-- The columns that queries filter or sort on are columns; the rest of the
-- application (parties, site, proposal, documents, lifecycle history) is
-- kept as the application's JSON document in body. It is json, not jsonb,
-- so that an imported Digital Planning Data Schemas payload is returned
-- byte for byte.
CREATE TABLE councilkit.planning_applications (
    council      councilkit.council_code NOT NULL,
    id           text NOT NULL CHECK (id <> ''),
    -- NULL until a reference is allocated.
    reference    text CHECK (reference <> ''),
    type         text NOT NULL,
    state        text NOT NULL,
    submitted_at timestamptz,
    received     date,
    version      bigint NOT NULL CHECK (version >= 1),
    body         json NOT NULL,
    PRIMARY KEY (council, id),
    CONSTRAINT planning_applications_reference UNIQUE (council, reference)
);
CREATE INDEX planning_applications_by_submitted ON councilkit.planning_applications (council, submitted_at, id);
CREATE INDEX planning_applications_by_state ON councilkit.planning_applications (council, state, type);

-- Reference numbers: one counter row per council and year. Allocation is
-- INSERT ... ON CONFLICT DO UPDATE SET last = last + 1 RETURNING last,
-- which takes the row's lock, so concurrent submissions queue on it and
-- each gets the next number: no duplicates and no gaps from collisions.
-- (A sequence object would leave gaps on rollback and is not per council.)
CREATE TABLE councilkit.planning_reference_counters (
    council councilkit.council_code NOT NULL,
    year    integer NOT NULL CHECK (year BETWEEN 1900 AND 9999),
    last    integer NOT NULL CHECK (last >= 1),
    PRIMARY KEY (council, year)
);

ALTER TABLE councilkit.planning_applications ENABLE ROW LEVEL SECURITY;
ALTER TABLE councilkit.planning_applications FORCE ROW LEVEL SECURITY;
CREATE POLICY council_isolation ON councilkit.planning_applications
    USING (council = councilkit.current_council())
    WITH CHECK (council = councilkit.current_council());

ALTER TABLE councilkit.planning_reference_counters ENABLE ROW LEVEL SECURITY;
ALTER TABLE councilkit.planning_reference_counters FORCE ROW LEVEL SECURITY;
CREATE POLICY council_isolation ON councilkit.planning_reference_counters
    USING (council = councilkit.current_council())
    WITH CHECK (council = councilkit.current_council());
