/*
 * The passage a question quotes, and the mark its item's later change leaves
 * (issue 12). Pure: what the store, io and the use cases check and compare.
 */
#include "base/compat.h"
#include "base/buf.h"
#include "base/utf8.h"
#include "model/model.h"

#include <string.h>

/* ASCII white space, NBSP (C2 A0) and the ideographic space (E3 80 80): the length of the one at p, or 0. */
static size_t space_at(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	if (*u == ' ' || *u == '\t' || *u == '\n' || *u == '\r' || *u == '\f' || *u == '\v')
		return 1;
	if (u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	return 0;
}

const char *cnap_quote_normalize(struct cnap_arena *a, const char *s, bool *oom)
{
	*oom = false;
	if (!s)
		return NULL;
	size_t n = strlen(s), start = 0, end = n, k;
	while (start < n && (k = space_at(s + start)))
		start += k;
	/* Back over trailing blanks: single bytes, or a whole NBSP / U+3000 ending there. */
	for (;;) {
		if (end > start && space_at(s + end - 1) == 1)
			end--;
		else if (end >= start + 2 && space_at(s + end - 2) == 2)
			end -= 2;
		else if (end >= start + 3 && space_at(s + end - 3) == 3)
			end -= 3;
		else
			break;
	}
	if (end <= start)
		return NULL;
	char *out = cnap_arena_alloc(a, end - start + 1);
	if (!out) {
		*oom = true;
		return NULL;
	}
	size_t o = 0;
	for (size_t i = start; i < end; i++) {
		char c = s[i];
		if (c == '\r') {
			if (i + 1 < end && s[i + 1] == '\n')
				continue; /* CRLF: the LF follows */
			c = '\n';
		} else if (c == '\t') {
			c = ' ';
		}
		out[o++] = c;
	}
	out[o] = '\0';
	return out;
}

enum cnap_err cnap_check_quote(const char *s, const char *field, struct cnap_error *err)
{
	if (!s)
		return CNAP_OK;
	enum cnap_err rc = cnap_text_check(s, CNAP_MAX_QUOTE_CHARS, CNAP_TEXT_MULTILINE, field, err);
	if (rc)
		return rc;
	const char *bad = strpbrk(s, "\r\t");
	if (bad)
		return cnap_fail(err, CNAP_EINVAL, field, "引用箇所に使えない制御文字（U+%04X）が%zuバイト目にあります",
				 (unsigned)*bad, (size_t)(bad - s));
	return CNAP_OK;
}

/* s without its white space, into b. */
static void strip_spaces(const char *s, struct cnap_buf *b)
{
	while (*s) {
		size_t k = space_at(s);
		if (k) {
			s += k;
			continue;
		}
		const char *run = s;
		while (*s && !space_at(s))
			s++;
		cnap_buf_add(b, run, (size_t)(s - run));
	}
	cnap_buf_addc(b, '\0');
}

enum cnap_err cnap_quote_found(const char *quote, const char *text, bool *found)
{
	*found = false;
	if (!quote || !text)
		return CNAP_OK;
	struct cnap_buf q, t;
	cnap_buf_init(&q, 0);
	cnap_buf_init(&t, 0);
	strip_spaces(quote, &q);
	strip_spaces(text, &t);
	enum cnap_err rc = q.status || t.status ? CNAP_ENOMEM : CNAP_OK;
	/* A quote of blanks only is nowhere: it quotes nothing. */
	if (!rc)
		*found = q.data[0] && strstr(t.data, q.data) != NULL;
	cnap_buf_release(&q);
	cnap_buf_release(&t);
	return rc;
}

bool cnap_question_anchor_marked(const struct cnap_question *q)
{
	return cnap_qstatus_open(q->status) && q->anchor.changed_version > q->anchor.confirmed_version;
}
