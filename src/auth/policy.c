#include "base/compat.h"
#include "auth/policy.h"

#include <string.h>

#define B(x) (1u << (x))

static const char *const action_names[CNAP_ACT_COUNT] = {
	"question.file", "question.edit", "question.refer", "question.submit", "question.approve",
	"question.send", "question.withdraw", "question.view", "question.view-internal", "answer.save",
	"answer.accept", "answer.return", "publish", "association.view", "submission.add", "queue.view", "admin", "edition.view",
	"question.confirm-anchor", "question.carry", "mail.admin", "notice.own",
};

/* S = secretariat, R = reviewer, A = association. */
static const bool role_table[CNAP_ROLE_COUNT][CNAP_ACT_COUNT] = {
	[CNAP_ROLE_SECRETARIAT] = {
		[CNAP_ACT_QUESTION_FILE] = true, [CNAP_ACT_QUESTION_EDIT] = true, [CNAP_ACT_QUESTION_REFER] = true,
		[CNAP_ACT_QUESTION_SUBMIT] = true, [CNAP_ACT_QUESTION_APPROVE] = true, [CNAP_ACT_QUESTION_SEND] = true,
		[CNAP_ACT_QUESTION_WITHDRAW] = true, [CNAP_ACT_QUESTION_VIEW] = true,
		[CNAP_ACT_QUESTION_VIEW_INTERNAL] = true, [CNAP_ACT_ANSWER_SAVE] = true,
		[CNAP_ACT_ANSWER_ACCEPT] = true, [CNAP_ACT_ANSWER_RETURN] = true, [CNAP_ACT_PUBLISH] = true,
		[CNAP_ACT_ASSOCIATION_VIEW] = true, [CNAP_ACT_SUBMISSION_ADD] = true, [CNAP_ACT_QUEUE_VIEW] = true,
		[CNAP_ACT_ADMIN] = true, [CNAP_ACT_EDITION_VIEW] = true, [CNAP_ACT_QUESTION_CONFIRM_ANCHOR] = true,
		[CNAP_ACT_QUESTION_CARRY] = true, [CNAP_ACT_MAIL_ADMIN] = true, [CNAP_ACT_NOTICE_OWN] = true,
	},
	[CNAP_ROLE_REVIEWER] = {
		[CNAP_ACT_QUESTION_FILE] = true, [CNAP_ACT_QUESTION_EDIT] = true, [CNAP_ACT_QUESTION_SUBMIT] = true,
		[CNAP_ACT_QUESTION_WITHDRAW] = true, [CNAP_ACT_QUESTION_VIEW] = true,
		[CNAP_ACT_QUESTION_VIEW_INTERNAL] = true, [CNAP_ACT_ASSOCIATION_VIEW] = true,
		[CNAP_ACT_EDITION_VIEW] = true, [CNAP_ACT_QUESTION_CONFIRM_ANCHOR] = true, [CNAP_ACT_NOTICE_OWN] = true,
	},
	[CNAP_ROLE_ASSOCIATION] = {
		[CNAP_ACT_QUESTION_VIEW] = true, [CNAP_ACT_ANSWER_SAVE] = true, [CNAP_ACT_ASSOCIATION_VIEW] = true,
		[CNAP_ACT_SUBMISSION_ADD] = true, [CNAP_ACT_EDITION_VIEW] = true, [CNAP_ACT_NOTICE_OWN] = true,
	},
};

/* The one transition table of the question life cycle. */
static const struct {
	enum cnap_action action;
	unsigned from; /* bit set of enum cnap_qstatus */
	enum cnap_qstatus to;
} step_rules[CNAP_STEP_COUNT] = {
	[CNAP_STEP_SUBMIT] = { CNAP_ACT_QUESTION_SUBMIT, B(CNAP_Q_DRAFT), CNAP_Q_SUBMITTED },
	[CNAP_STEP_APPROVE] = { CNAP_ACT_QUESTION_APPROVE, B(CNAP_Q_SUBMITTED), CNAP_Q_APPROVED },
	[CNAP_STEP_SEND] = { CNAP_ACT_QUESTION_SEND, B(CNAP_Q_APPROVED), CNAP_Q_SENT },
	[CNAP_STEP_ACCEPT] = { CNAP_ACT_ANSWER_ACCEPT, B(CNAP_Q_ANSWERED), CNAP_Q_ACCEPTED },
	[CNAP_STEP_RETURN] = { CNAP_ACT_ANSWER_RETURN, B(CNAP_Q_ANSWERED), CNAP_Q_SENT },
	[CNAP_STEP_PUBLISH] = { CNAP_ACT_PUBLISH, B(CNAP_Q_ACCEPTED), CNAP_Q_PUBLISHED },
	[CNAP_STEP_WITHDRAW] = { CNAP_ACT_QUESTION_WITHDRAW,
				 B(CNAP_Q_DRAFT) | B(CNAP_Q_SUBMITTED) | B(CNAP_Q_APPROVED) | B(CNAP_Q_SENT) |
					 B(CNAP_Q_ANSWERED) | B(CNAP_Q_ACCEPTED),
				 CNAP_Q_WITHDRAWN },
	/* A correction: the secretariat edits it again, accepts it and publishes the next edition. */
	[CNAP_STEP_REOPEN] = { CNAP_ACT_PUBLISH, B(CNAP_Q_PUBLISHED), CNAP_Q_ANSWERED },
};

static const char *const step_names[CNAP_STEP_COUNT] = {
	"submit", "approve", "send", "accept", "return", "publish", "withdraw", "reopen",
};

/* What an association user may know of: what the secretariat sent it. */
static const unsigned association_statuses = B(CNAP_Q_SENT) | B(CNAP_Q_ANSWERED) | B(CNAP_Q_ACCEPTED) |
					     B(CNAP_Q_PUBLISHED);

const char *cnap_action_name(enum cnap_action act)
{
	return (unsigned)act < CNAP_ACT_COUNT ? action_names[act] : "?";
}

const char *cnap_step_name(enum cnap_step step)
{
	return (unsigned)step < CNAP_STEP_COUNT ? step_names[step] : "?";
}

bool cnap_step_parse(const char *s, enum cnap_step *out)
{
	for (int i = 0; s && i < CNAP_STEP_COUNT; i++)
		if (strcmp(s, step_names[i]) == 0) {
			*out = (enum cnap_step)i;
			return true;
		}
	return false;
}

bool cnap_policy_role_allows(enum cnap_role role, enum cnap_action act)
{
	if ((unsigned)role >= CNAP_ROLE_COUNT || (unsigned)act >= CNAP_ACT_COUNT)
		return false;
	return role_table[role][act];
}

static bool in_wgs(const struct cnap_actor *a, const char *wg)
{
	for (size_t i = 0; wg && i < a->n_wg_codes; i++)
		if (strcmp(a->wg_codes[i], wg) == 0)
			return true;
	return false;
}

static bool own_association(const struct cnap_actor *a, const char *code)
{
	return a->association_code && code && strcmp(a->association_code, code) == 0;
}

static bool is_author(const struct cnap_actor *a, const struct cnap_question *q)
{
	return q->author && a->login && strcmp(q->author, a->login) == 0;
}

bool cnap_policy_question_visible(const struct cnap_actor *a, const struct cnap_question *q)
{
	switch (a->role) {
	case CNAP_ROLE_SECRETARIAT:
		return true;
	case CNAP_ROLE_REVIEWER:
		/* A draft is its author's work in progress until submitted. */
		return in_wgs(a, q->wg_code) && (q->status != CNAP_Q_DRAFT || is_author(a, q));
	case CNAP_ROLE_ASSOCIATION:
		return own_association(a, q->association_code) && (association_statuses & B(q->status));
	default:
		return false;
	}
}

bool cnap_policy_refer_target(const struct cnap_question *q, const struct cnap_question *target)
{
	/*
	 * The association follows the reference: what it points to must be another question of its own
	 * list in the same WG that it can open.
	 */
	return target->id != q->id && q->association_code && target->association_code && q->wg_code &&
	       target->wg_code && strcmp(q->association_code, target->association_code) == 0 &&
	       strcmp(q->wg_code, target->wg_code) == 0 && (association_statuses & B(target->status)) != 0;
}

unsigned cnap_policy_visible_statuses(const struct cnap_actor *a)
{
	if (a->role == CNAP_ROLE_ASSOCIATION)
		return association_statuses;
	return (1u << CNAP_Q_COUNT) - 1;
}

void cnap_policy_question_scope(const struct cnap_actor *a, struct cnap_question_filter *f)
{
	switch (a->role) {
	case CNAP_ROLE_SECRETARIAT:
		return;
	case CNAP_ROLE_REVIEWER:
		f->wgs_limited = true;
		f->wg_codes = a->wg_codes;
		f->n_wg_codes = a->n_wg_codes;
		f->drafts_of = a->login ? a->login : "";
		return;
	case CNAP_ROLE_ASSOCIATION:
		if (!a->association_code || (f->association_code && !own_association(a, f->association_code)))
			f->none = true;
		f->association_code = a->association_code;
		f->visible_statuses = association_statuses;
		return;
	default:
		f->none = true;
	}
}

void cnap_policy_search_scope(const struct cnap_actor *a, struct cnap_search_filter *f)
{
	cnap_policy_question_scope(a, &f->where);
	f->answer_drafts = a->role == CNAP_ROLE_ASSOCIATION;
}

void cnap_policy_question_redact(const struct cnap_actor *a, struct cnap_question *q)
{
	bool internal = cnap_policy_role_allows(a->role, CNAP_ACT_QUESTION_VIEW_INTERNAL);
	if (!internal) {
		q->author = NULL;
		q->note = NULL;
		q->answer.author = NULL;
		memset(&q->anchor, 0, sizeof(q->anchor));
		q->carry_forward = false;
	}
	/* An answer is the association's until it submits it: staff see it from then on. */
	if (q->has_answer && q->answer.status == CNAP_A_DRAFT && a->role != CNAP_ROLE_ASSOCIATION) {
		q->has_answer = false;
		memset(&q->answer, 0, sizeof(q->answer));
	}
}

/*
 * The store writes snapshots as compact JSON ("key":"value"); inside a string
 * value every quote is escaped, so this sequence marks the status itself.
 */
static bool snapshot_is_draft_answer(const char *json)
{
	return json && strstr(json, "\"status\":\"draft\"") != NULL;
}

void cnap_policy_audit_redact(const struct cnap_actor *a, struct cnap_audit_entry *e)
{
	(void)a; /* the audit trail is staff's only, and the association reads its drafts on the question itself */
	if (!e->action || strncmp(e->action, "answer.", 7) != 0)
		return;
	if (strcmp(e->action, "answer.draft") == 0) {
		e->before = e->after = NULL;
		return;
	}
	/* Submitting replaces the last draft: what it replaced was never shown to anyone. */
	if (snapshot_is_draft_answer(e->before))
		e->before = NULL;
}

bool cnap_policy_closed_allows(enum cnap_action act)
{
	switch (act) {
	case CNAP_ACT_QUESTION_VIEW:
	case CNAP_ACT_QUESTION_VIEW_INTERNAL:
	case CNAP_ACT_ASSOCIATION_VIEW:
	case CNAP_ACT_QUEUE_VIEW:
	case CNAP_ACT_EDITION_VIEW:
	case CNAP_ACT_QUESTION_CARRY: /* decided after the meeting, for the next cycle */
		return true;
	default:
		return false;
	}
}

static enum cnap_err closed(struct cnap_error *err)
{
	return cnap_fail(err, CNAP_ECONFLICT, "cycle",
			 "この年度は締め切られています（閲覧のみ）。変更するには事務局が年度を再開してください");
}

enum cnap_err cnap_policy_cycle_allows(const struct cnap_cycle *c, enum cnap_action act, struct cnap_error *err)
{
	return c && c->closed_at && !cnap_policy_closed_allows(act) ? closed(err) : CNAP_OK;
}

static enum cnap_err not_found(const struct cnap_question *q, struct cnap_error *err)
{
	return cnap_fail(err, CNAP_ENOTFOUND, "question.id", "unknown question %lld", (long long)(q ? q->id : 0));
}

static enum cnap_err denied(const struct cnap_actor *a, enum cnap_action act, struct cnap_error *err)
{
	return cnap_fail(err, CNAP_EPERM, "", "a %s user may not %s", cnap_role_name(a->role), cnap_action_name(act));
}

/* The state an action needs, beyond the steps' table. */
static enum cnap_err state_allows(const struct cnap_actor *a, enum cnap_action act, const struct cnap_question *q,
				  struct cnap_error *err)
{
	switch (act) {
	case CNAP_ACT_QUESTION_EDIT:
	case CNAP_ACT_QUESTION_REFER:
		if (q->status == CNAP_Q_PUBLISHED)
			return cnap_fail(err, CNAP_ECONFLICT, "question.reopen",
					 "question %lld is published: reopen it for a correction first", (long long)q->id);
		if (q->status == CNAP_Q_WITHDRAWN || q->status == CNAP_Q_MERGED)
			return cnap_fail(err, CNAP_ECONFLICT, "question.id",
					 "question %lld is %s and can no longer be edited", (long long)q->id,
					 cnap_qstatus_name(q->status));
		return CNAP_OK;
	case CNAP_ACT_QUESTION_CONFIRM_ANCHOR:
		if (!cnap_question_anchor_marked(q))
			return cnap_fail(err, CNAP_ECONFLICT, "question.id",
					 "質問 %lld には、確認を待つ調査票の更新がありません", (long long)q->id);
		return CNAP_OK;
	case CNAP_ACT_QUESTION_CARRY:
		/* What goes on is what was asked: a draft not yet sent, or one taken back, is not. */
		if (q->status == CNAP_Q_WITHDRAWN || q->status == CNAP_Q_MERGED || q->status == CNAP_Q_DRAFT ||
		    q->status == CNAP_Q_SUBMITTED)
			return cnap_fail(err, CNAP_ECONFLICT, "question.id",
					 "質問 %lld は%sのため、次年度に継続できません", (long long)q->id,
					 cnap_qstatus_label_ja(q->status));
		return CNAP_OK;
	case CNAP_ACT_ANSWER_SAVE:
		/* The association answers what was sent; the secretariat may correct an answer before accepting it. */
		if (q->status == CNAP_Q_SENT && a->role == CNAP_ROLE_ASSOCIATION)
			return CNAP_OK;
		if (q->status == CNAP_Q_ANSWERED && a->role == CNAP_ROLE_SECRETARIAT)
			return CNAP_OK;
		return cnap_fail(err, CNAP_ECONFLICT, "question.id",
				 "question %lld is %s; it can be answered once it is sent", (long long)q->id,
				 cnap_qstatus_name(q->status));
	default:
		return CNAP_OK;
	}
}

enum cnap_err cnap_policy_check(const struct cnap_actor *a, enum cnap_action act, const struct cnap_question *q,
				struct cnap_error *err)
{
	if ((unsigned)act >= CNAP_ACT_COUNT)
		return cnap_fail(err, CNAP_EPERM, "", "unknown action");
	if (!q)
		return cnap_policy_check_scope(a, act, NULL, NULL, err);
	if (!cnap_policy_question_visible(a, q))
		return not_found(q, err);
	if (!cnap_policy_role_allows(a->role, act))
		return denied(a, act, err);
	/* Reviewers change only their own questions, and only before the secretariat takes them over. */
	if (a->role == CNAP_ROLE_REVIEWER &&
	    (act == CNAP_ACT_QUESTION_EDIT || act == CNAP_ACT_QUESTION_SUBMIT || act == CNAP_ACT_QUESTION_WITHDRAW)) {
		if (!is_author(a, q))
			return cnap_fail(err, CNAP_EPERM, "", "only the author or the secretariat may change this question");
		if (q->status != CNAP_Q_DRAFT && q->status != CNAP_Q_SUBMITTED)
			return cnap_fail(err, CNAP_EPERM, "",
					 "the secretariat has taken this question over; ask the secretariat to change it");
	}
	/* Whether the question still holds after the survey changed is its author's to say, whatever its state. */
	if (a->role == CNAP_ROLE_REVIEWER && act == CNAP_ACT_QUESTION_CONFIRM_ANCHOR && !is_author(a, q))
		return cnap_fail(err, CNAP_EPERM, "", "質問を維持できるのは、質問したWG委員と事務局です");
	if (q->cycle_closed && !cnap_policy_closed_allows(act))
		return closed(err);
	return state_allows(a, act, q, err);
}

enum cnap_err cnap_policy_check_scope(const struct cnap_actor *a, enum cnap_action act, const char *wg_code,
				      const char *association_code, struct cnap_error *err)
{
	if ((unsigned)act >= CNAP_ACT_COUNT)
		return cnap_fail(err, CNAP_EPERM, "", "unknown action");
	if (a->role == CNAP_ROLE_ASSOCIATION && association_code && !own_association(a, association_code))
		return cnap_fail(err, CNAP_ENOTFOUND, "association", "unknown association '%s'", association_code);
	if (!cnap_policy_role_allows(a->role, act))
		return denied(a, act, err);
	if (a->role == CNAP_ROLE_REVIEWER && wg_code && !in_wgs(a, wg_code))
		return cnap_fail(err, CNAP_EPERM, "wg", "reviewer '%s' is not a member of WG '%s'", a->login, wg_code);
	return CNAP_OK;
}

enum cnap_err cnap_policy_step(const struct cnap_actor *a, const struct cnap_question *q, enum cnap_step step,
			       enum cnap_qstatus *to, struct cnap_error *err)
{
	if ((unsigned)step >= CNAP_STEP_COUNT)
		return cnap_fail(err, CNAP_EINVAL, "step", "unknown workflow step");
	enum cnap_err rc = cnap_policy_check(a, step_rules[step].action, q, err);
	if (rc)
		return rc;
	if (!(step_rules[step].from & B(q->status)))
		return cnap_fail(err, CNAP_ECONFLICT, "question.id", "question %lld is %s; '%s' is not possible now",
				 (long long)q->id, cnap_qstatus_name(q->status), cnap_step_name(step));
	if (to)
		*to = step_rules[step].to;
	return CNAP_OK;
}

unsigned cnap_policy_steps(const struct cnap_actor *a, const struct cnap_question *q)
{
	unsigned steps = 0;
	for (int i = 0; i < CNAP_STEP_COUNT; i++)
		if (cnap_policy_step(a, q, (enum cnap_step)i, NULL, NULL) == CNAP_OK)
			steps |= 1u << i;
	return steps;
}
