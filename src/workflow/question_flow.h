/*
 * The question life cycle. Each function checks the actor's permission and
 * the question's state, writes the change and its audit record in one
 * transaction, and leaves nothing written on error.
 *
 *   draft → submitted → approved → sent → answered → accepted → published
 *                                   ↑________| (answer returned)
 *   withdraw: any state before published
 */
#ifndef CNAP_WORKFLOW_QUESTION_FLOW_H
#define CNAP_WORKFLOW_QUESTION_FLOW_H

#include "auth/policy.h"
#include "store/store.h"

/*
 * File a question. q gives wg, association, item, page, text, note, due_on;
 * status is chosen by role: a reviewer's starts as draft (or submitted with
 * submit_now), the secretariat's as approved. The author is the actor.
 */
enum cnap_err cnap_wf_question_file(struct cnap_store *s, const struct cnap_actor *actor, int year,
				    const struct cnap_question *q, bool submit_now, int64_t *id_out,
				    struct cnap_error *err);

/* Change text, item, page, note, due date, order or reference (NULL/0/-1 keep the current value). */
struct cnap_question_edit {
	const char *text;
	const char *item_key;
	int page;           /* -1 keep */
	const char *note;
	const char *due_on;
	int no;             /* 0 keep */
	int64_t refers_to;  /* -1 keep, 0 clear */
};
enum cnap_err cnap_wf_question_edit(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
				    const struct cnap_question_edit *e, struct cnap_error *err);

enum cnap_wf_step {
	CNAP_WF_SUBMIT,   /* reviewer hands a draft to the secretariat */
	CNAP_WF_APPROVE,  /* secretariat accepts a submitted question */
	CNAP_WF_SEND,     /* secretariat sends it to the association */
	CNAP_WF_ACCEPT,   /* secretariat accepts the answer */
	CNAP_WF_RETURN,   /* secretariat returns the answer with a comment */
	CNAP_WF_PUBLISH,  /* mark as published */
	CNAP_WF_WITHDRAW, /* take back before publication */
	CNAP_WF_COUNT
};
const char *cnap_wf_step_name(enum cnap_wf_step step);
bool cnap_wf_step_parse(const char *s, enum cnap_wf_step *out);

/* Move a question one step; comment is required for RETURN. */
enum cnap_err cnap_wf_question_step(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
				    enum cnap_wf_step step, const char *comment, struct cnap_error *err);

/* Save the answer text; submit moves the question to answered. */
enum cnap_err cnap_wf_answer_save(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
				  const char *text, bool submit, struct cnap_error *err);

/*
 * Load the acting user from the store (strings in a). A login unknown to
 * the store is an error.
 */
enum cnap_err cnap_wf_actor_load(struct cnap_store *s, const char *login, struct cnap_arena *a,
				 struct cnap_actor *out, struct cnap_error *err);

#endif
