/*
 * Caches of what GET requests read, so that a page viewed again costs a hash
 * look-up instead of some twenty-five SQL statements.
 *
 * Correctness rests on the database's change counter (cnap_store_change_count
 * in store/store.h): every write transaction of every process — this
 * server's threads, a second server on the same file, the CLI — raises it
 * inside its own commit. Every request reads it first, before it reads
 * anything else from the database (web_gen_sync), and
 *   - an entry is stored under the number read at the start of the request
 *     that built it;
 *   - an entry is used only by a request that read exactly that number.
 * A commit that finished before a request started has raised the number that
 * request reads, so nothing built before the commit matches it: the next
 * request after a commit sees the commit. A commit that races a request's
 * reads leaves the entry tagged with the older number, which no later request
 * reads: a miss, never a stale hit. There is no time-based skipping; the read
 * is one statement kept compiled, a few microseconds.
 *
 * Not PRAGMA data_version: it changes only for other connections' commits
 * (this connection's own writes would need a second mechanism) and its values
 * mean nothing on another connection, so entries shared by all threads could
 * not be tagged with it. Not a generation bumped after each POST: the handler
 * has committed before the bump, and another request may fill the cache in
 * between from the old number.
 *
 * Pages, signed-in users and fragments share one table, shared by all worker
 * threads under one lock and held to one byte budget (set by
 * web_cache_set_budget; WEB_CACHE_BUDGET unless configured). Past the budget
 * the least recently used entries go; an entry larger than an eighth of the
 * budget (a big PDF or xlsx download) is not kept at all. Bodies are shared
 * with the responses sending them: one evicted mid-send lives until that send
 * ends, outside the budget.
 */
#ifndef CNAP_WEB_CACHE_H
#define CNAP_WEB_CACHE_H

#include "web/req.h"

#include <time.h>

#define WEB_CACHE_BUDGET ((size_t)64 * 1024 * 1024)

/* The change counter, read from s; kept as this thread's request's generation, and returned to tag
 * what the request stores. 0 when it cannot be read: nothing is then used or stored. */
unsigned long web_gen_sync(struct cnap_store *s);

/* The byte budget of everything cached (0: WEB_CACHE_BUDGET); call before serving. */
void web_cache_set_budget(size_t bytes);
/* Bytes now counted against the budget (for tests). */
size_t web_cache_bytes(void);

/* Signed-in users by session (or bearer token) hash, re-checked against the store every so often. */
bool web_user_cache_get(const char *key, time_t now, struct cnap_arena *a, struct web_user *out);
void web_user_cache_put(const char *key, const struct web_user *u, unsigned long gen, time_t valid_until);

/* Whole 200 responses to GET requests, keyed by who asked and what (web_page_key). */
const char *web_page_key(struct web_req *req);
bool web_page_cache_get(const char *key, struct web_resp *resp);
void web_page_cache_put(const char *key, const struct web_resp *resp, unsigned long gen);

/* Pieces of pages that do not depend on who asks (survey data, user names), keyed by name; copies in a. */
const char *web_fragment_get(const char *key, struct cnap_arena *a);
void web_fragment_put(const char *key, const char *value, unsigned long gen);

/* Free every entry (at server stop, and in tests). */
void web_cache_clear(void);

#endif
