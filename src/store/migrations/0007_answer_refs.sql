-- An answer may point to one or more other answers of the same association's
-- list (「Ⅱ．（３）及びⅥ．（１）への質問の回答を参照願います。」), with or
-- without words of its own before or after the reference. The single pointer
-- questions.refers_to of earlier schemas moves here and is no longer used.
CREATE TABLE answer_refs (
  question_id INTEGER NOT NULL REFERENCES questions(id),
  position INTEGER NOT NULL,
  target_id INTEGER NOT NULL REFERENCES questions(id),
  PRIMARY KEY (question_id, position),
  UNIQUE (question_id, target_id)
) STRICT;
CREATE INDEX answer_refs_target ON answer_refs(target_id);
-- 1: the reference sentence comes before the answer's own text; 0: after it.
ALTER TABLE questions ADD COLUMN refs_first INTEGER NOT NULL DEFAULT 0;
INSERT INTO answer_refs (question_id, position, target_id)
  SELECT id, 1, refers_to FROM questions WHERE refers_to IS NOT NULL;
UPDATE questions SET refers_to = NULL WHERE refers_to IS NOT NULL;
