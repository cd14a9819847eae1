/*
 * E-mail as people use it (issue 15): the secretariat's outbox (queued, sent,
 * failed with the server's answer) and resending, the message templates with
 * a preview, each cycle's reminder plan; everyone's own notices and how they
 * take mail; and the sender that empties the outbox (usecase/mail_send.h).
 * Each operation asks the policy (CNAP_ACT_MAIL_ADMIN, CNAP_ACT_NOTICE_OWN),
 * and changes are audited. Strings live in the arena the caller passes.
 */
#ifndef CNAP_USECASE_MAIL_H
#define CNAP_USECASE_MAIL_H

#include "auth/policy.h"
#include "model/mail_template.h"
#include "store/mail_store.h"

/* The outbox, newest first (state < 0: every state), a page of it, with the counts by state. */
struct cnap_uc_outbox {
	struct cnap_outbox_entry *entries;
	size_t n, total;
	size_t counts[CNAP_OUTBOX_STATE_COUNT];
};
enum cnap_err cnap_uc_outbox_list(struct cnap_store *s, const struct cnap_actor *actor, int state, size_t limit,
				  size_t offset, struct cnap_arena *a, struct cnap_uc_outbox *out, struct cnap_error *err);
/* One message, with its subject and body rendered as they go (or went) out; base_url may be NULL. */
enum cnap_err cnap_uc_outbox_show(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
				  const char *base_url, struct cnap_arena *a, struct cnap_outbox_entry *out,
				  struct cnap_error *err);
/* A failed (or cancelled) message tried again from now. */
enum cnap_err cnap_uc_outbox_resend(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
				    struct cnap_error *err);

/* An event's template as it stands. */
struct cnap_uc_mail_template {
	enum cnap_mail_event event;
	const char *label;            /* 「質問の送付（団体あて）」 */
	const char *subject, *body;   /* in force */
	bool edited;                  /* the secretariat's own (else the shipped one) */
	const char *updated_at, *updated_by;
	const struct cnap_mail_placeholder *placeholders;
	size_t n_placeholders;
};
enum cnap_err cnap_uc_mail_templates(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_arena *a,
				     struct cnap_uc_mail_template out[CNAP_MAIL_EV_COUNT], struct cnap_error *err);
enum cnap_err cnap_uc_mail_template_get(struct cnap_store *s, const struct cnap_actor *actor,
					enum cnap_mail_event ev, struct cnap_arena *a, struct cnap_uc_mail_template *out,
					struct cnap_error *err);
/* Checked (model/mail_template.h: every problem named with its line), then kept; audited. */
enum cnap_err cnap_uc_mail_template_set(struct cnap_store *s, const struct cnap_actor *actor, enum cnap_mail_event ev,
					const char *subject, const char *body, struct cnap_error *err);
/* Back to the shipped text; audited. */
enum cnap_err cnap_uc_mail_template_reset(struct cnap_store *s, const struct cnap_actor *actor,
					  enum cnap_mail_event ev, struct cnap_error *err);
/* subject and body (checked as for saving) rendered with each placeholder's sample value; nothing kept. */
enum cnap_err cnap_uc_mail_template_preview(const struct cnap_actor *actor, enum cnap_mail_event ev,
					    const char *subject, const char *body, const char *base_url,
					    struct cnap_arena *a, const char **subject_out, const char **body_out,
					    struct cnap_error *err);

/* A cycle's reminder plan; setting it takes the days as typed (「7,2,0」) and is audited. */
enum cnap_err cnap_uc_reminder_plan_get(struct cnap_store *s, const struct cnap_actor *actor, int year,
					struct cnap_reminder_plan *out, struct cnap_error *err);
enum cnap_err cnap_uc_reminder_plan_set(struct cnap_store *s, const struct cnap_actor *actor, int year,
					const char *days, int overdue_every, struct cnap_error *err);

/* One's own notices (newest first, at most limit) and the unread count; marking read (id 0: all). */
enum cnap_err cnap_uc_notifications(struct cnap_store *s, const struct cnap_actor *actor, size_t limit,
				    struct cnap_arena *a, struct cnap_notification **out, size_t *n, size_t *unread,
				    struct cnap_error *err);
enum cnap_err cnap_uc_unread_count(struct cnap_store *s, const struct cnap_actor *actor, size_t *unread,
				   struct cnap_error *err);
enum cnap_err cnap_uc_notification_read(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
					struct cnap_error *err);

/* One's own notice opened (the web's link to it): marked read, *out what it is (its link). ENOTFOUND for another's. */
enum cnap_err cnap_uc_notification_open(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
					struct cnap_arena *a, struct cnap_notification *out, struct cnap_error *err);
/* One's own address (NULL: none) and how one takes mail (the account page). */
enum cnap_err cnap_uc_mail_me(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_arena *a,
			      struct cnap_mail_recipient *out, struct cnap_error *err);

/* How login takes mail: one's own, or anyone's for the secretariat. */
enum cnap_err cnap_uc_mail_mode_set(struct cnap_store *s, const struct cnap_actor *actor, const char *login,
				    enum cnap_mail_mode mode, struct cnap_error *err);

#endif
