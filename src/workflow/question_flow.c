#include "base/compat.h"
#include "workflow/question_flow.h"

#include <string.h>

static const char *const step_names[CNAP_WF_COUNT] = {
	"submit", "approve", "send", "accept", "return", "publish", "withdraw",
};

const char *cnap_wf_step_name(enum cnap_wf_step step)
{
	return (unsigned)step < CNAP_WF_COUNT ? step_names[step] : "?";
}

bool cnap_wf_step_parse(const char *s, enum cnap_wf_step *out)
{
	for (int i = 0; i < CNAP_WF_COUNT; i++)
		if (s && strcmp(s, step_names[i]) == 0) {
			*out = (enum cnap_wf_step)i;
			return true;
		}
	return false;
}

enum cnap_err cnap_wf_actor_load(struct cnap_store *s, const char *login, struct cnap_arena *a,
				 struct cnap_actor *out, struct cnap_error *err)
{
	struct cnap_user u;
	enum cnap_err rc = cnap_store_user_get(s, login, a, &u, err);
	if (rc)
		return rc;
	out->login = u.login;
	out->role = u.role;
	out->association_code = u.association_code;
	out->wg_codes = (const char *const *)u.wg_codes;
	out->n_wg_codes = u.n_wg_codes;
	return CNAP_OK;
}

static bool actor_in_wg(const struct cnap_actor *a, const char *wg)
{
	for (size_t i = 0; i < a->n_wg_codes; i++)
		if (strcmp(a->wg_codes[i], wg) == 0)
			return true;
	return false;
}

enum cnap_err cnap_wf_question_file(struct cnap_store *s, const struct cnap_actor *actor, int year,
				    const struct cnap_question *q, bool submit_now, int64_t *id_out,
				    struct cnap_error *err)
{
	enum cnap_err rc = cnap_policy_check(actor, CNAP_ACT_QUESTION_FILE, NULL, err);
	if (rc)
		return rc;
	if (actor->role == CNAP_ROLE_REVIEWER && !actor_in_wg(actor, q->wg_code))
		return cnap_fail(err, CNAP_EPERM, "--wg", "reviewer '%s' is not a member of WG '%s'", actor->login,
				 q->wg_code);
	struct cnap_question nq = *q;
	nq.author = actor->system ? NULL : actor->login;
	nq.status = actor->role == CNAP_ROLE_SECRETARIAT ? CNAP_Q_APPROVED
		    : submit_now			   ? CNAP_Q_SUBMITTED
							   : CNAP_Q_DRAFT;
	nq.has_answer = false;
	cnap_store_set_actor(s, actor->login);
	return cnap_store_question_add(s, year, &nq, id_out, err);
}

enum cnap_err cnap_wf_question_edit(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
				    const struct cnap_question_edit *e, struct cnap_error *err)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_question q;
	enum cnap_err rc;
	cnap_store_set_actor(s, actor->login);
	if ((rc = cnap_store_begin(s, err)))
		goto out_no_tx;
	if ((rc = cnap_store_question_get(s, id, &a, &q, err)) ||
	    (rc = cnap_policy_check(actor, CNAP_ACT_QUESTION_EDIT, &q, err)))
		goto out;
	if (q.status == CNAP_Q_PUBLISHED || q.status == CNAP_Q_WITHDRAWN || q.status == CNAP_Q_MERGED) {
		rc = cnap_fail(err, CNAP_ECONFLICT, "--id", "question %lld is %s and can no longer be edited",
			       (long long)id, cnap_qstatus_name(q.status));
		goto out;
	}
	if (e->text) q.text = e->text;
	if (e->item_key) q.item_key = e->item_key;
	if (e->page >= 0) q.page = e->page;
	if (e->note) q.note = e->note;
	if (e->due_on) q.due_on = *e->due_on ? e->due_on : NULL;
	if (e->no > 0) q.no = e->no;
	if (e->refers_to >= 0) q.refers_to_id = e->refers_to;
	rc = cnap_store_question_update(s, &q, "question.edit", err);
out:
	rc = cnap_store_finish(s, rc, err);
out_no_tx:
	cnap_arena_release(&a);
	return rc;
}

struct step_rule {
	enum cnap_action action;
	unsigned from; /* bit set of enum cnap_qstatus */
	enum cnap_qstatus to;
};

#define B(x) (1u << (x))
static const struct step_rule step_rules[CNAP_WF_COUNT] = {
	[CNAP_WF_SUBMIT] = { CNAP_ACT_QUESTION_SUBMIT, B(CNAP_Q_DRAFT), CNAP_Q_SUBMITTED },
	[CNAP_WF_APPROVE] = { CNAP_ACT_QUESTION_APPROVE, B(CNAP_Q_SUBMITTED) | B(CNAP_Q_DRAFT), CNAP_Q_APPROVED },
	[CNAP_WF_SEND] = { CNAP_ACT_QUESTION_SEND, B(CNAP_Q_APPROVED), CNAP_Q_SENT },
	[CNAP_WF_ACCEPT] = { CNAP_ACT_ANSWER_ACCEPT, B(CNAP_Q_ANSWERED), CNAP_Q_ACCEPTED },
	[CNAP_WF_RETURN] = { CNAP_ACT_ANSWER_RETURN, B(CNAP_Q_ANSWERED), CNAP_Q_SENT },
	[CNAP_WF_PUBLISH] = { CNAP_ACT_PUBLISH, B(CNAP_Q_ACCEPTED), CNAP_Q_PUBLISHED },
	[CNAP_WF_WITHDRAW] = { CNAP_ACT_QUESTION_WITHDRAW,
			       B(CNAP_Q_DRAFT) | B(CNAP_Q_SUBMITTED) | B(CNAP_Q_APPROVED) | B(CNAP_Q_SENT) |
				       B(CNAP_Q_ANSWERED) | B(CNAP_Q_ACCEPTED),
			       CNAP_Q_WITHDRAWN },
};

enum cnap_err cnap_wf_question_step(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
				    enum cnap_wf_step step, const char *comment, struct cnap_error *err)
{
	if ((unsigned)step >= CNAP_WF_COUNT)
		return cnap_fail(err, CNAP_EINVAL, "step", "unknown workflow step");
	const struct step_rule *rule = &step_rules[step];
	if (step == CNAP_WF_RETURN && (!comment || !*comment))
		return cnap_fail(err, CNAP_EINVAL, "--comment", "returning an answer needs a comment saying why");
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_question q;
	enum cnap_err rc;
	cnap_store_set_actor(s, actor->login);
	if ((rc = cnap_store_begin(s, err))) {
		cnap_arena_release(&a);
		return rc;
	}
	if ((rc = cnap_store_question_get(s, id, &a, &q, err)) || (rc = cnap_policy_check(actor, rule->action, &q, err)))
		goto out;
	if (!(rule->from & B(q.status))) {
		rc = cnap_fail(err, CNAP_ECONFLICT, "--id", "question %lld is %s; '%s' is not possible now",
			       (long long)id, cnap_qstatus_name(q.status), cnap_wf_step_name(step));
		goto out;
	}
	char action[48];
	snprintf(action, sizeof(action), "question.%s", cnap_wf_step_name(step));
	if ((step == CNAP_WF_ACCEPT || step == CNAP_WF_RETURN) && q.has_answer) {
		struct cnap_answer ans = q.answer;
		ans.author = NULL; /* keep the association's author */
		ans.status = step == CNAP_WF_ACCEPT ? CNAP_A_ACCEPTED : CNAP_A_RETURNED;
		ans.return_comment = step == CNAP_WF_RETURN ? comment : NULL;
		if ((rc = cnap_store_answer_set(s, id, &ans, step == CNAP_WF_ACCEPT ? "answer.accept" : "answer.return",
						err)))
			goto out;
	}
	q.status = rule->to;
	rc = cnap_store_question_update(s, &q, action, err);
out:
	rc = cnap_store_finish(s, rc, err);
	cnap_arena_release(&a);
	return rc;
}

enum cnap_err cnap_wf_answer_save(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
				  const char *text, bool submit, struct cnap_error *err)
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
	if ((rc = cnap_store_question_get(s, id, &a, &q, err)) ||
	    (rc = cnap_policy_check(actor, CNAP_ACT_ANSWER_SAVE, &q, err)))
		goto out;
	if (q.status != CNAP_Q_SENT && !(q.status == CNAP_Q_ANSWERED && actor->role == CNAP_ROLE_SECRETARIAT)) {
		rc = cnap_fail(err, CNAP_ECONFLICT, "--id", "question %lld is %s; it can be answered once it is sent",
			       (long long)id, cnap_qstatus_name(q.status));
		goto out;
	}
	struct cnap_answer ans = { .text = text, .author = actor->login,
				   .status = submit ? CNAP_A_SUBMITTED : CNAP_A_DRAFT };
	if ((rc = cnap_store_answer_set(s, id, &ans, submit ? "answer.submit" : "answer.draft", err)))
		goto out;
	if (submit) {
		q.status = CNAP_Q_ANSWERED;
		rc = cnap_store_question_update(s, &q, "question.answered", err);
	}
out:
	rc = cnap_store_finish(s, rc, err);
	cnap_arena_release(&a);
	return rc;
}
