-- Issue 14: a closed cycle is read only. The policy already offers no change
-- in one (auth/policy.c); these triggers make sure nothing changes it anyway,
-- whichever path a write takes. The message is the store's mark for the
-- error it reports in Japanese (store/store.c st_done). The 継続 mark
-- (questions.carry_forward) stays settable: it is decided after the meeting,
-- for the next cycle.

-- A follow-up filed from one of the WG's 指摘 (wg_remarks) of the cycle before.
ALTER TABLE questions ADD COLUMN follows_remark_id INTEGER REFERENCES wg_remarks(id);

CREATE TRIGGER closed_question_insert BEFORE INSERT ON questions
  WHEN (SELECT c.closed_at FROM participations p JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE p.id = NEW.participation_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_question_delete BEFORE DELETE ON questions
  WHEN (SELECT c.closed_at FROM participations p JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE p.id = OLD.participation_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_question_update BEFORE UPDATE OF participation_id, no, item_key, page, submission_version, text, author_id, note, status, refs_first, due_on, quote, follows_id, follows_remark_id ON questions
  WHEN (SELECT c.closed_at FROM participations p JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE p.id = OLD.participation_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_answers_insert BEFORE INSERT ON answers
  WHEN (SELECT c.closed_at FROM questions q JOIN participations p ON p.id = q.participation_id JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE q.id = NEW.question_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_answers_update BEFORE UPDATE ON answers
  WHEN (SELECT c.closed_at FROM questions q JOIN participations p ON p.id = q.participation_id JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE q.id = OLD.question_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_answers_delete BEFORE DELETE ON answers
  WHEN (SELECT c.closed_at FROM questions q JOIN participations p ON p.id = q.participation_id JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE q.id = OLD.question_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_answer_refs_insert BEFORE INSERT ON answer_refs
  WHEN (SELECT c.closed_at FROM questions q JOIN participations p ON p.id = q.participation_id JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE q.id = NEW.question_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_answer_refs_update BEFORE UPDATE ON answer_refs
  WHEN (SELECT c.closed_at FROM questions q JOIN participations p ON p.id = q.participation_id JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE q.id = OLD.question_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_answer_refs_delete BEFORE DELETE ON answer_refs
  WHEN (SELECT c.closed_at FROM questions q JOIN participations p ON p.id = q.participation_id JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE q.id = OLD.question_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_question_anchors_insert BEFORE INSERT ON question_anchors
  WHEN (SELECT c.closed_at FROM questions q JOIN participations p ON p.id = q.participation_id JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE q.id = NEW.question_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_question_anchors_update BEFORE UPDATE ON question_anchors
  WHEN (SELECT c.closed_at FROM questions q JOIN participations p ON p.id = q.participation_id JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE q.id = OLD.question_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_question_anchors_delete BEFORE DELETE ON question_anchors
  WHEN (SELECT c.closed_at FROM questions q JOIN participations p ON p.id = q.participation_id JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE q.id = OLD.question_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_submissions_insert BEFORE INSERT ON submissions
  WHEN (SELECT c.closed_at FROM participations p JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE p.id = NEW.participation_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_submissions_update BEFORE UPDATE ON submissions
  WHEN (SELECT c.closed_at FROM participations p JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE p.id = OLD.participation_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_submissions_delete BEFORE DELETE ON submissions
  WHEN (SELECT c.closed_at FROM participations p JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE p.id = OLD.participation_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_data_drafts_insert BEFORE INSERT ON data_drafts
  WHEN (SELECT c.closed_at FROM participations p JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE p.id = NEW.participation_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_data_drafts_update BEFORE UPDATE ON data_drafts
  WHEN (SELECT c.closed_at FROM participations p JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE p.id = OLD.participation_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_data_drafts_delete BEFORE DELETE ON data_drafts
  WHEN (SELECT c.closed_at FROM participations p JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE p.id = OLD.participation_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_text_drafts_insert BEFORE INSERT ON text_drafts
  WHEN (SELECT c.closed_at FROM participations p JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE p.id = NEW.participation_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_text_drafts_update BEFORE UPDATE ON text_drafts
  WHEN (SELECT c.closed_at FROM participations p JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE p.id = OLD.participation_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_text_drafts_delete BEFORE DELETE ON text_drafts
  WHEN (SELECT c.closed_at FROM participations p JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE p.id = OLD.participation_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_wg_remarks_insert BEFORE INSERT ON wg_remarks
  WHEN (SELECT c.closed_at FROM participations p JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE p.id = NEW.participation_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_wg_remarks_update BEFORE UPDATE ON wg_remarks
  WHEN (SELECT c.closed_at FROM participations p JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE p.id = OLD.participation_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_wg_remarks_delete BEFORE DELETE ON wg_remarks
  WHEN (SELECT c.closed_at FROM participations p JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE p.id = OLD.participation_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_submission_pages_insert BEFORE INSERT ON submission_pages
  WHEN (SELECT c.closed_at FROM submissions s JOIN participations p ON p.id = s.participation_id JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE s.id = NEW.submission_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_submission_pages_update BEFORE UPDATE ON submission_pages
  WHEN (SELECT c.closed_at FROM submissions s JOIN participations p ON p.id = s.participation_id JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE s.id = OLD.submission_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_submission_pages_delete BEFORE DELETE ON submission_pages
  WHEN (SELECT c.closed_at FROM submissions s JOIN participations p ON p.id = s.participation_id JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE s.id = OLD.submission_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_submission_data_insert BEFORE INSERT ON submission_data
  WHEN (SELECT c.closed_at FROM submissions s JOIN participations p ON p.id = s.participation_id JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE s.id = NEW.submission_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_submission_data_update BEFORE UPDATE ON submission_data
  WHEN (SELECT c.closed_at FROM submissions s JOIN participations p ON p.id = s.participation_id JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE s.id = OLD.submission_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_submission_data_delete BEFORE DELETE ON submission_data
  WHEN (SELECT c.closed_at FROM submissions s JOIN participations p ON p.id = s.participation_id JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE s.id = OLD.submission_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_submission_texts_insert BEFORE INSERT ON submission_texts
  WHEN (SELECT c.closed_at FROM submissions s JOIN participations p ON p.id = s.participation_id JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE s.id = NEW.submission_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_submission_texts_update BEFORE UPDATE ON submission_texts
  WHEN (SELECT c.closed_at FROM submissions s JOIN participations p ON p.id = s.participation_id JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE s.id = OLD.submission_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_submission_texts_delete BEFORE DELETE ON submission_texts
  WHEN (SELECT c.closed_at FROM submissions s JOIN participations p ON p.id = s.participation_id JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE s.id = OLD.submission_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_survey_documents_insert BEFORE INSERT ON survey_documents
  WHEN (SELECT c.closed_at FROM submissions s JOIN participations p ON p.id = s.participation_id JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE s.id = NEW.submission_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_survey_documents_update BEFORE UPDATE ON survey_documents
  WHEN (SELECT c.closed_at FROM submissions s JOIN participations p ON p.id = s.participation_id JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE s.id = OLD.submission_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_survey_documents_delete BEFORE DELETE ON survey_documents
  WHEN (SELECT c.closed_at FROM submissions s JOIN participations p ON p.id = s.participation_id JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE s.id = OLD.submission_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_survey_document_pages_insert BEFORE INSERT ON survey_document_pages
  WHEN (SELECT c.closed_at FROM submissions s JOIN participations p ON p.id = s.participation_id JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE s.id = NEW.submission_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_survey_document_pages_update BEFORE UPDATE ON survey_document_pages
  WHEN (SELECT c.closed_at FROM submissions s JOIN participations p ON p.id = s.participation_id JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE s.id = OLD.submission_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_survey_document_pages_delete BEFORE DELETE ON survey_document_pages
  WHEN (SELECT c.closed_at FROM submissions s JOIN participations p ON p.id = s.participation_id JOIN wgs w ON w.id = p.wg_id JOIN cycles c ON c.id = w.cycle_id WHERE s.id = OLD.submission_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_participations_insert BEFORE INSERT ON participations
  WHEN (SELECT c.closed_at FROM wgs w JOIN cycles c ON c.id = w.cycle_id WHERE w.id = NEW.wg_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_wgs_insert BEFORE INSERT ON wgs
  WHEN (SELECT closed_at FROM cycles WHERE id = NEW.cycle_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_templates_insert BEFORE INSERT ON templates
  WHEN (SELECT closed_at FROM cycles WHERE id = NEW.cycle_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_editions_insert BEFORE INSERT ON editions
  WHEN (SELECT closed_at FROM cycles WHERE year = NEW.cycle) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_participations_update BEFORE UPDATE ON participations
  WHEN (SELECT c.closed_at FROM wgs w JOIN cycles c ON c.id = w.cycle_id WHERE w.id = OLD.wg_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_wgs_update BEFORE UPDATE ON wgs
  WHEN (SELECT closed_at FROM cycles WHERE id = OLD.cycle_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_templates_update BEFORE UPDATE ON templates
  WHEN (SELECT closed_at FROM cycles WHERE id = OLD.cycle_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_editions_update BEFORE UPDATE ON editions
  WHEN (SELECT closed_at FROM cycles WHERE year = OLD.cycle) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_participations_delete BEFORE DELETE ON participations
  WHEN (SELECT c.closed_at FROM wgs w JOIN cycles c ON c.id = w.cycle_id WHERE w.id = OLD.wg_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_wgs_delete BEFORE DELETE ON wgs
  WHEN (SELECT closed_at FROM cycles WHERE id = OLD.cycle_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_templates_delete BEFORE DELETE ON templates
  WHEN (SELECT closed_at FROM cycles WHERE id = OLD.cycle_id) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;
CREATE TRIGGER closed_editions_delete BEFORE DELETE ON editions
  WHEN (SELECT closed_at FROM cycles WHERE year = OLD.cycle) IS NOT NULL BEGIN SELECT RAISE(ABORT, 'cnap: cycle closed'); END;

