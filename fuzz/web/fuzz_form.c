/*
 * libFuzzer target: form bodies and query strings (the urlencoded parser),
 * and the same bytes as a request path through the router.
 */
#include "base/compat.h"
#include "web/form.h"
#include "web/router.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cnap_arena a;
	struct web_kvs kv = { 0 };
	cnap_arena_init(&a);
	if (web_form_parse(&a, (const char *)data, size, &kv) == CNAP_OK)
		for (size_t i = 0; i < kv.n; i++)
			if (web_kv_get(&kv, kv.v[i].key) == NULL || strlen(kv.v[i].val) > size)
				__builtin_trap(); /* every pair findable; decoding never grows */
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
