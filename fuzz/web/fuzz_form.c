/*
 * libFuzzer target: form bodies and query strings (the urlencoded parser),
 * and the same bytes as a request path through the router.
 *
 * Property: parsing is exact. The pairs it returns, each byte written back
 * as %XX, parse again to the very same pairs in the same order; and no
 * decoded key or value is longer than the input.
 */
#include "base/compat.h"
#include "base/buf.h"
#include "web/form.h"
#include "web/router.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void add_encoded(struct cnap_buf *b, const char *s)
{
	for (; *s; s++)
		cnap_buf_addf(b, "%%%02X", (unsigned char)*s);
}

static void round_trip(struct cnap_arena *a, const struct web_kvs *kv)
{
	struct cnap_buf b;
	struct web_kvs again = { 0 };
	cnap_buf_init(&b, 0);
	for (size_t i = 0; i < kv->n; i++) {
		if (i)
			cnap_buf_addc(&b, '&');
		add_encoded(&b, kv->v[i].key);
		cnap_buf_addc(&b, '=');
		add_encoded(&b, kv->v[i].val);
	}
	if (b.status == CNAP_OK) {
		/* No pairs encode to "", which is no field at all: the same. */
		if (web_form_parse(a, b.data ? b.data : "", b.len, &again) != CNAP_OK || again.n != kv->n)
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
	if (web_form_parse(&a, (const char *)data, size, &kv) == CNAP_OK) {
		for (size_t i = 0; i < kv.n; i++)
			if (web_kv_get(&kv, kv.v[i].key) == NULL || strlen(kv.v[i].key) > size ||
			    strlen(kv.v[i].val) > size)
				__builtin_trap(); /* every pair findable; decoding never grows */
		round_trip(&a, &kv);
	}
	char *path = cnap_arena_strndup(&a, (const char *)data, size);
	struct web_span args[WEB_MAX_ARGS];
	size_t n;
	static const char *const patterns[] = { "/", "/q/:id", "/c/:year/w/:wg/a/:assoc/new", "/a/:b/:c/:d/:e/:f" };
	for (size_t i = 0; path && i < CNAP_ARRAY_LEN(patterns); i++)
		if (web_route_match(patterns[i], path, args, &n))
			for (size_t k = 0; k < n; k++)
				if (args[k].s < path || args[k].s + args[k].n > path + strlen(path))
					__builtin_trap();
	cnap_arena_release(&a);
	return 0;
}
