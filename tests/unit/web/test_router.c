/* Route patterns: whole segments, :captures, nothing else special. */
#include "base/compat.h"
#include "web/router.h"
#include "test_util.h"

#include <string.h>

static bool match(const char *pattern, const char *path, struct web_span *args, size_t *n)
{
	return web_route_match(pattern, path, args, n);
}

static void test_matches_and_captures(void **state)
{
	(void)state;
	struct web_span args[WEB_MAX_ARGS];
	size_t n = 99;
	assert_true(match("/", "/", args, &n));
	assert_i64_eq(n, 0);
	assert_true(match("/c/:year/w/:wg/a/:assoc", "/c/2023/w/denshi/a/bearing", args, &n));
	assert_i64_eq(n, 3);
	assert_true(args[0].n == 4 && memcmp(args[0].s, "2023", 4) == 0);
	assert_true(args[2].n == 7 && memcmp(args[2].s, "bearing", 7) == 0);
	assert_true(match("/q/:id/history", "/q/12/history", args, &n));
	assert_true(args[0].n == 2 && memcmp(args[0].s, "12", 2) == 0);
	assert_true(match("/c/:y/w/:wg/publish/:file", "/c/2023/w/denshi/publish/qa-list.csv", args, &n));
	assert_true(args[2].n == 11);
}

static void test_mismatches(void **state)
{
	(void)state;
	struct web_span args[WEB_MAX_ARGS];
	size_t n;
	static const char *const cases[][2] = {
		{ "/q/:id", "/q/" },           /* a capture needs a non-empty segment */
		{ "/q/:id", "/q/1/" },         /* no trailing slash */
		{ "/q/:id", "/q//" },
		{ "/q/:id", "/q/1/history" },  /* whole path */
		{ "/q/:id/history", "/q/1" },
		{ "/login", "/loginx" },       /* whole segments */
		{ "/login", "/log" },
		{ "/", "" },
		{ "/", "//" },
		{ "/a/:b/:c/:d/:e/:f", "/a/1/2/3/4/5" }, /* more captures than WEB_MAX_ARGS */
		{ "/static", "static" },
	};
	for (size_t i = 0; i < CNAP_ARRAY_LEN(cases); i++)
		if (match(cases[i][0], cases[i][1], args, &n))
			fail_msg("'%s' matched '%s'", cases[i][0], cases[i][1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matches_and_captures),
		cmocka_unit_test(test_mismatches),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
