/* Questions and answers. */
#include "base/compat.h"
#include "base/utf8.h"
#include "store/store_int.h"

#include <stdlib.h>
#include <string.h>

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")

static enum cnap_err check_question(const struct cnap_question *q, struct cnap_error *err)
{
	enum cnap_err rc;
	if ((rc = cnap_check_code(q->item_key, "question.item", err)) || (rc = cnap_check_page(q->page, "question.page", err)) ||
	    (rc = cnap_text_check(q->text, CNAP_MAX_QUESTION_CHARS, CNAP_TEXT_MULTILINE, "question.text", err)) ||
	    (rc = cnap_text_check(q->note, CNAP_MAX_NOTE_CHARS, CNAP_TEXT_MULTILINE | CNAP_TEXT_OPTIONAL, "question.note",
				  err)))
		return rc;
	if (q->due_on && (rc = cnap_check_date(q->due_on, "question.due_on", err)))
		return rc;
	if ((rc = cnap_check_quote(q->quote, "question.quote", err)))
		return rc;
	if ((unsigned)q->status >= CNAP_Q_COUNT)
		return cnap_fail(err, CNAP_EINVAL, "question.status", "unknown question status");
	return CNAP_OK;
}

/* The item must exist in the participant's outline. */
static enum cnap_err check_item(struct cnap_store *s, int64_t pid, const char *key, struct cnap_error *err)
{
	int64_t one;
	enum cnap_err rc = query_id(s,
		"SELECT 1 FROM template_items ti JOIN participations p ON p.template_id = ti.template_id "
		"WHERE p.id = ? AND ti.key = ?",
		key, NULL, pid, &one, err);
	if (rc == CNAP_ENOTFOUND)
		return cnap_fail(err, rc, "question.item",
				 "unknown survey item '%s' for this association", key);
	return rc;
}

/* One answer referred to by question self (0 while filing) of participation pid. */
static enum cnap_err check_refers_to(struct cnap_store *s, int64_t pid, int64_t self, int64_t target,
				     struct cnap_error *err)
{
	if (target <= 0)
		return cnap_fail(err, CNAP_EINVAL, "question.refers_to", "a question id is a positive number");
	if (target == self)
		return cnap_fail(err, CNAP_EINVAL, "question.refers_to", "a question cannot refer to itself");
	int64_t tpid;
	enum cnap_err rc = query_id(s, "SELECT participation_id FROM questions WHERE id = ?", NULL, NULL, target,
				    &tpid, err);
	if (rc == CNAP_ENOTFOUND)
		return cnap_fail(err, rc, "question.refers_to", "unknown question %lld", (long long)target);
	if (!rc && tpid != pid)
		return cnap_fail(err, CNAP_EINVAL, "question.refers_to",
				 "question %lld belongs to another association", (long long)target);
	if (rc)
		return rc;
	/* The answer must be where the reference points: no chains (and so no cycles), nothing withdrawn. */
	int64_t chained = 0, gone = 0;
	if ((rc = query_id(s, "SELECT coalesce(min(target_id), 0) FROM answer_refs WHERE question_id = ?", NULL, NULL,
			   target, &chained, err)) ||
	    (rc = query_id(s, "SELECT status IN ('withdrawn', 'merged') FROM questions WHERE id = ?", NULL, NULL, target,
			   &gone, err)))
		return rc;
	if (chained)
		return cnap_fail(err, CNAP_EINVAL, "question.refers_to",
				 "question %lld itself refers to question %lld; refer to that one directly",
				 (long long)target, (long long)chained);
	if (gone)
		return cnap_fail(err, CNAP_EINVAL, "question.refers_to", "question %lld is withdrawn", (long long)target);
	int64_t referred = 0;
	if (self && (rc = query_id(s, "SELECT count(*) FROM answer_refs WHERE target_id = ?", NULL, NULL, self,
				   &referred, err)))
		return rc;
	if (referred)
		return cnap_fail(err, CNAP_EINVAL, "question.refers_to",
				 "other questions refer to question %lld for its answer, so it cannot refer on",
				 (long long)self);
	return CNAP_OK;
}

static bool same_refs(const struct cnap_question *a, const struct cnap_question *b)
{
	if (a->n_refers_to != b->n_refers_to)
		return false;
	for (size_t i = 0; i < a->n_refers_to; i++)
		if (a->refers_to_ids[i] != b->refers_to_ids[i])
			return false;
	return true;
}

/* Every reference of q checked (q->id 0 while filing): at most CNAP_MAX_REFERS, none twice. */
static enum cnap_err check_refs(struct cnap_store *s, int64_t pid, const struct cnap_question *q,
				struct cnap_error *err)
{
	if (q->n_refers_to > CNAP_MAX_REFERS)
		return cnap_fail(err, CNAP_EINVAL, "question.refers_to", "an answer refers to at most %d others",
				 CNAP_MAX_REFERS);
	for (size_t i = 0; i < q->n_refers_to; i++) {
		for (size_t j = 0; j < i; j++)
			if (q->refers_to_ids[j] == q->refers_to_ids[i])
				return cnap_fail(err, CNAP_EINVAL, "question.refers_to", "question %lld is named twice",
						 (long long)q->refers_to_ids[i]);
		enum cnap_err rc = check_refers_to(s, pid, q->id, q->refers_to_ids[i], err);
		if (rc)
			return rc;
	}
	return CNAP_OK;
}

/* Replace the references of question qid by q's, inside the caller's transaction. */
static enum cnap_err write_refs(struct cnap_store *s, int64_t qid, const struct cnap_question *q,
				struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc;
	if ((rc = st_prepare(s, "DELETE FROM answer_refs WHERE question_id = ?", &st, err)))
		return rc;
	st_int(s, st, 1, qid);
	if ((rc = st_done(s, st, "answer reference", err)))
		return rc;
	for (size_t i = 0; i < q->n_refers_to; i++) {
		if ((rc = st_prepare(s, "INSERT INTO answer_refs (question_id, position, target_id) VALUES (?,?,?)", &st,
				     err)))
			return rc;
		st_int(s, st, 1, qid);
		st_int(s, st, 2, (int64_t)i + 1);
		st_int(s, st, 3, q->refers_to_ids[i]);
		if ((rc = st_done(s, st, "answer reference", err)))
			return rc;
	}
	return CNAP_OK;
}

enum cnap_err cnap_store_question_add(struct cnap_store *s, int year, const struct cnap_question *q,
				      int64_t *id_out, struct cnap_error *err)
{
	enum cnap_err rc;
	if ((rc = check_question(q, err)))
		return rc;
	if ((rc = tx_enter(s, err)))
		return rc;
	int64_t pid, author = 0, no = q->no;
	if ((rc = participation_id(s, year, q->wg_code, q->association_code, &pid, err)) ||
	    (rc = check_item(s, pid, q->item_key, err)) || (rc = check_refs(s, pid, q, err)))
		return tx_leave(s, rc, err);
	if (q->author && (rc = user_id(s, q->author, &author, err))) {
		if (rc == CNAP_ENOTFOUND)
			cnap_fail(err, rc, "question.author", "unknown user '%s'", q->author);
		return tx_leave(s, rc, err);
	}
	if (!no && (rc = query_id(s, "SELECT coalesce(max(no), 0) + 1 FROM questions WHERE participation_id = ?",
				  NULL, NULL, pid, &no, err)))
		return tx_leave(s, rc, err);
	struct cnap_stmt *st;
	if ((rc = st_prepare(s,
		      "INSERT INTO questions (participation_id, no, item_key, page, submission_version, text, author_id, "
		      "note, status, refs_first, due_on, created_at, updated_at, quote, follows_id, follows_remark_id) "
		      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
		      &st, err)))
		return tx_leave(s, rc, err);
	const char *now = cnap_store_now(s);
	st_int(s, st, 1, pid);
	st_int(s, st, 2, no);
	st_text(s, st, 3, q->item_key);
	st_int(s, st, 4, q->page);
	st_int(s, st, 5, q->submission_version);
	st_text(s, st, 6, q->text);
	if (author)
		st_int(s, st, 7, author);
	else
		st_text(s, st, 7, NULL);
	st_text(s, st, 8, q->note && *q->note ? q->note : NULL);
	st_text(s, st, 9, cnap_qstatus_name(q->status));
	st_int(s, st, 10, q->refers_first);
	st_text(s, st, 11, q->due_on);
	st_text(s, st, 12, now);
	st_text(s, st, 13, now);
	st_text(s, st, 14, q->quote);
	if (q->follows_id)
		st_int(s, st, 15, q->follows_id);
	else
		st_text(s, st, 15, NULL);
	if (q->follows_remark_id)
		st_int(s, st, 16, q->follows_remark_id);
	else
		st_text(s, st, 16, NULL);
	if ((rc = st_done(s, st, "question", err)))
		return tx_leave(s, rc, err);
	int64_t id = s->drv->last_insert_id(s->db);
	if ((rc = write_refs(s, id, q, err)))
		return tx_leave(s, rc, err);
	struct cnap_question snap = *q;
	snap.no = (int)no;
	char *after = question_snapshot(&snap);
	rc = after ? audit_add(s, "question.file", "question", id, NULL, after, err) : OOM(err);
	free(after);
	if (!rc && id_out)
		*id_out = id;
	return tx_leave(s, rc, err);
}

#define QUESTION_COLUMNS                                                                                     \
	"SELECT q.id, w.code, a.code, q.no, q.item_key, q.page, q.submission_version, q.text, u.login, q.note, " \
	"q.status, (SELECT group_concat(target_id) FROM (SELECT target_id FROM answer_refs "                   \
	"WHERE question_id = q.id ORDER BY position)), q.due_on, an.id, an.text, au.login, an.status, "           \
	"an.return_comment, cy.year, q.refs_first, q.quote, qa.changed_version, qa.quote_present, "          \
	"qa.confirmed_version, cu.login, qa.confirmed_at, q.carry_forward, q.follows_id, "                    \
	"(SELECT fc.year FROM questions f JOIN participations fp ON fp.id = f.participation_id "              \
	"JOIN wgs fw ON fw.id = fp.wg_id JOIN cycles fc ON fc.id = fw.cycle_id WHERE f.id = q.follows_id), "  \
	"(SELECT f.no FROM questions f WHERE f.id = q.follows_id), cy.closed_at IS NOT NULL, q.follows_remark_id "\
	"FROM questions q JOIN participations p ON p.id = q.participation_id "                                  \
	"JOIN wgs w ON w.id = p.wg_id JOIN cycles cy ON cy.id = w.cycle_id "                                   \
	"JOIN associations a ON a.id = p.association_id "                                                       \
	"LEFT JOIN users u ON u.id = q.author_id LEFT JOIN answers an ON an.question_id = q.id "                \
	"LEFT JOIN users au ON au.id = an.author_id "                                                           \
	"LEFT JOIN question_anchors qa ON qa.question_id = q.id LEFT JOIN users cu ON cu.id = qa.confirmed_by "

/* "12,15" (NULL: none) into q's ids and export refs; no memory fails the statement, as col_str does. */
static void read_refs(struct cnap_store *s, struct cnap_stmt *st, const char *list, struct cnap_arena *a,
		      struct cnap_question *q)
{
	size_t n = 0;
	for (const char *p = list; p && *p; p++)
		n += *p == ',';
	n = list && *list ? n + 1 : 0;
	if (!n)
		return;
	int64_t *ids = cnap_arena_calloc(a, n, sizeof(*ids));
	const char **refs = cnap_arena_calloc(a, n, sizeof(*refs));
	if (!ids || !refs) {
		s->drv->stmt_fail(st, CNAP_ENOMEM);
		return;
	}
	const char *p = list;
	for (size_t i = 0; i < n; i++) {
		int64_t v = 0;
		while (*p >= '0' && *p <= '9')
			v = v * 10 + (*p++ - '0');
		if (*p == ',')
			p++;
		ids[i] = v;
		refs[i] = cnap_arena_printf(a, "q%lld", (long long)v);
		if (!refs[i]) {
			s->drv->stmt_fail(st, CNAP_ENOMEM);
			return;
		}
	}
	q->refers_to_ids = ids;
	q->refers_to_refs = refs;
	q->n_refers_to = n;
}

/* The anchor's five columns from col on (all NULL: nothing happened to the item yet). */
static void read_anchor(struct cnap_store *s, struct cnap_stmt *st, int col, struct cnap_arena *a,
			struct cnap_question_anchor *an)
{
	const char *present = col_text(s, st, col + 1);
	an->changed_version = (int)col_int(s, st, col);
	an->quote = !present ? CNAP_QUOTE_UNCHECKED : *present == '1' ? CNAP_QUOTE_PRESENT : CNAP_QUOTE_GONE;
	an->confirmed_version = (int)col_int(s, st, col + 2);
	an->confirmed_by = col_str(s, st, col + 3, a);
	an->confirmed_at = col_str(s, st, col + 4, a);
}

static void read_question(struct cnap_store *s, struct cnap_stmt *st, struct cnap_arena *a,
			  struct cnap_question *q)
{
	memset(q, 0, sizeof(*q));
	q->id = col_int(s, st, 0);
	q->wg_code = col_str(s, st, 1, a);
	q->association_code = col_str(s, st, 2, a);
	q->no = (int)col_int(s, st, 3);
	q->item_key = col_str(s, st, 4, a);
	q->page = (int)col_int(s, st, 5);
	q->submission_version = (int)col_int(s, st, 6);
	q->text = col_str(s, st, 7, a);
	q->author = col_str(s, st, 8, a);
	q->note = col_str(s, st, 9, a);
	enum cnap_qstatus qs = CNAP_Q_DRAFT;
	cnap_qstatus_parse(col_text(s, st, 10), &qs);
	q->status = qs;
	read_refs(s, st, col_text(s, st, 11), a, q);
	q->refers_first = col_int(s, st, 19) != 0;
	q->due_on = col_str(s, st, 12, a);
	q->cycle_year = (int)col_int(s, st, 18);
	q->quote = col_str(s, st, 20, a);
	read_anchor(s, st, 21, a, &q->anchor);
	q->carry_forward = col_int(s, st, 26) != 0;
	q->follows_id = col_int(s, st, 27);
	q->follows_year = (int)col_int(s, st, 28);
	q->follows_no = (int)col_int(s, st, 29);
	q->cycle_closed = col_int(s, st, 30) != 0;
	q->follows_remark_id = col_int(s, st, 31);
	if (col_int(s, st, 13)) {
		q->has_answer = true;
		q->answer.id = col_int(s, st, 13);
		q->answer.text = col_str(s, st, 14, a);
		q->answer.author = col_str(s, st, 15, a);
		enum cnap_astatus as = CNAP_A_DRAFT;
		cnap_astatus_parse(col_text(s, st, 16), &as);
		q->answer.status = as;
		q->answer.return_comment = col_str(s, st, 17, a);
	}
}

enum cnap_err cnap_store_question_get(struct cnap_store *s, int64_t id, struct cnap_arena *a,
				      struct cnap_question *out, struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, QUESTION_COLUMNS "WHERE q.id = ?", &st, err);
	if (rc)
		return rc;
	st_int(s, st, 1, id);
	enum cnap_step r = st_step(s, st);
	if (r == CNAP_STEP_ROW) {
		read_question(s, st, a, out);
		rc = st_row_status(s, st, err);
	} else if (r == CNAP_STEP_DONE) {
		rc = cnap_fail(err, CNAP_ENOTFOUND, "question.id", "unknown question %lld", (long long)id);
	} else {
		rc = st_step_error(s, err);
	}
	st_free(s, st);
	return rc;
}

/* ",a,b," for the instr() membership tests (codes and status names hold no commas). */
const char *sql_comma_list(struct cnap_arena *a, const char *const *v, size_t n)
{
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	cnap_buf_adds(&b, ",");
	for (size_t i = 0; i < n; i++) {
		cnap_buf_adds(&b, v[i]);
		cnap_buf_adds(&b, ",");
	}
	const char *out = b.status ? NULL : cnap_arena_strndup(a, b.data, b.len);
	cnap_buf_release(&b);
	return out;
}

const char *sql_status_list(struct cnap_arena *a, unsigned statuses)
{
	const char *names[CNAP_Q_COUNT];
	size_t n = 0;
	for (int i = 0; i < CNAP_Q_COUNT; i++)
		if (statuses & (1u << i))
			names[n++] = cnap_qstatus_name((enum cnap_qstatus)i);
	return sql_comma_list(a, names, n);
}

enum cnap_err cnap_store_question_list(struct cnap_store *s, const struct cnap_question_filter *f,
				       struct cnap_arena *a, struct cnap_question **out, size_t *n,
				       struct cnap_error *err)
{
	int64_t cid, wid = 0, aid = 0;
	enum cnap_err rc;
	*out = NULL;
	*n = 0;
	if ((rc = cycle_id(s, f->year, &cid, err)))
		return rc;
	if (f->none)
		return CNAP_OK;
	if (f->wg_code && (rc = wg_id(s, f->year, f->wg_code, &wid, err)))
		return rc;
	if (f->association_code && (rc = association_id(s, f->association_code, &aid, err)))
		return rc;
	const char *statuses = f->visible_statuses ? sql_status_list(a, f->visible_statuses) : NULL;
	const char *wgs = f->wgs_limited ? sql_comma_list(a, f->wg_codes, f->n_wg_codes) : NULL;
	if ((f->visible_statuses && !statuses) || (f->wgs_limited && !wgs))
		return OOM(err);
#define QUESTION_VISIBLE                                                  \
	"AND (?4 IS NULL OR q.status = ?4) "                               \
	"AND (?5 IS NULL OR instr(?5, ',' || q.status || ',') > 0) "       \
	"AND (?6 IS NULL OR instr(?6, ',' || w.code || ',') > 0) "         \
	"AND (?7 IS NULL OR q.status <> 'draft' OR u.login = ?7) "
	/*
	 * One association in one WG (its page) is one participation: the index on
	 * (participation_id, no) then finds its questions already in order, where
	 * the general query reads the whole cycle's and sorts them.
	 */
	const char *sql = wid && aid
		? QUESTION_COLUMNS "WHERE q.participation_id = "
				   "(SELECT id FROM participations WHERE wg_id = ?2 AND association_id = ?3) "
				   "AND w.cycle_id = ?1 " QUESTION_VISIBLE "ORDER BY q.no, q.id"
		: QUESTION_COLUMNS "WHERE w.cycle_id = ?1 AND (?2 = 0 OR w.id = ?2) AND (?3 = 0 OR a.id = ?3) "
				   QUESTION_VISIBLE "ORDER BY w.id, p.position, q.no, q.id";
#undef QUESTION_VISIBLE
	struct cnap_stmt *st;
	if ((rc = st_prepare(s, sql, &st, err)))
		return rc;
	st_int(s, st, 1, cid);
	st_int(s, st, 2, wid);
	st_int(s, st, 3, aid);
	st_text(s, st, 4, f->status >= 0 ? cnap_qstatus_name((enum cnap_qstatus)f->status) : NULL);
	st_text(s, st, 5, statuses);
	st_text(s, st, 6, wgs);
	st_text(s, st, 7, f->drafts_of);
	struct cnap_question *v = NULL;
	size_t cap = 0, count = 0;
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		struct cnap_question *q = ARENA_PUSH(a, v, cap, count);
		if (!q) {
			st_free(s, st);
			return OOM(err);
		}
		read_question(s, st, a, q);
	}
	st_free(s, st);
	if (r == CNAP_STEP_ERROR)
		return st_step_error(s, err);
	*out = v;
	*n = count;
	return CNAP_OK;
}

enum cnap_err cnap_store_question_update(struct cnap_store *s, const struct cnap_question *q,
					 const char *action, struct cnap_error *err)
{
	return cnap_store_question_update_why(s, q, action, NULL, err);
}

enum cnap_err cnap_store_question_update_why(struct cnap_store *s, const struct cnap_question *q,
					     const char *action, const char *reason, struct cnap_error *err)
{
	enum cnap_err rc;
	if ((rc = check_question(q, err)))
		return rc;
	if ((rc = tx_enter(s, err)))
		return rc;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_question before;
	int64_t pid;
	char *bsnap = NULL, *asnap = NULL;
	if ((rc = cnap_store_question_get(s, q->id, &a, &before, err)) ||
	    (rc = query_id(s, "SELECT participation_id FROM questions WHERE id = ?", NULL, NULL, q->id, &pid, err)) ||
	    (rc = check_item(s, pid, q->item_key, err)) ||
	    (!same_refs(q, &before) && (rc = check_refs(s, pid, q, err))) ||
	    (!same_refs(q, &before) && (rc = write_refs(s, q->id, q, err))))
		goto out;
	struct cnap_stmt *st;
	if ((rc = st_prepare(s,
		      "UPDATE questions SET no = ?, item_key = ?, page = ?, text = ?, note = ?, status = ?, "
		      "refs_first = ?, due_on = ?, updated_at = ? WHERE id = ?",
		      &st, err)))
		goto out;
	st_int(s, st, 1, q->no);
	st_text(s, st, 2, q->item_key);
	st_int(s, st, 3, q->page);
	st_text(s, st, 4, q->text);
	st_text(s, st, 5, q->note && *q->note ? q->note : NULL);
	st_text(s, st, 6, cnap_qstatus_name(q->status));
	st_int(s, st, 7, q->refers_first);
	st_text(s, st, 8, q->due_on);
	st_text(s, st, 9, cnap_store_now(s));
	st_int(s, st, 10, q->id);
	if ((rc = st_done(s, st, "question", err)))
		goto out;
	bsnap = question_snapshot(&before);
	asnap = question_snapshot(q);
	if (asnap && reason) { /* the reason goes into the after record: {"no":…,"reason":"…"} */
		struct cnap_buf b;
		bool first = false;
		cnap_buf_init(&b, 0);
		cnap_buf_add(&b, asnap, strlen(asnap) - 1);
		snap_kv_str(&b, "reason", reason, &first);
		cnap_buf_addc(&b, '}');
		free(asnap);
		asnap = cnap_buf_detach(&b, NULL);
	}
	rc = bsnap && asnap ? audit_add(s, action ? action : "question.edit", "question", q->id, bsnap, asnap, err)
			    : OOM(err);
out:
	free(bsnap);
	free(asnap);
	cnap_arena_release(&a);
	return tx_leave(s, rc, err);
}

enum cnap_err cnap_store_answer_set(struct cnap_store *s, int64_t qid, const struct cnap_answer *ans,
				    const char *action, struct cnap_error *err)
{
	enum cnap_err rc;
	/* "" is an answer that only refers to others (the use case checks that it does). */
	if ((rc = cnap_text_check(ans->text, CNAP_MAX_ANSWER_CHARS, CNAP_TEXT_MULTILINE | CNAP_TEXT_OPTIONAL,
				  "answer.text", err)) ||
	    (rc = cnap_text_check(ans->return_comment, CNAP_MAX_NOTE_CHARS, CNAP_TEXT_MULTILINE | CNAP_TEXT_OPTIONAL,
				  "answer.return_comment", err)))
		return rc;
	if ((rc = tx_enter(s, err)))
		return rc;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_question q;
	int64_t author = 0;
	char *bsnap = NULL, *asnap = NULL;
	if ((rc = cnap_store_question_get(s, qid, &a, &q, err)))
		goto out;
	if (ans->author && (rc = user_id(s, ans->author, &author, err)))
		goto out;
	struct cnap_stmt *st;
	if ((rc = st_prepare(s,
		      "INSERT INTO answers (question_id, text, author_id, status, return_comment, updated_at) "
		      "VALUES (?1,?2,?3,?4,?5,?6) ON CONFLICT (question_id) DO UPDATE SET text = ?2, "
		      "author_id = coalesce(?3, author_id), status = ?4, return_comment = ?5, updated_at = ?6",
		      &st, err)))
		goto out;
	st_int(s, st, 1, qid);
	st_text(s, st, 2, ans->text ? ans->text : "");
	if (author)
		st_int(s, st, 3, author);
	else
		st_text(s, st, 3, NULL);
	st_text(s, st, 4, cnap_astatus_name(ans->status));
	st_text(s, st, 5, ans->return_comment);
	st_text(s, st, 6, cnap_store_now(s));
	if ((rc = st_done(s, st, "answer", err)))
		goto out;
	bsnap = q.has_answer ? answer_snapshot(&q.answer) : NULL;
	asnap = answer_snapshot(ans);
	rc = asnap && (bsnap || !q.has_answer)
		     ? audit_add(s, action ? action : "answer.save", "question", qid, bsnap, asnap, err)
		     : OOM(err);
out:
	free(bsnap);
	free(asnap);
	cnap_arena_release(&a);
	return tx_leave(s, rc, err);
}
