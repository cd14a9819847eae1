/*
 * mail.conf: one table of keys says what each holds and its bounds, so a key cannot be parsed one way
 * and documented another. The text is the operator's, but may be anything (a wrong file, a paste):
 * every line is bounded and checked before a value is looked at.
 */
#include "base/compat.h"
#include "mail/mail_config.h"
#include "base/utf8.h"
#include "mail/message.h"

#include <stddef.h>
#include <string.h>

enum kind { K_SMTP_URL, K_BASE_URL, K_ADDR, K_NAME, K_PATH, K_TLS, K_INT };

struct key {
	const char *name;
	enum kind kind;
	size_t offset; /* of the const char * or int in struct cnap_mail_config */
	int min, max;
	bool required;
};

#define STR(field) offsetof(struct cnap_mail_config, field)
static const struct key KEYS[] = {
	{"smtp_url", K_SMTP_URL, STR(smtp_url), 0, 0, true},
	{"starttls", K_TLS, STR(starttls), 0, 0, false},
	{"username", K_NAME, STR(username), 0, 0, false},
	{"password_file", K_PATH, STR(password_file), 0, 0, false},
	{"from", K_ADDR, STR(from_addr), 0, 0, true},
	{"from_name", K_NAME, STR(from_name), 0, 0, false},
	{"base_url", K_BASE_URL, STR(base_url), 0, 0, true},
	{"ca_file", K_PATH, STR(ca_file), 0, 0, false},
	{"timeout_seconds", K_INT, STR(timeout_s), 1, 600, false},
	{"retry_first_seconds", K_INT, STR(retry_first_s), 1, 86400, false},
	{"retry_max_seconds", K_INT, STR(retry_max_s), 1, 604800, false},
	{"max_attempts", K_INT, STR(max_attempts), 1, 100, false},
	{"digest_hour", K_INT, STR(digest_hour), 0, 23, false},
	{"poll_seconds", K_INT, STR(poll_s), 1, 3600, false},
};
#undef STR

struct parser {
	const char *file;
	size_t line;
	size_t seen_at[CNAP_ARRAY_LEN(KEYS)]; /* line a key was set on, 0 if not yet */
	struct cnap_error *err;
};

static enum cnap_err fail_at(struct parser *p, enum cnap_err code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static enum cnap_err fail_at(struct parser *p, enum cnap_err code, const char *fmt, ...)
{
	char where[160];
	if (p->line)
		snprintf(where, sizeof where, "%s:%zu", p->file, p->line);
	else
		snprintf(where, sizeof where, "%s", p->file);
	va_list ap;
	va_start(ap, fmt);
	enum cnap_err rc = cnap_vfail(p->err, code, where, fmt, ap);
	va_end(ap);
	return rc;
}

/* s cut to at most 40 bytes on a character boundary ("…" added), for quoting a value in a message. */
struct clip {
	char s[48];
};
static struct clip clip(const char *s)
{
	struct clip c;
	size_t n = strlen(s), i = 0;
	if (n <= 40) {
		memcpy(c.s, s, n + 1);
		return c;
	}
	while (i < 40) {
		uint32_t cp;
		size_t k = cnap_utf8_decode(s + i, n - i, &cp);
		if (k == 0 || i + k > 40)
			break;
		i += k;
	}
	memcpy(c.s, s, i);
	memcpy(c.s + i, "…", sizeof "…");
	return c;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Printable ASCII without blanks: what a URL or a path may hold here. */
static bool printable_token(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

/* After "scheme://": a host (and optional :port) that is not empty and has nothing but URL characters. */
static bool has_host(const char *rest)
{
	return rest[0] && rest[0] != '/' && rest[0] != ':' && rest[0] != '?' && rest[0] != '#' && rest[0] != '@';
}

static enum cnap_err check_url(struct parser *p, const struct key *k, const char *v)
{
	const char *const *schemes;
	static const char *const smtp[] = {"smtp://", "smtps://", NULL};
	static const char *const web[] = {"https://", "http://", NULL};
	schemes = k->kind == K_SMTP_URL ? smtp : web;
	if (!printable_token(v))
		return fail_at(p, CNAP_EINVAL, "「%s」のURLに空白や使えない文字があります", k->name);
	for (size_t i = 0; schemes[i]; i++) {
		size_t n = strlen(schemes[i]);
		if (strncmp(v, schemes[i], n) != 0)
			continue;
		if (!has_host(v + n))
			return fail_at(p, CNAP_EINVAL, "「%s」のURLにホスト名がありません", k->name);
		if (k->kind == K_BASE_URL && v[strlen(v) - 1] == '/')
			return fail_at(p, CNAP_EINVAL, "「%s」の末尾に「/」を付けないでください（例：https://cnap.example.jp）",
				       k->name);
		if (k->kind == K_BASE_URL && strpbrk(v, "?#"))
			return fail_at(p, CNAP_EINVAL, "「%s」に「?」や「#」は書けません", k->name);
		return CNAP_OK;
	}
	if (k->kind == K_SMTP_URL)
		return fail_at(p, CNAP_EINVAL, "「%s」は smtp:// か smtps:// で始めてください（例：smtp://mail.example.jp:587）",
			       k->name);
	return fail_at(p, CNAP_EINVAL, "「%s」は https:// か http:// で始めてください（例：https://cnap.example.jp）",
		       k->name);
}

static enum cnap_err parse_int(struct parser *p, const struct key *k, const char *v, int *out)
{
	long n = 0;
	if (!*v)
		return fail_at(p, CNAP_EINVAL, "「%s」の値が空です", k->name);
	for (const char *s = v; *s; s++) {
		if (*s < '0' || *s > '9')
			return fail_at(p, CNAP_EINVAL, "「%s」は半角数字で書いてください（「%s」は数ではありません）", k->name,
			       clip(v).s);
		n = n * 10 + (*s - '0');
		if (n > k->max)
			break;
	}
	if (n < k->min || n > k->max)
		return fail_at(p, CNAP_EINVAL, "「%s」は%d〜%dの範囲で書いてください（「%s」）", k->name, k->min, k->max,
			       clip(v).s);
	*out = (int)n;
	return CNAP_OK;
}

/* One value, checked for its kind and stored (strings copied into a). */
static enum cnap_err set_value(struct parser *p, const struct key *k, const char *v, struct cnap_arena *a,
			       struct cnap_mail_config *out)
{
	char *base = (char *)out;
	enum cnap_err rc = CNAP_OK;
	switch (k->kind) {
	case K_INT:
		return parse_int(p, k, v, (int *)(base + k->offset));
	case K_TLS:
		if (strcmp(v, "required") == 0)
			out->starttls = CNAP_MAIL_TLS_REQUIRED;
		else if (strcmp(v, "none") == 0)
			out->starttls = CNAP_MAIL_TLS_NONE;
		else
			return fail_at(p, CNAP_EINVAL, "「%s」は required か none です（「%s」）", k->name, clip(v).s);
		return CNAP_OK;
	case K_SMTP_URL:
	case K_BASE_URL:
		rc = check_url(p, k, v);
		break;
	case K_ADDR: {
		struct cnap_error e;
		if (cnap_mail_check_addr(v, k->name, &e) != CNAP_OK)
			return fail_at(p, CNAP_EINVAL, "「%s」のメールアドレスが正しくありません：%s", k->name, e.message);
		break;
	}
	case K_NAME: { /* what a message's header will take (from_name), so no message is refused later */
		struct cnap_error e;
		if (cnap_mail_check_header_text(v, CNAP_MAIL_NAME_MAX_BYTES, k->name, "値", &e) != CNAP_OK)
			return fail_at(p, CNAP_EINVAL, "「%s」の%s", k->name, e.message);
		break;
	}
	case K_PATH:
		for (const char *s = v; *s; s++)
			if ((unsigned char)*s < 0x20 || *s == 0x7f)
				return fail_at(p, CNAP_EINVAL, "「%s」のパスに制御文字は使えません", k->name);
		break;
	}
	if (rc != CNAP_OK)
		return rc;
	char *copy = cnap_arena_strdup(a, v);
	if (!copy)
		return fail_at(p, CNAP_ENOMEM, "メモリが足りません");
	*(const char **)(base + k->offset) = copy;
	return CNAP_OK;
}

/* Trims blanks at both ends of s[0..*n) in place; returns the new start. */
static char *trim(char *s, size_t *n)
{
	while (*n && is_blank(*s)) {
		s++;
		(*n)--;
	}
	while (*n && is_blank(s[*n - 1]))
		(*n)--;
	s[*n] = '\0';
	return s;
}

/* One line (NUL-terminated copy, no line end): a comment, a blank line or "key = value". */
static enum cnap_err parse_line(struct parser *p, char *line, struct cnap_arena *a, struct cnap_mail_config *out)
{
	size_t n = strlen(line);
	for (size_t i = 0; i < n; i++)
		if (line[i] == '#' && (i == 0 || is_blank(line[i - 1]))) {
			n = i;
			break;
		}
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)line[i] < 0x20 && line[i] != '\t')
			return fail_at(p, CNAP_EINVAL, "制御文字が含まれています（%zuバイト目）", i + 1);
	line = trim(line, &n);
	if (n == 0)
		return CNAP_OK;
	char *eq = strchr(line, '=');
	if (!eq)
		return fail_at(p, CNAP_EINVAL, "「キー = 値」の形になっていません");
	size_t kn = (size_t)(eq - line), vn = n - kn - 1;
	char *key = trim(line, &kn), *value = trim(eq + 1, &vn);
	if (kn == 0)
		return fail_at(p, CNAP_EINVAL, "「=」の前にキーがありません");
	for (size_t i = 0; i < CNAP_ARRAY_LEN(KEYS); i++) {
		if (strcmp(KEYS[i].name, key) != 0)
			continue;
		if (p->seen_at[i])
			return fail_at(p, CNAP_EINVAL, "「%s」が2回書かれています（最初は%zu行目）", key, p->seen_at[i]);
		p->seen_at[i] = p->line;
		if (vn == 0)
			return fail_at(p, CNAP_EINVAL, "「%s」の値が空です", key);
		return set_value(p, &KEYS[i], value, a, out);
	}
	return fail_at(p, CNAP_EINVAL, "知らないキー「%s」です（使えるのは smtp_url、starttls、username、password_file、from、"
				       "from_name、base_url、ca_file、timeout_seconds、retry_first_seconds、retry_max_seconds、"
				       "max_attempts、digest_hour、poll_seconds）",
		       clip(key).s);
}

/* The line a key was set on (0: absent). */
static size_t key_line(const struct parser *p, const char *name)
{
	/* by length and bytes: GCC -O3 mistakes a strcmp of a longer literal here for a sure mismatch */
	size_t n = strlen(name);
	for (size_t i = 0; i < CNAP_ARRAY_LEN(KEYS); i++)
		if (strlen(KEYS[i].name) == n && memcmp(KEYS[i].name, name, n) == 0)
			return p->seen_at[i];
	CNAP_BUG("no such mail.conf key");
}

/* What the keys say together, once every line is read. */
static enum cnap_err check_whole(struct parser *p, const struct cnap_mail_config *c)
{
	p->line = 0;
	for (size_t i = 0; i < CNAP_ARRAY_LEN(KEYS); i++)
		if (KEYS[i].required && !p->seen_at[i])
			return fail_at(p, CNAP_EINVAL, "「%s」がありません（必ず書いてください）", KEYS[i].name);
	if (!c->username != !c->password_file) {
		p->line = key_line(p, c->username ? "username" : "password_file");
		return fail_at(p, CNAP_EINVAL, "SMTP認証には username と password_file の両方が要ります");
	}
	if (c->retry_first_s > c->retry_max_s) {
		p->line = key_line(p, "retry_first_seconds") ? key_line(p, "retry_first_seconds")
							      : key_line(p, "retry_max_seconds");
		return fail_at(p, CNAP_EINVAL, "retry_first_seconds（%d）が retry_max_seconds（%d）より長くなっています",
			       c->retry_first_s, c->retry_max_s);
	}
	return CNAP_OK;
}

static enum cnap_err parse_all(struct parser *p, const char *text, size_t len, struct cnap_arena *a,
			       struct cnap_mail_config *out)
{
	char line[CNAP_MAIL_CONFIG_LINE_MAX + 2];
	size_t at = 0;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		at = 3; /* a BOM left by a Windows editor */
	while (at < len) {
		p->line++;
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
		size_t next = at + n + (nl ? 1 : 0);
		if (n && text[at + n - 1] == '\r')
			n--;
		size_t bad;
		if (!cnap_utf8_valid(text + at, n, &bad))
			return fail_at(p, CNAP_EINVAL, "UTF-8として正しくない文字があります（%zuバイト目）", bad + 1);
		if (n > CNAP_MAIL_CONFIG_LINE_MAX)
			return fail_at(p, CNAP_EINVAL, "行が長すぎます（%zuバイト、最大%dバイト）", n, CNAP_MAIL_CONFIG_LINE_MAX);
		if (memchr(text + at, '\0', n))
			return fail_at(p, CNAP_EINVAL, "制御文字が含まれています");
		memcpy(line, text + at, n);
		line[n] = '\0';
		enum cnap_err rc = parse_line(p, line, a, out);
		if (rc != CNAP_OK)
			return rc;
		at = next;
	}
	return check_whole(p, out);
}

enum cnap_err cnap_mail_config_parse(const char *text, size_t len, const char *file_name, struct cnap_arena *a,
				     struct cnap_mail_config *out, struct cnap_error *err)
{
	struct parser p = {.file = file_name ? file_name : "mail.conf", .err = err};
	*out = (struct cnap_mail_config){
		.starttls = CNAP_MAIL_TLS_REQUIRED,
		.timeout_s = CNAP_MAIL_DEFAULT_TIMEOUT_S,
		.retry_first_s = CNAP_MAIL_DEFAULT_RETRY_FIRST_S,
		.retry_max_s = CNAP_MAIL_DEFAULT_RETRY_MAX_S,
		.max_attempts = CNAP_MAIL_DEFAULT_MAX_ATTEMPTS,
		.digest_hour = CNAP_MAIL_DEFAULT_DIGEST_HOUR,
		.poll_s = CNAP_MAIL_DEFAULT_POLL_S,
	};
	enum cnap_err rc;
	if (len > CNAP_MAIL_CONFIG_MAX_BYTES)
		rc = fail_at(&p, CNAP_ETOOBIG, "設定ファイルが大きすぎます（%zuバイト、最大%dバイト）", len,
			     CNAP_MAIL_CONFIG_MAX_BYTES);
	else
		rc = parse_all(&p, text, len, a, out);
	if (rc == CNAP_OK && !(out->path = cnap_arena_strdup(a, p.file)))
		rc = fail_at(&p, CNAP_ENOMEM, "メモリが足りません");
	if (rc != CNAP_OK)
		*out = (struct cnap_mail_config){0};
	return rc;
}
