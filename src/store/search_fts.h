/*
 * What cnap adds to SQLite's FTS5 (src/store/search_fts.c), registered on
 * every connection before the schema is read: the tokenizer "cnap_bigram"
 * (base/bigram.h) that migration 0011's search_index names, and the rank
 * function cnap_rank(search_index) the search orders by.
 */
#ifndef CNAP_STORE_SEARCH_FTS_H
#define CNAP_STORE_SEARCH_FTS_H

#include <sqlite3.h>

/* SQLITE_OK; SQLITE_NOMEM; SQLITE_ERROR when this SQLite has no FTS5. */
int cnap_search_fts_register(sqlite3 *h);

#endif
