-- The search index from scratch (migration 0011 on a database that has rows,
-- and `cnap search --reindex`): what the triggers of 0011 would have written,
-- each participation's rows numbered down from its block's end as they came
-- in (questions, then answers, then texts).
DELETE FROM search_docs;
INSERT INTO search_docs (id, kind, participation_id, year, wg_id, association_id, question_id, submission_id,
                         item_key, q_status, a_status, author_id, chars, body)
  SELECT b.base + 16777216 - row_number() OVER (PARTITION BY r.participation_id ORDER BY r.sort_kind, r.sort_id, r.item_key),
         r.kind, r.participation_id, b.year, b.wg_id, b.association_id, r.question_id, r.submission_id,
         r.item_key, r.q_status, r.a_status, r.author_id, length(r.body), r.body
    FROM (SELECT 'question' AS kind, 0 AS sort_kind, q.id AS sort_id, q.participation_id, q.id AS question_id,
                 NULL AS submission_id, q.item_key, q.status AS q_status, NULL AS a_status, q.author_id, q.text AS body
            FROM questions q
          UNION ALL
          SELECT 'answer', 1, q.id, q.participation_id, q.id, NULL, q.item_key, q.status, a.status, q.author_id, a.text
            FROM answers a JOIN questions q ON q.id = a.question_id
          UNION ALL
          SELECT 'text', 2, s.id, s.participation_id, NULL, s.id, t.item_key, NULL, NULL, NULL, t.body
            FROM search_text_bodies t JOIN submissions s ON s.id = t.submission_id
           WHERE s.version = (SELECT max(o.version) FROM submissions o WHERE o.participation_id = s.participation_id)
         ) r JOIN search_doc_base b ON b.participation_id = r.participation_id
   ORDER BY 1; -- in id order: full pages (the triggers' newest-first ids leave them about half full)
-- one segment: a search then opens one posting list a word, not one a merge level
INSERT INTO search_index (search_index) VALUES ('rebuild');
INSERT INTO search_index (search_index) VALUES ('optimize');
