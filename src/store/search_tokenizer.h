/* Registers the FTS5 tokenizer "cnap_bigram" (src/store/search_tokenizer.c) on an SQLite connection. */
#ifndef CNAP_STORE_SEARCH_TOKENIZER_H
#define CNAP_STORE_SEARCH_TOKENIZER_H

#include <sqlite3.h>
#include <stdbool.h>

/* SQLITE_OK; SQLITE_NOMEM; SQLITE_ERROR when this SQLite has no FTS5. */
int cnap_search_tokenizer_register(sqlite3 *h);

#endif
