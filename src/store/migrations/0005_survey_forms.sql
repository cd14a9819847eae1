-- Issue 10: a template carries the survey's data tables (model/form.h) as the
-- JSON text of its "tables" member; an association's working copy of its data
-- (what the form autosaves) until it is submitted as a new version.
ALTER TABLE templates ADD COLUMN tables_json TEXT;

CREATE TABLE data_drafts (
  participation_id INTEGER PRIMARY KEY REFERENCES participations(id),
  base_version INTEGER NOT NULL,
  data_json TEXT NOT NULL,
  updated_by INTEGER REFERENCES users(id),
  updated_at TEXT NOT NULL
) STRICT;
