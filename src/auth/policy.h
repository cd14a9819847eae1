/*
 * Who may see and do what: the one place cnap decides it. Every use case
 * (src/usecase) asks here before it reads or writes on an actor's behalf;
 * nothing else does, so the web and the CLI give the same answer for the
 * same actor.
 *
 * Three kinds of answer:
 *  - may this actor take this action on this object (cnap_policy_check,
 *    cnap_policy_check_scope, cnap_policy_step);
 *  - which objects exist for this actor at all, as a filter the store turns
 *    into SQL (cnap_policy_question_scope), so a count or a LIMIT never sees
 *    what the actor may not;
 *  - what of a visible object this actor may see (cnap_policy_question_redact).
 *
 * An object the actor may not know of is CNAP_ENOTFOUND, not CNAP_EPERM:
 * an association never learns that another's question, or an unsent one,
 * exists. Pure code: no store access.
 */
#ifndef CNAP_AUTH_POLICY_H
#define CNAP_AUTH_POLICY_H

#include "model/model.h"
#include "store/store.h"

enum cnap_action {
	CNAP_ACT_QUESTION_FILE,
	CNAP_ACT_QUESTION_EDIT,
	CNAP_ACT_QUESTION_REFER, /* order number and "see the answer to …": the secretariat's editing */
	CNAP_ACT_QUESTION_SUBMIT,
	CNAP_ACT_QUESTION_APPROVE,
	CNAP_ACT_QUESTION_SEND,
	CNAP_ACT_QUESTION_WITHDRAW,
	CNAP_ACT_QUESTION_VIEW,
	CNAP_ACT_QUESTION_VIEW_INTERNAL, /* author, internal notes, history */
	CNAP_ACT_ANSWER_SAVE,
	CNAP_ACT_ANSWER_ACCEPT,
	CNAP_ACT_ANSWER_RETURN,
	CNAP_ACT_PUBLISH,
	CNAP_ACT_ASSOCIATION_VIEW, /* an association's outline, survey data and questions in a WG */
	CNAP_ACT_SUBMISSION_ADD,   /* a new survey version (page map, quantitative data) */
	CNAP_ACT_QUEUE_VIEW,       /* the secretariat's work queue */
	CNAP_ACT_ADMIN,            /* users, cycles, WGs, associations, imports */
	CNAP_ACT_EDITION_VIEW,     /* a WG's published editions (第1版, 第2版, …) and their 正誤表 */
	/*
	 * 「質問を維持する」: the item a question is anchored to changed in a later version
	 * (調査票更新あり); the reviewer who filed it, or the secretariat, read the change and keep
	 * the question as it is. (Withdrawing it instead is the withdraw step.)
	 */
	CNAP_ACT_QUESTION_CONFIRM_ANCHOR,
	/* 継続: the secretariat marks a question to go on as a follow-up in the next cycle (cnap cycle new). */
	CNAP_ACT_QUESTION_CARRY,
	/* E-mail (issue 15): the outbox, resending, the message templates, reminder plans, a test message. */
	CNAP_ACT_MAIL_ADMIN,
	/* One's own in-app notices and how one takes mail: everyone signed in. */
	CNAP_ACT_NOTICE_OWN,
	CNAP_ACT_COUNT
};

/* The acting user. Borrowed strings. */
struct cnap_actor {
	const char *login;
	enum cnap_role role;
	const char *association_code;
	const char *const *wg_codes;
	size_t n_wg_codes;
	bool system; /* the local CLI operator: secretariat rights, no user record */
};

const char *cnap_action_name(enum cnap_action act);

/* Role-level permission only (no object). */
bool cnap_policy_role_allows(enum cnap_role role, enum cnap_action act);

/*
 * An action on a question: scope (visibility), role, authorship and the
 * question's state. Returns CNAP_OK; CNAP_ENOTFOUND when the actor must not
 * learn that the question exists; CNAP_EPERM; CNAP_ECONFLICT when the state
 * does not allow it now. err->where is "question.id" or empty.
 */
enum cnap_err cnap_policy_check(const struct cnap_actor *actor, enum cnap_action act,
				const struct cnap_question *q, struct cnap_error *err);

/*
 * An action on a WG or one association in it (wg_code and association_code
 * may be NULL for "any" / cycle-wide actions such as ADMIN or PUBLISH of a WG).
 */
enum cnap_err cnap_policy_check_scope(const struct cnap_actor *actor, enum cnap_action act, const char *wg_code,
				      const char *association_code, struct cnap_error *err);

/*
 * A closed cycle is read only: what may still be done in one (reading, and
 * the 継続 mark for the next cycle). cnap_policy_check applies it to a
 * question; cnap_policy_cycle_allows answers for anything else in cycle c
 * (CNAP_ECONFLICT, where "cycle").
 */
bool cnap_policy_closed_allows(enum cnap_action act);
enum cnap_err cnap_policy_cycle_allows(const struct cnap_cycle *c, enum cnap_action act, struct cnap_error *err);

/* The question life cycle, one step at a time. */
enum cnap_step {
	CNAP_STEP_SUBMIT,   /* reviewer hands a draft to the secretariat */
	CNAP_STEP_APPROVE,  /* secretariat accepts a submitted question */
	CNAP_STEP_SEND,     /* secretariat sends it to the association */
	CNAP_STEP_ACCEPT,   /* secretariat accepts the answer */
	CNAP_STEP_RETURN,   /* secretariat returns the answer with a comment */
	CNAP_STEP_PUBLISH,  /* mark as published */
	CNAP_STEP_WITHDRAW, /* take back before publication */
	CNAP_STEP_REOPEN,   /* 訂正のため再開: a published question back to 回答済, with a reason, for a correction */
	CNAP_STEP_COUNT
};
const char *cnap_step_name(enum cnap_step step);
bool cnap_step_parse(const char *s, enum cnap_step *out);

/*
 * The one transition table: whether actor may take step on q now, and the
 * status it leads to (*to, may be NULL). Errors as cnap_policy_check.
 */
enum cnap_err cnap_policy_step(const struct cnap_actor *actor, const struct cnap_question *q, enum cnap_step step,
			       enum cnap_qstatus *to, struct cnap_error *err);
/* The steps actor may take on q now, as a bit set of (1u << step): what the front ends offer. */
unsigned cnap_policy_steps(const struct cnap_actor *actor, const struct cnap_question *q);

/* Whether the question exists for actor (the same rule as cnap_policy_question_scope). */
bool cnap_policy_question_visible(const struct cnap_actor *actor, const struct cnap_question *q);
/*
 * Whether the answer to q may refer to target's: only to another question of the same association's
 * list that the association was sent (and so can open).
 */
bool cnap_policy_refer_target(const struct cnap_question *q, const struct cnap_question *target);
/*
 * Remove from a visible question what actor may not see: its author and
 * internal note for association users; an answer still in draft for anyone
 * but the association writing it; the answer's author for association users.
 * The quote stays (the association reads what was asked about); the anchor
 * (調査票更新あり, who kept the question) is staff's working state and goes.
 */
void cnap_policy_question_redact(const struct cnap_actor *actor, struct cnap_question *q);
/*
 * Remove from an audit record what actor may not see: the words of an
 * answer draft are the association's until it submits them, so the trail
 * keeps only that a draft was saved.
 */
void cnap_policy_audit_redact(const struct cnap_actor *actor, struct cnap_audit_entry *e);
/* The statuses a question may have and still exist for actor: bit set of (1u << status). */
unsigned cnap_policy_visible_statuses(const struct cnap_actor *actor);
/* Narrow f (its visibility fields) to the questions that exist for actor. */
void cnap_policy_question_scope(const struct cnap_actor *actor, struct cnap_question_filter *f);
/*
 * Narrow a search to what actor may read: the questions of
 * cnap_policy_question_scope with their answers once submitted (an answer
 * still in draft only for its association's users), and the survey texts of
 * the associations actor may view (the WGs of a reviewer, an association's
 * own). Internal notes and authors are never indexed.
 */
void cnap_policy_search_scope(const struct cnap_actor *actor, struct cnap_search_filter *f);

#endif
