/* The one CSV writer (src/base/csv_write.c): BOM, quoting, the formula guard, CRLF. */
#include "base/compat.h"
#include "base/csv_write.h"
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

static void expect_field(const char *in, const char *want)
{
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	cnap_csv_write_field(&b, in, true);
	assert_int_equal(b.status, CNAP_OK);
	size_t n = strlen(want);
	if (b.len != n + 2 || memcmp(b.data, want, n) != 0 || memcmp(b.data + n, "\r\n", 2) != 0)
		fail_msg("field \"%s\" written as \"%s\", expected \"%s\" and CRLF", in ? in : "(null)", b.data, want);
	cnap_buf_release(&b);
}

static void test_quoting(void **state)
{
	(void)state;
	expect_field("plain", "plain");
	expect_field("日本鉄鋼連盟", "日本鉄鋼連盟");
	expect_field("", "");
	expect_field(NULL, "");
	expect_field("a,b", "\"a,b\"");
	expect_field("日本\"鉄鋼\",連盟\n2行目", "\"日本\"\"鉄鋼\"\",連盟\n2行目\"");
	expect_field("\"", "\"\"\"\"");
	expect_field("a\rb", "\"a\rb\"");
	expect_field("a\r\nb", "\"a\r\nb\"");
	expect_field(" lead", "\" lead\"");
	expect_field("trail ", "\"trail \"");
	expect_field("\ttab", "\"'\ttab\""); /* a tab first is also a formula lead-in */
	expect_field("in side", "in side");
	expect_field("　全角空白", "　全角空白");
}

static void test_formula_guard(void **state)
{
	(void)state;
	expect_field("=SUM(A1:A9)", "\"'=SUM(A1:A9)\"");
	expect_field("+cmd", "\"'+cmd\"");
	expect_field("-1+1", "\"'-1+1\"");
	expect_field("@x", "\"'@x\"");
	expect_field("-", "\"'-\"");
	expect_field("\r=1", "\"'\r=1\"");
	/* numbers stay numbers */
	expect_field("-12.3", "-12.3");
	expect_field("+5", "+5");
	expect_field("-1.5E-3", "-1.5E-3");
	expect_field("-.5", "-.5");
	expect_field("-1e", "\"'-1e\"");
	expect_field("▲12.3", "▲12.3");
}

static void test_records(void **state)
{
	(void)state;
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	cnap_csv_write_bom(&b);
	cnap_csv_write_field(&b, "項目", false);
	cnap_csv_write_field(&b, "値", true);
	cnap_csv_write_field(&b, "生産活動量", false);
	cnap_csv_write_field(&b, "-12.3", true);
	assert_int_equal(b.status, CNAP_OK);
	assert_string_equal(b.data, "\xEF\xBB\xBF項目,値\r\n生産活動量,-12.3\r\n");
	cnap_buf_release(&b);
	/* a full buffer fails the chain and keeps what it had */
	cnap_buf_init(&b, 8);
	cnap_csv_write_field(&b, "abcdef", false);
	cnap_csv_write_field(&b, "ghijkl", true);
	assert_int_equal(b.status, CNAP_ETOOBIG);
	assert_string_equal(b.data, "abcdef,");
	cnap_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_formula_guard),
		cmocka_unit_test(test_records),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
