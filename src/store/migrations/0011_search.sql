-- Issue 13: full-text search across questions, answers and survey text, all
-- cycles. search_docs holds one row per searchable text with what locates it;
-- search_index is its FTS5 index through cnap's own bigram tokenizer
-- (src/base/bigram.h, registered by db_sqlite.c on every connection), which
-- finds one- and two-character Japanese terms that FTS5's trigram cannot.
--
-- The triggers below keep both in step with every write, in the writer's own
-- transaction; search_rebuild.sql fills them from scratch (this migration on
-- an existing database, and `cnap search --reindex`). Who may see a row is
-- not stored here: the search joins the live questions, answers and
-- participations and applies the actor's scope (auth/policy.h) in SQL.

-- A row's id orders the index: newest cycle first, then association, then
-- the newest row first (search_doc_base below), so that reading the index in
-- its natural, ascending order (which FTS5 does fastest, seeking with its
-- doclist indexes) meets the newest rows first, and an association's rows of
-- a cycle are one id range. What decides who may see a row (its WG, its
-- association, its question's state and author, its answer's state) is
-- copied here and kept in step by the triggers, so a search filters the
-- index's rows without reading the questions themselves.
CREATE TABLE search_docs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('question', 'answer', 'text')),
  participation_id INTEGER NOT NULL REFERENCES participations(id),
  year INTEGER NOT NULL,
  wg_id INTEGER NOT NULL REFERENCES wgs(id),
  association_id INTEGER NOT NULL REFERENCES associations(id),
  question_id INTEGER REFERENCES questions(id),   -- question and answer
  submission_id INTEGER REFERENCES submissions(id), -- text: the latest version's
  item_key TEXT NOT NULL,
  q_status TEXT,        -- question and answer: the question's state
  a_status TEXT,        -- answer: its state
  author_id INTEGER,    -- question and answer: who filed the question
  chars INTEGER NOT NULL, -- length(body): what cnap_rank weighs a row's length by
  body TEXT NOT NULL,
  CHECK ((kind = 'text') = (question_id IS NULL)),
  CHECK ((kind = 'text') = (submission_id IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX search_docs_by_question ON search_docs (question_id, kind) WHERE question_id IS NOT NULL;
CREATE INDEX search_docs_by_participation ON search_docs (participation_id, kind);
CREATE INDEX search_docs_by_text ON search_docs (submission_id, item_key) WHERE submission_id IS NOT NULL;

-- The first id of a participation's block and what locates it: (9999 - year) << 40 | association << 24;
-- its rows take the ids from the block's end down.
CREATE VIEW search_doc_base AS
  SELECT p.id AS participation_id, ((9999 - c.year) << 40) | (p.association_id << 24) AS base, c.year, p.wg_id,
         p.association_id
  FROM participations p JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id;

CREATE VIRTUAL TABLE search_index USING fts5 (
  body, content = 'search_docs', content_rowid = 'id', tokenize = 'cnap_bigram'
);

-- An item's text as plain text: every string of its canonical JSON
-- (io/doc_json.h) that a reader sees, one per line: the spans of paragraphs,
-- headings, list items, notes and table cells (array elements) and the text
-- of links; not a link's address, a note's mark or a data table's name.
CREATE VIEW search_text_bodies AS
  SELECT t.submission_id, t.item_key,
         (SELECT coalesce(group_concat(j.value, char(10)), '') FROM json_tree(t.doc_json) j
           WHERE j.type = 'text' AND (typeof(j.key) = 'integer' OR j.key = 'text')) AS body
  FROM submission_texts t;

-- The next id of a participation's block: one less than the lowest so far.
CREATE VIEW search_doc_next AS
  SELECT b.*, coalesce((SELECT d.id FROM search_docs d WHERE d.id BETWEEN b.base AND b.base + 16777215
                        ORDER BY d.id LIMIT 1), b.base + 16777216) - 1 AS next_id
  FROM search_doc_base b;

CREATE TRIGGER search_question_filed AFTER INSERT ON questions BEGIN
  INSERT INTO search_docs (id, kind, participation_id, year, wg_id, association_id, question_id, item_key,
                           q_status, author_id, chars, body)
    SELECT n.next_id, 'question', n.participation_id, n.year, n.wg_id, n.association_id, NEW.id, NEW.item_key,
           NEW.status, NEW.author_id, length(NEW.text), NEW.text
      FROM search_doc_next n WHERE n.participation_id = NEW.participation_id;
  INSERT INTO search_index (rowid, body)
    SELECT id, body FROM search_docs WHERE question_id = NEW.id AND kind = 'question';
END;

CREATE TRIGGER search_question_edited AFTER UPDATE OF text ON questions WHEN NEW.text IS NOT OLD.text BEGIN
  INSERT INTO search_index (search_index, rowid, body)
    SELECT 'delete', id, body FROM search_docs WHERE question_id = NEW.id AND kind = 'question';
  UPDATE search_docs SET body = NEW.text, chars = length(NEW.text) WHERE question_id = NEW.id AND kind = 'question';
  INSERT INTO search_index (rowid, body)
    SELECT id, body FROM search_docs WHERE question_id = NEW.id AND kind = 'question';
END;

CREATE TRIGGER search_question_moved AFTER UPDATE OF item_key, status, author_id ON questions
  WHEN NEW.item_key IS NOT OLD.item_key OR NEW.status IS NOT OLD.status OR NEW.author_id IS NOT OLD.author_id BEGIN
  UPDATE search_docs SET item_key = NEW.item_key, q_status = NEW.status, author_id = NEW.author_id
    WHERE question_id = NEW.id;
END;

CREATE TRIGGER search_answer_written AFTER INSERT ON answers BEGIN
  INSERT INTO search_docs (id, kind, participation_id, year, wg_id, association_id, question_id, item_key,
                           q_status, a_status, author_id, chars, body)
    SELECT n.next_id, 'answer', q.participation_id, n.year, n.wg_id, n.association_id, q.id, q.item_key,
           q.status, NEW.status, q.author_id, length(NEW.text), NEW.text
      FROM questions q JOIN search_doc_next n ON n.participation_id = q.participation_id WHERE q.id = NEW.question_id;
  INSERT INTO search_index (rowid, body)
    SELECT id, body FROM search_docs WHERE question_id = NEW.question_id AND kind = 'answer';
END;

CREATE TRIGGER search_answer_rewritten AFTER UPDATE OF text ON answers WHEN NEW.text IS NOT OLD.text BEGIN
  INSERT INTO search_index (search_index, rowid, body)
    SELECT 'delete', id, body FROM search_docs WHERE question_id = NEW.question_id AND kind = 'answer';
  UPDATE search_docs SET body = NEW.text, chars = length(NEW.text) WHERE question_id = NEW.question_id AND kind = 'answer';
  INSERT INTO search_index (rowid, body)
    SELECT id, body FROM search_docs WHERE question_id = NEW.question_id AND kind = 'answer';
END;

CREATE TRIGGER search_answer_state AFTER UPDATE OF status ON answers WHEN NEW.status IS NOT OLD.status BEGIN
  UPDATE search_docs SET a_status = NEW.status WHERE question_id = NEW.question_id AND kind = 'answer';
END;

-- Only the latest version's texts are searched: a new version replaces the
-- older one's rows (its texts, given or carried over, follow it in).
CREATE TRIGGER search_version_added AFTER INSERT ON submissions
  WHEN NEW.version = (SELECT max(version) FROM submissions WHERE participation_id = NEW.participation_id) BEGIN
  INSERT INTO search_index (search_index, rowid, body)
    SELECT 'delete', id, body FROM search_docs
     WHERE participation_id = NEW.participation_id AND kind = 'text' AND submission_id <> NEW.id;
  DELETE FROM search_docs WHERE participation_id = NEW.participation_id AND kind = 'text' AND submission_id <> NEW.id;
END;

CREATE TRIGGER search_text_added AFTER INSERT ON submission_texts
  WHEN (SELECT s.version = (SELECT max(o.version) FROM submissions o WHERE o.participation_id = s.participation_id)
          FROM submissions s WHERE s.id = NEW.submission_id) BEGIN
  INSERT INTO search_docs (id, kind, participation_id, year, wg_id, association_id, submission_id, item_key, chars, body)
    SELECT n.next_id, 'text', s.participation_id, n.year, n.wg_id, n.association_id, s.id, b.item_key, length(b.body), b.body
      FROM search_text_bodies b JOIN submissions s ON s.id = b.submission_id
      JOIN search_doc_next n ON n.participation_id = s.participation_id
     WHERE b.submission_id = NEW.submission_id AND b.item_key = NEW.item_key;
  INSERT INTO search_index (rowid, body)
    SELECT id, body FROM search_docs WHERE submission_id = NEW.submission_id AND item_key = NEW.item_key AND kind = 'text';
END;
