/*
 * Search what was asked and answered (issue 13): Japanese full-text search
 * across questions, answers and the survey texts of every cycle, scoped to
 * what the actor may read (cnap_policy_search_scope), best first, each hit
 * with its place (cycle, WG, association, item as printed) and a snippet
 * with the terms marked.
 *
 * A query is words separated by spaces or punctuation; every word must be
 * found (AND). Words are folded as base/bigram.h says: full- and half-width,
 * upper and lower case alike. Symbols and FTS syntax (" * - NEAR ( )) are
 * never operators: a symbol separates words, NEAR is a word.
 */
#ifndef CNAP_USECASE_SEARCH_H
#define CNAP_USECASE_SEARCH_H

#include "auth/policy.h"
#include "base/snippet.h"

#define CNAP_SEARCH_MAX_QUERY_CHARS 200
#define CNAP_SEARCH_MAX_WORDS 8
#define CNAP_SEARCH_DEFAULT_LIMIT 20
#define CNAP_SEARCH_MAX_LIMIT 100
#define CNAP_SEARCH_MAX_OFFSET CNAP_SEARCH_CANDIDATES
#define CNAP_SEARCH_SNIPPET_CHARS 90

struct cnap_search_request {
	const char *q;                /* as typed */
	int year;                     /* 0: every cycle */
	const char *wg_code;          /* NULL: any */
	const char *association_code; /* NULL: any */
	const char *item;             /* NULL: any; a key (II.5) or a number as printed (Ⅱ．（５）) */
	int kind;                     /* -1: any, else enum cnap_search_kind */
	int status;                   /* -1: any, else enum cnap_qstatus (texts have none) */
	size_t limit;                 /* 0: CNAP_SEARCH_DEFAULT_LIMIT */
	size_t offset;
};

struct cnap_search_result_hit {
	struct cnap_search_hit hit;
	const char *item_number; /* 「Ⅱ．（５）」, "" where the item has none */
	const char *item_title;  /* {industry} filled in */
	struct cnap_snippet snippet;
};

struct cnap_search_result {
	const char **words; /* the words searched for, folded */
	size_t n_words;
	size_t dropped_words; /* words beyond CNAP_SEARCH_MAX_WORDS, not searched for */
	struct cnap_search_result_hit *hits;
	size_t n_hits;
	bool more;   /* hits after these: ask again with offset + n_hits */
	bool capped; /* the words are in more rows than CNAP_SEARCH_CANDIDATES: the newest of them were ranked */
};

/*
 * Everything in *out lives in a. CNAP_EINVAL (where "q", or the filter's
 * field) with a message in Japanese for a query that cannot be searched:
 * empty, too long, not UTF-8, or nothing but symbols; CNAP_ENOTFOUND for a
 * filter naming a cycle, WG, association or item that does not exist.
 */
enum cnap_err cnap_uc_search(struct cnap_store *s, const struct cnap_actor *actor, const struct cnap_search_request *req,
			     struct cnap_arena *a, struct cnap_search_result *out, struct cnap_error *err);

/* What a search form offers this actor to narrow by: only what the actor may search in. */
struct cnap_search_facets {
	int *years; /* newest first */
	size_t n_years;
	struct cnap_wg *wgs; /* one per code (the newest cycle's name), in the newest cycle's order */
	size_t n_wgs;
	struct cnap_association *associations; /* those the actor may view in some WG, by code */
	size_t n_associations;
	unsigned statuses; /* bit set (1u << status) of the question statuses that exist for the actor */
};
enum cnap_err cnap_uc_search_facets(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_arena *a,
				    struct cnap_search_facets *out, struct cnap_error *err);

/* Rebuild the index from the stored rows (the secretariat's; ADMIN). *rows: rows indexed. */
enum cnap_err cnap_uc_search_reindex(struct cnap_store *s, const struct cnap_actor *actor, int64_t *rows,
				     struct cnap_error *err);

#endif
