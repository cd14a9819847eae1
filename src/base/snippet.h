/*
 * The snippet of a search hit: a short stretch of the text around the first
 * place a term is found, with every occurrence of every term in it marked,
 * as the text was written (folding as base/bigram.h: ＣＯ２ is marked where
 * CO2 was asked for). Whitespace, line breaks included, becomes one space.
 *
 * Pure code; everything returned lives in the caller's arena.
 */
#ifndef CNAP_BASE_SNIPPET_H
#define CNAP_BASE_SNIPPET_H

#include "base/arena.h"

#include <stdbool.h>
#include <stddef.h>

struct cnap_snippet_part {
	const char *text; /* UTF-8, never empty */
	bool hit;         /* a term found */
};

struct cnap_snippet {
	struct cnap_snippet_part *parts;
	size_t n;
	bool cut_before, cut_after; /* text left out before and after: the front ends show 「…」 */
	size_t hits;                /* occurrences of the terms in the whole text */
};

/*
 * The snippet of body for the folded runs of a query (cnap_query_runs), about
 * width code points long. Returns false only when out of memory.
 */
bool cnap_snippet_make(const char *body, const char *const *runs, size_t n_runs, size_t width,
		       struct cnap_arena *a, struct cnap_snippet *out);

/* The snippet as one string with the hits between open and close (the CLI's 〖…〗), in a. */
const char *cnap_snippet_join(const struct cnap_snippet *sn, const char *open, const char *close,
			      struct cnap_arena *a);

/*
 * The snippet as plain text (with 「…」 where text was left out) and where each hit lies in it,
 * as [start, end) in code points: what the JSON outputs carry. *marks has n_marks pairs; all in a.
 */
const char *cnap_snippet_text(const struct cnap_snippet *sn, struct cnap_arena *a, size_t **marks, size_t *n_marks);

#endif
