/*
 * struct tv: the values a page is rendered from (template values), and the
 * body of the matching JSON API response. Handlers build a tree of maps,
 * lists, strings and numbers in the request's arena; templates only read it.
 *
 * TV_HTML is markup that code vouches for (a rendered publication, say): the
 * template engine writes it unescaped. Only tv_html() makes one, so no text
 * from a user or the database can become markup by accident.
 */
#ifndef CNAP_WEB_TV_H
#define CNAP_WEB_TV_H

#include "base/arena.h"
#include "base/buf.h"

enum tv_kind { TV_NULL, TV_BOOL, TV_INT, TV_STR, TV_HTML, TV_LIST, TV_MAP };

struct tv {
	enum tv_kind kind;
	bool b;
	int64_t i;
	const char *s;          /* TV_STR, TV_HTML */
	struct cnap_arena *a;   /* containers grow in it */
	struct tv **items;      /* TV_LIST values, TV_MAP values */
	const char **keys;      /* TV_MAP keys, parallel to items */
	uint32_t *hashes;       /* TV_MAP: tv_key_hash of each key, parallel to items */
	size_t n, cap;
};

struct tv *tv_map(struct cnap_arena *a);
struct tv *tv_list(struct cnap_arena *a);
/* A string (borrowed: it must outlive the tree); NULL gives a TV_NULL. */
struct tv *tv_str(struct cnap_arena *a, const char *s);
struct tv *tv_int(struct cnap_arena *a, int64_t i);
struct tv *tv_bool(struct cnap_arena *a, bool b);
struct tv *tv_html(struct cnap_arena *a, const char *trusted_markup);

/* Set key (borrowed) in a map, replacing an earlier value; v NULL stores null. Returns v. */
struct tv *tv_put(struct tv *map, const char *key, struct tv *v);
struct tv *tv_put_str(struct tv *map, const char *key, const char *s);
struct tv *tv_put_int(struct tv *map, const char *key, int64_t i);
struct tv *tv_put_bool(struct tv *map, const char *key, bool b);
/* A new map or list stored under key. */
struct tv *tv_put_map(struct tv *map, const char *key);
struct tv *tv_put_list(struct tv *map, const char *key);
/* Append to a list; returns v. tv_push_map appends a new map. */
struct tv *tv_push(struct tv *list, struct tv *v);
struct tv *tv_push_map(struct tv *list);

/* Map look-up; NULL when absent or when v is not a map. */
const struct tv *tv_get(const struct tv *map, const char *key);
/*
 * The same for key[0..n), which need not be NUL-terminated, with h =
 * tv_key_hash(key, n): a template looks one name up in several maps and
 * hashes it once.
 */
const struct tv *tv_get_hashed(const struct tv *map, const char *key, size_t n, uint32_t h);
uint32_t tv_key_hash(const char *key, size_t n);
/* Whether a section {{#x}} renders: non-empty strings and lists, true, non-zero, any map. */
bool tv_truthy(const struct tv *v);

/* JSON text of v (TV_HTML as a string, maps in insertion order). */
enum cnap_err tv_to_json(const struct tv *v, struct cnap_buf *out);

#endif
