/*
 * Questions and answers, as the web and the CLI use them. Each use case
 * takes the actor, asks the policy (auth/policy.h), reads or writes, and
 * audits, in one transaction; it returns only what that actor may see.
 * Nothing is written on error.
 *
 *   draft → submitted → approved → sent → answered → accepted → published
 *                                   ↑________| (answer returned)
 *   withdraw: any state before published
 *
 * Returned strings live in the arena the caller passes (or the store's
 * read arena noted per function); the caller releases it.
 */
#ifndef CNAP_USECASE_QUESTIONS_H
#define CNAP_USECASE_QUESTIONS_H

#include "auth/policy.h"
#include "store/store.h"

/* A question as one actor sees it, with what that actor may do with it now. */
struct cnap_uc_question {
	struct cnap_question q; /* redacted for the actor */
	unsigned steps;         /* the steps the actor may take now: bit set of (1u << enum cnap_step) */
	bool can_edit;          /* text, item, page, note, due date */
	enum cnap_err edit_denied;   /* why not: CNAP_EPERM or CNAP_ECONFLICT (CNAP_OK when can_edit) */
	enum cnap_err answer_denied; /* the same for saving an answer */
	bool can_refer;         /* order number and "see the answer to …" */
	bool can_answer;        /* the association's answer form */
	bool can_see_history;
	bool can_confirm_anchor; /* 「質問を維持する」 after the survey changed (usecase/question_anchor.h) */
	bool can_carry;          /* 継続 on or off: the secretariat's, for a question that was asked */
};

/* The steps actor may take on q now (bit set of 1u << enum cnap_step), for a list's buttons. */
unsigned cnap_uc_question_steps(const struct cnap_actor *actor, const struct cnap_question *q);

/*
 * 継続 on (or off): the question goes on into the next cycle, where `cnap
 * cycle new` files it as a follow-up. The secretariat's; audited.
 */
enum cnap_err cnap_uc_question_carry(struct cnap_store *s, const struct cnap_actor *actor, int64_t id, bool on,
				     struct cnap_error *err);

/* One question; CNAP_ENOTFOUND when it does not exist for the actor. */
enum cnap_err cnap_uc_question_show(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
				    struct cnap_arena *a, struct cnap_uc_question *out, struct cnap_error *err);

/*
 * The questions of f that exist for the actor, redacted, in list order
 * (WG, association, NO.). The actor's scope narrows f in the query itself.
 */
enum cnap_err cnap_uc_question_list(struct cnap_store *s, const struct cnap_actor *actor,
				    const struct cnap_question_filter *f, struct cnap_arena *a,
				    struct cnap_question **out, size_t *n, struct cnap_error *err);

/* A question's audit trail, oldest first: for those who may see its internals. */
enum cnap_err cnap_uc_question_history(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
				       struct cnap_arena *a, struct cnap_audit_entry **out, size_t *n,
				       struct cnap_error *err);

/*
 * The questions whose answer question id may point to (「Ⅵ．（１）への質問の回答を参照願います。」):
 * the same association's list as the policy allows (cnap_policy_refer_target), not referring on
 * themselves, not id itself. For whoever may answer it or set its references.
 */
enum cnap_err cnap_uc_question_refer_options(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
					     struct cnap_arena *a, struct cnap_question **out, size_t *n,
					     struct cnap_error *err);

/*
 * File a question. q gives wg, association, item, page, text, note, due_on,
 * and what the reviewer read: submission_version (0: the latest; else one that
 * exists) and quote, the passage selected (as a browser or a terminal gives it:
 * line breaks and blanks are normalised, then it must pass cnap_check_quote);
 * status is chosen by role: a reviewer's starts as draft (or submitted with
 * submit_now), the secretariat's as approved. The author is the actor.
 */
enum cnap_err cnap_uc_question_file(struct cnap_store *s, const struct cnap_actor *actor, int year,
				    const struct cnap_question *q, bool submit_now, int64_t *id_out,
				    struct cnap_error *err);

/* The answers an answer refers to, in printed order, replacing the current ones (n 0: none). */
struct cnap_answer_refs {
	const int64_t *ids;
	size_t n;
	bool first; /* the reference sentence before the answer's own text */
};

/* Change text, item, page, note, due date, order or reference (NULL/0/-1 keep the current value). */
struct cnap_question_edit {
	const char *text;
	const char *item_key;
	int page;           /* -1 keep */
	const char *note;
	const char *due_on; /* "" clears */
	int no;             /* 0 keep */
	const struct cnap_answer_refs *refers; /* NULL keep */
};
enum cnap_err cnap_uc_question_edit(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
				    const struct cnap_question_edit *e, struct cnap_error *err);

/*
 * Move a question one step. comment is required for RETURN; due_on (may be
 * NULL or "") sets the answer deadline together with SEND.
 */
enum cnap_err cnap_uc_question_step(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
				    enum cnap_step step, const char *comment, const char *due_on,
				    struct cnap_error *err);

/*
 * Publish the accepted questions of a WG (or of one association in it) as
 * one list: all or none. *published_out counts them.
 */
enum cnap_err cnap_uc_publish_accepted(struct cnap_store *s, const struct cnap_actor *actor, int year,
				       const char *wg_code, const char *association_code, size_t *published_out,
				       struct cnap_error *err);

/*
 * Save the answer text and (refs not NULL) the answers it refers to, in one transaction; submit
 * moves the question to answered. text may be "" when the answer is only a reference.
 */
enum cnap_err cnap_uc_answer_save(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
				  const char *text, const struct cnap_answer_refs *refs, bool submit,
				  struct cnap_error *err);

#endif
