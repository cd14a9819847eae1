-- Issue 12: the association's text under each outline item of a version
-- (model/doc.h as the canonical JSON of io/doc_json.h), and the working copy
-- of texts being edited item by item (the browser's autosave) until they are
-- submitted as a new version.
CREATE TABLE submission_texts (
  submission_id INTEGER NOT NULL REFERENCES submissions(id),
  item_key TEXT NOT NULL,
  doc_json TEXT NOT NULL,
  PRIMARY KEY (submission_id, item_key)
) STRICT;

CREATE TABLE text_drafts (
  participation_id INTEGER NOT NULL REFERENCES participations(id),
  item_key TEXT NOT NULL,
  base_version INTEGER NOT NULL,
  doc_json TEXT NOT NULL,
  updated_by INTEGER REFERENCES users(id),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (participation_id, item_key)
) STRICT;
