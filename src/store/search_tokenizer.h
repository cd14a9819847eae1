/* Registers the FTS5 tokenizer "cnap_bigram" (src/store/search_tokenizer.c) on an SQLite connection. */
#ifndef CNAP_STORE_SEARCH_TOKENIZER_H
#define CNAP_STORE_SEARCH_TOKENIZER_H

#include <sqlite3.h>
#include <stdbool.h>

/* False when this SQLite has no FTS5 or refused the tokenizer (out of memory). */
bool cnap_search_tokenizer_register(sqlite3 *h);

#endif
