-- cnap schema, version 1. Applied in one transaction on open of a new database.
CREATE TABLE cycles (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL UNIQUE,
  actual_fiscal_year INTEGER NOT NULL,
  name TEXT,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE templates (
  id INTEGER PRIMARY KEY,
  cycle_id INTEGER NOT NULL REFERENCES cycles(id),
  code TEXT NOT NULL,
  name TEXT,
  UNIQUE (cycle_id, code)
) STRICT;

CREATE TABLE template_items (
  id INTEGER PRIMARY KEY,
  template_id INTEGER NOT NULL REFERENCES templates(id),
  position INTEGER NOT NULL,
  key TEXT NOT NULL,
  parent_key TEXT,
  code TEXT NOT NULL,
  title TEXT NOT NULL,
  depth INTEGER NOT NULL,
  UNIQUE (template_id, key),
  UNIQUE (template_id, position)
) STRICT;

CREATE TABLE wgs (
  id INTEGER PRIMARY KEY,
  cycle_id INTEGER NOT NULL REFERENCES cycles(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  UNIQUE (cycle_id, code)
) STRICT;

CREATE TABLE associations (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  industry TEXT
) STRICT;

CREATE TABLE participations (
  id INTEGER PRIMARY KEY,
  wg_id INTEGER NOT NULL REFERENCES wgs(id),
  association_id INTEGER NOT NULL REFERENCES associations(id),
  template_id INTEGER NOT NULL REFERENCES templates(id),
  position INTEGER NOT NULL,
  UNIQUE (wg_id, association_id)
) STRICT;

CREATE TABLE submissions (
  id INTEGER PRIMARY KEY,
  participation_id INTEGER NOT NULL REFERENCES participations(id),
  version INTEGER NOT NULL,
  submitted_on TEXT,
  note TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (participation_id, version)
) STRICT;

CREATE TABLE submission_pages (
  submission_id INTEGER NOT NULL REFERENCES submissions(id),
  item_key TEXT NOT NULL,
  page INTEGER NOT NULL,
  PRIMARY KEY (submission_id, item_key)
) STRICT;

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  login TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('secretariat', 'reviewer', 'association')),
  association_id INTEGER REFERENCES associations(id),
  password_hash TEXT,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE user_wgs (
  user_id INTEGER NOT NULL REFERENCES users(id),
  wg_id INTEGER NOT NULL REFERENCES wgs(id),
  PRIMARY KEY (user_id, wg_id)
) STRICT;

CREATE TABLE questions (
  id INTEGER PRIMARY KEY,
  participation_id INTEGER NOT NULL REFERENCES participations(id),
  no INTEGER NOT NULL,
  item_key TEXT NOT NULL,
  page INTEGER NOT NULL DEFAULT 0,
  submission_version INTEGER NOT NULL DEFAULT 0,
  text TEXT NOT NULL,
  author_id INTEGER REFERENCES users(id),
  note TEXT,
  status TEXT NOT NULL,
  refers_to INTEGER REFERENCES questions(id),
  due_on TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX questions_by_participation ON questions (participation_id, no);

CREATE TABLE answers (
  id INTEGER PRIMARY KEY,
  question_id INTEGER NOT NULL UNIQUE REFERENCES questions(id),
  text TEXT NOT NULL,
  author_id INTEGER REFERENCES users(id),
  status TEXT NOT NULL,
  return_comment TEXT,
  updated_at TEXT NOT NULL
) STRICT;

-- Append-only: who, when, what, and the record before and after (JSON).
CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER,
  before TEXT,
  after TEXT
) STRICT;
CREATE INDEX audit_by_entity ON audit (entity, entity_id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
