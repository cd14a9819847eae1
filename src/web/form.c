#include "base/compat.h"
#include "web/form.h"

#include <string.h>

enum cnap_err web_kv_add(struct cnap_arena *a, struct web_kvs *kv, const char *key, size_t klen, const char *val,
			 size_t vlen)
{
	if (kv->n == WEB_MAX_FIELDS)
		return CNAP_EINVAL;
	if (kv->n == kv->cap) {
		size_t ncap = kv->cap ? kv->cap * 2 : 16;
		struct web_kv *nv = cnap_arena_calloc(a, ncap, sizeof(*nv));
		if (!nv)
			return CNAP_ENOMEM;
		if (kv->n)
			memcpy(nv, kv->v, kv->n * sizeof(*nv));
		kv->v = nv;
		kv->cap = ncap;
	}
	char *k = cnap_arena_strndup(a, key, klen);
	char *v = cnap_arena_strndup(a, val, vlen);
	if (!k || !v)
		return CNAP_ENOMEM;
	kv->v[kv->n].key = k;
	kv->v[kv->n].val = v;
	kv->n++;
	return CNAP_OK;
}

const char *web_kv_get(const struct web_kvs *kv, const char *key)
{
	for (size_t i = 0; i < kv->n; i++)
		if (strcmp(kv->v[i].key, key) == 0)
			return kv->v[i].val;
	return NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode s[0..n) into dst (at least n bytes); returns the length, or -1 on a NUL byte. */
static long url_decode(const char *s, size_t n, char *dst)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			c = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		}
		if (c == '\0')
			return -1;
		dst[o++] = c;
	}
	return (long)o;
}

enum cnap_err web_form_parse(struct cnap_arena *a, const char *s, size_t n, struct web_kvs *out)
{
	char *scratch = cnap_arena_alloc(a, n + 1);
	if (!scratch)
		return CNAP_ENOMEM;
	size_t pos = 0;
	while (pos < n) {
		const char *amp = memchr(s + pos, '&', n - pos);
		size_t end = amp ? (size_t)(amp - s) : n;
		if (end > pos) {
			const char *eq = memchr(s + pos, '=', end - pos);
			size_t kend = eq ? (size_t)(eq - s) : end;
			long klen = url_decode(s + pos, kend - pos, scratch);
			if (klen < 0)
				return CNAP_EINVAL;
			/* The value decodes after the key in the same scratch space. */
			char *vdst = scratch + klen;
			long vlen = eq ? url_decode(eq + 1, end - kend - 1, vdst) : 0;
			if (vlen < 0)
				return CNAP_EINVAL;
			enum cnap_err rc = web_kv_add(a, out, scratch, (size_t)klen, vdst, (size_t)vlen);
			if (rc)
				return rc;
		}
		pos = end + 1;
	}
	return CNAP_OK;
}

static bool ows(char c) { return c == ' ' || c == '\t'; }

enum cnap_err web_cookie_parse(struct cnap_arena *a, const char *s, size_t n, struct web_kvs *out)
{
	size_t pos = 0;
	while (pos < n) {
		const char *semi = memchr(s + pos, ';', n - pos);
		size_t end = semi ? (size_t)(semi - s) : n;
		size_t b = pos, e = end;
		while (b < e && ows(s[b]))
			b++;
		while (e > b && ows(s[e - 1]))
			e--;
		const char *eq = memchr(s + b, '=', e - b);
		if (eq && eq > s + b) {
			size_t kend = (size_t)(eq - s), vb = kend + 1, ve = e;
			while (kend > b && ows(s[kend - 1]))
				kend--;
			while (vb < ve && ows(s[vb]))
				vb++;
			if (ve - vb >= 2 && s[vb] == '"' && s[ve - 1] == '"')
				vb++, ve--;
			if (memchr(s + b, '\0', e - b))
				return CNAP_EINVAL;
			enum cnap_err rc = web_kv_add(a, out, s + b, kend - b, s + vb, ve - vb);
			if (rc)
				return rc;
		}
		pos = end + 1;
	}
	return CNAP_OK;
}
