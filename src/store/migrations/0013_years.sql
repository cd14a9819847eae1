-- Issue 14: year after year. A cycle made from another (cnap cycle new
-- --from) remembers it, and how the outline's item keys moved between the two
-- (old key → new key; NULL: the item was dropped on purpose), so that last
-- year's texts, numbers and questions still line up. A question the
-- secretariat marks 継続 (carry_forward) becomes a follow-up in the next
-- cycle, linked to it (follows_id). The WG's 指摘 to an association are kept
-- per participation and become follow-ups the same way. A closed cycle is
-- read only. Users get an e-mail address and can be deactivated.
ALTER TABLE cycles ADD COLUMN from_year INTEGER;
ALTER TABLE cycles ADD COLUMN closed_at TEXT;
ALTER TABLE questions ADD COLUMN carry_forward INTEGER NOT NULL DEFAULT 0 CHECK (carry_forward IN (0, 1));
ALTER TABLE questions ADD COLUMN follows_id INTEGER REFERENCES questions(id);
CREATE INDEX questions_by_follows ON questions (follows_id) WHERE follows_id IS NOT NULL;

CREATE TABLE item_key_maps (
  cycle_id INTEGER NOT NULL REFERENCES cycles(id),
  old_key TEXT NOT NULL,
  new_key TEXT,
  PRIMARY KEY (cycle_id, old_key)
) STRICT;

CREATE TABLE wg_remarks (
  id INTEGER PRIMARY KEY,
  participation_id INTEGER NOT NULL REFERENCES participations(id),
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  follows_id INTEGER REFERENCES wg_remarks(id),
  UNIQUE (participation_id, position)
) STRICT;

ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
