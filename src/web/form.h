/*
 * Parsers for what a browser sends as text: form bodies and query strings
 * (application/x-www-form-urlencoded) and the Cookie header. Pure
 * functions over untrusted bytes; results are NUL-terminated copies in the
 * caller's arena. Fuzzed in fuzz/web.
 */
#ifndef CNAP_WEB_FORM_H
#define CNAP_WEB_FORM_H

#include "base/arena.h"
#include "base/err.h"

#define WEB_MAX_FIELDS 4096 /* a form with more fields is not one of ours (a survey table of 500 records × 8 columns) */

struct web_kv {
	const char *key;
	const char *val;
};

struct web_kvs {
	struct web_kv *v;
	size_t n, cap;
};

/*
 * "a=1&b=x+y&c=%E6%97%A5" → a:"1", b:"x y", c:"日". A field without '=' has
 * the empty value; bad %-escapes are kept literally. CNAP_EINVAL when a
 * decoded key or value holds a NUL byte or there are too many fields.
 */
enum cnap_err web_form_parse(struct cnap_arena *a, const char *s, size_t n, struct web_kvs *out);

/* "k=v; k2=v2" (RFC 6265): no decoding, surrounding quotes removed, nameless parts skipped. */
enum cnap_err web_cookie_parse(struct cnap_arena *a, const char *s, size_t n, struct web_kvs *out);

/* Append one pair (copied). */
enum cnap_err web_kv_add(struct cnap_arena *a, struct web_kvs *kv, const char *key, size_t klen, const char *val,
			 size_t vlen);
/* First value of key, or NULL. */
const char *web_kv_get(const struct web_kvs *kv, const char *key);

#endif
