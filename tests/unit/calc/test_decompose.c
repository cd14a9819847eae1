/* 要因分析: sequential and LMDI-I (src/calc/decompose.c). */
#include "base/compat.h"
#include "calc/decompose.h"

#include <math.h>

#include "test_util.h"
#include "lcg.h"

/* domain.md §4.7, Keidanren's worked example (energy is not given there; any E works). */
static const struct cnap_decomp_year kd_base = { 100.0, 100.0, 50.0, 50.0, 1.0 };
static const struct cnap_decomp_year kd_now = { 120.0, 115.0, 60.5, 55.0, 0.9 };

static double term_sum(const struct cnap_decomp *d)
{
	return d->activity + d->intensity + d->fuel_mix + d->electricity;
}

/* The identity A + B + F + D = C_t − C_0, to 1e-9 of the largest magnitude involved. */
static void expect_sums(const struct cnap_decomp *d)
{
	if (!d->computable)
		fail_msg("%s not computable: %s", d->method_name, d->reason);
	double scale = fmax(fmax(fabs(d->co2_base), fabs(d->co2_now)),
			    fmax(fmax(fabs(d->activity), fabs(d->intensity)),
				 fmax(fabs(d->fuel_mix), fabs(d->electricity))));
	double gap = fabs(term_sum(d) - d->total);
	if (gap > 1e-9 * fmax(scale, 1e-300))
		fail_msg("%s: A+B+F+D = %.17g but total = %.17g", d->method_name, term_sum(d),
			 d->total);
	assert_true(d->total == d->co2_now - d->co2_base);
}

static void test_keidanren_vector_sequential(void **state)
{
	(void)state;
	struct cnap_decomp d = cnap_calc_decompose(CNAP_DECOMP_SEQUENTIAL, &kd_base, &kd_now);
	assert_true(d.computable);
	assert_null(d.reason);
	assert_string_equal(d.method_name, "sequential");
	assert_dbl_near(d.co2_base, 100.0, 1e-12);
	assert_dbl_near(d.co2_now, 110.0, 1e-12);
	assert_dbl_near(d.total, 10.0, 1e-12);
	assert_dbl_near(d.activity, 20.0, 1e-12);              /* economic expansion +20% */
	assert_dbl_near(d.electricity, -5.5, 1e-12);           /* electricity factor −5.5% */
	assert_dbl_near(d.intensity + d.fuel_mix, -4.5, 1e-12); /* industry effort −4.5% */
	expect_sums(&d);
	assert_dbl_near(cnap_calc_decomp_pct(&d, d.activity).value, 20.0, 1e-12);
	assert_dbl_near(cnap_calc_decomp_pct(&d, d.electricity).value, -5.5, 1e-12);
	assert_dbl_near(cnap_calc_decomp_pct(&d, d.total).value, 10.0, 1e-12);
	/* BAU = 120, electricity BAU = 115.5: the same split for any energy series */
	for (double e = 50.0; e <= 200.0; e += 12.5) {
		struct cnap_decomp_year now = kd_now;
		now.energy = e;
		struct cnap_decomp de = cnap_calc_decompose(CNAP_DECOMP_SEQUENTIAL, &kd_base, &now);
		assert_dbl_near(de.activity, 20.0, 1e-12);
		assert_dbl_near(de.intensity + de.fuel_mix, -4.5, 1e-12);
		assert_dbl_near(de.intensity, (e - 120.0) * 1.0, 1e-12);
	}
}

static void test_keidanren_vector_lmdi(void **state)
{
	(void)state;
	struct cnap_decomp d = cnap_calc_decompose(CNAP_DECOMP_LMDI1, &kd_base, &kd_now);
	assert_true(d.computable);
	assert_string_equal(d.method_name, "LMDI-I");
	assert_false(d.zero_rule);
	assert_dbl_near(d.electricity, -5.5, 1e-12);
	assert_dbl_near(d.total, 10.0, 1e-12);
	double w = (115.5 - 100.0) / log(1.155);
	assert_dbl_near(d.activity, w * log(1.2), 1e-9);
	assert_dbl_near(d.intensity, w * log((115.0 / 120.0) / (100.0 / 100.0)), 1e-9);
	assert_dbl_near(d.fuel_mix, w * log((115.5 / 115.0) / (100.0 / 100.0)), 1e-9);
	expect_sums(&d);
}

static void test_method_names(void **state)
{
	(void)state;
	assert_string_equal(cnap_calc_decomp_method_name(CNAP_DECOMP_SEQUENTIAL), "sequential");
	assert_string_equal(cnap_calc_decomp_method_name(CNAP_DECOMP_LMDI1), "LMDI-I");
	assert_string_equal(cnap_calc_decomp_method_label_ja(CNAP_DECOMP_SEQUENTIAL), "逐次要因分解");
	assert_string_equal(cnap_calc_decomp_method_name(CNAP_DECOMP_METHOD_COUNT), "unknown");
	struct cnap_decomp d = cnap_calc_decompose((enum cnap_decomp_method)7, &kd_base, &kd_now);
	assert_false(d.computable);
	assert_int_equal(d.why, CNAP_CALC_BAD_METHOD);
	assert_string_equal(d.method_name, "unknown");
}

static struct cnap_decomp_year random_year(struct lcg *g)
{
	struct cnap_decomp_year y;
	y.activity = lcg_range(g, 1e-3, 1e6);
	y.energy = lcg_range(g, 1e-3, 1e7);
	y.fuel_co2 = lcg_range(g, 0.0, 1e6);
	y.electricity = lcg_range(g, 0.0, 1e9);
	y.elec_factor = lcg_range(g, 0.0, 1e-3);
	return y;
}

/* Property: every decomposition, every method, sums to the total change. */
static void test_property_decompositions_sum(void **state)
{
	(void)state;
	struct lcg g = { 7 };
	for (int i = 0; i < 20000; i++) {
		struct cnap_decomp_year y0 = random_year(&g), yt = random_year(&g);
		if (i % 5 == 0)
			yt.elec_factor = y0.elec_factor; /* a fixed factor: D ≡ 0 */
		if (i % 7 == 0)
			yt = y0; /* no change at all */
		for (int m = 0; m < CNAP_DECOMP_METHOD_COUNT; m++) {
			struct cnap_decomp d = cnap_calc_decompose((enum cnap_decomp_method)m, &y0, &yt);
			expect_sums(&d);
			if (yt.elec_factor == y0.elec_factor)
				assert_true(d.electricity == 0.0);
		}
		/* both methods agree on the total and on D */
		struct cnap_decomp s = cnap_calc_decompose(CNAP_DECOMP_SEQUENTIAL, &y0, &yt);
		struct cnap_decomp l = cnap_calc_decompose(CNAP_DECOMP_LMDI1, &y0, &yt);
		assert_true(s.total == l.total && s.electricity == l.electricity);
	}
}

/* Zero the chain P → E → C* from `from` on: 0 none, 1 C*, 2 E and C*, 3 all. */
static void zero_from(struct cnap_decomp_year *y, int from, bool is_base)
{
	if (from >= 1) {
		y->fuel_co2 = 0.0;
		y->electricity = 0.0;
	}
	if (from >= 2)
		y->energy = 0.0;
	if (from >= 3)
		y->activity = 0.0;
	(void)is_base;
}

/* Property: LMDI with any consistent zero pattern still sums, and flags the rule. */
static void test_property_lmdi_zero_values_sum(void **state)
{
	(void)state;
	struct lcg g = { 99 };
	for (int i = 0; i < 5000; i++) {
		struct cnap_decomp_year y0 = random_year(&g), yt = random_year(&g);
		int z0 = lcg_int(&g, 0, 3), zt = lcg_int(&g, 0, 3);
		zero_from(&y0, z0, true);
		zero_from(&yt, zt, false);
		struct cnap_decomp d = cnap_calc_decompose(CNAP_DECOMP_LMDI1, &y0, &yt);
		expect_sums(&d);
		assert_int_equal(d.zero_rule, z0 != 0 || zt != 0);
	}
}

static void test_lmdi_zero_rules(void **state)
{
	(void)state;
	const struct cnap_decomp_year none = { 0.0, 0.0, 0.0, 0.0, 0.4 };
	const struct cnap_decomp_year plant = { 10.0, 20.0, 5.0, 10.0, 0.5 };
	/* a new plant: activity carries C*_t; D = 10 × (0.5 − 0.4) */
	struct cnap_decomp d = cnap_calc_decompose(CNAP_DECOMP_LMDI1, &none, &plant);
	assert_true(d.computable && d.zero_rule);
	assert_dbl_near(d.activity, 9.0, 1e-12);
	assert_true(d.intensity == 0.0 && d.fuel_mix == 0.0);
	assert_dbl_near(d.electricity, 1.0, 1e-12);
	expect_sums(&d);

	/* a shutdown: activity carries −C_0 */
	const struct cnap_decomp_year shut = { 0.0, 0.0, 0.0, 0.0, 0.5 };
	d = cnap_calc_decompose(CNAP_DECOMP_LMDI1, &plant, &shut);
	assert_dbl_near(d.activity, -10.0, 1e-12);
	expect_sums(&d);

	/* output but no energy: the intensity factor went to zero */
	const struct cnap_decomp_year idle = { 10.0, 0.0, 0.0, 0.0, 0.5 };
	d = cnap_calc_decompose(CNAP_DECOMP_LMDI1, &plant, &idle);
	assert_dbl_near(d.intensity, -10.0, 1e-12);
	assert_true(d.activity == 0.0 && d.fuel_mix == 0.0);

	/* energy but no CO2 at the base factor: the carbon factor went to zero */
	const struct cnap_decomp_year base0 = { 10.0, 20.0, 5.0, 10.0, 0.0 };
	const struct cnap_decomp_year clean = { 10.0, 20.0, 0.0, 10.0, 0.3 };
	d = cnap_calc_decompose(CNAP_DECOMP_LMDI1, &base0, &clean);
	assert_dbl_near(d.fuel_mix, -5.0, 1e-12);
	assert_dbl_near(d.electricity, 3.0, 1e-12);
	expect_sums(&d);

	/* nothing in either year */
	d = cnap_calc_decompose(CNAP_DECOMP_LMDI1, &none, &none);
	assert_true(d.computable && d.total == 0.0 && term_sum(&d) == 0.0);

	/* energy without activity cannot be split by logarithms; sequential can */
	const struct cnap_decomp_year odd = { 0.0, 20.0, 5.0, 10.0, 0.5 };
	d = cnap_calc_decompose(CNAP_DECOMP_LMDI1, &plant, &odd);
	assert_false(d.computable);
	assert_int_equal(d.why, CNAP_CALC_LMDI_ZERO);
	assert_true(d.total == 0.0 && d.activity == 0.0);
	const struct cnap_decomp_year co2_no_energy = { 10.0, 0.0, 5.0, 0.0, 0.5 };
	assert_int_equal(cnap_calc_decompose(CNAP_DECOMP_LMDI1, &co2_no_energy, &plant).why,
			 CNAP_CALC_LMDI_ZERO);
	struct cnap_decomp seq = cnap_calc_decompose(CNAP_DECOMP_SEQUENTIAL, &plant, &odd);
	expect_sums(&seq);
}

static void test_sequential_zero_activity(void **state)
{
	(void)state;
	const struct cnap_decomp_year plant = { 10.0, 20.0, 5.0, 10.0, 0.5 };
	const struct cnap_decomp_year shut = { 0.0, 0.0, 0.0, 0.0, 0.5 };
	/* year-t shutdown decomposes: it is all activity */
	struct cnap_decomp d = cnap_calc_decompose(CNAP_DECOMP_SEQUENTIAL, &plant, &shut);
	assert_true(d.computable);
	assert_dbl_near(d.activity, -10.0, 1e-12);
	assert_dbl_near(d.intensity, 0.0, 1e-12);
	assert_dbl_near(d.fuel_mix, 0.0, 1e-12);
	expect_sums(&d);
	/* zero base activity or energy: the ratios C_0/P_0, C_0/E_0 do not exist */
	d = cnap_calc_decompose(CNAP_DECOMP_SEQUENTIAL, &shut, &plant);
	assert_false(d.computable);
	assert_int_equal(d.why, CNAP_CALC_ZERO_BASE);
	assert_non_null(d.reason);
	const struct cnap_decomp_year no_energy = { 10.0, 0.0, 5.0, 10.0, 0.5 };
	assert_int_equal(cnap_calc_decompose(CNAP_DECOMP_SEQUENTIAL, &no_energy, &plant).why,
			 CNAP_CALC_ZERO_BASE);
}

static void test_bad_inputs(void **state)
{
	(void)state;
	for (int m = 0; m < CNAP_DECOMP_METHOD_COUNT; m++) {
		enum cnap_decomp_method method = (enum cnap_decomp_method)m;
		struct cnap_decomp_year y = kd_now;
		y.fuel_co2 = NAN;
		struct cnap_decomp d = cnap_calc_decompose(method, &kd_base, &y);
		assert_false(d.computable);
		assert_int_equal(d.why, CNAP_CALC_NOT_FINITE);
		assert_true(d.total == 0.0 && d.activity == 0.0);
		y = kd_now;
		y.elec_factor = INFINITY;
		assert_int_equal(cnap_calc_decompose(method, &y, &kd_now).why, CNAP_CALC_NOT_FINITE);
		y = kd_now;
		y.activity = -1.0;
		assert_int_equal(cnap_calc_decompose(method, &kd_base, &y).why, CNAP_CALC_NEGATIVE);
		const struct cnap_decomp_year huge = { 1e-300, 1e-300, 1e300, 1e300, 1e300 };
		assert_int_equal(cnap_calc_decompose(method, &huge, &kd_now).why, CNAP_CALC_OVERFLOW);
	}
	const struct cnap_decomp_year energy_only = { 0.0, 1.0, 1.0, 0.0, 0.0 };
	struct cnap_decomp bad = cnap_calc_decompose(CNAP_DECOMP_LMDI1, &kd_base, &energy_only);
	assert_int_equal(cnap_calc_decomp_pct(&bad, 1.0).why, CNAP_CALC_LMDI_ZERO);
	const struct cnap_decomp_year none = { 0.0, 0.0, 0.0, 0.0, 0.0 };
	struct cnap_decomp d0 = cnap_calc_decompose(CNAP_DECOMP_LMDI1, &none, &kd_now);
	assert_int_equal(cnap_calc_decomp_pct(&d0, d0.activity).why, CNAP_CALC_ZERO_BASE);
	struct cnap_decomp ok = cnap_calc_decompose(CNAP_DECOMP_LMDI1, &kd_base, &kd_now);
	assert_int_equal(cnap_calc_decomp_pct(&ok, NAN).why, CNAP_CALC_NOT_FINITE);
}

static void test_logmean(void **state)
{
	(void)state;
	assert_true(cnap_calc_logmean(3.5, 3.5).value == 3.5);
	assert_true(cnap_calc_logmean(3.5, 0.0).value == 0.0);
	assert_true(cnap_calc_logmean(0.0, 3.5).value == 0.0);
	assert_true(cnap_calc_logmean(0.0, 0.0).computable);
	assert_true(cnap_calc_logmean(0.0, 0.0).value == 0.0);
	assert_dbl_near(cnap_calc_logmean(2.0, 1.0).value, 1.0 / log(2.0), 1e-15);
	assert_dbl_near(cnap_calc_logmean(1.0 + 1e-12, 1.0).value, 1.0 + 0.5e-12, 1e-15);
	assert_int_equal(cnap_calc_logmean(-1.0, 1.0).why, CNAP_CALC_NEGATIVE);
	assert_int_equal(cnap_calc_logmean(NAN, 1.0).why, CNAP_CALC_NOT_FINITE);
	struct lcg g = { 3 };
	for (int i = 0; i < 10000; i++) {
		double a = lcg_range(&g, 1e-6, 1e6), b = lcg_range(&g, 1e-6, 1e6);
		double l = cnap_calc_logmean(a, b).value;
		assert_true(fabs(l - cnap_calc_logmean(b, a).value) <= 1e-12 * l);
		/* geometric mean <= L <= arithmetic mean */
		assert_true(l >= sqrt(a * b) * (1 - 1e-12) && l <= (a + b) / 2 * (1 + 1e-12));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keidanren_vector_sequential),
		cmocka_unit_test(test_keidanren_vector_lmdi),
		cmocka_unit_test(test_method_names),
		cmocka_unit_test(test_property_decompositions_sum),
		cmocka_unit_test(test_property_lmdi_zero_values_sum),
		cmocka_unit_test(test_lmdi_zero_rules),
		cmocka_unit_test(test_sequential_zero_activity),
		cmocka_unit_test(test_bad_inputs),
		cmocka_unit_test(test_logmean),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
