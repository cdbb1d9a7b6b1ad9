-- councilkit schema, version 13: the files supplied with planning
-- applications and the comments made on them (package planning:
-- DocumentStore, CommentStore).
--
-- A file's details (planning.DocumentFile: its type, its name, which is
-- personal data, its format, digest and uploader) are its JSON document in
-- body; its content is bytea beside them, read only by DocumentStore.Content.
CREATE TABLE councilkit.planning_documents (
    council        councilkit.council_code NOT NULL,
    id             text NOT NULL CHECK (id <> ''),
    application_id text NOT NULL CHECK (application_id <> ''),
    uploaded_at    timestamptz NOT NULL,
    size           bigint NOT NULL CHECK (size > 0),
    body           json NOT NULL,
    content        bytea NOT NULL CHECK (octet_length(content) = size),
    PRIMARY KEY (council, id)
);
-- PDFs, JPEGs and PNGs are compressed already: keep them out of line
-- without PostgreSQL trying to compress them again.
ALTER TABLE councilkit.planning_documents ALTER COLUMN content SET STORAGE EXTERNAL;
CREATE INDEX planning_documents_by_application ON councilkit.planning_documents (council, application_id, uploaded_at, id);
CREATE INDEX planning_documents_by_upload ON councilkit.planning_documents (council, uploaded_at, id);

-- A comment (planning.Comment: the commenter and the text are personal
-- data) is its JSON document in body, beside the columns queries filter
-- and sort on. Comments are a record of what was said: there is no
-- policy for UPDATE or DELETE, so neither changes a row.
CREATE TABLE councilkit.planning_comments (
    council        councilkit.council_code NOT NULL,
    id             text NOT NULL CHECK (id <> ''),
    application_id text NOT NULL CHECK (application_id <> ''),
    kind           text NOT NULL CHECK (kind <> ''),
    received       date NOT NULL,
    recorded_at    timestamptz NOT NULL,
    body           json NOT NULL,
    PRIMARY KEY (council, id)
);
CREATE INDEX planning_comments_by_application ON councilkit.planning_comments (council, application_id, received, recorded_at, id);
CREATE INDEX planning_comments_by_received ON councilkit.planning_comments (council, received, recorded_at, id);

ALTER TABLE councilkit.planning_documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE councilkit.planning_documents FORCE ROW LEVEL SECURITY;
CREATE POLICY council_isolation ON councilkit.planning_documents
    USING (council = councilkit.current_council())
    WITH CHECK (council = councilkit.current_council());

ALTER TABLE councilkit.planning_comments ENABLE ROW LEVEL SECURITY;
ALTER TABLE councilkit.planning_comments FORCE ROW LEVEL SECURITY;
CREATE POLICY council_read ON councilkit.planning_comments FOR SELECT
    USING (council = councilkit.current_council());
CREATE POLICY council_append ON councilkit.planning_comments FOR INSERT
    WITH CHECK (council = councilkit.current_council());
