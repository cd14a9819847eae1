#include "base/compat.h"
#include "base/utf8.h"
#include "usecase/notify.h"
#include "usecase/questions.h"

#include <string.h>

/* The question as it stands, for a decision about it; ENOTFOUND when the actor may not know of it. */
static enum cnap_err load_visible(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
				  struct cnap_arena *a, struct cnap_question *q, struct cnap_error *err)
{
	enum cnap_err rc = cnap_store_question_get(s, id, a, q, err);
	if (rc == CNAP_OK && !cnap_policy_question_visible(actor, q))
		rc = cnap_fail(err, CNAP_ENOTFOUND, "question.id", "unknown question %lld", (long long)id);
	return rc;
}

unsigned cnap_uc_question_steps(const struct cnap_actor *actor, const struct cnap_question *q)
{
	return cnap_policy_steps(actor, q);
}

enum cnap_err cnap_uc_question_show(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
				    struct cnap_arena *a, struct cnap_uc_question *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	enum cnap_err rc = load_visible(s, actor, id, a, &out->q, err);
	if (rc)
		return rc;
	const struct cnap_question *q = &out->q;
	out->steps = cnap_policy_steps(actor, q);
	out->edit_denied = cnap_policy_check(actor, CNAP_ACT_QUESTION_EDIT, q, NULL);
	out->answer_denied = cnap_policy_check(actor, CNAP_ACT_ANSWER_SAVE, q, NULL);
	out->can_edit = out->edit_denied == CNAP_OK;
	out->can_refer = cnap_policy_check(actor, CNAP_ACT_QUESTION_REFER, q, NULL) == CNAP_OK;
	out->can_answer = q->status == CNAP_Q_SENT && out->answer_denied == CNAP_OK;
	out->can_see_history = cnap_policy_check(actor, CNAP_ACT_QUESTION_VIEW_INTERNAL, q, NULL) == CNAP_OK;
	out->can_confirm_anchor = cnap_policy_check(actor, CNAP_ACT_QUESTION_CONFIRM_ANCHOR, q, NULL) == CNAP_OK;
	out->can_carry = cnap_policy_check(actor, CNAP_ACT_QUESTION_CARRY, q, NULL) == CNAP_OK;
	cnap_policy_question_redact(actor, &out->q);
	return CNAP_OK;
}

enum cnap_err cnap_uc_question_carry(struct cnap_store *s, const struct cnap_actor *actor, int64_t id, bool on,
				     struct cnap_error *err)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_question q;
	cnap_store_set_actor(s, actor->login);
	enum cnap_err rc = cnap_store_begin(s, err);
	if (rc) {
		cnap_arena_release(&a);
		return rc;
	}
	if (!(rc = load_visible(s, actor, id, &a, &q, err)) &&
	    !(rc = cnap_policy_check(actor, CNAP_ACT_QUESTION_CARRY, &q, err)))
		rc = cnap_store_question_carry_set(s, id, on, err);
	rc = cnap_store_finish(s, rc, err);
	cnap_arena_release(&a);
	return rc;
}

enum cnap_err cnap_uc_question_list(struct cnap_store *s, const struct cnap_actor *actor,
				    const struct cnap_question_filter *f, struct cnap_arena *a,
				    struct cnap_question **out, size_t *n, struct cnap_error *err)
{
	struct cnap_question_filter scoped = *f;
	cnap_policy_question_scope(actor, &scoped);
	enum cnap_err rc = cnap_store_question_list(s, &scoped, a, out, n, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < *n; i++)
		cnap_policy_question_redact(actor, &(*out)[i]);
	return CNAP_OK;
}

enum cnap_err cnap_uc_question_history(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
				       struct cnap_arena *a, struct cnap_audit_entry **out, size_t *n,
				       struct cnap_error *err)
{
	struct cnap_question q;
	enum cnap_err rc;
	if ((rc = load_visible(s, actor, id, a, &q, err)) ||
	    (rc = cnap_policy_check(actor, CNAP_ACT_QUESTION_VIEW_INTERNAL, &q, err)) ||
	    (rc = cnap_store_audit_list(s, "question", id, a, out, n, err)))
		return rc;
	for (size_t i = 0; i < *n; i++)
		cnap_policy_audit_redact(actor, &(*out)[i]);
	return CNAP_OK;
}

enum cnap_err cnap_uc_question_refer_options(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
					     struct cnap_arena *a, struct cnap_question **out, size_t *n,
					     struct cnap_error *err)
{
	struct cnap_question q, *all;
	size_t n_all;
	enum cnap_err rc;
	*out = NULL;
	*n = 0;
	if ((rc = load_visible(s, actor, id, a, &q, err)))
		return rc;
	if (cnap_policy_check(actor, CNAP_ACT_ANSWER_SAVE, &q, NULL) &&
	    (rc = cnap_policy_check(actor, CNAP_ACT_QUESTION_REFER, &q, err)))
		return rc;
	struct cnap_question_filter f = { .year = q.cycle_year, .wg_code = q.wg_code,
					  .association_code = q.association_code, .status = -1 };
	if ((rc = cnap_uc_question_list(s, actor, &f, a, &all, &n_all, err)))
		return rc;
	size_t kept = 0;
	/* References do not chain: only questions that hold their own answer. */
	for (size_t i = 0; i < n_all; i++)
		if (cnap_policy_refer_target(&q, &all[i]) && !all[i].n_refers_to)
			all[kept++] = all[i];
	*out = all;
	*n = kept;
	return CNAP_OK;
}

/* Where the answer to q may point; the store then checks the association and chains. */
static enum cnap_err check_refer_target(struct cnap_store *s, const struct cnap_question *q, int64_t target,
					struct cnap_error *err)
{
	if (target <= 0)
		return cnap_fail(err, CNAP_EINVAL, "question.refers_to", "a question id is a positive number");
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_question t;
	enum cnap_err rc = cnap_store_question_get(s, target, &a, &t, err);
	if (rc == CNAP_ENOTFOUND)
		rc = cnap_fail(err, rc, "question.refers_to", "unknown question %lld", (long long)target);
	else if (!rc && !cnap_policy_refer_target(q, &t))
		rc = cnap_fail(err, CNAP_EINVAL, "question.refers_to",
			       t.id == q->id ? "a question cannot refer to itself"
			       : strcmp(t.association_code, q->association_code) || strcmp(t.wg_code, q->wg_code)
				       ? "question %lld belongs to another association's list"
				       : "question %lld is %s: the association cannot see it",
			       (long long)target, cnap_qstatus_name(t.status));
	cnap_arena_release(&a);
	return rc;
}

/* The references of r checked for q and put on it (their ids copied into a). */
static enum cnap_err set_refs(struct cnap_store *s, struct cnap_question *q, const struct cnap_answer_refs *r,
			      struct cnap_arena *a, struct cnap_error *err)
{
	if (r->n > CNAP_MAX_REFERS)
		return cnap_fail(err, CNAP_EINVAL, "question.refers_to", "an answer refers to at most %d others",
				 CNAP_MAX_REFERS);
	int64_t *ids = cnap_arena_calloc(a, r->n + 1, sizeof(*ids));
	if (!ids)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < r->n; i++) {
		enum cnap_err rc = check_refer_target(s, q, r->ids[i], err);
		if (rc)
			return rc;
		ids[i] = r->ids[i];
	}
	q->refers_to_ids = ids;
	q->refers_to_refs = NULL;
	q->n_refers_to = r->n;
	q->refers_first = r->n && r->first;
	return CNAP_OK;
}

static bool refs_differ(const struct cnap_question *q, const struct cnap_answer_refs *r)
{
	if (q->n_refers_to != r->n || (r->n && q->refers_first != r->first))
		return true;
	for (size_t i = 0; i < r->n; i++)
		if (q->refers_to_ids[i] != r->ids[i])
			return true;
	return false;
}

/*
 * An item named as people see it (「Ⅱ．（５）」, 「Ⅱ.5」) is looked up in the association's outline and
 * replaced by its key; a key (letters, digits, dots) is left for the store to check. *key then
 * points into a.
 */
static enum cnap_err resolve_item(struct cnap_store *s, int year, const char *wg_code, const char *association_code,
				  const char **key, struct cnap_arena *a, struct cnap_error *err)
{
	if (!*key || !cnap_check_code(*key, "question.item", NULL))
		return CNAP_OK;
	struct cnap_participation p;
	struct cnap_template t;
	enum cnap_err rc;
	if ((rc = cnap_store_participation_get(s, year, wg_code, association_code, a, &p, err)) ||
	    (rc = cnap_store_template_get(s, year, p.template_code, a, &t, err)))
		return rc;
	const struct cnap_survey_item *it = cnap_template_item_find(a, &t, *key);
	if (!it)
		return cnap_fail(err, CNAP_ENOTFOUND, "question.item", "unknown survey item '%s' for association '%s'",
				 *key, association_code);
	*key = it->key;
	return CNAP_OK;
}

/* The version a question was read on must be one of the association's (0: the latest, whichever it is). */
static enum cnap_err check_read_version(struct cnap_store *s, int year, const struct cnap_question *q,
					struct cnap_arena *a, struct cnap_error *err)
{
	if (!q->submission_version)
		return CNAP_OK;
	struct cnap_participation p;
	enum cnap_err rc = cnap_store_participation_get(s, year, q->wg_code, q->association_code, a, &p, err);
	for (size_t i = 0; !rc && i < p.n_submissions; i++)
		if (p.submissions[i].version == q->submission_version)
			return CNAP_OK;
	return rc ? rc
		  : cnap_fail(err, CNAP_ENOTFOUND, "question.version", "調査票の第%d版はありません",
			      q->submission_version);
}

/* The quote as stored: normalised (model/model.h), then checked by the store. */
static enum cnap_err take_quote(struct cnap_question *nq, struct cnap_arena *a, struct cnap_error *err)
{
	bool oom;
	nq->quote = cnap_quote_normalize(a, nq->quote, &oom);
	return oom ? cnap_fail(err, CNAP_ENOMEM, "", "out of memory") : CNAP_OK;
}

enum cnap_err cnap_uc_question_file(struct cnap_store *s, const struct cnap_actor *actor, int year,
				    const struct cnap_question *q, bool submit_now, int64_t *id_out,
				    struct cnap_error *err)
{
	enum cnap_err rc = cnap_policy_check_scope(actor, CNAP_ACT_QUESTION_FILE, q->wg_code, q->association_code, err);
	if (rc)
		return rc;
	if (q->n_refers_to && (rc = cnap_policy_check_scope(actor, CNAP_ACT_QUESTION_REFER, NULL, NULL, err)))
		return rc;
	for (size_t i = 0; i < q->n_refers_to; i++)
		if ((rc = check_refer_target(s, q, q->refers_to_ids[i], err)))
			return rc;
	struct cnap_question nq = *q;
	nq.author = actor->system ? NULL : actor->login;
	nq.status = actor->role == CNAP_ROLE_SECRETARIAT ? CNAP_Q_APPROVED
		    : submit_now			   ? CNAP_Q_SUBMITTED
							   : CNAP_Q_DRAFT;
	nq.has_answer = false;
	memset(&nq.anchor, 0, sizeof(nq.anchor));
	struct cnap_arena a;
	cnap_arena_init(&a);
	cnap_store_set_actor(s, actor->login);
	/* the question and the notice it causes: one transaction */
	if ((rc = cnap_store_begin(s, err))) {
		cnap_arena_release(&a);
		return rc;
	}
	if (!(rc = resolve_item(s, year, q->wg_code, q->association_code, &nq.item_key, &a, err)) &&
	    !(rc = check_read_version(s, year, &nq, &a, err)) && !(rc = take_quote(&nq, &a, err)) &&
	    !(rc = cnap_store_question_add(s, year, &nq, id_out, err)) && nq.status == CNAP_Q_SUBMITTED) {
		/* filed and handed over in one go: the secretariat has it now */
		nq.id = *id_out;
		nq.cycle_year = year;
		rc = cnap_notify_question_moved(s, actor, &nq, CNAP_Q_DRAFT, NULL, err);
	}
	rc = cnap_store_finish(s, rc, err);
	cnap_arena_release(&a);
	return rc;
}

/* Apply e to q inside the caller's transaction, after the policy has agreed. */
static enum cnap_err apply_edit(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_question *q,
				const struct cnap_question_edit *e, struct cnap_arena *a, struct cnap_error *err)
{
	enum cnap_err rc;
	if ((rc = cnap_policy_check(actor, CNAP_ACT_QUESTION_EDIT, q, err)))
		return rc;
	bool retarget = e->refers && refs_differ(q, e->refers);
	bool refer = (e->no > 0 && e->no != q->no) || retarget;
	if (refer && (rc = cnap_policy_check(actor, CNAP_ACT_QUESTION_REFER, q, err)))
		return rc;
	if (retarget && (rc = set_refs(s, q, e->refers, a, err)))
		return rc;
	if (e->text) q->text = e->text;
	if (e->item_key) {
		q->item_key = e->item_key;
		if ((rc = resolve_item(s, q->cycle_year, q->wg_code, q->association_code, &q->item_key, a, err)))
			return rc;
	}
	if (e->page >= 0) q->page = e->page;
	if (e->note) q->note = e->note;
	bool new_deadline = e->due_on && strcmp(e->due_on, q->due_on ? q->due_on : "") != 0;
	if (e->due_on) q->due_on = *e->due_on ? e->due_on : NULL;
	if (e->no > 0) q->no = e->no;
	if ((rc = cnap_store_question_update(s, q, "question.edit", err)))
		return rc;
	return new_deadline ? cnap_notify_deadline_changed(s, q, err) : CNAP_OK;
}

enum cnap_err cnap_uc_question_edit(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
				    const struct cnap_question_edit *e, struct cnap_error *err)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_question q;
	cnap_store_set_actor(s, actor->login);
	enum cnap_err rc = cnap_store_begin(s, err);
	if (!rc) {
		if (!(rc = load_visible(s, actor, id, &a, &q, err)))
			rc = apply_edit(s, actor, &q, e, &a, err);
		rc = cnap_store_finish(s, rc, err);
	}
	cnap_arena_release(&a);
	return rc;
}

/* One step inside the caller's transaction. */
static enum cnap_err take_step(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_question *q,
			       enum cnap_step step, const char *comment, struct cnap_error *err)
{
	enum cnap_qstatus to;
	enum cnap_err rc = cnap_policy_step(actor, q, step, &to, err);
	if (rc)
		return rc;
	char action[48];
	snprintf(action, sizeof(action), "question.%s", cnap_step_name(step));
	if ((step == CNAP_STEP_ACCEPT || step == CNAP_STEP_RETURN) && q->has_answer) {
		struct cnap_answer ans = q->answer;
		ans.author = NULL; /* keep the association's author */
		ans.status = step == CNAP_STEP_ACCEPT ? CNAP_A_ACCEPTED : CNAP_A_RETURNED;
		ans.return_comment = step == CNAP_STEP_RETURN ? comment : NULL;
		if ((rc = cnap_store_answer_set(s, q->id, &ans,
						step == CNAP_STEP_ACCEPT ? "answer.accept" : "answer.return", err)))
			return rc;
	}
	enum cnap_qstatus from = q->status;
	q->status = to;
	if ((rc = cnap_store_question_update_why(s, q, action, step == CNAP_STEP_REOPEN ? comment : NULL, err)))
		return rc;
	return cnap_notify_question_moved(s, actor, q, from, comment, err);
}

enum cnap_err cnap_uc_question_step(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
				    enum cnap_step step, const char *comment, const char *due_on,
				    struct cnap_error *err)
{
	enum cnap_err rc0;
	if ((unsigned)step >= CNAP_STEP_COUNT)
		return cnap_fail(err, CNAP_EINVAL, "step", "unknown workflow step");
	if (step == CNAP_STEP_RETURN && (!comment || !*comment))
		return cnap_fail(err, CNAP_EINVAL, "answer.return_comment", "returning an answer needs a comment saying why");
	if (step == CNAP_STEP_REOPEN && (!comment || !*comment))
		return cnap_fail(err, CNAP_EINVAL, "question.reopen_reason", "訂正のため再開するには理由が必要です");
	if (step == CNAP_STEP_REOPEN &&
	    (rc0 = cnap_text_check(comment, CNAP_MAX_NOTE_CHARS, CNAP_TEXT_MULTILINE, "question.reopen_reason", err)))
		return rc0;
	if (due_on && *due_on && step != CNAP_STEP_SEND)
		return cnap_fail(err, CNAP_EINVAL, "question.due_on", "a deadline is set when the question is sent");
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_question q;
	cnap_store_set_actor(s, actor->login);
	enum cnap_err rc = cnap_store_begin(s, err);
	if (rc) {
		cnap_arena_release(&a);
		return rc;
	}
	if ((rc = load_visible(s, actor, id, &a, &q, err)))
		goto out;
	/* Sending with a deadline: both happen or neither. */
	if (due_on && *due_on) {
		struct cnap_question_edit e = { .page = -1, .due_on = due_on };
		if ((rc = cnap_policy_step(actor, &q, step, NULL, err)) || (rc = apply_edit(s, actor, &q, &e, &a, err)))
			goto out;
	}
	rc = take_step(s, actor, &q, step, comment, err);
out:
	rc = cnap_store_finish(s, rc, err);
	cnap_arena_release(&a);
	return rc;
}

enum cnap_err cnap_uc_publish_accepted(struct cnap_store *s, const struct cnap_actor *actor, int year,
				       const char *wg_code, const char *association_code, size_t *published_out,
				       struct cnap_error *err)
{
	enum cnap_err rc = cnap_policy_check_scope(actor, CNAP_ACT_PUBLISH, wg_code, association_code, err);
	if (rc)
		return rc;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_question *qs;
	size_t nq, done = 0;
	cnap_store_set_actor(s, actor->login);
	if ((rc = cnap_store_begin(s, err))) {
		cnap_arena_release(&a);
		return rc;
	}
	/* Read inside the transaction: what is published is what was accepted at that moment. */
	struct cnap_question_filter f = { .year = year, .wg_code = wg_code, .association_code = association_code,
					  .status = CNAP_Q_ACCEPTED };
	rc = cnap_uc_question_list(s, actor, &f, &a, &qs, &nq, err);
	for (size_t i = 0; !rc && i < nq; i++) {
		struct cnap_question q;
		if (!(rc = cnap_store_question_get(s, qs[i].id, &a, &q, err)) &&
		    !(rc = take_step(s, actor, &q, CNAP_STEP_PUBLISH, NULL, err)))
			done++;
	}
	rc = cnap_store_finish(s, rc, err);
	cnap_arena_release(&a);
	if (!rc && published_out)
		*published_out = done;
	return rc;
}

enum cnap_err cnap_uc_answer_save(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
				  const char *text, const struct cnap_answer_refs *refs, bool submit,
				  struct cnap_error *err)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_question q;
	enum cnap_err rc;
	cnap_store_set_actor(s, actor->login);
	if ((rc = cnap_store_begin(s, err))) {
		cnap_arena_release(&a);
		return rc;
	}
	if ((rc = load_visible(s, actor, id, &a, &q, err)) ||
	    (rc = cnap_policy_check(actor, CNAP_ACT_ANSWER_SAVE, &q, err)))
		goto out;
	/* The references are part of the answer: set in the same transaction, audited as answer.refer. */
	bool retarget = refs && refs_differ(&q, refs);
	if (retarget && (rc = set_refs(s, &q, refs, &a, err)))
		goto out;
	if ((!text || !*text) && !q.n_refers_to) {
		rc = cnap_fail(err, CNAP_EINVAL, "answer.text",
			       "an answer needs its own text or a reference to another answer");
		goto out;
	}
	struct cnap_answer ans = { .text = text ? text : "", .author = actor->login,
				   .status = submit ? CNAP_A_SUBMITTED : CNAP_A_DRAFT };
	if ((rc = cnap_store_answer_set(s, id, &ans, submit ? "answer.submit" : "answer.draft", err)) ||
	    (retarget && (rc = cnap_store_question_update(s, &q, "answer.refer", err))))
		goto out;
	if (submit) {
		enum cnap_qstatus from = q.status;
		q.status = CNAP_Q_ANSWERED;
		q.has_answer = true;
		q.answer = ans;
		if (!(rc = cnap_store_question_update(s, &q, "question.answered", err)))
			rc = cnap_notify_question_moved(s, actor, &q, from, NULL, err);
	}
out:
	rc = cnap_store_finish(s, rc, err);
	cnap_arena_release(&a);
	return rc;
}
