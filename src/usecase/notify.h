/*
 * Telling whoever has the ball (issue 15). The question use cases call
 * cnap_notify_question_moved inside their own transaction, after the move:
 * it writes a notice for each person who now has to act (and for the
 * reviewer whose question got its answer accepted), queues the mail of those
 * who take it at once, and cancels the mail not yet gone that the move made
 * pointless (a reminder of a question since answered). Nobody is told of
 * their own action. A notice goes only to someone the policy lets see the
 * question, and says nothing the policy hides from them (the reviewer's name,
 * internal notes).
 */
#ifndef CNAP_USECASE_NOTIFY_H
#define CNAP_USECASE_NOTIFY_H

#include "auth/policy.h"
#include "store/store.h"

/* q as it is after the move (q->status the new state), from its state before; comment: the return's reason. */
enum cnap_err cnap_notify_question_moved(struct cnap_store *s, const struct cnap_actor *actor,
					 const struct cnap_question *q, enum cnap_qstatus from, const char *comment,
					 struct cnap_error *err);

/* The deadline of a sent question changed: reminders not yet gone for the old one are cancelled. */
enum cnap_err cnap_notify_deadline_changed(struct cnap_store *s, const struct cnap_question *q,
					   struct cnap_error *err);

/*
 * The reminders due on today (JST, "YYYY-MM-DD") for every sent question with a deadline in an
 * open cycle, by its cycle's plan: each step once per person and deadline. Own transaction;
 * *made counts the notices written.
 */
enum cnap_err cnap_notify_reminders(struct cnap_store *s, const char *today, size_t *made, struct cnap_error *err);

#endif
