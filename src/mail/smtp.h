/*
 * Sending composed messages through libcurl's SMTP, one recipient per message, always: the envelope
 * never carries anyone else's address.
 *
 * A struct cnap_smtp is one libcurl easy handle kept between sends, so several messages go over one
 * connection. It is used by one thread at a time; several may exist in several threads.
 */
#ifndef CNAP_MAIL_SMTP_H
#define CNAP_MAIL_SMTP_H

#include "base/err.h"
#include "mail/mail_config.h"

enum cnap_mail_outcome {
	CNAP_MAIL_SENT,
	CNAP_MAIL_RETRY,    /* temporary: cannot connect, timeout, TLS handshake, 4xx reply: try again later */
	CNAP_MAIL_REJECTED, /* permanent: 5xx reply (unknown recipient, auth refused, STARTTLS required but refused) */
};

struct cnap_mail_result {
	enum cnap_mail_outcome outcome;
	long smtp_code;   /* the server's last reply code, 0 when none came */
	char detail[480]; /* Japanese, for the outbox page: what happened and the server's own answer line */
};

struct cnap_smtp;

/*
 * A sender for cfg, which must outlive it (its strings are borrowed). Connects on the first send, not
 * here. CNAP_ENOMEM, or CNAP_EIO when libcurl cannot be set up.
 */
enum cnap_err cnap_smtp_open(const struct cnap_mail_config *cfg, struct cnap_smtp **out, struct cnap_error *err);

/*
 * Send one composed message (message[0..len), CRLF lines) to envelope_to. Returns CNAP_OK whenever the
 * outcome is in *res (even RETRY or REJECTED); an error code only for our own failures: CNAP_ENOMEM,
 * or CNAP_EINVAL for an envelope address cnap_mail_check_addr refuses (nothing is sent).
 */
enum cnap_err cnap_smtp_send(struct cnap_smtp *c, const char *envelope_to, const char *message, size_t len,
			     struct cnap_mail_result *res, struct cnap_error *err);

/* Says goodbye to the server (QUIT) if connected and frees everything; NULL is fine. */
void cnap_smtp_close(struct cnap_smtp *c);

/* "送信済み", "送信待ち", "送信失敗": the outcome as the outbox page names it. */
const char *cnap_mail_outcome_label(enum cnap_mail_outcome o);

#endif
