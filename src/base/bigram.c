#include "base/compat.h"
#include "base/bigram.h"
#include "base/buf.h"
#include "base/utf8.h"

#include <string.h>
#include <utf8proc.h>

/* A source unit longer than this (a letter buried under marks) is folded as its first code point alone. */
#define MAX_UNIT_CPS 8
#define MAX_FOLDED_CPS 32

static bool is_mark_after(uint32_t cp)
{
	/* The half-width voiced marks are spacing characters whose fold is a combining mark. */
	if (cp == 0xFF9E || cp == 0xFF9F)
		return true;
	return utf8proc_get_property((utf8proc_int32_t)cp)->combining_class != 0;
}

static bool is_word(uint32_t cp)
{
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return true;
	default:
		return false;
	}
}

/* Kana and the unified ideographs fold to themselves: most of a Japanese text needs no table lookup. */
static bool folds_to_itself(uint32_t cp)
{
	return (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC ||
	       (cp >= 0x4E00 && cp <= 0x9FFF);
}

static int emit(cnap_fold_fn fn, void *ctx, uint32_t cp, size_t start, size_t end, bool word)
{
	struct cnap_folded f = {cp, start, end, word};
	return fn(ctx, &f);
}

int cnap_fold_walk(const char *s, size_t len, cnap_fold_fn fn, void *ctx)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		int r;
		if (c < 0x80) {
			uint32_t cp = c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
			bool word = (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9');
			if ((r = emit(fn, ctx, cp, i, i + 1, word)))
				return r;
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = cnap_utf8_decode(s + i, len - i, &cp);
		if (k == 0) {
			/* Not UTF-8: a separator of its own, never part of a word. */
			if ((r = emit(fn, ctx, 0xFFFD, i, i + 1, false)))
				return r;
			i++;
			continue;
		}
		size_t end = i + k, ncps = 1;
		for (;;) {
			uint32_t next;
			size_t nk = end < len ? cnap_utf8_decode(s + end, len - end, &next) : 0;
			if (nk == 0 || !is_mark_after(next) || ncps == MAX_UNIT_CPS)
				break;
			end += nk;
			ncps++;
		}
		if (ncps == 1 && folds_to_itself(cp)) {
			if ((r = emit(fn, ctx, cp, i, end, true)))
				return r;
			i = end;
			continue;
		}
		utf8proc_int32_t buf[MAX_FOLDED_CPS];
		utf8proc_ssize_t n = utf8proc_decompose((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(end - i), buf,
							MAX_FOLDED_CPS,
							UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STABLE);
		if (n > 0 && n <= MAX_FOLDED_CPS)
			n = utf8proc_normalize_utf32(buf, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
		if (n < 0 || n > MAX_FOLDED_CPS) {
			buf[0] = (utf8proc_int32_t)cp;
			n = 1;
		}
		for (utf8proc_ssize_t j = 0; j < n; j++)
			if ((r = emit(fn, ctx, (uint32_t)buf[j], i, end, is_word((uint32_t)buf[j]))))
				return r;
		i = end;
	}
	return 0;
}

static size_t put_utf8(uint32_t cp, char *out)
{
	return (size_t)utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)out);
}

struct tokenizer {
	enum cnap_bigram_mode mode;
	cnap_token_fn fn;
	void *ctx;
	struct cnap_folded prev; /* the last word character of the current run */
	size_t run;              /* word characters in it so far */
};

static int token(struct tokenizer *t, const struct cnap_folded *a, const struct cnap_folded *b, bool colocated)
{
	char tok[8];
	size_t n = put_utf8(a->cp, tok);
	if (b)
		n += put_utf8(b->cp, tok + n);
	return t->fn(t->ctx, tok, n, a->start, b ? b->end : a->end, colocated);
}

static int end_run(struct tokenizer *t)
{
	int r = 0;
	if (t->run > 0 && (t->mode == CNAP_BIGRAM_DOCUMENT || t->run == 1))
		r = token(t, &t->prev, NULL, false);
	t->run = 0;
	return r;
}

static int on_folded(void *ctx, const struct cnap_folded *f)
{
	struct tokenizer *t = ctx;
	if (!f->word)
		return end_run(t);
	int r = 0;
	if (t->run > 0) {
		r = token(t, &t->prev, f, false);
		if (!r && t->mode == CNAP_BIGRAM_DOCUMENT)
			r = token(t, &t->prev, NULL, true);
	}
	t->prev = *f;
	t->run++;
	return r;
}

/* A query's words come folded already (cnap_query_runs): their code points as they are. */
static int walk_folded(const char *s, size_t len, struct tokenizer *t)
{
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = cnap_utf8_decode(s + i, len - i, &cp);
		struct cnap_folded f = {k ? cp : 0xFFFD, i, i + (k ? k : 1), k && is_word(cp)};
		int r = on_folded(t, &f);
		if (r)
			return r;
		i = f.end;
	}
	return 0;
}

int cnap_bigram_tokens(const char *s, size_t len, enum cnap_bigram_mode mode, cnap_token_fn fn, void *ctx)
{
	struct tokenizer t = {.mode = mode, .fn = fn, .ctx = ctx};
	int r = mode == CNAP_BIGRAM_QUERY ? walk_folded(s, len, &t) : cnap_fold_walk(s, len, on_folded, &t);
	return r ? r : end_run(&t);
}

struct run_collector {
	struct cnap_arena *a;
	struct cnap_buf cur;
	const char **runs;
	size_t n, runs_cap, max, dropped;
	bool oom;
};

static void close_run(struct run_collector *c)
{
	size_t len = c->cur.len;
	if (len == 0)
		return;
	if (c->cur.status) {
		c->oom = true;
		return;
	}
	for (size_t i = 0; i < c->n; i++)
		if (strlen(c->runs[i]) == len && memcmp(c->runs[i], c->cur.data, len) == 0)
			goto done;
	if (c->n == c->max) {
		c->dropped++;
		goto done;
	}
	const char **v = cnap_arena_grow(c->a, c->runs, c->n, &c->runs_cap, sizeof(*v));
	char *copy = cnap_arena_strndup(c->a, c->cur.data, len);
	if (!v || !copy) {
		c->oom = true;
		return;
	}
	c->runs = v;
	c->runs[c->n++] = copy;
done:
	cnap_buf_reset(&c->cur);
}

static int on_query_cp(void *ctx, const struct cnap_folded *f)
{
	struct run_collector *c = ctx;
	if (!f->word) {
		close_run(c);
		return c->oom;
	}
	char u[4];
	return cnap_buf_add(&c->cur, u, put_utf8(f->cp, u)) != CNAP_OK;
}

bool cnap_query_runs(const char *q, size_t len, size_t max_runs, struct cnap_arena *a, const char ***runs,
		     size_t *n, size_t *dropped)
{
	struct run_collector c = {.a = a, .max = max_runs};
	cnap_buf_init(&c.cur, 0);
	if (cnap_fold_walk(q, len, on_query_cp, &c))
		c.oom = true;
	else
		close_run(&c);
	cnap_buf_release(&c.cur);
	*runs = c.runs;
	*n = c.oom ? 0 : c.n;
	if (dropped)
		*dropped = c.dropped;
	return !c.oom;
}
