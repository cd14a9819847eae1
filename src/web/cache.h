/*
 * Caches of what GET requests read, so that a page viewed again costs a hash
 * look-up instead of some twenty SQL statements.
 *
 * Correctness rests on one generation number: any write to the database
 * ends every cached entry. The server's own writes bump it after each POST;
 * writes by other connections (the other worker threads, a CLI process) are
 * noticed through the store's data version at the start of each request.
 * Entries remember the generation they were read under, which is taken
 * before the database is read, so a racing write can only cause a miss.
 *
 * The caches are per worker thread: no locks on the request path.
 */
#ifndef CNAP_WEB_CACHE_H
#define CNAP_WEB_CACHE_H

#include "web/req.h"

#include <time.h>

/* Notice other connections' commits (call before reading); then the generation to tag reads with. */
unsigned long web_gen_sync(struct cnap_store *s);
/* After a write by this server. */
void web_gen_bump(void);

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

/* Free this thread's entries (at thread exit, and in tests). */
void web_cache_clear(void);

#endif
