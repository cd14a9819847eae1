/*
 * cnap's bigram tokenizer (base/bigram.h) as an FTS5 tokenizer named
 * "cnap_bigram", registered on every SQLite connection before the schema is
 * read: migration 0011's search_index names it, and a connection without it
 * could not write a question.
 */
#include "base/compat.h"
#include "base/bigram.h"
#include "store/search_tokenizer.h"

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

static int to_fts5(void *ctx, const char *tok, size_t toklen, size_t start, size_t end)
{
	struct fts5_sink *k = ctx;
	return k->token(k->ctx, 0, tok, (int)toklen, (int)start, (int)end);
}

static int tok_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int len,
			int (*token)(void *, int, const char *, int, int, int))
{
	(void)t;
	struct fts5_sink k = {ctx, token};
	enum cnap_bigram_mode mode = (flags & FTS5_TOKENIZE_QUERY) ? CNAP_BIGRAM_QUERY : CNAP_BIGRAM_DOCUMENT;
	return cnap_bigram_tokens(text ? text : "", len > 0 ? (size_t)len : 0, mode, to_fts5, &k);
}

int cnap_search_tokenizer_register(sqlite3 *h)
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
	return api->xCreateTokenizer(api, "cnap_bigram", NULL, &tokenizer, NULL);
}
