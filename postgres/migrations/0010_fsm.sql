-- councilkit schema, version 10: free school meals records (package
-- admissions/fsm).
--
-- A record is a free school meals application and the decision made on it.
-- The day received and the decision's review date are columns, for
-- filtering and ordering; the rest (the application, with the parent's and
-- child's names, dates of birth and National Insurance or NASS numbers,
-- and the decision with every rule tried) is the record's JSON document,
-- as admissions applications keep theirs. Personal data is in body only:
-- never in a column an index or a log might show.
CREATE TABLE councilkit.fsm_records (
    council   councilkit.council_code NOT NULL,
    id        text NOT NULL CHECK (id <> ''),
    received  date,
    decided   boolean NOT NULL,
    review_on date,
    version   bigint NOT NULL CHECK (version >= 1),
    body      json NOT NULL,
    PRIMARY KEY (council, id)
);
CREATE INDEX fsm_records_by_received ON councilkit.fsm_records (council, received, id);
CREATE INDEX fsm_records_by_review ON councilkit.fsm_records (council, review_on) WHERE review_on IS NOT NULL;

ALTER TABLE councilkit.fsm_records ENABLE ROW LEVEL SECURITY;
ALTER TABLE councilkit.fsm_records FORCE ROW LEVEL SECURITY;
CREATE POLICY council_isolation ON councilkit.fsm_records
    USING (council = councilkit.current_council())
    WITH CHECK (council = councilkit.current_council());
