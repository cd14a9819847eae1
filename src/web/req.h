/*
 * One request and its response, as the handlers see them: no MHD types.
 * http.c fills a struct web_req, routes.c authenticates it and calls the
 * route's handler, and the handler fills a struct web_resp — either a page
 * (a template and its view) or a body — with the helpers below. The same
 * handler serves the HTML page and, under /api, the JSON API: its view is
 * the API's response body.
 *
 * Everything a request allocates lives in req->arena, freed when MHD
 * reports the request complete.
 */
#ifndef CNAP_WEB_REQ_H
#define CNAP_WEB_REQ_H

#include "auth/policy.h"
#include "mail/mail_config.h"
#include "store/store.h"
#include "web/form.h"
#include "web/router.h"
#include "web/tv.h"
#include "web_templates.h"

/* Limits (named, curl style). A form carries at most one 20,000-character answer, %-encoded. */
#define WEB_MAX_BODY ((size_t)256 * 1024)
/* One survey item's text (model/doc.h: at most 100,000 characters), typed and %-encoded. */
#define WEB_MAX_TEXT_BODY ((size_t)3 * 1024 * 1024)
/* An upload (multipart/form-data to a route that takes one): the file, and the request around it. */
#define WEB_MAX_UPLOAD ((size_t)20 * 1024 * 1024)
#define WEB_MAX_UPLOAD_BODY (WEB_MAX_UPLOAD + (size_t)64 * 1024)
#define WEB_MAX_UPLOAD_NAME 255   /* bytes of the file's name kept */
#define WEB_MAX_UPLOADS 4         /* uploads read at the same time; more wait (503) */

enum web_method { WM_GET, WM_HEAD, WM_POST, WM_OTHER };

struct web_config {
	const char *db_path;
	bool secure_cookies;
	const struct cnap_mail_config *mail; /* NULL: no mail is sent (the outbox page says so) */
};

struct web_user {
	struct cnap_actor actor;
	const char *name;
	const char *csrf;       /* expected in forms (_csrf) and API calls (X-CSRF-Token) */
	const char *token_hash; /* of the session cookie; NULL for bearer tokens */
	bool by_token;          /* bearer token: no cookie, so no CSRF check */
};

struct web_req {
	enum web_method method;
	const char *path;
	bool api; /* under /api: JSON in and out; path has the prefix removed */
	struct web_kvs query, form, cookies;
	const char *content_type;
	const char *authorization;
	const char *csrf_header;
	const char *if_none_match;
	const char *body;
	size_t body_len;
	/* The file of a multipart upload (its field "file"), read by http.c; NULL when none came. */
	const char *upload;
	size_t upload_len;
	const char *upload_name; /* as the browser named it (no path), or NULL */
	struct web_span args[WEB_MAX_ARGS];
	size_t n_args;
	struct web_user *user; /* NULL: nobody logged in */
	struct cnap_store *store;
	struct cnap_arena *arena;
	unsigned long gen;       /* write generation when the request began (web/cache.h) */
	const char *cache_key;   /* set when the response may be cached */
	const struct web_config *cfg;
};

struct web_resp {
	int status;
	int tmpl;                /* a WT_ page to render with view, or -1 */
	struct tv *view;         /* the page's values; the API's JSON */
	struct tv *errors;       /* field → message, shown next to the fields */
	struct tv *problems;     /* a file's problems [{where, message}] (imports): the API's error carries them */
	const char *error_code;  /* API: "not_found", "invalid", ... */
	const char *message;     /* a page-level message (errors and notices) */
	const char *location;    /* redirect target (303; API: {"ok":true,"location":…}) */
	const char *content_type;
	struct cnap_buf body;    /* the bytes sent; handlers fill it directly only with raw_body */
	bool raw_body;           /* body is final (downloads): no page or JSON wrapping */
	const unsigned char *static_body; /* embedded asset, not copied */
	size_t static_len;
	const char *shared_body;  /* a cached body, not copied: shared_release(shared_ctx) when sent */
	size_t shared_len;
	void (*shared_release)(void *ctx);
	void *shared_ctx;
	const char *disposition; /* Content-Disposition of downloads */
	const char *csp;         /* a different Content-Security-Policy (publication preview) */
	bool framable;           /* may be framed by our own pages */
	int retry_after;         /* seconds, for a Retry-After header (503); 0: none */
	bool public_cache;       /* static assets: cacheable, unlike everything else */
	const char *etag;
	const char *cookies[3];
	size_t n_cookies;
};

typedef void (*web_handler)(struct web_req *req, struct web_resp *resp);

/* Request input. */
const char *web_param(const struct web_req *req, const char *name); /* form/JSON field, else query */
char *web_arg(const struct web_req *req, size_t i);                 /* captured path segment, copied ("" if none) */
bool web_arg_int(const struct web_req *req, size_t i, int64_t lo, int64_t hi, int64_t *out);
const char *web_t(enum web_str s);                                   /* catalog string */

/* Responses. */
struct tv *web_page(struct web_req *req, struct web_resp *resp, enum web_tmpl t, enum web_str title);
void web_redirect(struct web_resp *resp, const char *location);
/*
 * A redirect target taken from input ("next"), or NULL when it could lead
 * off the site: every redirect built from a request goes through this.
 */
const char *web_safe_next(const char *next);
void web_error(struct web_req *req, struct web_resp *resp, int status, enum web_str message);
void web_not_found(struct web_req *req, struct web_resp *resp);
/* Map a cnap error from the layers below to a status and a message in the catalog. */
void web_fail(struct web_req *req, struct web_resp *resp, enum cnap_err rc, const struct cnap_error *err);
/* A field's problem: status 422, message next to the field (or in the API's "fields"). */
void web_field_error(struct web_req *req, struct web_resp *resp, const char *field, const char *message);
void web_add_cookie(struct web_req *req, struct web_resp *resp, const char *name, const char *value, long max_age);

/* Field validation: on failure add a field error and return false. */
bool web_check_text(struct web_req *req, struct web_resp *resp, const char *field, const char *value,
		    size_t max_chars, bool multiline, bool optional);

#endif
