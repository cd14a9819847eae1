-- Issue 12: an association may upload its own finished PDF of a survey version
-- (its layout), kept byte for byte as the document of record: what the browser's
-- download of that version gives. Its page map is found in it (the headings of
-- the outline located in its text) and kept in submission_pages like any other;
-- what the finder found stays here, so the correction screen can tell a found
-- page from a corrected one.
CREATE TABLE survey_documents (
  submission_id INTEGER PRIMARY KEY REFERENCES submissions(id),
  filename TEXT NOT NULL,
  bytes BLOB NOT NULL,
  size INTEGER NOT NULL CHECK (size = length(bytes)),
  sha256 TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  uploaded_at TEXT NOT NULL
) STRICT;

-- The page each item's heading was found on (0: not found), per document.
CREATE TABLE survey_document_pages (
  submission_id INTEGER NOT NULL REFERENCES survey_documents(submission_id),
  item_key TEXT NOT NULL,
  found_page INTEGER NOT NULL CHECK (found_page >= 0),
  PRIMARY KEY (submission_id, item_key)
) STRICT;
