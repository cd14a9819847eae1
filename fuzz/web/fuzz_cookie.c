/* libFuzzer target: the Cookie header parser. */
#include "base/compat.h"
#include "web/form.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cnap_arena a;
	struct web_kvs kv = { 0 };
	cnap_arena_init(&a);
	if (web_cookie_parse(&a, (const char *)data, size, &kv) == CNAP_OK)
		for (size_t i = 0; i < kv.n; i++)
			if (!kv.v[i].key[0] || strlen(kv.v[i].val) > size)
				__builtin_trap(); /* no nameless cookies; values are substrings */
	cnap_arena_release(&a);
	return 0;
}
