/*
 * The words of Japanese full-text search: how cnap folds text so that
 * ＣＯ２ finds CO2 and ｶﾀｶﾅ finds カタカナ, and the overlapping two-character
 * tokens its FTS5 index holds, so that two-character terms (根拠, 目標) are
 * found where FTS5's trigram tokenizer finds nothing.
 *
 * Folding is NFKC with case folding, one source unit (a code point and the
 * marks that follow it, such as ﾞ after ｶ) at a time, so every folded code
 * point knows the bytes of the source it came from: snippets mark the text
 * as it was written. Word characters are letters, digits and marks; anything
 * else (spaces, punctuation, symbols, controls, bytes that are not UTF-8)
 * separates words and is never searched for.
 *
 * Tokens, for each run of word characters c1 c2 … cn:
 *  - a document gives at position i the bigram cic(i+1) and, at the same
 *    position (FTS5's colocated token), ci alone; cn alone at the last, so
 *    every character of the text is a token of its own as well;
 *  - a query gives the same bigrams, and a lone character only for a
 *    one-character run: 目 is looked up as the term 目, not as a prefix of
 *    every bigram that starts with it (whose posting lists FTS5 would merge). A
 *    query is a word cnap_query_runs folded, and is not folded again: folding
 *    twice need not give what folding once gave (a letter under more marks
 *    than one unit holds, ㏂ beside a kana), and the tokens must be the ones
 *    the document's folded characters gave.
 * So a run of the query appears in a document exactly when its bigrams stand
 * at consecutive positions there: the same answer as a substring scan of the
 * folded text, which the tests and the benchmark check.
 *
 * Pure code: no allocation but what the caller's arena gives.
 */
#ifndef CNAP_BASE_BIGRAM_H
#define CNAP_BASE_BIGRAM_H

#include "base/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One folded code point and the source bytes [start, end) it came from. */
struct cnap_folded {
	uint32_t cp;
	size_t start, end;
	bool word;
};

/* Called for each folded code point in order; a non-zero return stops the walk and is returned. */
typedef int (*cnap_fold_fn)(void *ctx, const struct cnap_folded *f);
int cnap_fold_walk(const char *s, size_t len, cnap_fold_fn fn, void *ctx);

enum cnap_bigram_mode { CNAP_BIGRAM_DOCUMENT, CNAP_BIGRAM_QUERY };

/*
 * A token: tok[0..toklen) is UTF-8 (one or two folded code points) from source bytes [start, end);
 * colocated: at the position of the token before it.
 */
typedef int (*cnap_token_fn)(void *ctx, const char *tok, size_t toklen, size_t start, size_t end, bool colocated);
int cnap_bigram_tokens(const char *s, size_t len, enum cnap_bigram_mode mode, cnap_token_fn fn, void *ctx);

/*
 * The runs of word characters of a query, folded, each once, in the order
 * they first appear: what must all be found. At most max_runs are kept (the
 * rest reported through *dropped, may be NULL). The strings are in a.
 * Returns false only when out of memory.
 */
bool cnap_query_runs(const char *q, size_t len, size_t max_runs, struct cnap_arena *a, const char ***runs,
		     size_t *n, size_t *dropped);

#endif
