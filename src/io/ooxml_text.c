/*
 * The small helpers both Office readers share (ooxml_pkg.h): the string
 * pool in the package's arena, growable arrays, attribute values and part
 * names.
 */
#include "base/compat.h"
#include "io/ooxml_pkg.h"

#include <string.h>

#define POOL_CHUNK ((size_t)64 * 1024)

const char *ooxml_strndup(struct ooxml_pkg *pk, const char *s, size_t n)
{
	char *p;
	if (n >= pk->pool.left) {
		if (n >= POOL_CHUNK / 4) {
			/* a long string gets its own allocation; the chunk in use goes on */
			p = cnap_arena_strndup(pk->arena, s, n);
			if (!p)
				ooxml_oom(pk);
			return p;
		}
		pk->pool.at = cnap_arena_alloc(pk->arena, POOL_CHUNK);
		if (!pk->pool.at) {
			pk->pool.left = 0;
			ooxml_oom(pk);
			return NULL;
		}
		pk->pool.left = POOL_CHUNK;
	}
	p = pk->pool.at;
	memcpy(p, s, n);
	p[n] = '\0';
	pk->pool.at += n + 1;
	pk->pool.left -= n + 1;
	return p;
}

bool ooxml_grow(struct ooxml_pkg *pk, void **v, size_t *cap, size_t n, size_t sz)
{
	if (n < *cap)
		return true;
	size_t ncap = *cap ? *cap * 2 : 16, bytes;
	if (!cnap_st_mult(ncap, sz, &bytes)) {
		ooxml_oom(pk);
		return false;
	}
	void *p = cnap_realloc(*v, bytes);
	if (!p) {
		ooxml_oom(pk);
		return false;
	}
	*v = p;
	*cap = ncap;
	return true;
}

void *ooxml_to_arena(struct ooxml_pkg *pk, const void *v, size_t n, size_t sz)
{
	if (n == 0)
		return NULL;
	void *p = cnap_arena_calloc(pk->arena, n, sz);
	if (!p) {
		ooxml_oom(pk);
		return NULL;
	}
	memcpy(p, v, n * sz);
	return p;
}

bool ooxml_true(const char *v)
{
	return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "on") == 0);
}

long ooxml_small_uint(const char *v)
{
	if (!v || !*v)
		return -1;
	long n = 0;
	for (size_t i = 0; v[i]; i++) {
		if (v[i] < '0' || v[i] > '9' || i >= 9)
			return -1;
		n = n * 10 + (v[i] - '0');
	}
	return n;
}

const char *ooxml_resolve(struct ooxml_pkg *pk, const char *source, const char *target)
{
	char path[1024];
	size_t n = 0;
	if (target[0] == '/') {
		target++;
	} else {
		const char *slash = strrchr(source, '/');
		n = slash ? (size_t)(slash - source) + 1 : 0;
		if (n >= sizeof(path))
			goto too_long;
		memcpy(path, source, n);
	}
	/* append target segment by segment, resolving "." and ".." */
	const char *seg = target;
	while (*seg) {
		const char *end = strchr(seg, '/');
		size_t len = end ? (size_t)(end - seg) : strlen(seg);
		if (len == 0 || (len == 1 && seg[0] == '.')) {
			/* nothing */
		} else if (len == 2 && seg[0] == '.' && seg[1] == '.') {
			if (n > 0)
				n--; /* the slash after the last segment */
			while (n > 0 && path[n - 1] != '/')
				n--;
		} else {
			if (n + len + 1 >= sizeof(path))
				goto too_long;
			memcpy(path + n, seg, len);
			n += len;
			if (end)
				path[n++] = '/';
		}
		seg = end ? end + 1 : seg + len;
	}
	return ooxml_strndup(pk, path, n);
too_long:
	ooxml_fail(pk, CNAP_EFORMAT, source, "参照先の部品名が長すぎます");
	return NULL;
}
