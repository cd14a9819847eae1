-- The search index from scratch (migration 0011 on a database that has rows,
-- and `cnap search --reindex`): what the triggers of 0011 would have written.
DELETE FROM search_docs;
INSERT INTO search_docs (kind, participation_id, question_id, item_key, body)
  SELECT 'question', participation_id, id, item_key, text FROM questions ORDER BY id;
INSERT INTO search_docs (kind, participation_id, question_id, item_key, body)
  SELECT 'answer', q.participation_id, q.id, q.item_key, a.text
    FROM answers a JOIN questions q ON q.id = a.question_id ORDER BY q.id;
INSERT INTO search_docs (kind, participation_id, submission_id, item_key, body)
  SELECT 'text', s.participation_id, s.id, b.item_key, b.body
    FROM search_text_bodies b JOIN submissions s ON s.id = b.submission_id
   WHERE s.version = (SELECT max(o.version) FROM submissions o WHERE o.participation_id = s.participation_id)
   ORDER BY s.id, b.item_key;
INSERT INTO search_index (search_index) VALUES ('rebuild');
