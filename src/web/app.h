/* Internals shared by the web files: dispatch, finishing responses, the per-thread store pool, clocks. */
#ifndef CNAP_WEB_APP_H
#define CNAP_WEB_APP_H

#include "web/req.h"

#include <time.h>

/* Authenticate, check CSRF and permissions, run the route's handler, and produce the body. */
void web_dispatch(struct web_req *req, struct web_resp *resp);
/* Turn the response's view or error into its body (HTML page or JSON). */
void web_finalize(struct web_req *req, struct web_resp *resp);
void web_resp_init(struct web_resp *resp);

/* One row of the route table, for tests that must cover every route (tests/authz) without a copy of it. */
struct web_route_info {
	const char *method; /* "GET" or "POST" */
	const char *pattern;
	bool public_route; /* served without login */
	bool api;          /* also under /api */
};
/* Row i of the route table; false past its end. */
bool web_route_at(size_t i, struct web_route_info *out);
/* Whether a POST to url (with or without /api) goes to a route that takes a file upload. */
bool web_route_takes_upload(const char *url);
/* Whether a POST to url may carry a survey item's whole text (a larger body limit). */
bool web_route_takes_long_text(const char *url);

/* This thread's database connection, opened on first use (SQLite connections are per thread). */
struct cnap_store *web_pool_store(const char *db_path, struct cnap_error *err);
void web_pool_close_all(void);

/* Clock; a test build can pin it (base/testhook.h). */
time_t web_now(void);
/* t + offset as ISO 8601 UTC, the store's format. */
void web_iso(time_t t, char out[32]);
/* Today in Japan (UTC+9, no DST) as YYYY-MM-DD. */
void web_today_jst(char out[16]);
/* The time of day in Japan, "12:03", of t. Allocated in a. */
const char *web_clock_label(struct cnap_arena *a, time_t t);
/* "2023-10-20" → "2023年10月20日"; an ISO time → "2023年10月1日 18:00" in JST. Allocated in a. */
const char *web_date_label(struct cnap_arena *a, const char *date_or_time);

/* Session and login (session.c). */
void web_auth_load(struct web_req *req);
bool web_csrf_ok(const struct web_req *req);
/* Hex BLAKE2b of a token: what the store keeps. */
void web_token_hash(const char *token, char out[65]);
/* A new random token (URL-safe base64, 43 characters). */
void web_token_new(char out[48]);
/* The CSRF value that belongs to a session or pre-session token. */
const char *web_csrf_for(struct cnap_arena *a, const char *token);

#endif
