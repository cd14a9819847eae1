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

CREATE TABLE search_docs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('question', 'answer', 'text')),
  participation_id INTEGER NOT NULL REFERENCES participations(id),
  question_id INTEGER REFERENCES questions(id),   -- question and answer
  submission_id INTEGER REFERENCES submissions(id), -- text: the latest version's
  item_key TEXT NOT NULL,
  body TEXT NOT NULL,
  CHECK ((kind = 'text') = (question_id IS NULL)),
  CHECK ((kind = 'text') = (submission_id IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX search_docs_by_question ON search_docs (question_id, kind) WHERE question_id IS NOT NULL;
CREATE INDEX search_docs_by_participation ON search_docs (participation_id, kind);

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

CREATE TRIGGER search_question_filed AFTER INSERT ON questions BEGIN
  INSERT INTO search_docs (kind, participation_id, question_id, item_key, body)
    VALUES ('question', NEW.participation_id, NEW.id, NEW.item_key, NEW.text);
  INSERT INTO search_index (rowid, body) VALUES (last_insert_rowid(), NEW.text);
END;

CREATE TRIGGER search_question_edited AFTER UPDATE OF text ON questions WHEN NEW.text IS NOT OLD.text BEGIN
  INSERT INTO search_index (search_index, rowid, body)
    SELECT 'delete', id, body FROM search_docs WHERE question_id = NEW.id AND kind = 'question';
  UPDATE search_docs SET body = NEW.text WHERE question_id = NEW.id AND kind = 'question';
  INSERT INTO search_index (rowid, body)
    SELECT id, body FROM search_docs WHERE question_id = NEW.id AND kind = 'question';
END;

CREATE TRIGGER search_question_moved AFTER UPDATE OF item_key, participation_id ON questions
  WHEN NEW.item_key IS NOT OLD.item_key OR NEW.participation_id IS NOT OLD.participation_id BEGIN
  UPDATE search_docs SET item_key = NEW.item_key, participation_id = NEW.participation_id
    WHERE question_id = NEW.id;
END;

CREATE TRIGGER search_answer_written AFTER INSERT ON answers BEGIN
  INSERT INTO search_docs (kind, participation_id, question_id, item_key, body)
    SELECT 'answer', q.participation_id, q.id, q.item_key, NEW.text FROM questions q WHERE q.id = NEW.question_id;
  INSERT INTO search_index (rowid, body) VALUES (last_insert_rowid(), NEW.text);
END;

CREATE TRIGGER search_answer_rewritten AFTER UPDATE OF text ON answers WHEN NEW.text IS NOT OLD.text BEGIN
  INSERT INTO search_index (search_index, rowid, body)
    SELECT 'delete', id, body FROM search_docs WHERE question_id = NEW.question_id AND kind = 'answer';
  UPDATE search_docs SET body = NEW.text WHERE question_id = NEW.question_id AND kind = 'answer';
  INSERT INTO search_index (rowid, body)
    SELECT id, body FROM search_docs WHERE question_id = NEW.question_id AND kind = 'answer';
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
  INSERT INTO search_docs (kind, participation_id, submission_id, item_key, body)
    SELECT 'text', s.participation_id, s.id, b.item_key, b.body
      FROM search_text_bodies b JOIN submissions s ON s.id = b.submission_id
     WHERE b.submission_id = NEW.submission_id AND b.item_key = NEW.item_key;
  INSERT INTO search_index (rowid, body) SELECT last_insert_rowid(), body FROM search_docs WHERE id = last_insert_rowid();
END;
