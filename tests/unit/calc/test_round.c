/* 四捨五入 in decimal and ▲ formatting (src/calc/round.c). */
#include "base/compat.h"
#include "calc/round.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "lcg.h"

static void expect_round(double x, int decimals, const char *want)
{
	char buf[CNAP_CALC_NUMBER_BUFSZ];
	enum cnap_err e = cnap_calc_round_str(x, decimals, buf, sizeof(buf));
	if (e != CNAP_OK)
		fail_msg("round(%.17g, %d) failed: %s", x, decimals, cnap_strerror(e));
	if (strcmp(buf, want) != 0)
		fail_msg("round(%.17g, %d) == \"%s\", expected \"%s\"", x, decimals, buf, want);
}

static void expect_format(double x, int decimals, unsigned flags, const char *want)
{
	char buf[CNAP_CALC_NUMBER_BUFSZ];
	enum cnap_err e = cnap_calc_format(x, decimals, flags, buf, sizeof(buf));
	if (e != CNAP_OK)
		fail_msg("format(%.17g, %d, %u) failed: %s", x, decimals, flags, cnap_strerror(e));
	if (strcmp(buf, want) != 0)
		fail_msg("format(%.17g, %d, %u) == \"%s\", expected \"%s\"", x, decimals, flags,
			 buf, want);
}

/* The cases where glibc printf is wrong (engineering.md pitfall 10). */
static void test_ties_round_up_where_printf_does_not(void **state)
{
	(void)state;
	expect_round(0.25, 1, "0.3");
	expect_round(0.35, 1, "0.4");
	expect_round(2.675, 2, "2.68");
	expect_round(12.45, 1, "12.5");
	expect_round(1.005, 2, "1.01");
	expect_round(0.125, 2, "0.13");
	expect_round(72.5, 0, "73"); /* 産業機械 ▲5.8/▲8 → 72.5 → published 73% */
	expect_round(0.5, 0, "1");
	expect_round(1.5, 0, "2");
	expect_round(2.5, 0, "3");
}

static void test_negative_ties_go_away_from_zero(void **state)
{
	(void)state;
	expect_round(-0.25, 1, "-0.3");
	expect_round(-0.35, 1, "-0.4");
	expect_round(-2.675, 2, "-2.68");
	expect_round(-2.5, 0, "-3");
}

static void test_non_ties_and_carries(void **state)
{
	(void)state;
	expect_round(0.24, 1, "0.2");
	expect_round(0.2499999, 1, "0.2");
	expect_round(9.995, 2, "10.00");
	expect_round(99.95, 1, "100.0");
	expect_round(999.5, 0, "1000");
	expect_round(0.05, 1, "0.1");
	expect_round(0.005, 2, "0.01");
	expect_round(0.0049, 2, "0.00");
	expect_round(1e-20, 2, "0.00");
	expect_round(123.0, 0, "123");
	expect_round(123.0, 2, "123.00");
	expect_round(1e20, 0, "100000000000000000000");
	expect_round(0.0, 3, "0.000");
	expect_round(0.1 + 0.2, 1, "0.3");
	expect_round(91.58861578266494, 0, "92");
}

static void test_rounding_to_zero_has_no_sign(void **state)
{
	(void)state;
	expect_round(-0.04, 1, "0.0");
	expect_round(-0.0, 1, "0.0");
	double r = 1.0;
	assert_int_equal(cnap_calc_round(-0.04, 1, &r), CNAP_OK);
	assert_true(r == 0.0 && !signbit(r));
}

static void test_round_as_double(void **state)
{
	(void)state;
	double r = 0.0;
	assert_int_equal(cnap_calc_round(2.675, 2, &r), CNAP_OK);
	assert_true(r == 2.68);
	assert_int_equal(cnap_calc_round(-0.25, 1, &r), CNAP_OK);
	assert_true(r == -0.3);
	assert_int_equal(cnap_calc_round(12.45, 1, &r), CNAP_OK);
	assert_true(r == 12.5);
	assert_int_equal(cnap_calc_round(-7.72553055720799, 2, &r), CNAP_OK);
	assert_true(r == -7.73);
}

static void test_round_rejects_nan_inf_and_bad_decimals(void **state)
{
	(void)state;
	char buf[32] = "junk";
	double r = 0.0;
	assert_int_equal(cnap_calc_round_str(NAN, 1, buf, sizeof(buf)), CNAP_EINVAL);
	assert_string_equal(buf, "");
	assert_int_equal(cnap_calc_round_str(INFINITY, 1, buf, sizeof(buf)), CNAP_EINVAL);
	assert_int_equal(cnap_calc_round_str(1.0, -1, buf, sizeof(buf)), CNAP_EINVAL);
	assert_int_equal(cnap_calc_round_str(1.0, CNAP_CALC_MAX_DECIMALS + 1, buf, sizeof(buf)),
			 CNAP_EINVAL);
	assert_int_equal(cnap_calc_round(-INFINITY, 0, &r), CNAP_EINVAL);
	assert_int_equal(cnap_calc_round(NAN, 0, &r), CNAP_EINVAL);
}

static void test_round_small_buffer(void **state)
{
	(void)state;
	char buf[5];
	assert_int_equal(cnap_calc_round_str(2.675, 2, buf, 5), CNAP_OK); /* "2.68" + NUL */
	assert_string_equal(buf, "2.68");
	assert_int_equal(cnap_calc_round_str(12.675, 2, buf, 5), CNAP_ETOOBIG);
	assert_string_equal(buf, "");
	assert_int_equal(cnap_calc_round_str(1.0, 0, buf, 0), CNAP_ETOOBIG);
}

/* "123.45" from k = 12345, d = 2. */
static void scaled(long long k, int d, char *out, size_t outsz)
{
	char digits[32];
	snprintf(digits, sizeof(digits), "%0*lld", d + 1, k);
	size_t n = strlen(digits);
	if (d == 0)
		snprintf(out, outsz, "%s", digits);
	else
		snprintf(out, outsz, "%.*s.%s", (int)(n - (size_t)d), digits, digits + n - (size_t)d);
}

/* Property: every decimal tie k.5 × 10^-d rounds up in magnitude; just below does not. */
static void test_property_ties_go_up(void **state)
{
	(void)state;
	struct lcg g = { 20240601 };
	for (int i = 0; i < 20000; i++) {
		int d = lcg_int(&g, 0, 4);
		long long k = (long long)lcg_range(&g, 0.0, 1e10);
		char base[40], tie[48], below[48], up[40], neg_up[48], got[64];
		scaled(k, d, base, sizeof(base));
		snprintf(tie, sizeof(tie), "%s%s5", base, d == 0 ? "." : "");
		snprintf(below, sizeof(below), "%s%s4999", base, d == 0 ? "." : "");
		scaled(k + 1, d, up, sizeof(up));
		snprintf(neg_up, sizeof(neg_up), "-%s", up);

		assert_int_equal(cnap_calc_round_str(strtod(tie, NULL), d, got, sizeof(got)), CNAP_OK);
		if (strcmp(got, up) != 0)
			fail_msg("tie %s to %d places gave %s, expected %s", tie, d, got, up);
		assert_int_equal(cnap_calc_round_str(-strtod(tie, NULL), d, got, sizeof(got)), CNAP_OK);
		if (strcmp(got, neg_up) != 0)
			fail_msg("tie -%s to %d places gave %s, expected %s", tie, d, got, neg_up);
		assert_int_equal(cnap_calc_round_str(strtod(below, NULL), d, got, sizeof(got)),
				 CNAP_OK);
		if (strcmp(got, base) != 0)
			fail_msg("%s to %d places gave %s, expected %s", below, d, got, base);
	}
}

static void test_format_triangle_for_negatives(void **state)
{
	(void)state;
	expect_format(-7.72553055720799, 2, 0, "▲7.73");
	expect_format(-16.548623854991262, 2, 0, "▲16.55");
	expect_format(-7.72553055720799, 2, CNAP_CALC_FMT_ASCII_MINUS, "-7.73");
	expect_format(7.08, 2, 0, "7.08");
	expect_format(-0.001, 1, 0, "0.0");
	expect_format(-0.25, 1, 0, "▲0.3");
}

static void test_format_thousands_and_percent(void **state)
{
	(void)state;
	expect_format(1234567.891, 1, CNAP_CALC_FMT_THOUSANDS, "1,234,567.9");
	expect_format(-1234567.891, 0, CNAP_CALC_FMT_THOUSANDS, "▲1,234,568");
	expect_format(999.5, 0, CNAP_CALC_FMT_THOUSANDS, "1,000");
	expect_format(123.0, 0, CNAP_CALC_FMT_THOUSANDS, "123");
	expect_format(0.5, 2, CNAP_CALC_FMT_THOUSANDS, "0.50");
	expect_format(91.58861578266494, 0, CNAP_CALC_FMT_PERCENT, "92%");
	expect_format(-16.548623854991262, 2, CNAP_CALC_FMT_PERCENT, "▲16.55%");
	expect_format(12345.5, 0, CNAP_CALC_FMT_THOUSANDS | CNAP_CALC_FMT_PERCENT, "12,346%");
}

static void test_format_never_prints_nan_or_inf(void **state)
{
	(void)state;
	char buf[32] = "junk";
	assert_int_equal(cnap_calc_format(NAN, 1, 0, buf, sizeof(buf)), CNAP_EINVAL);
	assert_string_equal(buf, "");
	assert_int_equal(cnap_calc_format(INFINITY, 1, CNAP_CALC_FMT_PERCENT, buf, sizeof(buf)),
			 CNAP_EINVAL);
	assert_string_equal(buf, "");
	expect_format(NAN, 1, CNAP_CALC_FMT_DASH_INVALID, "—");
	expect_format(-INFINITY, 1, CNAP_CALC_FMT_DASH_INVALID | CNAP_CALC_FMT_PERCENT, "—");

	struct cnap_calc_value bad = { false, 0.0, CNAP_CALC_ZERO_BASE, "x" };
	struct cnap_calc_value good = { true, -7.08, CNAP_CALC_OK, NULL };
	assert_int_equal(cnap_calc_format_value(bad, 1, 0, buf, sizeof(buf)), CNAP_EINVAL);
	assert_int_equal(cnap_calc_format_value(bad, 1, CNAP_CALC_FMT_DASH_INVALID, buf,
						sizeof(buf)), CNAP_OK);
	assert_string_equal(buf, "—");
	assert_int_equal(cnap_calc_format_value(good, 2, CNAP_CALC_FMT_PERCENT, buf, sizeof(buf)),
			 CNAP_OK);
	assert_string_equal(buf, "▲7.08%");
}

static void test_format_buffer_limits(void **state)
{
	(void)state;
	char buf[CNAP_CALC_NUMBER_BUFSZ];
	/* "▲7.73" is 3 + 4 bytes + NUL */
	assert_int_equal(cnap_calc_format(-7.7255, 2, 0, buf, 7), CNAP_ETOOBIG);
	assert_string_equal(buf, "");
	assert_int_equal(cnap_calc_format(-7.7255, 2, 0, buf, 8), CNAP_OK);
	assert_string_equal(buf, "▲7.73");
	assert_int_equal(cnap_calc_format(NAN, 0, CNAP_CALC_FMT_DASH_INVALID, buf, 3), CNAP_ETOOBIG);
	/* the documented size holds the longest number there is */
	unsigned all = CNAP_CALC_FMT_THOUSANDS | CNAP_CALC_FMT_PERCENT;
	assert_int_equal(cnap_calc_format(-DBL_MAX, CNAP_CALC_MAX_DECIMALS, all, buf, sizeof(buf)),
			 CNAP_OK);
	assert_int_equal(cnap_calc_format(DBL_MIN, CNAP_CALC_MAX_DECIMALS, all, buf, sizeof(buf)),
			 CNAP_OK);
	assert_string_equal(buf, "0.000000000000000%");
	assert_int_equal(cnap_calc_format(1.0, 16, 0, buf, sizeof(buf)), CNAP_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ties_round_up_where_printf_does_not),
		cmocka_unit_test(test_negative_ties_go_away_from_zero),
		cmocka_unit_test(test_non_ties_and_carries),
		cmocka_unit_test(test_rounding_to_zero_has_no_sign),
		cmocka_unit_test(test_round_as_double),
		cmocka_unit_test(test_round_rejects_nan_inf_and_bad_decimals),
		cmocka_unit_test(test_round_small_buffer),
		cmocka_unit_test(test_property_ties_go_up),
		cmocka_unit_test(test_format_triangle_for_negatives),
		cmocka_unit_test(test_format_thousands_and_percent),
		cmocka_unit_test(test_format_never_prints_nan_or_inf),
		cmocka_unit_test(test_format_buffer_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
