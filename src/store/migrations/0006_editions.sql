-- Issue 11: a published 事前質問・回答一覧 is an edition (第1版, 第2版, ...) of
-- a WG's list, kept as it was published: its files byte for byte, and the rows
-- it printed (what a later edition's 正誤表 compares against). Nothing here is
-- ever changed: triggers refuse UPDATE and DELETE, as for the audit trail.
CREATE TABLE editions (
  id INTEGER PRIMARY KEY,
  cycle INTEGER NOT NULL,
  wg TEXT NOT NULL,
  number INTEGER NOT NULL CHECK (number >= 1),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  note TEXT,
  UNIQUE (cycle, wg, number)
) STRICT;

CREATE TABLE edition_files (
  edition_id INTEGER NOT NULL REFERENCES editions(id),
  format TEXT NOT NULL,
  bytes BLOB NOT NULL,
  sha256 TEXT NOT NULL,
  PRIMARY KEY (edition_id, format)
) STRICT;

-- One printed question of the edition: where it stood and what it said.
CREATE TABLE edition_entries (
  edition_id INTEGER NOT NULL REFERENCES editions(id),
  question_id INTEGER NOT NULL,
  association TEXT NOT NULL,
  association_name TEXT NOT NULL,
  item_number TEXT NOT NULL,
  no INTEGER NOT NULL,
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  PRIMARY KEY (edition_id, question_id)
) STRICT;

CREATE TRIGGER editions_no_update BEFORE UPDATE ON editions BEGIN SELECT RAISE(ABORT, 'editions are immutable'); END;
CREATE TRIGGER editions_no_delete BEFORE DELETE ON editions BEGIN SELECT RAISE(ABORT, 'editions are immutable'); END;
CREATE TRIGGER edition_files_no_update BEFORE UPDATE ON edition_files BEGIN SELECT RAISE(ABORT, 'editions are immutable'); END;
CREATE TRIGGER edition_files_no_delete BEFORE DELETE ON edition_files BEGIN SELECT RAISE(ABORT, 'editions are immutable'); END;
CREATE TRIGGER edition_entries_no_update BEFORE UPDATE ON edition_entries BEGIN SELECT RAISE(ABORT, 'editions are immutable'); END;
CREATE TRIGGER edition_entries_no_delete BEFORE DELETE ON edition_entries BEGIN SELECT RAISE(ABORT, 'editions are immutable'); END;
