/* Numbers as typed in Japanese offices (src/base/jpnum.c): every spelling, every refusal, display. */
#include "base/compat.h"
#include "base/jpnum.h"
#include "test_util.h"

#include <math.h>
#include <string.h>

struct ok_case {
	const char *in;
	double value;
	int decimals;
	const char *canonical;
};

static void expect_ok(const struct ok_case *c)
{
	struct cnap_jpnum n;
	struct cnap_error err = { 0 };
	enum cnap_err r = cnap_jpnum_parse(c->in, strlen(c->in), &n, &err);
	if (r != CNAP_OK)
		fail_msg("\"%s\" refused: %s", c->in, err.message);
	if (n.empty)
		fail_msg("\"%s\" read as blank", c->in);
	if (strcmp(n.canonical, c->canonical) != 0)
		fail_msg("\"%s\" canonical \"%s\", expected \"%s\"", c->in, n.canonical, c->canonical);
	if (n.value != c->value)
		fail_msg("\"%s\" value %.17g, expected %.17g", c->in, n.value, c->value);
	if (n.decimals != c->decimals)
		fail_msg("\"%s\" decimals %d, expected %d", c->in, n.decimals, c->decimals);
}

/* Every accepted spelling: value, decimals as typed, canonical. */
static const struct ok_case accepted[] = {
	/* plain and grouped */
	{ "0", 0, 0, "0" },
	{ "12", 12, 0, "12" },
	{ "1234.5", 1234.5, 1, "1234.5" },
	{ "1,234.50", 1234.5, 2, "1234.5" },
	{ "1,234,567", 1234567, 0, "1234567" },
	{ "12,345,678.9", 12345678.9, 1, "12345678.9" },
	{ "123,456", 123456, 0, "123456" },
	{ "0.0258", 0.0258, 4, "0.0258" },
	{ "007", 7, 0, "7" },
	{ ".5", 0.5, 1, "0.5" },
	{ "5.", 5, 0, "5" },
	{ "100.000", 100, 3, "100" },
	{ "1000000000000000", 1e15, 0, "1000000000000000" },
	{ "999,999,999,999,999.9", 999999999999999.9, 1, "999999999999999.9" },
	{ "0.000000000000000000000000000001", 1e-30, 30, "0.000000000000000000000000000001" },
	/* full-width */
	{ "１２３", 123, 0, "123" },
	{ "１，２３４．５", 1234.5, 1, "1234.5" },
	{ "１,２３4.５0", 1234.5, 2, "1234.5" }, /* half and full mixed */
	{ "－１２．３", -12.3, 1, "-12.3" },
	{ "＋７", 7, 0, "7" },
	{ "１２３e－２", 1.23, 2, "1.23" }, /* full-width digits and sign around an ASCII e */
	/* signs */
	{ "-12.3", -12.3, 1, "-12.3" },
	{ "\xE2\x88\x92" "12.3", -12.3, 1, "-12.3" }, /* − U+2212 */
	{ "▲12.3", -12.3, 1, "-12.3" },
	{ "△12.3", -12.3, 1, "-12.3" },
	{ "▲1,234", -1234, 0, "-1234" },
	{ "▲ 1,234", -1234, 0, "-1234" }, /* Excel's "▲ #,##0" */
	{ "-　5", -5, 0, "-5" },
	{ "+5", 5, 0, "5" },
	{ "＋5", 5, 0, "5" },
	{ "-0", 0, 0, "0" },
	{ "▲0.00", 0, 2, "0" },
	{ "-.5", -0.5, 1, "-0.5" },
	/* exponents, as Excel's CSV writes them */
	{ "1.5E-3", 0.0015, 4, "0.0015" },
	{ "1e6", 1e6, 0, "1000000" },
	{ "2E+03", 2000, 0, "2000" },
	{ "1.50e1", 15, 1, "15" },
	{ "1.23456E+14", 123456000000000, 0, "123456000000000" },
	{ "-2.5E-1", -0.25, 2, "-0.25" },
	{ "▲1.5E-3", -0.0015, 4, "-0.0015" },
	{ "1E15", 1e15, 0, "1000000000000000" },
	{ "0e99", 0, 0, "0" },
	{ "1,234e1", 12340, 0, "12340" },
	/* surrounding spaces */
	{ "  12 ", 12, 0, "12" },
	{ "\t▲3.5\t", -3.5, 1, "-3.5" },
	{ "　１２３　", 123, 0, "123" },   /* U+3000 */
	{ "\xC2\xA0" "42\xC2\xA0", 42, 0, "42" }, /* U+00A0 */
};

static void test_accepted(void **state)
{
	(void)state;
	for (size_t i = 0; i < CNAP_ARRAY_LEN(accepted); i++)
		expect_ok(&accepted[i]);
	struct cnap_jpnum n;
	assert_int_equal(cnap_jpnum_parse("-0", 2, &n, NULL), CNAP_OK);
	assert_false(signbit(n.value)); /* zero is +0.0 */
	/* full-width E is not an exponent mark */
	struct cnap_error err = { 0 };
	assert_int_equal(cnap_jpnum_parse("１Ｅ３", strlen("１Ｅ３"), &n, &err), CNAP_EINVAL);
	assert_string_equal(err.message, "数値に使えない文字「Ｅ」が含まれています");
}

static void test_blank(void **state)
{
	(void)state;
	static const char *const blank[] = { "", " ", "\t \t", "　　", "\xC2\xA0" };
	for (size_t i = 0; i < CNAP_ARRAY_LEN(blank); i++) {
		struct cnap_jpnum n;
		struct cnap_error err = { 0 };
		assert_int_equal(cnap_jpnum_parse(blank[i], strlen(blank[i]), &n, &err), CNAP_OK);
		assert_true(n.empty);
		assert_string_equal(n.canonical, "");
		assert_true(n.value == 0);
	}
	struct cnap_jpnum n;
	assert_int_equal(cnap_jpnum_parse(NULL, 0, &n, NULL), CNAP_OK);
	assert_true(n.empty);
}

static void test_not_nul_terminated(void **state)
{
	(void)state;
	const char cell[] = { '1', ',', '2', '3', '4', '9', '9' };
	struct cnap_jpnum n;
	assert_int_equal(cnap_jpnum_parse(cell, 5, &n, NULL), CNAP_OK);
	assert_string_equal(n.canonical, "1234");
	/* a cut in the middle of a character is bad UTF-8 */
	struct cnap_error err = { 0 };
	assert_int_equal(cnap_jpnum_parse("１２", 4, &n, &err), CNAP_EINVAL);
	assert_string_equal(err.message, "文字コードが正しくありません（UTF-8 として読めません）");
}

struct bad_case {
	const char *in;
	const char *message;
};

static void test_refusals(void **state)
{
	(void)state;
	static const struct bad_case cases[] = {
		{ "abc", "数値に使えない文字「a」が含まれています" },
		{ "12円", "数値に使えない文字「円」が含まれています" },
		{ "(123)", "数値に使えない文字「(」が含まれています" },
		{ "1\x01" "2", "数値に使えない文字「U+0001」が含まれています" },
		{ "1\xE2\x80\x8B", "数値に使えない文字「U+200B」が含まれています" }, /* zero width space */
		{ "inf", "数値に使えない文字「i」が含まれています" },
		{ "12.5%", "「%」は付けずに数値だけを入力してください" },
		{ "12.5％", "「％」は付けずに数値だけを入力してください" },
		{ "ー12", "「ー」はマイナス記号として使えません（- または ▲ を使ってください）" },
		{ "\xE2\x80\x93" "12", "「\xE2\x80\x93」はマイナス記号として使えません（- または ▲ を使ってください）" },
		{ "1。5", "「。」は小数点・桁区切りとして使えません（. と , を使ってください）" },
		{ "1、234", "「、」は小数点・桁区切りとして使えません（. と , を使ってください）" },
		{ "1 234", "数値の途中に空白があります" },
		{ "1　234", "数値の途中に空白があります" },
		{ "12 ▲", "数値の途中に空白があります" },
		{ "--5", "符号が二つあります" },
		{ "▲-5", "符号が二つあります" },
		{ "+▲5", "符号が二つあります" },
		{ "- ▲5", "符号が二つあります" },
		{ "-5-", "符号が二つあります" },
		{ "5-", "符号（- や ▲）は数値の先頭に付けてください" },
		{ "1-2", "符号（- や ▲）は数値の先頭に付けてください" },
		{ "12▲", "符号（- や ▲）は数値の先頭に付けてください" },
		{ "1.2.3", "小数点が二つあります" },
		{ "1..2", "小数点が二つあります" },
		{ "1,23", "桁区切りのカンマの位置が正しくありません" },
		{ "12,34,567", "桁区切りのカンマの位置が正しくありません" },
		{ "1234,567", "桁区切りのカンマの位置が正しくありません" },
		{ "1,2345", "桁区切りのカンマの位置が正しくありません" },
		{ ",123", "桁区切りのカンマの位置が正しくありません" },
		{ "1,,234", "桁区切りのカンマの位置が正しくありません" },
		{ "1,234,", "桁区切りのカンマの位置が正しくありません" },
		{ "1,234.5,6", "桁区切りのカンマの位置が正しくありません" },
		{ "0,5", "桁区切りのカンマの位置が正しくありません" },
		{ "1,.5", "桁区切りのカンマの位置が正しくありません" },
		{ "-", "数値として読めません（例: 1,234.5 ／ ▲12.3）" },
		{ "▲", "数値として読めません（例: 1,234.5 ／ ▲12.3）" },
		{ ".", "数値として読めません（例: 1,234.5 ／ ▲12.3）" },
		{ "e5", "数値として読めません（例: 1,234.5 ／ ▲12.3）" },
		{ "1e", "数値として読めません（例: 1,234.5 ／ ▲12.3）" },
		{ "1e-", "数値として読めません（例: 1,234.5 ／ ▲12.3）" },
		{ "1e▲3", "数値として読めません（例: 1,234.5 ／ ▲12.3）" },
		{ "1e1.5", "数値として読めません（例: 1,234.5 ／ ▲12.3）" },
		{ "1e5e3", "数値として読めません（例: 1,234.5 ／ ▲12.3）" },
		{ "1000000000000000.1", "数値が大きすぎます（絶対値 1,000兆 まで）" },
		{ "▲2,000,000,000,000,000", "数値が大きすぎます（絶対値 1,000兆 まで）" },
		{ "1E16", "数値が大きすぎます（絶対値 1,000兆 まで）" },
		{ "1e999999999999999999", "数値が大きすぎます（絶対値 1,000兆 まで）" },
		{ "1.7976931348623157E+308", "数値が大きすぎます（絶対値 1,000兆 まで）" },
		{ "1e-31", "小数点以下の桁数が多すぎます（30桁まで）" },
		{ "0.0000000000000000000000000000000", "小数点以下の桁数が多すぎます（30桁まで）" },
		{ "1e-99999999999999", "小数点以下の桁数が多すぎます（30桁まで）" },
	};
	for (size_t i = 0; i < CNAP_ARRAY_LEN(cases); i++) {
		struct cnap_jpnum n;
		struct cnap_error err = { 0 };
		enum cnap_err r = cnap_jpnum_parse(cases[i].in, strlen(cases[i].in), &n, &err);
		if (r != CNAP_EINVAL)
			fail_msg("\"%s\" gave %s (canonical \"%s\"), expected a refusal", cases[i].in,
				 cnap_strerror(r), n.canonical);
		if (strcmp(err.message, cases[i].message) != 0)
			fail_msg("\"%s\": \"%s\", expected \"%s\"", cases[i].in, err.message, cases[i].message);
		assert_string_equal(err.where, "");
		assert_false(n.empty);
		assert_string_equal(n.canonical, "");
	}
	/* invalid UTF-8 */
	static const char *const bad_utf8[] = { "\xFF", "1\x82\xA0", "\xC0\xAF", "12\xE3\x81" };
	for (size_t i = 0; i < CNAP_ARRAY_LEN(bad_utf8); i++) {
		struct cnap_jpnum n;
		struct cnap_error err = { 0 };
		assert_int_equal(cnap_jpnum_parse(bad_utf8[i], strlen(bad_utf8[i]), &n, &err), CNAP_EINVAL);
		assert_string_equal(err.message, "文字コードが正しくありません（UTF-8 として読めません）");
	}
	/* NUL inside the given length is a character like any other */
	struct cnap_jpnum n;
	struct cnap_error err = { 0 };
	assert_int_equal(cnap_jpnum_parse("1\0" "2", 3, &n, &err), CNAP_EINVAL);
	assert_string_equal(err.message, "数値に使えない文字「U+0000」が含まれています");
	/* without an error record it still refuses */
	assert_int_equal(cnap_jpnum_parse("x", 1, &n, NULL), CNAP_EINVAL);
}

static void test_canonical_reads_back(void **state)
{
	(void)state;
	static const char *const in[] = { "▲1,234.50", "0.0258", "1.5E-3", "１２，３４５．６７８", "999999999999999.999" };
	for (size_t i = 0; i < CNAP_ARRAY_LEN(in); i++) {
		struct cnap_jpnum a, b;
		assert_int_equal(cnap_jpnum_parse(in[i], strlen(in[i]), &a, NULL), CNAP_OK);
		assert_int_equal(cnap_jpnum_parse(a.canonical, strlen(a.canonical), &b, NULL), CNAP_OK);
		assert_true(a.value == b.value);
		assert_string_equal(a.canonical, b.canonical);
	}
}

static void expect_format(double v, int decimals, const char *want)
{
	char buf[64];
	const char *got = cnap_jpnum_format(v, decimals, buf, sizeof(buf));
	assert_ptr_equal(got, buf);
	if (strcmp(got, want) != 0)
		fail_msg("format(%.17g, %d) == \"%s\", expected \"%s\"", v, decimals, got, want);
}

static void test_format(void **state)
{
	(void)state;
	expect_format(2.25, 1, "2.3");   /* 四捨五入, where printf gives 2.2 */
	expect_format(0.05, 1, "0.1");
	expect_format(0.25, 1, "0.3");
	expect_format(2.675, 2, "2.68");
	expect_format(1234567.891, 1, "1,234,567.9");
	expect_format(1234.5, 0, "1,235");
	expect_format(-1234.5, 0, "▲1,235");
	expect_format(-12.3, 1, "▲12.3");
	expect_format(-0.25, 1, "▲0.3");
	expect_format(-0.04, 1, "0.0"); /* rounds to zero: no sign */
	expect_format(999.96, 1, "1,000.0");
	expect_format(12, 2, "12.00");
	expect_format(0, 0, "0");
	expect_format(1e15, 0, "1,000,000,000,000,000");
	expect_format(0.5, -3, "1");   /* decimals clamped to 0 */
	expect_format(NAN, 1, "—");
	expect_format(INFINITY, 1, "—");
	char small[4];
	assert_string_equal(cnap_jpnum_format(1234.5, 1, small, sizeof(small)), "");
	/* what parse reads, format shows with its decimals */
	struct cnap_jpnum n;
	assert_int_equal(cnap_jpnum_parse("▲1234.50", strlen("▲1234.50"), &n, NULL), CNAP_OK);
	expect_format(n.value, n.decimals, "▲1,234.50");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepted),
		cmocka_unit_test(test_blank),
		cmocka_unit_test(test_not_nul_terminated),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_canonical_reads_back),
		cmocka_unit_test(test_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
