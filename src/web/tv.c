#include "base/compat.h"
#include "web/tv.h"

#include <string.h>

static struct tv *tv_new(struct cnap_arena *a, enum tv_kind kind)
{
	struct tv *v = cnap_arena_alloc(a, sizeof(*v));
	if (v) {
		v->kind = kind;
		v->a = a;
	}
	return v;
}

struct tv *tv_map(struct cnap_arena *a) { return tv_new(a, TV_MAP); }
struct tv *tv_list(struct cnap_arena *a) { return tv_new(a, TV_LIST); }

struct tv *tv_str(struct cnap_arena *a, const char *s)
{
	struct tv *v = tv_new(a, s ? TV_STR : TV_NULL);
	if (v)
		v->s = s;
	return v;
}

struct tv *tv_int(struct cnap_arena *a, int64_t i)
{
	struct tv *v = tv_new(a, TV_INT);
	if (v)
		v->i = i;
	return v;
}

struct tv *tv_bool(struct cnap_arena *a, bool b)
{
	struct tv *v = tv_new(a, TV_BOOL);
	if (v)
		v->b = b;
	return v;
}

struct tv *tv_html(struct cnap_arena *a, const char *trusted_markup)
{
	struct tv *v = tv_new(a, TV_HTML);
	if (v)
		v->s = trusted_markup ? trusted_markup : "";
	return v;
}

/*
 * FNV-1a. Views are searched by name far more often than they are built (a
 * page looks up about a thousand values in maps of up to 20 keys), so each
 * key's hash is kept and a look-up compares strings only when hashes match.
 */
#define HASH_BASIS 2166136261u
static inline uint32_t hash_byte(uint32_t h, char c)
{
	return (h ^ (unsigned char)c) * 16777619u;
}

uint32_t tv_key_hash(const char *key, size_t n)
{
	uint32_t h = HASH_BASIS;
	for (size_t i = 0; i < n; i++)
		h = hash_byte(h, key[i]);
	return h;
}

/* Room for one more slot; containers are arena arrays that double. */
static bool grow(struct tv *c)
{
	if (c->n < c->cap)
		return true;
	size_t ncap = c->cap ? c->cap * 2 : 8;
	bool map = c->kind == TV_MAP;
	struct tv **items = cnap_arena_calloc(c->a, ncap, sizeof(*items));
	const char **keys = map ? cnap_arena_calloc(c->a, ncap, sizeof(*keys)) : NULL;
	uint32_t *hashes = map ? cnap_arena_calloc(c->a, ncap, sizeof(*hashes)) : NULL;
	if (!items || (map && (!keys || !hashes)))
		return false;
	if (c->n) {
		memcpy(items, c->items, c->n * sizeof(*items));
		if (map) {
			memcpy(keys, c->keys, c->n * sizeof(*keys));
			memcpy(hashes, c->hashes, c->n * sizeof(*hashes));
		}
	}
	c->items = items;
	c->keys = keys;
	c->hashes = hashes;
	c->cap = ncap;
	return true;
}

struct tv *tv_put(struct tv *map, const char *key, struct tv *v)
{
	if (!map || map->kind != TV_MAP)
		return v;
	uint32_t h = HASH_BASIS; /* tv_key_hash(key, strlen(key)) in one pass */
	for (const char *k = key; *k; k++)
		h = hash_byte(h, *k);
	for (size_t i = 0; i < map->n; i++)
		if (map->hashes[i] == h && strcmp(map->keys[i], key) == 0) {
			map->items[i] = v;
			return v;
		}
	if (!grow(map))
		return v;
	map->keys[map->n] = key;
	map->hashes[map->n] = h;
	map->items[map->n++] = v;
	return v;
}

/* The helpers accept a NULL container (an allocation that failed) and then do nothing. */
struct tv *tv_put_str(struct tv *map, const char *key, const char *s) { return map ? tv_put(map, key, tv_str(map->a, s)) : NULL; }
struct tv *tv_put_int(struct tv *map, const char *key, int64_t i) { return map ? tv_put(map, key, tv_int(map->a, i)) : NULL; }
struct tv *tv_put_bool(struct tv *map, const char *key, bool b) { return map ? tv_put(map, key, tv_bool(map->a, b)) : NULL; }
struct tv *tv_put_map(struct tv *map, const char *key) { return map ? tv_put(map, key, tv_map(map->a)) : NULL; }
struct tv *tv_put_list(struct tv *map, const char *key) { return map ? tv_put(map, key, tv_list(map->a)) : NULL; }

struct tv *tv_push(struct tv *list, struct tv *v)
{
	if (list && list->kind == TV_LIST && grow(list))
		list->items[list->n++] = v;
	return v;
}

struct tv *tv_push_map(struct tv *list) { return list ? tv_push(list, tv_map(list->a)) : NULL; }

const struct tv *tv_get_hashed(const struct tv *map, const char *key, size_t n, uint32_t h)
{
	if (!map || map->kind != TV_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (map->hashes[i] == h && strncmp(map->keys[i], key, n) == 0 && map->keys[i][n] == '\0')
			return map->items[i];
	return NULL;
}

const struct tv *tv_get(const struct tv *map, const char *key)
{
	size_t n = strlen(key);
	return tv_get_hashed(map, key, n, tv_key_hash(key, n));
}

bool tv_truthy(const struct tv *v)
{
	if (!v)
		return false;
	switch (v->kind) {
	case TV_BOOL: return v->b;
	case TV_INT: return v->i != 0;
	case TV_STR:
	case TV_HTML: return v->s && *v->s;
	case TV_LIST: return v->n > 0;
	case TV_MAP: return true;
	default: return false;
	}
}

enum cnap_err tv_to_json(const struct tv *v, struct cnap_buf *out)
{
	if (!v)
		return cnap_buf_adds(out, "null");
	switch (v->kind) {
	case TV_NULL: return cnap_buf_adds(out, "null");
	case TV_BOOL: return cnap_buf_adds(out, v->b ? "true" : "false");
	case TV_INT: return cnap_buf_addf(out, "%lld", (long long)v->i);
	case TV_STR:
	case TV_HTML: return cnap_buf_add_json_str(out, v->s);
	case TV_LIST:
		cnap_buf_addc(out, '[');
		for (size_t i = 0; i < v->n; i++) {
			if (i)
				cnap_buf_addc(out, ',');
			tv_to_json(v->items[i], out);
		}
		return cnap_buf_addc(out, ']');
	case TV_MAP:
		cnap_buf_addc(out, '{');
		for (size_t i = 0; i < v->n; i++) {
			if (i)
				cnap_buf_addc(out, ',');
			cnap_buf_add_json_str(out, v->keys[i]);
			cnap_buf_addc(out, ':');
			tv_to_json(v->items[i], out);
		}
		return cnap_buf_addc(out, '}');
	}
	return out->status;
}
