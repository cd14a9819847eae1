/*
 * Emptying the outbox (issue 15): the reminders due today and the digests
 * due now are written first, then every message due is rendered with the
 * template in force, composed and handed to the SMTP server of the mail
 * configuration (src/mail). What the server says is recorded on the message:
 * sent; a temporary failure tried again later, each wait twice the last
 * (retry_first_seconds … retry_max_seconds); refused, or out of tries,
 * 送信失敗 with the server's answer until someone resends it. No message is
 * sent while a database transaction is open: the outbox is read in one,
 * each result written in another, so the web stays responsive while a slow
 * mail server answers.
 */
#ifndef CNAP_USECASE_MAIL_SEND_H
#define CNAP_USECASE_MAIL_SEND_H

#include "auth/policy.h"
#include "mail/mail_config.h"
#include "mail/smtp.h"
#include "store/mail_store.h"

struct cnap_mail_run_stats {
	size_t reminders; /* notices of reminders written */
	size_t digests;   /* digest messages made */
	size_t sent, retried, failed;
};

/* Reminders due today (JST) and digests due at this hour: what needs no mail server. */
enum cnap_err cnap_uc_mail_prepare(struct cnap_store *s, int digest_hour, struct cnap_mail_run_stats *st,
				   struct cnap_error *err);
/*
 * cnap_uc_mail_prepare, then every message due, through cfg's server. A message's own failure is
 * recorded on it, not returned; an error is returned only when the outbox cannot be read or written.
 */
enum cnap_err cnap_uc_mail_run(struct cnap_store *s, const struct cnap_mail_config *cfg,
			       struct cnap_mail_run_stats *st, struct cnap_error *err);

/* A test message to `to` (the secretariat's), queued and sent at once: *res what the server said, *id its entry. */
enum cnap_err cnap_uc_mail_test(struct cnap_store *s, const struct cnap_actor *actor,
				const struct cnap_mail_config *cfg, const char *to, struct cnap_mail_result *res,
				int64_t *id, struct cnap_error *err);

/* An entry's subject and body with the template in force, {{リンク}} under base_url (NULL: the bare path). */
enum cnap_err cnap_mail_entry_render(struct cnap_store *s, const struct cnap_outbox_entry *e, const char *base_url,
				     struct cnap_arena *a, const char **subject, const char **body,
				     struct cnap_error *err);

#endif
