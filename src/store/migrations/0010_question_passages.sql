-- Issue 12: a question quotes the passage of the survey it asks about, and
-- knows when the association has since rewritten the item it is anchored to.
-- (0008 and 0009 are other parts of the issue: the runner applies the files
-- in the order src/store/meson.build lists them and the schema version is
-- their count, so the numbers need not be contiguous.)

-- The passage as the reviewer selected it: at most 2,000 characters, no
-- control character but a line break (model: cnap_check_quote). NULL: none.
ALTER TABLE questions ADD COLUMN quote TEXT;

-- What became of the question's item after it was filed; no row: nothing yet.
CREATE TABLE question_anchors (
  question_id INTEGER PRIMARY KEY REFERENCES questions(id),
  -- the latest version that changed the item (its text or a number in it)
  changed_version INTEGER NOT NULL CHECK (changed_version >= 1),
  -- the quote in that version's text of the item: 1 there, 0 gone, NULL not checked (no quote)
  quote_present INTEGER CHECK (quote_present IN (0, 1)),
  -- 「質問を維持」: the reviewer or the secretariat read the change of this version and kept the question
  confirmed_version INTEGER CHECK (confirmed_version IS NULL OR confirmed_version <= changed_version),
  confirmed_by INTEGER REFERENCES users(id),
  confirmed_at TEXT
) STRICT;
