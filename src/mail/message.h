/*
 * One e-mail message as RFC 5322 text (pure: no I/O, no clock, no locale).
 *
 * cnap writes plain-text messages only: UTF-8 text in base64, Japanese display names and subjects as
 * RFC 2047 encoded words, every header line folded to at most 78 characters, CRLF line ends. Because
 * the headers are built here and nowhere else, this is where header injection is made impossible: a CR
 * or LF (or any other control character) in a subject, a name or an address is refused, not escaped.
 */
#ifndef CNAP_MAIL_MESSAGE_H
#define CNAP_MAIL_MESSAGE_H

#include "base/buf.h"

#include <time.h>

/* The longest header line cnap writes (RFC 5322's SHOULD), and the longest encoded word (RFC 2047). */
#define CNAP_MAIL_HEADER_LINE_MAX 78
#define CNAP_MAIL_ENCODED_WORD_MAX 75
/* Bounds on what goes into a header, in bytes of UTF-8. An address or a Message-ID is one token that
 * cannot be folded: a line holding one longer than a line is the only one past 78. */
#define CNAP_MAIL_SUBJECT_MAX_BYTES 1000
#define CNAP_MAIL_NAME_MAX_BYTES 400
#define CNAP_MAIL_MESSAGE_ID_MAX_BYTES 250

/* Every string is borrowed for the call only. */
struct cnap_mail_message {
	const char *from_addr;  /* noreply@example.jp */
	const char *from_name;  /* display name, UTF-8, or NULL: 「CN行動計画 事務局」 */
	const char *to_addr;
	const char *to_name;    /* or NULL */
	const char *subject;    /* UTF-8, one line, not empty */
	const char *body;       /* UTF-8 plain text, '\n' line ends (a CRLF or a lone CR counts as one too) */
	time_t date;            /* the Date: header, written in JST (+0900), RFC 5322 form */
	const char *message_id; /* without <>: "cnap.outbox.12@example.jp" */
};

/*
 * The whole message, headers and body, CRLF line ends, appended to out (a cnap_buf the caller owns;
 * its max bounds the message: CNAP_ETOOBIG past it). Same input, same bytes. CNAP_EINVAL with a
 * Japanese message naming the field (where: "subject", "from_name", "to_addr", ...) for a control
 * character, invalid UTF-8, an empty subject, an address cnap_mail_check_addr refuses, an over-long
 * field. On error out may hold part of the message: the caller throws it away.
 */
enum cnap_err cnap_mail_compose(const struct cnap_mail_message *m, struct cnap_buf *out, struct cnap_error *err);

/*
 * An address as it may stand in an envelope and in a header: cnap_check_email's rules, and ASCII
 * letters, digits and RFC 5321's atom characters !#$%&'*+-/=?^_`{|}~ and '.' only (no quoted local
 * parts, no SMTPUTF8), so nothing in it can close a <...> or start a new header. field names it for
 * the message.
 */
enum cnap_err cnap_mail_check_addr(const char *addr, const char *field, struct cnap_error *err);

/*
 * Text for a header (a subject, a display name): at most max bytes, valid UTF-8, no CR or LF nor any
 * other control character (C0, DEL, C1) nor U+2028/U+2029. label names it in the message (「件名」).
 */
enum cnap_err cnap_mail_check_header_text(const char *s, size_t max, const char *field, const char *label,
					 struct cnap_error *err);

/* "Wed, 02 Dec 2026 09:13:22 +0900": t in JST, English names as RFC 5322 wants (not the locale's). */
void cnap_mail_date(time_t t, char out[40]);

#endif
