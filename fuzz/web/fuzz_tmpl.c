/*
 * libFuzzer target: the template compiler and renderer on arbitrary template
 * text. Whatever compiles must render without memory errors against a
 * context with nested maps and lists, and a template including itself.
 *
 * Property: every value comes out escaped. Each string value carries
 * markers around characters that matter to HTML; the template text cannot
 * produce a marker (inputs holding one are not checked), so everything
 * between a rendered start and end marker came from a value and may hold no
 * raw < > " ' and no '&' outside an entity. The URL filter percent-encodes
 * the markers' control byte, so its output is checked through "%01" too.
 * Only the TV_HTML value, vouched-for markup by design, carries no markers.
 */
#include "base/compat.h"
#include "web/tmpl.h"

#include <string.h>

#define MARK "\x01" /* kept apart from the letters after it, which would extend the hex escape */
#define VALUE(s) MARK "S" s MARK "E"

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

static bool has(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(s + i, needle, k) == 0)
			return true;
	return false;
}

static bool escaped_span(const char *s, size_t n)
{
	static const char *const entities[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&#39;" };
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '<' && n - i >= 5 && memcmp(s + i, "<br>\n", 5) == 0) {
			i += 4; /* nl2br's own markup: the values hold no "<br>" */
			continue;
		}
		if (strchr("<>\"'", s[i]))
			return false;
		if (s[i] == '&') {
			bool entity = false;
			for (size_t e = 0; e < CNAP_ARRAY_LEN(entities); e++)
				entity |= n - i >= strlen(entities[e]) && memcmp(s + i, entities[e], strlen(entities[e])) == 0;
			if (!entity)
				return false;
		}
	}
	return true;
}

/* Every start marker (as written, or as the URL filter encodes it) up to its end marker holds escaped text. */
static void check_escaped(const char *out, size_t n, const char *start, const char *end)
{
	size_t ls = strlen(start), le = strlen(end);
	for (size_t i = 0; i + ls <= n; i++) {
		if (memcmp(out + i, start, ls) != 0)
			continue;
		size_t b = i + ls, e = b;
		while (e + le <= n && memcmp(out + e, end, le) != 0 && memcmp(out + e, start, ls) != 0)
			e++;
		if (e + le > n || memcmp(out + e, end, le) != 0)
			continue; /* cut short by a render limit */
		if (!escaped_span(out + b, e - b)) {
			fprintf(stderr, "fuzz_tmpl: a value came out unescaped: %.*s\n", (int)(e - b), out + b);
			abort();
		}
		i = e;
	}
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
		tv_put_str(v, "x", VALUE("<script>\"'&"));
		tv_put_int(v, "n", 7);
		tv_put_bool(v, "t", true);
		tv_put(v, "h", tv_html(&a, "<b>trusted</b>"));
		tv_put_str(v, "u", VALUE("/a?b=<\"'>&c"));
		struct tv *list = tv_put_list(v, "list");
		for (int i = 0; i < 3; i++) {
			struct tv *m = tv_push_map(list);
			tv_put_str(m, "x", i == 0 ? "javascript:alert(1)\n" : VALUE("a\r\n<b>&amp;\"'\n"));
			tv_put(m, "list", list); /* a cycle: sections must still terminate */
		}
		struct tmpl_set set = { ts, 2, strings, 1 };
		struct cnap_buf out;
		cnap_buf_init(&out, 1 << 20);
		if (tmpl_render(&set, 0, v, &out) == CNAP_OK && !has((const char *)data, size, MARK) &&
		    !has((const char *)data, size, "%01")) {
			check_escaped(out.data, out.len, MARK "S", MARK "E");
			check_escaped(out.data, out.len, "%01S", "%01E");
		}
		cnap_buf_release(&out);
	}
	cnap_arena_release(&a);
	return 0;
}
