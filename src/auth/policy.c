#include "base/compat.h"
#include "auth/policy.h"

#include <string.h>

static const char *const action_names[CNAP_ACT_COUNT] = {
	"question.file", "question.edit", "question.submit", "question.approve", "question.send",
	"question.withdraw", "question.view", "question.view-internal", "answer.save", "answer.accept",
	"answer.return", "publish", "submission.add", "admin",
};

/* S = secretariat, R = reviewer, A = association. */
static const bool role_table[CNAP_ROLE_COUNT][CNAP_ACT_COUNT] = {
	[CNAP_ROLE_SECRETARIAT] = {
		[CNAP_ACT_QUESTION_FILE] = true, [CNAP_ACT_QUESTION_EDIT] = true, [CNAP_ACT_QUESTION_SUBMIT] = true,
		[CNAP_ACT_QUESTION_APPROVE] = true, [CNAP_ACT_QUESTION_SEND] = true,
		[CNAP_ACT_QUESTION_WITHDRAW] = true, [CNAP_ACT_QUESTION_VIEW] = true,
		[CNAP_ACT_QUESTION_VIEW_INTERNAL] = true, [CNAP_ACT_ANSWER_SAVE] = true,
		[CNAP_ACT_ANSWER_ACCEPT] = true, [CNAP_ACT_ANSWER_RETURN] = true, [CNAP_ACT_PUBLISH] = true,
		[CNAP_ACT_SUBMISSION_ADD] = true, [CNAP_ACT_ADMIN] = true,
	},
	[CNAP_ROLE_REVIEWER] = {
		[CNAP_ACT_QUESTION_FILE] = true, [CNAP_ACT_QUESTION_EDIT] = true, [CNAP_ACT_QUESTION_SUBMIT] = true,
		[CNAP_ACT_QUESTION_WITHDRAW] = true, [CNAP_ACT_QUESTION_VIEW] = true,
		[CNAP_ACT_QUESTION_VIEW_INTERNAL] = true,
	},
	[CNAP_ROLE_ASSOCIATION] = {
		[CNAP_ACT_QUESTION_VIEW] = true, [CNAP_ACT_ANSWER_SAVE] = true, [CNAP_ACT_SUBMISSION_ADD] = true,
	},
};

const char *cnap_action_name(enum cnap_action act)
{
	return (unsigned)act < CNAP_ACT_COUNT ? action_names[act] : "?";
}

bool cnap_policy_role_allows(enum cnap_role role, enum cnap_action act)
{
	if ((unsigned)role >= CNAP_ROLE_COUNT || (unsigned)act >= CNAP_ACT_COUNT)
		return false;
	return role_table[role][act];
}

static bool in_wgs(const struct cnap_actor *a, const char *wg)
{
	for (size_t i = 0; i < a->n_wg_codes; i++)
		if (wg && strcmp(a->wg_codes[i], wg) == 0)
			return true;
	return false;
}

/* Association users see a question only once the secretariat sent it. */
static bool visible_to_association(const struct cnap_question *q)
{
	switch (q->status) {
	case CNAP_Q_SENT:
	case CNAP_Q_ANSWERED:
	case CNAP_Q_ACCEPTED:
	case CNAP_Q_PUBLISHED:
		return true;
	default:
		return false;
	}
}

enum cnap_err cnap_policy_check(const struct cnap_actor *actor, enum cnap_action act,
				const struct cnap_question *q, struct cnap_error *err)
{
	if (actor->role == CNAP_ROLE_ASSOCIATION && q &&
	    (!actor->association_code || strcmp(actor->association_code, q->association_code) != 0 ||
	     !visible_to_association(q)))
		return cnap_fail(err, CNAP_ENOTFOUND, "id", "unknown question");
	if (actor->role == CNAP_ROLE_REVIEWER && q && !in_wgs(actor, q->wg_code))
		return cnap_fail(err, CNAP_EPERM, "wg", "reviewer '%s' is not a member of WG '%s'", actor->login,
				 q->wg_code);
	if (!cnap_policy_role_allows(actor->role, act))
		return cnap_fail(err, CNAP_EPERM, "", "a %s user may not %s", cnap_role_name(actor->role),
				 cnap_action_name(act));
	/* Reviewers change only their own questions, and only before the secretariat takes them over. */
	if (actor->role == CNAP_ROLE_REVIEWER && q &&
	    (act == CNAP_ACT_QUESTION_EDIT || act == CNAP_ACT_QUESTION_SUBMIT || act == CNAP_ACT_QUESTION_WITHDRAW)) {
		if (!q->author || strcmp(q->author, actor->login) != 0)
			return cnap_fail(err, CNAP_EPERM, "", "only the author or the secretariat may change this question");
		if (q->status != CNAP_Q_DRAFT && q->status != CNAP_Q_SUBMITTED)
			return cnap_fail(err, CNAP_EPERM, "",
					 "the secretariat has taken this question over; ask the secretariat to change it");
	}
	return CNAP_OK;
}
