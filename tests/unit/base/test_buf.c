#include "base/compat.h"
#include "base/arena.h"
#include "base/buf.h"
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

static void test_add_and_format(void **state)
{
	(void)state;
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	cnap_buf_adds(&b, "調査票");
	cnap_buf_addf(&b, " P.%d", 3);
	assert_string_equal(b.data, "調査票 P.3");
	assert_int_equal(b.status, CNAP_OK);
	cnap_buf_release(&b);
}

static void test_limit_keeps_contents(void **state)
{
	(void)state;
	struct cnap_buf b;
	cnap_buf_init(&b, 8);
	assert_int_equal(cnap_buf_adds(&b, "1234567"), CNAP_OK);
	assert_int_equal(cnap_buf_adds(&b, "89"), CNAP_ETOOBIG);
	assert_string_equal(b.data, "1234567");
	/* once failed, the chain stays failed */
	assert_int_equal(cnap_buf_adds(&b, ""), CNAP_ETOOBIG);
	cnap_buf_release(&b);
}

static void test_html_escape(void **state)
{
	(void)state;
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	cnap_buf_add_html(&b, "<script>alert('x')</script> & \"q\"");
	assert_string_equal(b.data, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
	cnap_buf_release(&b);
}

static void test_json_string(void **state)
{
	(void)state;
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	cnap_buf_add_json_str(&b, "a\"b\\c\n\x01");
	assert_string_equal(b.data, "\"a\\\"b\\\\c\\n\\u0001\"");
	cnap_buf_reset(&b);
	cnap_buf_add_json_str(&b, NULL);
	assert_string_equal(b.data, "null");
	cnap_buf_release(&b);
}

static void test_detach_empty(void **state)
{
	(void)state;
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	size_t len = 99;
	char *p = cnap_buf_detach(&b, &len);
	assert_non_null(p);
	assert_string_equal(p, "");
	assert_int_equal(len, 0);
	free(p);
}

static void test_overflow_helpers(void **state)
{
	(void)state;
	size_t out;
	assert_false(cnap_st_add(SIZE_MAX, 1, &out));
	assert_false(cnap_st_mult(SIZE_MAX / 2, 3, &out));
	assert_true(cnap_st_mult(1000, 1000, &out));
	assert_i64_eq(out, 1000000);
}

static void test_arena(void **state)
{
	(void)state;
	struct cnap_arena a;
	cnap_arena_init(&a);
	char *s = cnap_arena_strdup(&a, "事前質問");
	assert_string_equal(s, "事前質問");
	void *big = cnap_arena_alloc(&a, 200000);
	assert_non_null(big);
	char *after = cnap_arena_printf(&a, "%d-%s", 5, "x");
	assert_string_equal(after, "5-x");
	assert_string_equal(s, "事前質問");
	assert_null(cnap_arena_calloc(&a, SIZE_MAX / 2, 4));
	assert_null(cnap_arena_strdup(&a, NULL));
	cnap_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_and_format), cmocka_unit_test(test_limit_keeps_contents),
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_json_string),    cmocka_unit_test(test_detach_empty),
		cmocka_unit_test(test_overflow_helpers), cmocka_unit_test(test_arena),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
