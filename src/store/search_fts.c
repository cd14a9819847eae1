/*
 * cnap's bigram tokenizer (base/bigram.h) as an FTS5 tokenizer named
 * "cnap_bigram", and the rank function cnap_rank, registered on every SQLite
 * connection before the schema is read: migration 0011's search_index names
 * the tokenizer, and a connection without it could not write a question.
 */
#include "base/compat.h"
#include "base/bigram.h"
#include "store/search_fts.h"

#include <sqlite3.h>

/* The tokenizer keeps no state: any non-NULL pointer will do as its instance. */
static int tok_create(void *ctx, const char **args, int n_args, Fts5Tokenizer **out)
{
	(void)ctx;
	(void)args;
	if (n_args != 0)
		return SQLITE_ERROR;
	static int instance;
	*out = (Fts5Tokenizer *)&instance;
	return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *t)
{
	(void)t;
}

struct fts5_sink {
	void *ctx;
	int (*token)(void *, int, const char *, int, int, int);
};

static int to_fts5(void *ctx, const char *tok, size_t toklen, size_t start, size_t end, bool colocated)
{
	struct fts5_sink *k = ctx;
	return k->token(k->ctx, colocated ? FTS5_TOKEN_COLOCATED : 0, tok, (int)toklen, (int)start, (int)end);
}

static int tok_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int len,
			int (*token)(void *, int, const char *, int, int, int))
{
	(void)t;
	struct fts5_sink k = {ctx, token};
	enum cnap_bigram_mode mode = (flags & FTS5_TOKENIZE_QUERY) ? CNAP_BIGRAM_QUERY : CNAP_BIGRAM_DOCUMENT;
	return cnap_bigram_tokens(text ? text : "", len > 0 ? (size_t)len : 0, mode, to_fts5, &k);
}

/*
 * How well a row matches: BM25's term-frequency part with its usual k1 and b,
 * summed over the query's words, negated (lower is better, as bm25()). No
 * inverse document frequency: every word must be found in every hit, and
 * counting each word's rows would read its whole posting list per search
 * (the cost FTS5's bm25() pays), where cnap ranks only a bounded set of the
 * newest matches (repo_search.c).
 */
#define RANK_K1 1.2
#define RANK_B 0.75
#define RANK_MAX_WORDS 16

static void rank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int n_args,
		 sqlite3_value **args)
{
	int n_inst = 0, tokens = 0, n_phrases = api->xPhraseCount(fts);
	sqlite3_int64 rows = 0, total = 0;
	/*
	 * The row's length: its characters when the caller has them at hand (search_docs.chars; a
	 * character is about two tokens, a bigram and itself), which spares a read of FTS5's docsize
	 * table per row.
	 */
	int rc = SQLITE_OK;
	if (n_args >= 1 && sqlite3_value_type(args[0]) == SQLITE_INTEGER)
		tokens = 2 * sqlite3_value_int(args[0]);
	else
		rc = api->xColumnSize(fts, 0, &tokens);
	if (rc == SQLITE_OK && (rc = api->xInstCount(fts, &n_inst)) == SQLITE_OK &&
	    (rc = api->xRowCount(fts, &rows)) == SQLITE_OK)
		rc = api->xColumnTotalSize(fts, 0, &total);
	if (rc != SQLITE_OK || tokens < 0) {
		/* what failed says why: out of memory is the caller's "out of memory", not a logic error */
		if ((rc & 0xff) == SQLITE_NOMEM)
			sqlite3_result_error_nomem(ctx);
		else
			sqlite3_result_error_code(ctx, rc != SQLITE_OK ? rc : SQLITE_ERROR);
		return;
	}
	int tf[RANK_MAX_WORDS] = {0};
	for (int i = 0; i < n_inst; i++) {
		int phrase, col, off;
		if (api->xInst(fts, i, &phrase, &col, &off) == SQLITE_OK && phrase >= 0 && phrase < RANK_MAX_WORDS)
			tf[phrase]++;
	}
	double avg = rows > 0 ? (double)total / (double)rows : 1.0;
	double norm = RANK_K1 * (1.0 - RANK_B + RANK_B * (double)tokens / (avg > 0 ? avg : 1.0));
	double score = 0;
	for (int p = 0; p < n_phrases && p < RANK_MAX_WORDS; p++)
		score += tf[p] * (RANK_K1 + 1.0) / (tf[p] + norm);
	sqlite3_result_double(ctx, -score);
}

int cnap_search_fts_register(sqlite3 *h)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc == SQLITE_NOMEM ? rc : SQLITE_ERROR;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_NOMEM)
		return rc;
	if (!api || api->iVersion < 2)
		return SQLITE_ERROR;
	static fts5_tokenizer tokenizer = {tok_create, tok_delete, tok_tokenize};
	rc = api->xCreateTokenizer(api, "cnap_bigram", NULL, &tokenizer, NULL);
	return rc != SQLITE_OK ? rc : api->xCreateFunction(api, "cnap_rank", NULL, rank, NULL);
}
