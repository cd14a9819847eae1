/*
 * RFC 5322 + MIME text for one plain-text message. Headers are written token by token through a small
 * folding writer, so no line can exceed CNAP_MAIL_HEADER_LINE_MAX whatever the input (an address longer
 * than a line is the one exception, and cnap_check_email bounds it at 254 bytes). Non-ASCII text becomes
 * base64 encoded words cut on character boundaries: whitespace between adjacent encoded words is
 * dropped by decoders (RFC 2047 6.2), so the text decodes back exactly.
 */
#include "base/compat.h"
#include "mail/message.h"
#include "base/base64.h"
#include "base/utf8.h"
#include "model/model.h"

#include <string.h>

/* Header fields as one folding writer: line is the length of the current line so far. */
struct header {
	struct cnap_buf *out;
	size_t line;
	bool line_has_token; /* false right after "Name: " or a fold */
};

static void header_start(struct header *h, const char *name)
{
	cnap_buf_adds(h->out, name);
	cnap_buf_adds(h->out, ": ");
	h->line = strlen(name) + 2;
	h->line_has_token = false;
}

static void header_fold(struct header *h)
{
	cnap_buf_adds(h->out, "\r\n ");
	h->line = 1;
	h->line_has_token = false;
}

/* Room on the current line for a token, the space before it counted. */
static size_t header_room(const struct header *h)
{
	size_t used = h->line + (h->line_has_token ? 1 : 0);
	return used >= CNAP_MAIL_HEADER_LINE_MAX ? 0 : CNAP_MAIL_HEADER_LINE_MAX - used;
}

/* One unbreakable token, on a new line when it does not fit on this one. */
static void header_token(struct header *h, const char *s, size_t n)
{
	if (h->line_has_token && n > header_room(h))
		header_fold(h);
	if (h->line_has_token) {
		cnap_buf_addc(h->out, ' ');
		h->line++;
	}
	cnap_buf_add(h->out, s, n);
	h->line += n;
	h->line_has_token = true;
}

static void header_end(struct header *h)
{
	cnap_buf_adds(h->out, "\r\n");
}

#define EW_PREFIX "=?UTF-8?B?"
#define EW_OVERHEAD (sizeof(EW_PREFIX) - 1 + 2)

/* Bytes of text a base64 encoded word of at most room characters can carry. */
static size_t ew_capacity(size_t room)
{
	if (room > CNAP_MAIL_ENCODED_WORD_MAX)
		room = CNAP_MAIL_ENCODED_WORD_MAX;
	return room < EW_OVERHEAD ? 0 : (room - EW_OVERHEAD) / 4 * 3;
}

/* The longest prefix of whole characters of s[0..n) in at most cap bytes (s is valid UTF-8). */
static size_t whole_chars(const char *s, size_t n, size_t cap)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = cnap_utf8_decode(s + i, n - i, &cp);
		if (k == 0 || i + k > cap)
			break;
		i += k;
	}
	return i;
}

/* s[0..n) as encoded words, each as long as the line allows and never past 75 characters. */
static void header_encoded(struct header *h, const char *s, size_t n)
{
	char word[CNAP_MAIL_ENCODED_WORD_MAX + 1];
	while (n > 0) {
		size_t take = whole_chars(s, n, ew_capacity(header_room(h)));
		if (take == 0 && h->line_has_token) {
			header_fold(h);
			continue;
		}
		if (take == 0) /* cannot happen after a fold (45 bytes fit); refuse rather than loop */
			CNAP_BUG("encoded word has no room on a fresh line");
		struct cnap_buf b;
		cnap_buf_init(&b, sizeof(word));
		cnap_buf_adds(&b, EW_PREFIX);
		cnap_base64_encode(s, take, &b);
		cnap_buf_adds(&b, "?=");
		if (b.status != CNAP_OK) {
			h->out->status = b.status;
			cnap_buf_release(&b);
			return;
		}
		header_token(h, b.data, b.len);
		cnap_buf_release(&b);
		s += take;
		n -= take;
	}
}

static bool is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* RFC 5322 atext: what an unquoted word of a display name may hold. */
static bool is_atext(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

/* A word this long fits on any header's first line ("Message-ID: " is the longest name cnap folds after). */
#define PLAIN_WORD_MAX 60

/*
 * ASCII text that can be written as words separated by single spaces, each short enough for a line,
 * and that no decoder would take for an encoded word: then it is written as it stands.
 */
static bool plain_words(const char *s, bool atoms_only)
{
	size_t n = strlen(s), word = 0;
	if (n == 0 || s[0] == ' ' || s[n - 1] == ' ' || strstr(s, "  ") || strstr(s, "=?"))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ') {
			word = 0;
			continue;
		}
		if (atoms_only && !is_atext(s[i]))
			return false;
		if (++word > PLAIN_WORD_MAX)
			return false;
	}
	return true;
}

static void header_words(struct header *h, const char *s)
{
	while (*s) {
		size_t k = strcspn(s, " ");
		header_token(h, s, k);
		s += k;
		if (*s == ' ')
			s++;
	}
}

/* A display name: atoms as they are, other short ASCII quoted, anything else as encoded words. */
static void header_phrase(struct header *h, const char *name)
{
	size_t n = strlen(name);
	if (is_ascii(name) && plain_words(name, true)) {
		header_words(h, name);
		return;
	}
	if (is_ascii(name) && !strstr(name, "=?")) {
		struct cnap_buf q; /* too long a quoted string (ETOOBIG) becomes encoded words instead */
		cnap_buf_init(&q, PLAIN_WORD_MAX);
		cnap_buf_addc(&q, '"');
		for (const char *p = name; *p; p++) {
			if (*p == '"' || *p == '\\')
				cnap_buf_addc(&q, '\\');
			cnap_buf_addc(&q, *p);
		}
		cnap_buf_addc(&q, '"');
		enum cnap_err qs = q.status;
		if (qs == CNAP_OK)
			header_token(h, q.data, q.len);
		else if (qs != CNAP_ETOOBIG)
			h->out->status = qs;
		cnap_buf_release(&q);
		if (qs != CNAP_ETOOBIG)
			return;
	}
	header_encoded(h, name, n);
}

static void header_mailbox(struct header *h, const char *field, const char *name, const char *addr)
{
	header_start(h, field);
	if (name && *name)
		header_phrase(h, name);
	struct cnap_buf a;
	cnap_buf_init(&a, CNAP_MAX_EMAIL_BYTES + 3);
	cnap_buf_addc(&a, '<');
	cnap_buf_adds(&a, addr);
	cnap_buf_addc(&a, '>');
	if (a.status == CNAP_OK)
		header_token(h, a.data, a.len);
	else
		h->out->status = a.status;
	cnap_buf_release(&a);
	header_end(h);
}

enum cnap_err cnap_mail_check_addr(const char *addr, const char *field, struct cnap_error *err)
{
	enum cnap_err rc = cnap_check_email(addr, field, err);
	if (rc != CNAP_OK)
		return rc;
	for (const char *p = addr; *p; p++)
		if (!is_atext(*p) && *p != '.' && *p != '@')
			return cnap_fail(err, CNAP_EINVAL, field,
					 "メールアドレスに使えない文字「%c」が含まれています（英数字と記号 !#$%%&'*+-/=?^_`{|}~. のみ）",
					 (unsigned char)*p < 0x80 ? *p : '?');
	return CNAP_OK;
}

enum cnap_err cnap_mail_check_header_text(const char *s, size_t max, const char *field, const char *label,
					 struct cnap_error *err)
{
	size_t n = strlen(s), bad;
	if (n > max)
		return cnap_fail(err, CNAP_ETOOBIG, field, "%sが長すぎます（%zuバイト、最大%zuバイト）", label, n, max);
	if (!cnap_utf8_valid(s, n, &bad))
		return cnap_fail(err, CNAP_EINVAL, field, "%sに不正な文字コードがあります（%zuバイト目）", label, bad + 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\r' || c == '\n')
			return cnap_fail(err, CNAP_EINVAL, field, "%sに改行は使えません", label);
		/* C0, DEL, C1 (U+0080..U+009F, NEL among them) and U+2028/U+2029, which some readers take for line ends */
		if (c < 0x20 || c == 0x7f || (c == 0xc2 && (unsigned char)s[i + 1] < 0xa0) ||
		    (c == 0xe2 && (unsigned char)s[i + 1] == 0x80 &&
		     ((unsigned char)s[i + 2] == 0xa8 || (unsigned char)s[i + 2] == 0xa9)))
			return cnap_fail(err, CNAP_EINVAL, field, "%sに制御文字や改行にあたる文字は使えません", label);
	}
	return CNAP_OK;
}

static enum cnap_err check_message_id(const char *id, struct cnap_error *err)
{
	size_t n = id ? strlen(id) : 0;
	if (n == 0 || n > CNAP_MAIL_MESSAGE_ID_MAX_BYTES)
		return cnap_fail(err, CNAP_EINVAL, "message_id", "Message-IDが空か長すぎます（最大%dバイト）",
				 CNAP_MAIL_MESSAGE_ID_MAX_BYTES);
	const char *at = strchr(id, '@');
	if (!at || at == id || !at[1] || strchr(at + 1, '@'))
		return cnap_fail(err, CNAP_EINVAL, "message_id", "Message-IDは「左側@右側」の形で書きます");
	for (const char *p = id; *p; p++)
		if (!is_atext(*p) && *p != '.' && *p != '@')
			return cnap_fail(err, CNAP_EINVAL, "message_id", "Message-IDに使えない文字があります");
	return CNAP_OK;
}

static enum cnap_err check_message(const struct cnap_mail_message *m, struct cnap_error *err)
{
	enum cnap_err rc;
	if ((rc = cnap_mail_check_addr(m->from_addr, "from_addr", err)) ||
	    (rc = cnap_mail_check_addr(m->to_addr, "to_addr", err)))
		return rc;
	if (m->from_name && (rc = cnap_mail_check_header_text(m->from_name, CNAP_MAIL_NAME_MAX_BYTES, "from_name", "差出人の名前", err)))
		return rc;
	if (m->to_name && (rc = cnap_mail_check_header_text(m->to_name, CNAP_MAIL_NAME_MAX_BYTES, "to_name", "宛先の名前", err)))
		return rc;
	if (!m->subject || !*m->subject)
		return cnap_fail(err, CNAP_EINVAL, "subject", "件名が空です");
	if ((rc = cnap_mail_check_header_text(m->subject, CNAP_MAIL_SUBJECT_MAX_BYTES, "subject", "件名", err)))
		return rc;
	if ((rc = check_message_id(m->message_id, err)))
		return rc;
	size_t n = m->body ? strlen(m->body) : 0, bad;
	if (n && !cnap_utf8_valid(m->body, n, &bad))
		return cnap_fail(err, CNAP_EINVAL, "body", "本文に不正な文字コードがあります（%zuバイト目）", bad + 1);
	return CNAP_OK;
}

void cnap_mail_date(time_t t, char out[40])
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t jst = t + 9 * 3600;
	struct tm tm;
	if (!gmtime_r(&jst, &tm)) {
		snprintf(out, 40, "Thu, 01 Jan 1970 09:00:00 +0900");
		return;
	}
	snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0900", days[tm.tm_wday % 7], tm.tm_mday,
		 months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* The body with CRLF line ends, in base64 lines of 76 characters. */
static enum cnap_err add_body(const char *body, struct cnap_buf *out)
{
	struct cnap_buf crlf, b64;
	cnap_buf_init(&crlf, out->max);
	cnap_buf_init(&b64, out->max);
	for (const char *p = body ? body : ""; *p; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		if (*p == '\r' || *p == '\n')
			cnap_buf_add(&crlf, "\r\n", 2);
		else
			cnap_buf_addc(&crlf, *p);
	}
	if (crlf.status == CNAP_OK && crlf.len)
		cnap_base64_encode(crlf.data, crlf.len, &b64);
	enum cnap_err rc = crlf.status ? crlf.status : b64.status;
	for (size_t i = 0; rc == CNAP_OK && i < b64.len; i += 76) {
		size_t k = b64.len - i < 76 ? b64.len - i : 76;
		cnap_buf_add(out, b64.data + i, k);
		rc = cnap_buf_add(out, "\r\n", 2);
	}
	cnap_buf_release(&crlf);
	cnap_buf_release(&b64);
	if (rc != CNAP_OK)
		out->status = rc;
	return out->status;
}

enum cnap_err cnap_mail_compose(const struct cnap_mail_message *m, struct cnap_buf *out, struct cnap_error *err)
{
	enum cnap_err rc = check_message(m, err);
	if (rc != CNAP_OK)
		return rc;
	struct header h = {.out = out};
	char date[40];
	cnap_mail_date(m->date, date);
	cnap_buf_addf(out, "Date: %s\r\n", date);
	header_mailbox(&h, "From", m->from_name, m->from_addr);
	header_mailbox(&h, "To", m->to_name, m->to_addr);
	header_start(&h, "Subject");
	if (is_ascii(m->subject) && plain_words(m->subject, false))
		header_words(&h, m->subject);
	else
		header_encoded(&h, m->subject, strlen(m->subject));
	header_end(&h);
	header_start(&h, "Message-ID");
	cnap_buf_addc(out, '<');
	cnap_buf_adds(out, m->message_id);
	cnap_buf_adds(out, ">\r\n");
	cnap_buf_adds(out, "MIME-Version: 1.0\r\n"
			   "Content-Type: text/plain; charset=UTF-8\r\n"
			   "Content-Transfer-Encoding: base64\r\n"
			   "Auto-Submitted: auto-generated\r\n"
			   "\r\n");
	if (add_body(m->body, out) != CNAP_OK)
		return cnap_buf_error(out, err, "メール");
	return CNAP_OK;
}
