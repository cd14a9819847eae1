/* The template engine: escaping by default, sections, partials, filters, and the compiler's refusals. */
#include "base/compat.h"
#include "web/tmpl.h"
#include "test_util.h"

#include <string.h>

static const char *const names[] = { "page", "part", "self" };
static const char *const strings[] = { "保存", "<戻る>" };

static int partial(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	for (int i = 0; i < (int)CNAP_ARRAY_LEN(names); i++)
		if (strlen(names[i]) == n && memcmp(names[i], s, n) == 0)
			return i;
	return -1;
}

static int string(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	if (n == 4 && memcmp(s, "save", 4) == 0)
		return 0;
	if (n == 4 && memcmp(s, "back", 4) == 0)
		return 1;
	return -1;
}

static const struct tmpl_names resolver = { partial, string, NULL };

/* Compile src as template "page" (with "part" = part_src) and render it with ctx; returns the arena copy. */
static const char *render(struct cnap_arena *a, const char *src, const char *part_src, const struct tv *ctx)
{
	static struct tmpl ts[3];
	struct cnap_error err = { 0 };
	if (tmpl_compile(a, "page", src, strlen(src), &resolver, &ts[0], &err))
		fail_msg("compile: %s: %s", err.where, err.message);
	const char *p = part_src ? part_src : "";
	if (tmpl_compile(a, "part", p, strlen(p), &resolver, &ts[1], &err))
		fail_msg("compile part: %s: %s", err.where, err.message);
	const char *self = "{{>self}}";
	assert_int_equal(tmpl_compile(a, "self", self, strlen(self), &resolver, &ts[2], &err), CNAP_OK);
	struct tmpl_set set = { ts, 3, strings, 2 };
	struct cnap_buf out;
	cnap_buf_init(&out, 0);
	tmpl_render(&set, 0, ctx, &out);
	const char *copy = cnap_arena_strdup(a, out.data ? out.data : "");
	cnap_buf_release(&out);
	return copy;
}

static enum cnap_err compile_err(struct cnap_arena *a, const char *src, struct cnap_error *err)
{
	struct tmpl t;
	return tmpl_compile(a, "bad", src, strlen(src), &resolver, &t, err);
}

static void test_escapes_by_default(void **state)
{
	(void)state;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct tv *v = tv_map(&a);
	tv_put_str(v, "name", "<script>alert('x')</script> & \"q\"");
	assert_string_equal(render(&a, "<p title=\"{{name}}\">{{name}}</p>", NULL, v),
			    "<p title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;\">"
			    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</p>");
	/* Only code-made TV_HTML passes unescaped. */
	tv_put(v, "trusted", tv_html(&a, "<b>ok</b>"));
	assert_string_equal(render(&a, "{{trusted}}", NULL, v), "<b>ok</b>");
	cnap_arena_release(&a);
}

static void test_sections_lists_and_lookup(void **state)
{
	(void)state;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct tv *v = tv_map(&a);
	tv_put_str(v, "title", "一覧");
	struct tv *items = tv_put_list(v, "items");
	tv_put_str(tv_push_map(items), "name", "あ");
	struct tv *b = tv_push_map(items);
	tv_put_str(b, "name", "い");
	tv_put_int(b, "n", 3);
	tv_put_bool(v, "yes", true);
	tv_put_bool(v, "no", false);
	struct tv *m = tv_put_map(v, "me");
	tv_put_str(m, "login", "jimukyoku");
	assert_string_equal(render(&a, "{{#items}}[{{name}}{{#n}}:{{n}}{{/n}}/{{title}}]{{/items}}", NULL, v),
			    "[あ/一覧][い:3/一覧]");
	assert_string_equal(render(&a, "{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}!N{{/no}}{{^missing}}M{{/missing}}",
				   NULL, v),
			    "Y!NM");
	assert_string_equal(render(&a, "{{me.login}} {{#me}}{{login}}{{/me}} {{me.none}}{{none.deeper}}", NULL, v),
			    "jimukyoku jimukyoku ");
	assert_string_equal(render(&a, "{{^items}}empty{{/items}}{{#title}}[{{.}}]{{/title}}", NULL, v), "[一覧]");
	tv_put_list(v, "empty");
	assert_string_equal(render(&a, "{{^empty}}none{{/empty}}", NULL, v), "none");
	cnap_arena_release(&a);
}

static void test_partials_strings_and_filters(void **state)
{
	(void)state;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct tv *v = tv_map(&a);
	tv_put_str(v, "who", "森岡");
	tv_put_str(v, "text", "一行目\n<二行目>\r\n三行目");
	tv_put_str(v, "href", "/q/12?x=1&y=あ");
	tv_put_str(v, "evil", "javascript:alert(1)");
	tv_put_str(v, "abs", "https://example.org/a b");
	assert_string_equal(render(&a, "<p>{{>part}}</p>", "{{who}}さん{{@save}}{{@back}}", v),
			    "<p>森岡さん保存&lt;戻る&gt;</p>");
	assert_string_equal(render(&a, "{{text|nl2br}}", NULL, v), "一行目<br>\n&lt;二行目&gt;<br>\n三行目");
	assert_string_equal(render(&a, "<a href=\"{{href|url}}\">x</a>", NULL, v),
			    "<a href=\"/q/12?x=1&amp;y=%E3%81%82\">x</a>");
	assert_string_equal(render(&a, "<a href=\"{{evil|url}}\">x</a>", NULL, v), "<a href=\"#\">x</a>");
	assert_string_equal(render(&a, "<a href=\"{{abs|url}}\">x</a>", NULL, v),
			    "<a href=\"https://example.org/a%20b\">x</a>");
	/* A template that includes itself stops at the nesting limit instead of recursing forever. */
	assert_string_equal(render(&a, "{{>self}}", NULL, v), "");
	cnap_arena_release(&a);
}

static void test_boolean_attributes_in_sections(void **state)
{
	(void)state;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct tv *v = tv_map(&a);
	tv_put_bool(v, "sel", true);
	assert_string_equal(render(&a, "<option value=\"a\"{{#sel}} selected{{/sel}}>A</option>"
				       "<p class=\"x{{^sel}} off{{/sel}}\">", NULL, v),
			    "<option value=\"a\" selected>A</option><p class=\"x\">");
	cnap_arena_release(&a);
}

static void test_compiler_refuses_unsafe_places(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"<script>var x = '{{x}}';</script>",
		"<style>p { color: {{x}} }</style>",
		"<a onclick=\"go('{{x}}')\">x</a>",
		"<p style=\"color: {{x}}\">",
		"<input value={{x}}>",
		"<a href=\"{{x}}\">x</a>",
		"<a href=\"{{@save}}\">x</a>",
		"<{{x}}>",
		"<p {{x}}>",
		"<!-- {{x}} -->",
		"<p title=\"{{x|nl2br}}\">",
		"<p title=\"{{>part}}\">",
		"{{#a}}<p title=\"{{/a}}\">",
		"{{#a}}x",
		"{{#a}}x{{/b}}",
		"x{{/a}}",
		"{{{x}}}",
		"{{&x}}",
		"{{x|raw}}",
		"{{>nope}}",
		"{{@nope}}",
		"{{}}",
		"{{bad name}}",
		"{{x",
		"<p title=\"",
		"<SCRIPT>{{x}}</SCRIPT>",
	};
	struct cnap_arena a;
	cnap_arena_init(&a);
	for (size_t i = 0; i < CNAP_ARRAY_LEN(bad); i++) {
		struct cnap_error err = { 0 };
		if (compile_err(&a, bad[i], &err) != CNAP_EINVAL)
			fail_msg("accepted: %s", bad[i]);
		assert_true(strncmp(err.where, "bad:", 4) == 0);
	}
	struct cnap_error err = { 0 };
	assert_int_equal(compile_err(&a, "<script src=\"/static/x.js\"></script>{{x}}<style></style>", &err), CNAP_OK);
	assert_int_equal(compile_err(&a, "a\nb\n{{#x}}", &err), CNAP_EINVAL);
	assert_string_equal(err.where, "bad:3");
	cnap_arena_release(&a);
}

static void test_json_of_values(void **state)
{
	(void)state;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct tv *v = tv_map(&a);
	tv_put_str(v, "text", "改行\n\"引用\"");
	tv_put_int(v, "n", -42);
	tv_put_bool(v, "ok", true);
	tv_put(v, "none", NULL);
	tv_put_str(tv_push_map(tv_put_list(v, "list")), "k", "v");
	tv_put_int(v, "n", 7); /* replaces */
	struct cnap_buf out;
	cnap_buf_init(&out, 0);
	tv_to_json(v, &out);
	assert_string_equal(out.data, "{\"text\":\"改行\\n\\\"引用\\\"\",\"n\":7,\"ok\":true,\"none\":null,"
				      "\"list\":[{\"k\":\"v\"}]}");
	cnap_buf_release(&out);
	cnap_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escapes_by_default),
		cmocka_unit_test(test_sections_lists_and_lookup),
		cmocka_unit_test(test_partials_strings_and_filters),
		cmocka_unit_test(test_boolean_attributes_in_sections),
		cmocka_unit_test(test_compiler_refuses_unsafe_places),
		cmocka_unit_test(test_json_of_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
