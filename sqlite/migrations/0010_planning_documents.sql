-- councilkit SQLite schema, version 10: the files supplied with planning
-- applications and the comments made on them (package planning:
-- DocumentStore, CommentStore).
--
-- A file's details (planning.DocumentFile: its type, its name, which is
-- personal data, its format, digest and uploader) are its JSON document in
-- body. Its content is a BLOB in a table of its own, so that listing an
-- application's files never reads a page of their content.
CREATE TABLE planning_documents (
    council        TEXT NOT NULL CHECK (council GLOB '[EWSN][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    id             TEXT NOT NULL CHECK (id <> ''),
    application_id TEXT NOT NULL CHECK (application_id <> ''),
    uploaded_at    TEXT NOT NULL,
    size           INTEGER NOT NULL CHECK (size > 0),
    body           TEXT NOT NULL CHECK (json_valid(body)),
    PRIMARY KEY (council, id)
) STRICT;
CREATE INDEX planning_documents_by_application ON planning_documents (council, application_id, uploaded_at, id);
CREATE INDEX planning_documents_by_upload ON planning_documents (council, uploaded_at, id);

CREATE TABLE planning_document_contents (
    council TEXT NOT NULL,
    id      TEXT NOT NULL,
    content BLOB NOT NULL,
    PRIMARY KEY (council, id),
    FOREIGN KEY (council, id) REFERENCES planning_documents (council, id)
) STRICT;

-- A comment (planning.Comment: the commenter and the text are personal
-- data) is its JSON document in body, beside the columns queries filter
-- and sort on. received is a civil date, YYYY-MM-DD. The store never
-- changes or deletes a comment.
CREATE TABLE planning_comments (
    council        TEXT NOT NULL CHECK (council GLOB '[EWSN][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    id             TEXT NOT NULL CHECK (id <> ''),
    application_id TEXT NOT NULL CHECK (application_id <> ''),
    kind           TEXT NOT NULL CHECK (kind <> ''),
    received       TEXT NOT NULL,
    recorded_at    TEXT NOT NULL,
    body           TEXT NOT NULL CHECK (json_valid(body)),
    PRIMARY KEY (council, id)
) STRICT;
CREATE INDEX planning_comments_by_application ON planning_comments (council, application_id, received, recorded_at, id);
CREATE INDEX planning_comments_by_received ON planning_comments (council, received, recorded_at, id);

-- Comments are a record of what was said: refuse any change.
CREATE TRIGGER planning_comments_no_update BEFORE UPDATE ON planning_comments
BEGIN
    SELECT RAISE(ABORT, 'planning comments cannot be changed');
END;
CREATE TRIGGER planning_comments_no_delete BEFORE DELETE ON planning_comments
BEGIN
    SELECT RAISE(ABORT, 'planning comments cannot be deleted');
END;
