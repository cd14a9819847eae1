/* Coverage, cost per t-CO2, intensities, indices (src/calc/ratio.c). */
#include "base/compat.h"
#include "calc/calc.h"

#include <math.h>

#include "test_util.h"

static void expect_result(struct cnap_calc_value v, double want)
{
	if (!v.computable)
		fail_msg("not computable: %s", v.reason);
	assert_dbl_near(v.value, want, 1e-12 * fmax(1.0, fabs(want)));
	assert_null(v.reason);
	assert_int_equal(v.why, CNAP_CALC_OK);
}

static void expect_not_computable(struct cnap_calc_value v, enum cnap_calc_reason why)
{
	assert_false(v.computable);
	assert_int_equal(v.why, why);
	assert_non_null(v.reason);
	assert_true(v.value == 0.0);
}

/* domain.md §4.4 for one metric: industry 200 companies, association 160, plan 120. */
static void test_coverage_rates(void **state)
{
	(void)state;
	expect_result(cnap_calc_association_coverage(160.0, 200.0), 80.0);
	expect_result(cnap_calc_participation_rate(120.0, 160.0), 75.0);
	expect_result(cnap_calc_industry_coverage(120.0, 200.0), 60.0);
	/* 業界カバー率 = 団体カバー率 × 計画参加率 / 100 */
	assert_dbl_near(cnap_calc_industry_coverage(120.0, 200.0).value,
			cnap_calc_association_coverage(160.0, 200.0).value *
				cnap_calc_participation_rate(120.0, 160.0).value / 100.0,
			1e-12);
	/* statistics that disagree are reported, not clipped */
	expect_result(cnap_calc_industry_coverage(210.0, 200.0), 105.0);
}

static void test_coverage_edges(void **state)
{
	(void)state;
	expect_not_computable(cnap_calc_association_coverage(10.0, 0.0), CNAP_CALC_ZERO_DENOMINATOR);
	expect_not_computable(cnap_calc_participation_rate(-1.0, 10.0), CNAP_CALC_NEGATIVE);
	expect_not_computable(cnap_calc_industry_coverage(1.0, NAN), CNAP_CALC_NOT_FINITE);
	expect_result(cnap_calc_industry_coverage(0.0, 10.0), 0.0);
}

static void test_cost_per_tco2(void **state)
{
	(void)state;
	/* 100 百万円 for 500 t-CO2/year over 10 years → 20,000 円/t-CO2 */
	expect_result(cnap_calc_cost_per_tco2(100.0, 500.0, 10.0), 20000.0);
	/* per t of one year's reduction */
	expect_result(cnap_calc_cost_per_tco2(100.0, 500.0, 1.0), 200000.0);
	expect_not_computable(cnap_calc_cost_per_tco2(100.0, 0.0, 10.0), CNAP_CALC_ZERO_DENOMINATOR);
	expect_not_computable(cnap_calc_cost_per_tco2(100.0, 500.0, 0.0), CNAP_CALC_ZERO_DENOMINATOR);
	expect_not_computable(cnap_calc_cost_per_tco2(100.0, -5.0, 10.0), CNAP_CALC_NEGATIVE);
	expect_not_computable(cnap_calc_cost_per_tco2(INFINITY, 5.0, 10.0), CNAP_CALC_NOT_FINITE);
	expect_not_computable(cnap_calc_cost_per_tco2(1e300, 1e-300, 1e-10), CNAP_CALC_OVERFLOW);
}

static void test_intensity_index_change(void **state)
{
	(void)state;
	/* domain.md §4.8: エネルギー原単位 = E/P, CO2原単位 = C/P, index = X_t / X_base */
	expect_result(cnap_calc_intensity(1161.0, 100.0), 11.61);
	expect_result(cnap_calc_index(0.9, 1.2), 0.75);
	expect_result(cnap_calc_change_pct(92.92, 100.0), 92.92 - 100.0);
	expect_result(cnap_calc_intensity(0.0, 5.0), 0.0);
}

static void test_intensity_edges(void **state)
{
	(void)state;
	expect_not_computable(cnap_calc_intensity(10.0, 0.0), CNAP_CALC_ZERO_DENOMINATOR);
	expect_not_computable(cnap_calc_intensity(-1.0, 5.0), CNAP_CALC_NEGATIVE);
	expect_not_computable(cnap_calc_intensity(NAN, 5.0), CNAP_CALC_NOT_FINITE);
	expect_not_computable(cnap_calc_index(1.0, 0.0), CNAP_CALC_ZERO_BASE);
	expect_not_computable(cnap_calc_index(1.0, -2.0), CNAP_CALC_NEGATIVE);
	expect_not_computable(cnap_calc_change_pct(1.0, 0.0), CNAP_CALC_ZERO_BASE);
	expect_not_computable(cnap_calc_change_pct(-INFINITY, 1.0), CNAP_CALC_NOT_FINITE);
	expect_not_computable(cnap_calc_index(1e300, 1e-300), CNAP_CALC_OVERFLOW);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_coverage_rates),
		cmocka_unit_test(test_coverage_edges),
		cmocka_unit_test(test_cost_per_tco2),
		cmocka_unit_test(test_intensity_index_change),
		cmocka_unit_test(test_intensity_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
