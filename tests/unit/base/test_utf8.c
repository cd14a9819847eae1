#include "base/compat.h"
#include "base/utf8.h"
#include "test_util.h"

#include <string.h>

static void test_valid(void **state)
{
	(void)state;
	const char *ok = "令和五年度 CO₂ ▲7.73% 🌏";
	assert_true(cnap_utf8_valid(ok, strlen(ok), NULL));
	assert_i64_eq(cnap_utf8_count("日本", 6), 2);
}

static void test_invalid(void **state)
{
	(void)state;
	size_t off = 0;
	assert_false(cnap_utf8_valid("ab\xff", 3, &off));
	assert_i64_eq(off, 2);
	assert_false(cnap_utf8_valid("\xc0\xaf", 2, NULL));         /* overlong '/' */
	assert_false(cnap_utf8_valid("\xed\xa0\x80", 3, NULL));     /* surrogate */
	assert_false(cnap_utf8_valid("\xf4\x90\x80\x80", 4, NULL)); /* > U+10FFFF */
	assert_false(cnap_utf8_valid("\xe6\x97", 2, NULL));         /* truncated */
}

static void test_text_check(void **state)
{
	(void)state;
	struct cnap_error err;
	assert_int_equal(cnap_text_check("質問です", 10, 0, "--text", &err), CNAP_OK);
	assert_int_equal(cnap_text_check("", 10, 0, "--text", &err), CNAP_EINVAL);
	assert_string_equal(err.where, "--text");
	assert_int_equal(cnap_text_check("　 ", 10, 0, "--text", &err), CNAP_EINVAL); /* ideographic space only */
	assert_int_equal(cnap_text_check(NULL, 10, CNAP_TEXT_OPTIONAL, "--note", &err), CNAP_OK);
	assert_int_equal(cnap_text_check("一二三四五六", 5, 0, "--text", &err), CNAP_ETOOBIG);
	assert_non_null(strstr(err.message, "6 characters"));
	assert_int_equal(cnap_text_check("a\nb", 10, 0, "--name", &err), CNAP_EINVAL);
	assert_int_equal(cnap_text_check("a\nb", 10, CNAP_TEXT_MULTILINE, "--text", &err), CNAP_OK);
	assert_int_equal(cnap_text_check("a\x1b[31m", 10, CNAP_TEXT_MULTILINE, "--text", &err), CNAP_EINVAL);
	/* C1 controls as UTF-8: U+0080, U+0085 (NEL), U+009B (CSI), U+009F; U+00A0 is a character. */
	assert_int_equal(cnap_text_check("a\xc2\x80", 10, CNAP_TEXT_MULTILINE, "--text", &err), CNAP_EINVAL);
	assert_int_equal(cnap_text_check("a\xc2\x85" "b", 10, CNAP_TEXT_MULTILINE, "--text", &err), CNAP_EINVAL);
	assert_int_equal(cnap_text_check("a\xc2\x9b" "31m", 10, CNAP_TEXT_MULTILINE, "--text", &err), CNAP_EINVAL);
	assert_int_equal(cnap_text_check("\xc2\x9f", 10, CNAP_TEXT_OPTIONAL, "--note", &err), CNAP_EINVAL);
	assert_int_equal(cnap_text_check("a\xc2\xa0" "b", 10, 0, "--text", &err), CNAP_OK);
	assert_int_equal(cnap_text_check("bad\xff", 10, 0, "$.x", &err), CNAP_EINVAL);
	assert_non_null(strstr(err.message, "UTF-8"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_text_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
