/*
 * libFuzzer target: the template compiler and renderer on arbitrary template
 * text. Whatever compiles must render without memory errors against a
 * context with nested maps and lists, and a template including itself.
 */
#include "base/compat.h"
#include "web/tmpl.h"

#include <string.h>

static int partial(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	return n == 4 && memcmp(s, "self", 4) == 0 ? 0 : n == 4 && memcmp(s, "part", 4) == 0 ? 1 : -1;
}

static int string(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	return n == 1 && s[0] == 's' ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const strings[] = { "<文字列>" };
	struct tmpl_names names = { partial, string, NULL };
	struct cnap_arena a;
	struct cnap_error err;
	struct tmpl ts[2];
	cnap_arena_init(&a);
	const char *part = "<p>{{x}}</p>";
	if (tmpl_compile(&a, "self", (const char *)data, size, &names, &ts[0], &err) == CNAP_OK &&
	    tmpl_compile(&a, "part", part, strlen(part), &names, &ts[1], &err) == CNAP_OK) {
		struct tv *v = tv_map(&a);
		tv_put_str(v, "x", "<script>\"'&");
		tv_put_int(v, "n", 7);
		tv_put_bool(v, "t", true);
		tv_put(v, "h", tv_html(&a, "<b>trusted</b>"));
		struct tv *list = tv_put_list(v, "list");
		for (int i = 0; i < 3; i++) {
			struct tv *m = tv_push_map(list);
			tv_put_str(m, "x", "javascript:alert(1)\n");
			tv_put(m, "list", list); /* a cycle: sections must still terminate */
		}
		struct tmpl_set set = { ts, 2, strings, 1 };
		struct cnap_buf out;
		cnap_buf_init(&out, 1 << 20);
		tmpl_render(&set, 0, v, &out);
		cnap_buf_release(&out);
	}
	cnap_arena_release(&a);
	return 0;
}
