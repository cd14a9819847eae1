#include "base/compat.h"
#include "base/snippet.h"
#include "base/alloc.h"
#include "base/bigram.h"
#include "base/buf.h"
#include "base/utf8.h"

#include <stdlib.h>
#include <string.h>

/* Beyond this many occurrences a text is marked no further (they would not fit in a snippet anyway). */
#define MAX_RANGES 4096
/* How far before the first hit a snippet may start, as a share of its width. */
#define LEAD_SHARE 4

struct folded_vec {
	struct cnap_folded *v;
	size_t n, cap;
};

static int collect(void *ctx, const struct cnap_folded *f)
{
	struct folded_vec *fv = ctx;
	if (fv->n == fv->cap) {
		size_t cap = fv->cap ? fv->cap * 2 : 256;
		struct cnap_folded *v = cnap_realloc(fv->v, cap * sizeof(*v));
		if (!v)
			return 1;
		fv->v = v;
		fv->cap = cap;
	}
	fv->v[fv->n++] = *f;
	return 0;
}

struct range {
	size_t start, end;
};

struct ranges {
	struct range *v;
	size_t n, cap;
	bool oom;
};

static void add_range(struct ranges *r, size_t start, size_t end)
{
	if (r->n == MAX_RANGES || r->oom)
		return;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		struct range *v = cnap_realloc(r->v, cap * sizeof(*v));
		if (!v) {
			r->oom = true;
			return;
		}
		r->v = v;
		r->cap = cap;
	}
	r->v[r->n++] = (struct range){start, end};
}

static int by_start(const void *a, const void *b)
{
	const struct range *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

/* Each run's occurrences in the folded text, as source byte ranges, sorted and merged. */
static bool find_runs(const struct folded_vec *fv, const char *const *runs, size_t n_runs, struct ranges *out)
{
	for (size_t r = 0; r < n_runs; r++) {
		uint32_t cps[256];
		size_t m = 0, len = strlen(runs[r]);
		for (size_t i = 0; i < len && m < 256;) {
			size_t k = cnap_utf8_decode(runs[r] + i, len - i, &cps[m]);
			if (k == 0)
				break;
			m++;
			i += k;
		}
		if (m == 0 || m > fv->n)
			continue;
		for (size_t i = 0; i + m <= fv->n; i++) {
			size_t j = 0;
			while (j < m && fv->v[i + j].cp == cps[j])
				j++;
			if (j == m)
				add_range(out, fv->v[i].start, fv->v[i + m - 1].end);
		}
	}
	if (out->oom)
		return false;
	qsort(out->v, out->n, sizeof(*out->v), by_start);
	size_t w = 0;
	for (size_t i = 0; i < out->n; i++) {
		if (w > 0 && out->v[i].start <= out->v[w - 1].end) {
			if (out->v[i].end > out->v[w - 1].end)
				out->v[w - 1].end = out->v[i].end;
		} else {
			out->v[w++] = out->v[i];
		}
	}
	out->n = w;
	return true;
}

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The start of the code point before byte i (an invalid byte is a code point of its own). */
static size_t back_one(const char *s, size_t i)
{
	size_t j = i - 1;
	while (j > 0 && i - j < 4 && ((unsigned char)s[j] & 0xC0) == 0x80)
		j--;
	uint32_t cp;
	return cnap_utf8_decode(s + j, i - j, &cp) == i - j ? j : i - 1;
}

static size_t forward_one(const char *s, size_t len, size_t i)
{
	uint32_t cp;
	size_t k = cnap_utf8_decode(s + i, len - i, &cp);
	return i + (k ? k : 1);
}

/* Where a snippet whose first hit is at byte first starts: a little before it, at a sentence's start if one is near. */
static size_t window_start(const char *s, size_t first, size_t width)
{
	size_t i = first, lead = width / LEAD_SHARE;
	for (size_t n = 0; i > 0 && n < lead; n++) {
		size_t j = back_one(s, i);
		if (s[j] == '\n' || (i - j == 3 && memcmp(s + j, "。", 3) == 0))
			break;
		i = j;
	}
	return i;
}

/* s[from, to) with every stretch of whitespace as one space, appended to b. */
static void add_collapsed(struct cnap_buf *b, const char *s, size_t from, size_t to, bool *after_space)
{
	for (size_t i = from; i < to; i++) {
		if (is_space((unsigned char)s[i])) {
			if (!*after_space)
				cnap_buf_addc(b, ' ');
			*after_space = true;
		} else {
			cnap_buf_addc(b, s[i]);
			*after_space = false;
		}
	}
}

static bool add_part(struct cnap_arena *a, struct cnap_snippet *out, size_t *cap, struct cnap_buf *b, bool hit)
{
	if (b->status)
		return false;
	if (b->len == 0)
		return true;
	struct cnap_snippet_part *v = cnap_arena_grow(a, out->parts, out->n, cap, sizeof(*v));
	char *text = cnap_arena_strndup(a, b->data, b->len);
	if (!v || !text)
		return false;
	out->parts = v;
	out->parts[out->n++] = (struct cnap_snippet_part){text, hit};
	cnap_buf_reset(b);
	return true;
}

static bool build(const char *body, size_t len, const struct ranges *r, size_t width, struct cnap_arena *a,
		  struct cnap_snippet *out)
{
	size_t start = window_start(body, r->n ? r->v[0].start : 0, width);
	while (start < len && is_space((unsigned char)body[start]))
		start++;
	size_t end = start;
	for (size_t n = 0; end < len && n < width; n++)
		end = forward_one(body, len, end);
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].start < end && r->v[i].end > end)
			end = r->v[i].end;
	size_t trimmed = end;
	while (trimmed > start && is_space((unsigned char)body[trimmed - 1]))
		trimmed--;
	size_t rest = end;
	while (rest < len && is_space((unsigned char)body[rest]))
		rest++;
	out->cut_before = start > 0;
	out->cut_after = rest < len;
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	size_t cap = 0, at = start;
	bool after_space = false, ok = true;
	for (size_t i = 0; i < r->n && ok && at < trimmed; i++) {
		if (r->v[i].end <= at)
			continue;
		if (r->v[i].start >= trimmed)
			break;
		add_collapsed(&b, body, at, r->v[i].start, &after_space);
		ok = add_part(a, out, &cap, &b, false);
		add_collapsed(&b, body, r->v[i].start, r->v[i].end, &after_space);
		ok = ok && add_part(a, out, &cap, &b, true);
		at = r->v[i].end;
	}
	if (ok && at < trimmed) {
		add_collapsed(&b, body, at, trimmed, &after_space);
		ok = add_part(a, out, &cap, &b, false);
	}
	cnap_buf_release(&b);
	return ok;
}

bool cnap_snippet_make(const char *body, const char *const *runs, size_t n_runs, size_t width,
		       struct cnap_arena *a, struct cnap_snippet *out)
{
	memset(out, 0, sizeof(*out));
	if (!body)
		return true;
	size_t len = strlen(body);
	struct folded_vec fv = {0};
	struct ranges r = {0};
	bool ok = cnap_fold_walk(body, len, collect, &fv) == 0 && find_runs(&fv, runs, n_runs, &r);
	free(fv.v);
	if (ok) {
		out->hits = r.n;
		ok = build(body, len, &r, width ? width : 1, a, out);
	}
	free(r.v);
	return ok;
}

const char *cnap_snippet_join(const struct cnap_snippet *sn, const char *open, const char *close,
			      struct cnap_arena *a)
{
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	if (sn->cut_before)
		cnap_buf_adds(&b, "…");
	for (size_t i = 0; i < sn->n; i++) {
		if (sn->parts[i].hit)
			cnap_buf_adds(&b, open);
		cnap_buf_adds(&b, sn->parts[i].text);
		if (sn->parts[i].hit)
			cnap_buf_adds(&b, close);
	}
	if (sn->cut_after)
		cnap_buf_adds(&b, "…");
	const char *s = b.status ? NULL : cnap_arena_strndup(a, b.data ? b.data : "", b.len);
	cnap_buf_release(&b);
	return s;
}

const char *cnap_snippet_text(const struct cnap_snippet *sn, struct cnap_arena *a, size_t **marks, size_t *n_marks)
{
	*marks = NULL;
	*n_marks = 0;
	size_t *v = cnap_arena_calloc(a, 2 * (sn->n + 1), sizeof(*v));
	if (!v)
		return NULL;
	size_t at = sn->cut_before ? 1 : 0, k = 0;
	for (size_t i = 0; i < sn->n; i++) {
		size_t chars = cnap_utf8_count(sn->parts[i].text, strlen(sn->parts[i].text));
		if (sn->parts[i].hit) {
			v[2 * k] = at;
			v[2 * k + 1] = at + chars;
			k++;
		}
		at += chars;
	}
	const char *text = cnap_snippet_join(sn, "", "", a);
	if (text) {
		*marks = v;
		*n_marks = k;
	}
	return text;
}
