#include "base/compat.h"
#include "base/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool cnap_st_add(size_t a, size_t b, size_t *out)
{
	return !__builtin_add_overflow(a, b, out);
}

bool cnap_st_mult(size_t a, size_t b, size_t *out)
{
	return !__builtin_mul_overflow(a, b, out);
}

enum cnap_err cnap_buf_error(const struct cnap_buf *b, struct cnap_error *err, const char *what)
{
	if (b->status == CNAP_ENOMEM)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	return cnap_fail(err, b->status, "", "%s is over its size limit", what);
}

void cnap_buf_init(struct cnap_buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max ? max : CNAP_BUF_DEFAULT_MAX;
	b->status = CNAP_OK;
}

void cnap_buf_release(struct cnap_buf *b)
{
	free(b->data);
	cnap_buf_init(b, b->max);
}

void cnap_buf_reset(struct cnap_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
	b->status = CNAP_OK;
}

char *cnap_buf_detach(struct cnap_buf *b, size_t *len)
{
	if (len)
		*len = 0;
	if (b->status) {
		/* A chain that failed part-way must not pass for the whole text. */
		cnap_buf_release(b);
		return NULL;
	}
	char *p = b->data ? b->data : cnap_calloc(1, 1);
	if (p && len)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

static enum cnap_err buf_grow(struct cnap_buf *b, size_t extra)
{
	size_t need;
	if (!cnap_st_add(b->len, extra, &need) || !cnap_st_add(need, 1, &need) ||
	    need > b->max)
		return b->status = CNAP_ETOOBIG;
	if (need <= b->cap)
		return CNAP_OK;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need) {
		if (!cnap_st_mult(cap, 2, &cap)) {
			cap = need;
			break;
		}
	}
	if (cap > b->max + 1)
		cap = b->max + 1;
	char *p = cnap_realloc(b->data, cap);
	if (!p)
		return b->status = CNAP_ENOMEM;
	b->data = p;
	b->cap = cap;
	return CNAP_OK;
}

enum cnap_err cnap_buf_add(struct cnap_buf *b, const void *p, size_t n)
{
	if (b->status)
		return b->status;
	/* Room for n and the NUL already (cap never exceeds max + 1): a page makes some 1,700 adds, most of them small. */
	if (n >= b->cap - b->len && buf_grow(b, n))
		return b->status;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return CNAP_OK;
}

enum cnap_err cnap_buf_adds(struct cnap_buf *b, const char *s)
{
	return cnap_buf_add(b, s, strlen(s));
}

enum cnap_err cnap_buf_addc(struct cnap_buf *b, char c)
{
	return cnap_buf_add(b, &c, 1);
}

enum cnap_err cnap_buf_addf(struct cnap_buf *b, const char *fmt, ...)
{
	if (b->status)
		return b->status;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return b->status = CNAP_EINVAL;
	if (buf_grow(b, (size_t)n))
		return b->status;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return CNAP_OK;
}

/* Indexed by byte, so escaping a page's text costs one load per byte rather than five compares. */
static const char *const html_rep[256] = {
	['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;",
};

enum cnap_err cnap_buf_add_html_n(struct cnap_buf *b, const char *s, size_t n)
{
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep = html_rep[(unsigned char)s[i]];
		if (!rep)
			continue;
		cnap_buf_add(b, s + run, i - run);
		cnap_buf_adds(b, rep);
		run = i + 1;
	}
	return cnap_buf_add(b, s + run, n - run);
}

/* strcspn skips the long runs of plain text (most of a page, Japanese included) many bytes at a time. */
enum cnap_err cnap_buf_add_html(struct cnap_buf *b, const char *s)
{
	for (;;) {
		size_t run = strcspn(s, CNAP_HTML_SPECIAL);
		cnap_buf_add(b, s, run);
		s += run;
		if (!*s)
			return b->status;
		cnap_buf_adds(b, html_rep[(unsigned char)*s++]);
	}
}

enum cnap_err cnap_buf_add_json_chars(struct cnap_buf *b, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '"': cnap_buf_adds(b, "\\\""); break;
		case '\\': cnap_buf_adds(b, "\\\\"); break;
		case '\n': cnap_buf_adds(b, "\\n"); break;
		case '\r': cnap_buf_adds(b, "\\r"); break;
		case '\t': cnap_buf_adds(b, "\\t"); break;
		default:
			if (c < 0x20)
				cnap_buf_addf(b, "\\u%04x", c);
			else
				cnap_buf_addc(b, (char)c);
		}
	}
	return b->status;
}

enum cnap_err cnap_buf_add_json_str(struct cnap_buf *b, const char *s)
{
	if (!s)
		return cnap_buf_adds(b, "null");
	cnap_buf_addc(b, '"');
	cnap_buf_add_json_chars(b, s);
	return cnap_buf_addc(b, '"');
}
