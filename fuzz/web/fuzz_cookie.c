/*
 * libFuzzer target: the Cookie header parser.
 *
 * Properties: a cookie has a name without '=', ';' or surrounding blanks, a
 * value without ';', and both are copied from the header, never made up;
 * the pairs written back as k="v"; ... parse again to the same pairs
 * (quoting keeps a value's own blanks and quotes as they were).
 */
#include "base/compat.h"
#include "base/buf.h"
#include "web/form.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool within(const uint8_t *data, size_t size, const char *s)
{
	size_t k = strlen(s);
	for (size_t i = 0; i + k <= size; i++)
		if (memcmp(data + i, s, k) == 0)
			return true;
	return false;
}

static void round_trip(struct cnap_arena *a, const struct web_kvs *kv)
{
	struct cnap_buf b;
	struct web_kvs again = { 0 };
	cnap_buf_init(&b, 0);
	for (size_t i = 0; i < kv->n; i++)
		cnap_buf_addf(&b, "%s%s=\"%s\"", i ? "; " : "", kv->v[i].key, kv->v[i].val);
	if (b.status == CNAP_OK) {
		if (web_cookie_parse(a, b.data ? b.data : "", b.len, &again) != CNAP_OK || again.n != kv->n)
			__builtin_trap();
		for (size_t i = 0; i < kv->n; i++)
			if (strcmp(again.v[i].key, kv->v[i].key) != 0 || strcmp(again.v[i].val, kv->v[i].val) != 0)
				__builtin_trap();
	}
	cnap_buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cnap_arena a;
	struct web_kvs kv = { 0 };
	cnap_arena_init(&a);
	if (web_cookie_parse(&a, (const char *)data, size, &kv) == CNAP_OK) {
		for (size_t i = 0; i < kv.n; i++) {
			const char *k = kv.v[i].key, *v = kv.v[i].val;
			size_t kl = strlen(k);
			if (!kl || strpbrk(k, "=;") || strchr(" \t", k[0]) || strchr(" \t", k[kl - 1]) || strchr(v, ';') ||
			    !within(data, size, k) || !within(data, size, v))
				__builtin_trap();
		}
		round_trip(&a, &kv);
	}
	cnap_arena_release(&a);
	return 0;
}
