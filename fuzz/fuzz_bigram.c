/*
 * libFuzzer target: search's folding, tokens, query words and snippets
 * (base/bigram.h, base/snippet.h) on any bytes — what an association types
 * into a survey, what anyone types into the search box. Properties:
 *  - folding walks the input in order: every folded code point's source
 *    range lies inside the input, ranges never go backwards, and a byte that
 *    is not UTF-8 is a separator;
 *  - every token is one or two word characters of valid UTF-8 from a source
 *    range inside the input, in order;
 *  - every query word is non-empty valid UTF-8 of word characters, none twice,
 *    at most the maximum asked for;
 *  - the promise the index rests on: a query word's tokens stand at
 *    consecutive positions among the tokens of any text holding it — here
 *    the input itself, which holds each of its own words; no word holds a
 *    quote (the search puts each in one);
 *  - a snippet of the input for its own words marks at least one hit, and its
 *    parts are non-empty and, for UTF-8 input, valid UTF-8.
 * A failure traps, so libFuzzer and the corpus replay both report it.
 */
#include "base/compat.h"
#include "base/alloc.h"
#include "base/bigram.h"
#include "base/snippet.h"
#include "base/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT 4096
#define MAX_TOKENS (2 * MAX_INPUT + 8)

static _Noreturn void violated(const char *what, const char *in, size_t n)
{
	fprintf(stderr, "fuzz_bigram: %s: input (%zu bytes) \"%.*s\"\n", what, n, (int)(n > 200 ? 200 : n), in);
	abort();
}

struct walk_check {
	const char *in;
	size_t len, last_start;
};

static int on_folded(void *ctx, const struct cnap_folded *f)
{
	struct walk_check *w = ctx;
	if (f->start >= f->end || f->end > w->len || f->start < w->last_start)
		violated("a folded code point from outside the input or out of order", w->in, w->len);
	if (f->word && (f->cp == 0xFFFD || f->cp == ' ' || f->cp == '\n'))
		violated("a separator taken as a word character", w->in, w->len);
	w->last_start = f->start;
	return 0;
}

struct token {
	char text[8];
	size_t len;
	bool colocated; /* at the position of the token before it */
};

struct token_list {
	const char *in;
	size_t len, n, last_start;
	struct token *v;
};

static bool one_or_two_code_points(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = cnap_utf8_decode(s + i, len - i, &cp);
		if (k == 0)
			return false;
		i += k;
		n++;
	}
	return n >= 1 && n <= 2;
}

static int on_token(void *ctx, const char *tok, size_t toklen, size_t start, size_t end, bool colocated)
{
	struct token_list *t = ctx;
	if (colocated && (t->n == 0 || t->v[t->n - 1].colocated))
		violated("a colocated token without a token of its own before it", t->in, t->len);
	if (toklen == 0 || toklen > 8 || !one_or_two_code_points(tok, toklen))
		violated("a token that is not one or two code points", t->in, t->len);
	if (start >= end || end > t->len || start < t->last_start)
		violated("a token from outside the input or out of order", t->in, t->len);
	t->last_start = start;
	if (t->n < MAX_TOKENS) {
		memcpy(t->v[t->n].text, tok, toklen);
		t->v[t->n].len = toklen;
		t->v[t->n].colocated = colocated;
		t->n++;
	}
	return 0;
}

static bool same(const struct token *a, const struct token *b)
{
	return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

/*
 * Whether the query tokens q (never colocated) stand at consecutive positions among the document's
 * tokens d: position by position, one of the tokens at the position (its own or a colocated one).
 */
static bool found(const struct token_list *d, const struct token_list *q)
{
	static size_t starts[MAX_TOKENS + 1];
	size_t n_pos = 0;
	for (size_t i = 0; i < d->n; i++)
		if (!d->v[i].colocated)
			starts[n_pos++] = i;
	starts[n_pos] = d->n;
	for (size_t p = 0; p + q->n <= n_pos; p++) {
		size_t j = 0;
		for (; j < q->n; j++) {
			bool here = false;
			for (size_t k = starts[p + j]; k < starts[p + j + 1] && !here; k++)
				here = same(&d->v[k], &q->v[j]);
			if (!here)
				break;
		}
		if (j == q->n)
			return true;
	}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > MAX_INPUT)
		return 0;
	char *in = cnap_malloc(size + 1);
	struct token *doc_tokens = cnap_malloc(MAX_TOKENS * sizeof(*doc_tokens));
	struct token *query_tokens = cnap_malloc(MAX_TOKENS * sizeof(*query_tokens));
	if (!in || !doc_tokens || !query_tokens)
		abort();
	memcpy(in, data, size);
	in[size] = '\0';
	size_t len = strlen(in); /* the texts cnap stores hold no NUL */

	struct walk_check w = {in, len, 0};
	cnap_fold_walk(in, len, on_folded, &w);

	struct token_list doc = {in, len, 0, 0, doc_tokens};
	cnap_bigram_tokens(in, len, CNAP_BIGRAM_DOCUMENT, on_token, &doc);

	struct cnap_arena a;
	cnap_arena_init(&a);
	const char **words;
	size_t n_words, dropped;
	if (!cnap_query_runs(in, len, 8, &a, &words, &n_words, &dropped))
		abort();
	if (n_words > 8)
		violated("more words than asked for", in, len);
	for (size_t i = 0; i < n_words; i++) {
		size_t wl = strlen(words[i]);
		if (wl == 0 || !cnap_utf8_valid(words[i], wl, NULL))
			violated("an empty or invalid word", in, len);
		for (size_t j = 0; j < i; j++)
			if (strcmp(words[i], words[j]) == 0)
				violated("a word twice", in, len);
		if (memchr(words[i], '"', wl))
			violated("a word holds a quote (it is put in one in the FTS5 query)", in, len);
		struct token_list q = {words[i], wl, 0, 0, query_tokens};
		cnap_bigram_tokens(words[i], wl, CNAP_BIGRAM_QUERY, on_token, &q);
		if (q.n == 0)
			violated("a word without tokens", in, len);
		for (size_t k = 0; k < q.n; k++)
			if (q.v[k].colocated)
				violated("a query token colocated", in, len);
		if (doc.n < MAX_TOKENS && !found(&doc, &q))
			violated("a word of the text not found among the text's tokens", in, len);
	}
	if (n_words) {
		struct cnap_snippet sn;
		if (!cnap_snippet_make(in, words, n_words, 90, &a, &sn))
			abort();
		if (sn.hits == 0)
			violated("a snippet of a text for its own words marks nothing", in, len);
		bool utf8 = cnap_utf8_valid(in, len, NULL);
		for (size_t i = 0; i < sn.n; i++) {
			size_t pl = strlen(sn.parts[i].text);
			if (pl == 0 || (utf8 && !cnap_utf8_valid(sn.parts[i].text, pl, NULL)))
				violated("an empty or broken snippet part", in, len);
		}
		size_t *marks, n_marks;
		if (!cnap_snippet_text(&sn, &a, &marks, &n_marks))
			abort();
	}
	cnap_arena_release(&a);
	free(query_tokens);
	free(doc_tokens);
	free(in);
	return 0;
}
