/* 原油換算, CO2 from fuels and electricity, the coefficient table (src/calc/energy.c). */
#include "base/compat.h"
#include "calc/energy.h"

#include <math.h>
#include <string.h>

#include "test_util.h"

static double ok(struct cnap_calc_value v)
{
	if (!v.computable)
		fail_msg("not computable: %s", v.reason);
	return v.value;
}

static void test_default_table_has_the_domain_values(void **state)
{
	(void)state;
	const struct cnap_coef_table *t = cnap_calc_default_coefficients();
	assert_non_null(t);
	assert_true(t->n_rows >= 11);
	static const struct {
		const char *code;
		int edition;
		double heat;
		const char *unit;
	} want[] = {
		{ "crude_oil", 2014, 38.2, "kl" }, { "gasoline", 2014, 34.6, "kl" },
		{ "naphtha", 2014, 33.6, "kl" },   { "kerosene", 2014, 36.7, "kl" },
		{ "diesel", 2014, 37.7, "kl" },    { "fuel_oil_a", 2014, 39.1, "kl" },
		{ "fuel_oil_bc", 2014, 41.9, "kl" }, { "lpg", 2014, 50.8, "t" },
		{ "lng", 2014, 54.6, "t" },        { "lng", 2010, 54.5, "t" },
		{ "steam_coal", 2014, 25.7, "t" }, { "city_gas", 2014, 45.0, "千m3" },
		{ "city_gas", 2024, 40.0, "千m3" },
	};
	for (size_t i = 0; i < CNAP_ARRAY_LEN(want); i++) {
		const struct cnap_fuel_coef *c = cnap_calc_coef_find(t, want[i].code, want[i].edition);
		if (!c)
			fail_msg("no row %s/%d", want[i].code, want[i].edition);
		assert_true(c->heat_gj_per_unit == want[i].heat);
		assert_string_equal(c->unit, want[i].unit);
		assert_non_null(c->source);
		assert_non_null(c->name_ja);
	}
	for (size_t i = 0; i < t->n_rows; i++) {
		assert_true(t->rows[i].heat_gj_per_unit > 0.0);
		assert_true(t->rows[i].carbon_tc_per_gj >= 0.0);
		assert_true(t->rows[i].edition_year > 0);
	}
}

static void test_coef_find(void **state)
{
	(void)state;
	const struct cnap_coef_table *t = cnap_calc_default_coefficients();
	/* edition 0 = newest */
	assert_int_equal(cnap_calc_coef_find(t, "lng", 0)->edition_year, 2014);
	assert_int_equal(cnap_calc_coef_find(t, "city_gas", 0)->edition_year, 2024);
	assert_null(cnap_calc_coef_find(t, "lng", 1999));
	assert_null(cnap_calc_coef_find(t, "hydrogen", 0));
	assert_null(cnap_calc_coef_find(t, NULL, 0));
	assert_null(cnap_calc_coef_find(NULL, "lng", 0));

	/* a caller's own table works the same */
	static const struct cnap_fuel_coef mine[] = {
		{ "x", "X", "t", 10.0, 0.02, "test", 2030 },
	};
	struct cnap_coef_table own = { "mine", mine, 1 };
	assert_ptr_equal(cnap_calc_coef_find(&own, "x", 0), &mine[0]);
	assert_dbl_near(ok(cnap_calc_fuel_co2_t(3.0, &mine[0])), 3.0 * 10.0 * 0.02 * 44.0 / 12.0,
			1e-12);
}

/* domain.md §4.5: GJ × 0.0258 kl/GJ; 万kl = Σ GJ × 0.0258 / 10,000. */
static void test_crude_oil_equivalent(void **state)
{
	(void)state;
	const struct cnap_fuel_coef *gas =
		cnap_calc_coef_find(cnap_calc_default_coefficients(), "city_gas", 2014);
	double gj = ok(cnap_calc_fuel_heat_gj(1000.0, gas)); /* 1,000 千m3 × 45 GJ */
	assert_dbl_near(gj, 45000.0, 1e-9);
	assert_dbl_near(ok(cnap_calc_crude_oil_kl(gj)), 1161.0, 1e-9);
	assert_dbl_near(ok(cnap_calc_crude_oil_man_kl(gj)), 0.1161, 1e-12);
	assert_dbl_near(ok(cnap_calc_crude_oil_kl(1.0)), 0.0258, 0.0);
	const struct cnap_fuel_coef *a =
		cnap_calc_coef_find(cnap_calc_default_coefficients(), "fuel_oil_a", 0);
	assert_dbl_near(ok(cnap_calc_fuel_heat_gj(10.0, a)), 391.0, 1e-9);
}

/* domain.md §4.6: qty × GJ/unit × t-C/GJ × 44/12; the Tokyo Gas 2.05 t-CO2/千m3 example. */
static void test_fuel_co2(void **state)
{
	(void)state;
	const struct cnap_coef_table *t = cnap_calc_default_coefficients();
	double gas = ok(cnap_calc_fuel_co2_t(1.0, cnap_calc_coef_find(t, "city_gas", 2024)));
	assert_dbl_near(gas, 40.0 * 0.0140 * 44.0 / 12.0, 1e-12);
	assert_dbl_near(round(gas * 100.0) / 100.0, 2.05, 1e-12);
	double lng = ok(cnap_calc_fuel_co2_t(100.0, cnap_calc_coef_find(t, "lng", 2010)));
	assert_dbl_near(lng, 100.0 * 54.5 * 0.0135 * 44.0 / 12.0, 1e-9);
}

static void test_fuel_edges(void **state)
{
	(void)state;
	const struct cnap_coef_table *t = cnap_calc_default_coefficients();
	/* heat-only rows have no carbon factor */
	struct cnap_calc_value v = cnap_calc_fuel_co2_t(1.0, cnap_calc_coef_find(t, "steam_industrial", 0));
	assert_false(v.computable);
	assert_int_equal(v.why, CNAP_CALC_NO_FACTOR);
	assert_int_equal(cnap_calc_fuel_co2_t(1.0, NULL).why, CNAP_CALC_NO_FACTOR);
	assert_int_equal(cnap_calc_fuel_heat_gj(1.0, NULL).why, CNAP_CALC_NO_FACTOR);
	const struct cnap_fuel_coef *lpg = cnap_calc_coef_find(t, "lpg", 0);
	assert_int_equal(cnap_calc_fuel_heat_gj(-1.0, lpg).why, CNAP_CALC_NEGATIVE);
	assert_int_equal(cnap_calc_fuel_heat_gj(NAN, lpg).why, CNAP_CALC_NOT_FINITE);
	assert_int_equal(cnap_calc_fuel_co2_t(INFINITY, lpg).why, CNAP_CALC_NOT_FINITE);
	assert_int_equal(cnap_calc_crude_oil_kl(-1.0).why, CNAP_CALC_NEGATIVE);
	assert_int_equal(cnap_calc_crude_oil_man_kl(NAN).why, CNAP_CALC_NOT_FINITE);
	assert_int_equal(cnap_calc_fuel_heat_gj(1e308, lpg).why, CNAP_CALC_OVERFLOW);
	assert_true(ok(cnap_calc_fuel_heat_gj(0.0, lpg)) == 0.0);
}

/* kWh × t-CO2/kWh; 3.4 t-CO2/万kWh (the fixed 電機・電子 factor) = 3.4e-4 t-CO2/kWh. */
static void test_electricity(void **state)
{
	(void)state;
	assert_dbl_near(ok(cnap_calc_electricity_co2_t(1e8, 3.4 / 10000.0)), 34000.0, 1e-6);
	assert_dbl_near(ok(cnap_calc_electricity_co2_t(55.0, 0.9)), 49.5, 1e-12);
	assert_true(ok(cnap_calc_electricity_co2_t(100.0, 0.0)) == 0.0);
	assert_dbl_near(ok(cnap_calc_electricity_heat_gj(1000.0, 9.0)), 9.0, 1e-12);
	assert_int_equal(cnap_calc_electricity_co2_t(-1.0, 0.5).why, CNAP_CALC_NEGATIVE);
	assert_int_equal(cnap_calc_electricity_co2_t(1.0, -0.5).why, CNAP_CALC_NEGATIVE);
	assert_int_equal(cnap_calc_electricity_co2_t(NAN, 0.5).why, CNAP_CALC_NOT_FINITE);
	assert_int_equal(cnap_calc_electricity_heat_gj(1.0, INFINITY).why, CNAP_CALC_NOT_FINITE);
	assert_int_equal(cnap_calc_electricity_heat_gj(-1.0, 9.0).why, CNAP_CALC_NEGATIVE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_table_has_the_domain_values),
		cmocka_unit_test(test_coef_find),
		cmocka_unit_test(test_crude_oil_equivalent),
		cmocka_unit_test(test_fuel_co2),
		cmocka_unit_test(test_fuel_edges),
		cmocka_unit_test(test_electricity),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
