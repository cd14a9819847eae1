/*
 * Checking and filling a message template (model/mail_template.h). The check
 * and the rendering find placeholders with the one scanner below, so what the
 * check lets through is exactly what the rendering replaces.
 */
#include "base/compat.h"
#include "base/buf.h"
#include "base/utf8.h"
#include "model/mail_template.h"

#include <string.h>

#define WHERE_SUBJECT "mail_template.subject"
#define WHERE_BODY "mail_template.body"
/* How much of an unknown name a message quotes: enough to recognise it, not enough to fill the message. */
#define QUOTED_NAME_MAX_CHARS 40

/* A placeholder found in a text: "{{" at open; the name, spaces around it trimmed; after is past "}}". */
struct placeholder_at {
	const char *open, *name, *name_end, *after;
	bool closed; /* false: no "}}" before the line ends */
};

/* The length of an ASCII space or U+3000 at p (before end), or 0. */
static size_t name_space_at(const char *p, const char *end)
{
	if (p < end && *p == ' ')
		return 1;
	if (end - p >= 3 && memcmp(p, "\xE3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

static bool name_space_before(const char *start, const char *p, size_t *len)
{
	if (p > start && p[-1] == ' ')
		*len = 1;
	else if (p - start >= 3 && memcmp(p - 3, "\xE3\x80\x80", 3) == 0)
		*len = 3;
	else
		return false;
	return true;
}

/* The first placeholder in [p, end); false when no "{{" is there. A placeholder closes on its own line. */
static bool find_placeholder(const char *p, const char *end, struct placeholder_at *ph)
{
	for (; end - p >= 2; p++)
		if (p[0] == '{' && p[1] == '{')
			break;
	if (end - p < 2)
		return false;
	ph->open = p;
	ph->closed = false;
	const char *name = p + 2, *q = name;
	for (; q < end && *q != '\n'; q++)
		if (end - q >= 2 && q[0] == '}' && q[1] == '}') {
			ph->closed = true;
			break;
		}
	if (!ph->closed)
		return true;
	const char *name_end = q;
	size_t k;
	while ((k = name_space_at(name, name_end)))
		name += k;
	while (name_end > name && name_space_before(name, name_end, &k))
		name_end -= k;
	ph->name = name;
	ph->name_end = name_end;
	ph->after = q + 2;
	return true;
}

static bool name_is(const struct placeholder_at *ph, const char *name)
{
	size_t n = (size_t)(ph->name_end - ph->name);
	return strlen(name) == n && memcmp(ph->name, name, n) == 0;
}

/* "件名" or "本文 3行目", what a message starts with. */
static void place(char *out, size_t size, bool subject, size_t line)
{
	if (subject)
		snprintf(out, size, "件名");
	else
		snprintf(out, size, "本文 %zu行目", line);
}

/* The refusal of an unknown name: it (cut short), then every name e allows. */
static enum cnap_err unknown_name(enum cnap_mail_event e, const struct placeholder_at *ph, const char *at,
				  const char *where, struct cnap_error *err)
{
	struct cnap_buf b;
	cnap_buf_init(&b, sizeof(err->message) - 1);
	const char *p = ph->open + 2, *end = ph->after - 2;
	size_t chars = 0;
	cnap_buf_addf(&b, "%s：{{", at);
	while (p < end && chars < QUOTED_NAME_MAX_CHARS) {
		uint32_t cp;
		size_t l = cnap_utf8_decode(p, (size_t)(end - p), &cp);
		cnap_buf_add(&b, p, l ? l : 1);
		p += l ? l : 1;
		chars++;
	}
	cnap_buf_adds(&b, p < end ? "…}} は使えません。使えるもの：" : "}} は使えません。使えるもの：");
	size_t n;
	const struct cnap_mail_placeholder *ok = cnap_mail_event_placeholders(e, &n);
	for (size_t i = 0; i < n; i++)
		cnap_buf_addf(&b, "%s{{%s}}", i ? "、" : "", ok[i].name);
	cnap_buf_adds(&b, "。");
	/* The list always fits the message (a unit test sees to it); the short form is for memory running out. */
	if (b.status)
		cnap_fail(err, CNAP_EINVAL, where, "%s：この差し込み項目は使えません。", at);
	else
		cnap_fail(err, CNAP_EINVAL, where, "%s", b.data);
	cnap_buf_release(&b);
	return CNAP_EINVAL;
}

static const struct cnap_mail_placeholder *placeholder_of(enum cnap_mail_event e, const struct placeholder_at *ph)
{
	size_t n;
	const struct cnap_mail_placeholder *v = cnap_mail_event_placeholders(e, &n);
	for (size_t i = 0; i < n; i++)
		if (name_is(ph, v[i].name))
			return &v[i];
	return NULL;
}

/* One line of a subject or body: UTF-8, control characters, then its placeholders. */
static enum cnap_err check_line(enum cnap_mail_event e, const char *line, const char *end, bool subject,
				size_t line_no, struct cnap_error *err)
{
	const char *where = subject ? WHERE_SUBJECT : WHERE_BODY;
	char at[64];
	place(at, sizeof(at), subject, line_no);
	size_t bad;
	if (!cnap_utf8_valid(line, (size_t)(end - line), &bad))
		return cnap_fail(err, CNAP_EINVAL, where, "%s：文字コードがUTF-8として正しくありません（行頭から%zuバイト目）。",
				 at, bad + 1);
	for (const char *p = line; p < end;) {
		uint32_t cp;
		size_t l = cnap_utf8_decode(p, (size_t)(end - p), &cp);
		/* C1 too: a terminal reads U+009B as ESC [. A tab is a body's only one. */
		if ((cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) && !(cp == '\t' && !subject))
			return cnap_fail(err, CNAP_EINVAL, where, "%s：制御文字（U+%04X）は使えません。", at, (unsigned)cp);
		p += l;
	}
	struct placeholder_at ph;
	for (const char *p = line; find_placeholder(p, end, &ph); p = ph.after) {
		if (!ph.closed)
			return cnap_fail(err, CNAP_EINVAL, where, "%s：「{{」が同じ行の「}}」で閉じられていません。", at);
		const struct cnap_mail_placeholder *known = placeholder_of(e, &ph);
		if (!known)
			return unknown_name(e, &ph, at, where, err);
		if (subject && known->multiline)
			return cnap_fail(err, CNAP_EINVAL, where,
					 "%s：{{%s}} は複数行になることがあるため件名には使えません。本文で使ってください。", at,
					 known->name);
	}
	return CNAP_OK;
}

static bool blank(const char *s)
{
	for (const char *p = s; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			continue;
		if ((unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x80) {
			p += 2;
			continue;
		}
		return false;
	}
	return true;
}

/* Code points of s, counting lead bytes (an approximation before the UTF-8 check, exact after it). */
static size_t chars_of(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80;
	return n;
}

static enum cnap_err check_text(enum cnap_mail_event e, const char *text, bool subject, struct cnap_error *err)
{
	const char *where = subject ? WHERE_SUBJECT : WHERE_BODY, *part = subject ? "件名" : "本文";
	if (!text || blank(text))
		return cnap_fail(err, CNAP_EINVAL, where, "%sが空です。", part);
	if (subject && strchr(text, '\n'))
		return cnap_fail(err, CNAP_EINVAL, where, "件名は1行で書いてください（途中に改行があります）。");
	size_t chars = chars_of(text), max = subject ? CNAP_MAIL_SUBJECT_MAX_CHARS : CNAP_MAIL_BODY_MAX_CHARS;
	if (chars > max)
		return cnap_fail(err, CNAP_ETOOBIG, where, "%sが長すぎます（%zu文字。%zu文字までです）。", part, chars,
				 max);
	size_t line_no = 1;
	for (const char *line = text;; line_no++) {
		const char *eol = strchr(line, '\n'), *end = eol ? eol : line + strlen(line);
		enum cnap_err rc = check_line(e, line, end, subject, line_no, err);
		if (rc || !eol)
			return rc;
		line = eol + 1;
	}
}

enum cnap_err cnap_mail_template_check(enum cnap_mail_event e, const char *subject, const char *body,
				       struct cnap_error *err)
{
	if ((unsigned)e >= CNAP_MAIL_EV_COUNT)
		return cnap_fail(err, CNAP_EINVAL, "mail_template.event", "メールの種類が正しくありません。");
	enum cnap_err rc = check_text(e, subject, true, err);
	return rc ? rc : check_text(e, body, false, err);
}

static const char *value_of(const struct placeholder_at *ph, const struct cnap_mail_var *vars, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (vars[i].name && name_is(ph, vars[i].name))
			return vars[i].value ? vars[i].value : "";
	return "";
}

/* One pass over tmpl: with out NULL it only measures (*len), else it writes *len bytes to out. */
static enum cnap_err render_pass(const char *tmpl, const struct cnap_mail_var *vars, size_t n, char *out,
				 size_t *len)
{
	const char *p = tmpl, *end = tmpl + strlen(tmpl);
	size_t o = 0;
	struct placeholder_at ph;
#define EMIT(src, count)                                                                 \
	do {                                                                             \
		size_t count_ = (count);                                                 \
		if (count_ > CNAP_MAIL_RENDER_MAX_BYTES - o)                             \
			return CNAP_ETOOBIG;                                             \
		if (out)                                                                 \
			memcpy(out + o, (src), count_);                                  \
		o += count_;                                                             \
	} while (0)
	while (find_placeholder(p, end, &ph)) {
		if (!ph.closed) {
			/* Kept as written, and the scan goes on after it: a later placeholder of the line still counts. */
			EMIT(p, (size_t)(ph.open + 2 - p));
			p = ph.open + 2;
			continue;
		}
		EMIT(p, (size_t)(ph.open - p));
		const char *v = value_of(&ph, vars, n);
		EMIT(v, strlen(v));
		p = ph.after;
	}
	EMIT(p, (size_t)(end - p));
#undef EMIT
	*len = o;
	return CNAP_OK;
}

enum cnap_err cnap_mail_template_render(const char *tmpl, const struct cnap_mail_var *vars, size_t n,
					struct cnap_arena *a, const char **out, struct cnap_error *err)
{
	*out = NULL;
	if (!tmpl)
		return cnap_fail(err, CNAP_EINVAL, "mail_template", "メールのひな形がありません。");
	size_t len;
	if (render_pass(tmpl, vars, n, NULL, &len))
		return cnap_fail(err, CNAP_ETOOBIG, "mail_template",
				 "差し込んだ結果のメールが大きすぎます（%zuバイトまでです）。", CNAP_MAIL_RENDER_MAX_BYTES);
	char *s = cnap_arena_alloc(a, len + 1);
	if (!s)
		return cnap_fail(err, CNAP_ENOMEM, "mail_template", "メモリが足りません。");
	render_pass(tmpl, vars, n, s, &len);
	s[len] = '\0';
	*out = s;
	return CNAP_OK;
}
