#include "base/compat.h"
#include "base/jpfmt.h"
#include "test_util.h"

static void test_kanji_numbers(void **state)
{
	(void)state;
	char b[64];
	struct { int n; const char *s; } cases[] = {
		{ 1, "一" }, { 5, "五" }, { 10, "十" }, { 11, "十一" }, { 23, "二十三" },
		{ 100, "百" }, { 105, "百五" }, { 2023, "二千二十三" }, { 0, "〇" },
	};
	for (size_t i = 0; i < CNAP_ARRAY_LEN(cases); i++) {
		assert_true(cnap_jp_kanji_number(cases[i].n, b, sizeof(b)));
		assert_string_equal(b, cases[i].s);
	}
	assert_false(cnap_jp_kanji_number(-1, b, sizeof(b)));
	assert_false(cnap_jp_kanji_number(10000, b, sizeof(b)));
	assert_false(cnap_jp_kanji_number(23, b, 4));
}

static void test_era_years(void **state)
{
	(void)state;
	char b[64];
	assert_true(cnap_jp_era_fiscal_year(2023, true, b, sizeof(b)));
	assert_string_equal(b, "令和五年度");
	assert_true(cnap_jp_era_fiscal_year(2023, false, b, sizeof(b)));
	assert_string_equal(b, "令和5年度");
	assert_true(cnap_jp_era_fiscal_year(2019, true, b, sizeof(b)));
	assert_string_equal(b, "令和元年度");
	assert_true(cnap_jp_era_fiscal_year(2018, true, b, sizeof(b)));
	assert_string_equal(b, "平成三十年度");
	assert_true(cnap_jp_era_fiscal_year(2014, false, b, sizeof(b)));
	assert_string_equal(b, "平成26年度");
	assert_false(cnap_jp_era_fiscal_year(1980, true, b, sizeof(b)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kanji_numbers),
		cmocka_unit_test(test_era_years),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
