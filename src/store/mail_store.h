/*
 * The store's side of e-mail and in-app notices (issue 15, migration 0015):
 * who receives, the notices and the outbox, digests, reminders' plan and
 * candidates, the secretariat's templates. Notices are written inside the
 * caller's transaction (the change that causes them), so a change and its
 * mail are one. Strings returned are in the arena passed.
 */
#ifndef CNAP_STORE_MAIL_STORE_H
#define CNAP_STORE_MAIL_STORE_H

#include "model/mail.h"
#include "store/store.h"

/* A person a notice may go to. */
struct cnap_mail_recipient {
	int64_t user_id;
	const char *login, *name;
	const char *email; /* NULL: none */
	enum cnap_mail_mode mode;
};

/* The active users of an association; of the secretariat; one user by login (ENOTFOUND; inactive ones too: *active). */
enum cnap_err cnap_store_association_recipients(struct cnap_store *s, const char *association_code, struct cnap_arena *a,
						struct cnap_mail_recipient **out, size_t *n, struct cnap_error *err);
enum cnap_err cnap_store_secretariat_recipients(struct cnap_store *s, struct cnap_arena *a,
						struct cnap_mail_recipient **out, size_t *n, struct cnap_error *err);
enum cnap_err cnap_store_user_recipient(struct cnap_store *s, const char *login, struct cnap_arena *a,
					struct cnap_mail_recipient *out, bool *active, struct cnap_error *err);

/* A new notice; with mail QUEUED, its message too (to_addr, subject = title, the same vars and link). */
struct cnap_notice_new {
	int64_t user_id;
	const char *event;
	int64_t question_id; /* 0: none */
	const char *title;
	const char *link;
	const char *vars;         /* JSON object */
	const char *reminder_key; /* NULL, or a reminder's key: given once per person */
	enum cnap_notice_mail mail;
	const char *to_addr, *to_name;
};
/* Whether user_id has had the reminder key (*id its notice; CNAP_ENOTFOUND: not). */
enum cnap_err cnap_store_notice_seen(struct cnap_store *s, int64_t user_id, const char *key, int64_t *id,
				     struct cnap_error *err);
/* Writes it (inside the caller's transaction); *created false when that person had that reminder already. */
enum cnap_err cnap_store_notice_add(struct cnap_store *s, const struct cnap_notice_new *nn, bool *created,
				    struct cnap_error *err);

/*
 * The ball moved: the mail not yet gone of question_id's notices whose event is not in keep (n_keep names)
 * is cancelled, queued messages and notices waiting for a digest alike. *cancelled counts messages and notices.
 */
enum cnap_err cnap_store_mail_cancel_stale(struct cnap_store *s, int64_t question_id, const char *const *keep,
					   size_t n_keep, size_t *cancelled, struct cnap_error *err);

/* A newer reminder of question_id to user_id takes the place of the older ones whose mail has not gone. */
enum cnap_err cnap_store_mail_supersede(struct cnap_store *s, int64_t question_id, int64_t user_id,
					struct cnap_error *err);

/* A message with no notice behind it (cnap mail test). */
enum cnap_err cnap_store_outbox_add(struct cnap_store *s, const char *to_addr, const char *event, const char *subject,
				    const char *vars, int64_t *id, struct cnap_error *err);

/* The outbox, newest first: state < 0 for every state; *total how many match in all. */
enum cnap_err cnap_store_outbox_list(struct cnap_store *s, int state, size_t limit, size_t offset, struct cnap_arena *a,
				     struct cnap_outbox_entry **out, size_t *n, size_t *total, struct cnap_error *err);
enum cnap_err cnap_store_outbox_get(struct cnap_store *s, int64_t id, struct cnap_arena *a, struct cnap_outbox_entry *out,
				    struct cnap_error *err);
/* Counts by state (index enum cnap_outbox_state). */
enum cnap_err cnap_store_outbox_counts(struct cnap_store *s, size_t counts[CNAP_OUTBOX_STATE_COUNT],
				       struct cnap_error *err);
/* A failed (or cancelled) message queued again for now, its tries from zero. Audited as mail.resend. */
enum cnap_err cnap_store_outbox_resend(struct cnap_store *s, int64_t id, struct cnap_error *err);
/*
 * Up to limit messages due at now (queued with next_at ≤ now, or sending whose claim ended), oldest first,
 * marked sending until claim_until, in one transaction of its own.
 */
enum cnap_err cnap_store_outbox_claim(struct cnap_store *s, const char *now, const char *claim_until, size_t limit,
				      struct cnap_arena *a, struct cnap_outbox_entry **out, size_t *n,
				      struct cnap_error *err);
/* What became of a try: the entry's state, attempts, next_at, last_error, smtp_code, subject, body, sent_at as given. */
enum cnap_err cnap_store_outbox_record(struct cnap_store *s, const struct cnap_outbox_entry *e, struct cnap_error *err);

/* Digests: the users with notices waiting for one; when their last digest was made (NULL: never). */
enum cnap_err cnap_store_digest_pending(struct cnap_store *s, struct cnap_arena *a, struct cnap_mail_recipient **out,
					size_t *n, struct cnap_error *err);
enum cnap_err cnap_store_digest_last(struct cnap_store *s, int64_t user_id, struct cnap_arena *a, const char **at,
				     struct cnap_error *err);
/* One digest message to r holding every notice of r waiting for one; *count how many. Own transaction. */
enum cnap_err cnap_store_digest_make(struct cnap_store *s, const struct cnap_mail_recipient *r, const char *subject,
				     const char *vars, int64_t *outbox_id, size_t *count, struct cnap_error *err);
/* The notices a digest message holds, oldest first. */
enum cnap_err cnap_store_digest_notices(struct cnap_store *s, int64_t outbox_id, struct cnap_arena *a,
					struct cnap_notification **out, size_t *n, struct cnap_error *err);

/* A person's notices, newest first (at most limit), and how many are unread. */
enum cnap_err cnap_store_notifications(struct cnap_store *s, const char *login, size_t limit, struct cnap_arena *a,
				       struct cnap_notification **out, size_t *n, size_t *unread,
				       struct cnap_error *err);
enum cnap_err cnap_store_unread_count(struct cnap_store *s, const char *login, size_t *unread, struct cnap_error *err);
/* Marks one (id) or every (id 0) notice of login read; ENOTFOUND for another person's. */
enum cnap_err cnap_store_notification_read(struct cnap_store *s, const char *login, int64_t id, struct cnap_error *err);

/* A question's open deadline, for reminders: sent, with a due date, in a cycle that is open. */
struct cnap_reminder_candidate {
	int64_t question_id;
	const char *due_on;
	const char *association_code;
	int cycle_year;
	struct cnap_reminder_plan plan;
};
enum cnap_err cnap_store_reminder_candidates(struct cnap_store *s, struct cnap_arena *a,
					     struct cnap_reminder_candidate **out, size_t *n, struct cnap_error *err);

/* When the association was last handed question_id (its question_sent or answer_returned notice), NULL: never. */
enum cnap_err cnap_store_question_handed_at(struct cnap_store *s, int64_t question_id, struct cnap_arena *a,
					    const char **at, struct cnap_error *err);

/* A cycle's reminder plan; setting it is audited as cycle.reminders. */
enum cnap_err cnap_store_reminder_plan_get(struct cnap_store *s, int year, struct cnap_reminder_plan *out,
					   struct cnap_error *err);
enum cnap_err cnap_store_reminder_plan_set(struct cnap_store *s, int year, const struct cnap_reminder_plan *p,
					   struct cnap_error *err);

/* The secretariat's wording of an event (*found false: none, the shipped one applies); set and reset are audited. */
enum cnap_err cnap_store_mail_template_get(struct cnap_store *s, const char *event, struct cnap_arena *a,
					   const char **subject, const char **body, const char **updated_at,
					   const char **updated_by, bool *found, struct cnap_error *err);
enum cnap_err cnap_store_mail_template_set(struct cnap_store *s, const char *event, const char *subject,
					   const char *body, struct cnap_error *err);
enum cnap_err cnap_store_mail_template_reset(struct cnap_store *s, const char *event, struct cnap_error *err);

/* How login takes mail; audited as user.mail_mode. */
enum cnap_err cnap_store_user_mail_mode_set(struct cnap_store *s, const char *login, enum cnap_mail_mode mode,
					    struct cnap_error *err);

#endif
