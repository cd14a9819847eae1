/*
 * Who may do what: the role × action table, and the scope rules (a
 * reviewer acts within their WGs, an association user within their own
 * association and only on questions already sent to it). Pure checks.
 */
#ifndef CNAP_AUTH_POLICY_H
#define CNAP_AUTH_POLICY_H

#include "model/model.h"

enum cnap_action {
	CNAP_ACT_QUESTION_FILE,
	CNAP_ACT_QUESTION_EDIT,
	CNAP_ACT_QUESTION_SUBMIT,
	CNAP_ACT_QUESTION_APPROVE,
	CNAP_ACT_QUESTION_SEND,
	CNAP_ACT_QUESTION_WITHDRAW,
	CNAP_ACT_QUESTION_VIEW,
	CNAP_ACT_QUESTION_VIEW_INTERNAL, /* author, notes */
	CNAP_ACT_ANSWER_SAVE,
	CNAP_ACT_ANSWER_ACCEPT,
	CNAP_ACT_ANSWER_RETURN,
	CNAP_ACT_PUBLISH,
	CNAP_ACT_SUBMISSION_ADD, /* a new survey version (page map, quantitative data) */
	CNAP_ACT_ADMIN, /* users, cycles, WGs, associations, imports */
	CNAP_ACT_COUNT
};

/* The acting user, as the workflow sees them. Borrowed strings. */
struct cnap_actor {
	const char *login;
	enum cnap_role role;
	const char *association_code;
	const char *const *wg_codes;
	size_t n_wg_codes;
	bool system; /* the local CLI operator: secretariat rights, no user record */
};

const char *cnap_action_name(enum cnap_action act);

/* Role-level permission only. */
bool cnap_policy_role_allows(enum cnap_role role, enum cnap_action act);

/*
 * Full check for an action on a question (q may be NULL for FILE, where
 * wg/association are given in q_scope). Returns CNAP_OK, CNAP_EPERM with a
 * message, or CNAP_ENOTFOUND when the actor must not even learn that the
 * question exists (association users and others' questions).
 */
enum cnap_err cnap_policy_check(const struct cnap_actor *actor, enum cnap_action act,
				const struct cnap_question *q, struct cnap_error *err);

#endif
