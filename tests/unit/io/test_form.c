/*
 * Issue 10's engine on the sample's own form: the tables as data
 * (data/templates/2023.json), a grid filled from data, typed values read
 * back cell by cell, computed cells, and the fuels converted with the
 * coefficient master of the fiscal year (data/coefficients/master.json).
 */
#include "base/compat.h"
#include "calc/form_calc.h"
#include "calc/fuel.h"
#include "io/coef_json.h"
#include "io/cycle_json.h"
#include "io/form_json.h"
#include "test_util.h"
#include "sample_form.h"

#include <jansson.h>
#include <string.h>

static struct cnap_arena arena;
static struct cnap_form_spec spec;
static struct cnap_coef_master master;

static int setup(void **state)
{
	(void)state;
	cnap_arena_init(&arena);
	sample_form_load(&arena, &spec, &master);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cnap_arena_release(&arena);
	return 0;
}

static const struct cnap_form_table *table(const char *code)
{
	const struct cnap_form_table *t = cnap_form_table_find(&spec, code);
	assert_non_null(t);
	return t;
}

static size_t line_index(const struct cnap_form_table *t, const char *code)
{
	const struct cnap_form_line *l = cnap_form_line_find(t, code);
	assert_non_null(l);
	return (size_t)(l - t->lines);
}

static size_t year_col(const struct cnap_form_table *t, enum cnap_year_role r)
{
	for (size_t c = 0; c < t->n_years; c++)
		if (t->years[c] == r)
			return c;
	fail_msg("no column %s", cnap_year_role_name(r));
	return 0;
}

/* texts for a table, all empty */
static const char **blank_texts(const struct cnap_form_table *t, size_t n_rows)
{
	size_t n_cols = t->layout == CNAP_FORM_YEARS ? t->n_years : t->layout == CNAP_FORM_FIELDS ? 1 : t->n_lines;
	if (t->layout != CNAP_FORM_RECORDS)
		n_rows = t->n_lines;
	return cnap_arena_calloc(&arena, n_rows * n_cols + 1, sizeof(char *));
}

static void test_sample_spec(void **state)
{
	(void)state;
	assert_true(spec.n_tables >= 10);
	const struct cnap_form_table *s = table("summary");
	assert_int_equal(s->layout, CNAP_FORM_YEARS);
	assert_int_equal(s->n_years, CNAP_YR_COUNT);
	assert_string_equal(s->item, "II.1");
	assert_true(cnap_form_line_find(s, "energy_intensity")->computed);
	const struct cnap_form_line *gas = cnap_form_line_find(table("fuels"), "fuel_city_gas");
	assert_string_equal(gas->fuel, "city_gas");
	assert_string_equal(gas->unit, "千m3");
	struct cnap_form_years y;
	struct cnap_survey_data d = { .target = { .base_year = 2012, .target_year = 2030 } };
	cnap_form_years_resolve(2022, &d, &y);
	assert_int_equal(y.year[CNAP_YR_BASE], 2012);
	assert_int_equal(y.year[CNAP_YR_PREV_ACTUAL], 2021);
	assert_int_equal(y.year[CNAP_YR_NEXT_OUTLOOK], 2023);
	assert_int_equal(y.year[CNAP_YR_TARGET], 2030);
	assert_string_equal(cnap_form_year_heading(&arena, CNAP_YR_CURR_ACTUAL, &y), "当年度実績（2022年度）");
	d.target.kind = CNAP_TARGET_BAU;
	cnap_form_years_resolve(2022, &d, &y);
	assert_int_equal(y.year[CNAP_YR_BASE], 0); /* a BAU target has no base year column */
}

static void check_spec_error(const char *json, const char *where_part, const char *what_part)
{
	struct cnap_form_spec s;
	struct cnap_error err = { 0 };
	assert_int_not_equal(cnap_form_json_parse(json, strlen(json), "$.templates[0].tables", &arena, &s, &err), CNAP_OK);
	if (!strstr(err.where, where_part) || !strstr(err.message, what_part))
		fail_msg("got %s: %s", err.where, err.message);
}

static void test_spec_errors(void **state)
{
	(void)state;
	check_spec_error("[{\"code\":\"t\",\"title\":\"T\",\"item\":\"II.1\",\"layout\":\"years\",\"years\":[\"curr_actual\"],"
			 "\"lines\":[{\"code\":\"a\",\"label\":\"A\",\"bind\":\"series.nothing\"}]}]",
			 "tables[0].lines[0]", "unknown binding");
	check_spec_error("[{\"code\":\"t\",\"title\":\"T\",\"item\":\"II.1\",\"layout\":\"fields\","
			 "\"lines\":[{\"code\":\"a\",\"label\":\"A\",\"bind\":\"series.co2\"}]}]",
			 "tables[0].lines[0]", "does not belong");
	check_spec_error("[{\"code\":\"t\",\"title\":\"T\",\"item\":\"II.1\",\"layout\":\"years\",\"years\":[\"curr_actual\"],"
			 "\"lines\":[{\"code\":\"a\",\"label\":\"A\",\"formula\":\"magic\"}]}]",
			 "tables[0].lines[0]", "unknown formula");
	check_spec_error("[{\"code\":\"t\",\"title\":\"T\",\"item\":\"II.1\",\"layout\":\"years\",\"years\":[\"someday\"],"
			 "\"lines\":[]}]",
			 "tables[0].years[0]", "year column");
	check_spec_error("[{\"code\":\"t\",\"title\":\"T\",\"item\":\"II.1\",\"layout\":\"years\",\"years\":[\"curr_actual\"],"
			 "\"lines\":[{\"code\":\"a\",\"label\":\"A\",\"bind\":\"series.co2\"},"
			 "{\"code\":\"a\",\"label\":\"B\",\"bind\":\"series.energy\"}]}]",
			 "tables[0].lines[1]", "used twice");
	check_spec_error("[{\"code\":\"submit\",\"title\":\"T\",\"item\":\"II.1\",\"layout\":\"fields\","
			 "\"lines\":[{\"code\":\"a\",\"label\":\"A\",\"bind\":\"factor.note\"}]}]",
			 "tables[0]", "reserved");
	check_spec_error("[{\"code\":\"t\",\"title\":\"T\",\"sheet\":\"a/b\",\"item\":\"II.1\",\"layout\":\"fields\","
			 "\"lines\":[{\"code\":\"a\",\"label\":\"A\",\"bind\":\"factor.note\"}]}]",
			 "tables[0]", "sheet name");
}

static void test_typed_values(void **state)
{
	(void)state;
	const struct cnap_form_table *t = table("summary");
	const char **texts = blank_texts(t, 0);
	size_t n = t->n_years, act = line_index(t, "activity"), en = line_index(t, "energy"), co2 = line_index(t, "co2");
	size_t cur = year_col(t, CNAP_YR_CURR_ACTUAL), prev = year_col(t, CNAP_YR_PREV_ACTUAL);
	texts[act * n + cur] = " １，２３４．５ ";
	texts[en * n + cur] = "0.0258";
	texts[co2 * n + cur] = "abc";
	texts[en * n + prev] = "▲12.3";
	texts[act * n + year_col(t, CNAP_YR_BASE)] = "100"; /* no target yet: no base year column */
	struct cnap_form_issues is = { 0 };
	struct cnap_survey_data *d;
	struct cnap_error err = { 0 };
	assert_int_equal(cnap_form_apply(&arena, t, 2022, NULL, texts, 0, &is, &d, &err), CNAP_EINVAL);
	assert_int_equal(is.n, 3);
	bool bad_co2 = false, negative = false, no_base = false;
	for (size_t i = 0; i < is.n; i++) {
		bad_co2 |= is.v[i].row == co2 && is.v[i].col == cur && strstr(is.v[i].message, "数値");
		negative |= is.v[i].row == en && is.v[i].col == prev && strstr(is.v[i].message, "負の値");
		no_base |= is.v[i].row == act && strstr(is.v[i].message, "基準年度");
	}
	assert_true(bad_co2 && negative && no_base);
	/* the preview data holds what could be read */
	const struct cnap_series_row *r = cnap_survey_row_kind(d, 2022, false);
	assert_non_null(r);
	assert_dbl_near(r->activity, 1234.5, 0);
	assert_dbl_near(r->energy, 0.0258, 0);
	assert_false(r->has & CNAP_SF_CO2);

	texts[co2 * n + cur] = "1,103.7";
	texts[en * n + prev] = "−0"; /* U+2212 minus zero is zero */
	texts[act * n + year_col(t, CNAP_YR_BASE)] = NULL;
	is.n = 0;
	assert_int_equal(cnap_form_apply(&arena, t, 2022, NULL, texts, 0, &is, &d, &err), CNAP_OK);
	r = cnap_survey_row_kind(d, 2022, false);
	assert_dbl_near(r->co2, 1103.7, 0);
	/* the grid gives back canonical text, and the computed intensity */
	struct cnap_form_grid g;
	assert_int_equal(cnap_form_grid_from_data(&arena, t, 2022, d, &g, &err), CNAP_OK);
	assert_string_equal(cnap_form_grid_cell(&g, act, cur)->text, "1234.5");
	assert_int_equal(cnap_form_compute(&arena, &g, d, &master, &err), CNAP_OK);
	const struct cnap_form_cell *ei = cnap_form_grid_cell(&g, line_index(t, "energy_intensity"), cur);
	assert_true(ei->computed && ei->has_num);
	assert_dbl_near(ei->num, 0.0258 / 1234.5, 1e-15);
	const struct cnap_form_cell *ei_next = cnap_form_grid_cell(&g, line_index(t, "energy_intensity"), prev);
	assert_false(ei_next->has_num);
	assert_non_null(ei_next->why);
}

static void test_fuels_10000_gj_is_258_kl(void **state)
{
	(void)state;
	const struct cnap_form_table *t = table("fuels");
	const char **texts = blank_texts(t, 0);
	size_t n = t->n_years, cur = year_col(t, CNAP_YR_CURR_ACTUAL);
	texts[line_index(t, "fuel_other_heat") * n + cur] = "10,000";
	struct cnap_form_issues is = { 0 };
	struct cnap_survey_data *d;
	struct cnap_error err = { 0 };
	assert_int_equal(cnap_form_apply(&arena, t, 2022, NULL, texts, 0, &is, &d, &err), CNAP_OK);
	struct cnap_fuel_year fy;
	assert_int_equal(cnap_calc_fuel_year(&master, d, 2022, false, &arena, &fy, &err), CNAP_OK);
	assert_int_equal(fy.n_lines, 1);
	assert_dbl_near(fy.lines[0].heat_gj.value, 10000, 0);
	assert_dbl_near(fy.lines[0].crude_oil_kl.value, 258, 1e-9);
	assert_dbl_near(fy.energy_man_kl.value, 0.0258, 1e-15);
	struct cnap_form_grid g;
	assert_int_equal(cnap_form_grid_from_data(&arena, t, 2022, d, &g, &err), CNAP_OK);
	assert_int_equal(cnap_form_compute(&arena, &g, d, &master, &err), CNAP_OK);
	/* shown as 0.0258, not as 0.0 */
	assert_string_equal(cnap_form_grid_cell(&g, line_index(t, "energy_computed"), cur)->text, "0.0258");
	assert_string_equal(cnap_form_grid_cell(&g, line_index(t, "heat_total"), cur)->text, "10,000");
	assert_int_equal(cnap_calc_fuel_totals(&master, d, &arena, &err), CNAP_OK);
	assert_int_equal(d->n_fuel_totals, 1);
	assert_dbl_near(d->fuel_totals[0].energy_man_kl, 0.0258, 1e-15);
	assert_false(d->fuel_totals[0].has_co2); /* heat typed directly has no carbon factor */
}

static void test_master_by_fiscal_year(void **state)
{
	(void)state;
	assert_int_equal(cnap_coef_heat_for_year(&master, "lng", 2012)->edition_year, 2010);
	assert_int_equal(cnap_coef_heat_for_year(&master, "lng", 2022)->edition_year, 2014);
	assert_int_equal(cnap_coef_heat_for_year(&master, "lng", 2000)->edition_year, 2010); /* before every edition */
	assert_dbl_near(cnap_coef_heat_for_year(&master, "city_gas", 2022)->heat_gj_per_unit, 45.0, 0);
	assert_dbl_near(cnap_coef_heat_for_year(&master, "city_gas", 2024)->heat_gj_per_unit, 40.0, 0);
	assert_dbl_near(cnap_coef_electricity_heat(&master, 2022)->gj_per_mwh, 9.76, 0);
	assert_dbl_near(cnap_coef_electricity_heat(&master, 2023)->gj_per_mwh, 8.64, 0);
	assert_null(cnap_coef_heat_for_year(&master, "unobtainium", 2022));
	/* city gas in FY2024: 40.0 GJ/千m3 × 0.0140 t-C/GJ × 44/12 = 2.053 t-CO2/千m3 (Tokyo Gas FAQ: 2.05) */
	struct cnap_fuel_use u = { 2024, false, "city_gas", 1.0 };
	struct cnap_survey_data d = { .fuels = &u, .n_fuels = 1 };
	struct cnap_fuel_year fy;
	assert_int_equal(cnap_calc_fuel_year(&master, &d, 2024, false, &arena, &fy, NULL), CNAP_OK);
	assert_dbl_near(fy.lines[0].co2_t.value, 40.0 * 0.0140 * 44.0 / 12.0, 1e-12);
	/* electricity: the association's own factor of the year wins over the master's */
	struct cnap_fuel_use e = { 2022, false, "electricity", 1000.0 };
	struct cnap_series_row row = { .year = 2022, .has = CNAP_SF_ELEC_FACTOR, .elec_factor = 0.5 };
	struct cnap_survey_data de = { .fuels = &e, .n_fuels = 1, .series = &row, .n_series = 1 };
	assert_int_equal(cnap_calc_fuel_year(&master, &de, 2022, false, &arena, &fy, NULL), CNAP_OK);
	assert_dbl_near(fy.lines[0].co2_t.value, 500.0, 1e-9); /* 1,000 千kWh × 0.5 kg/kWh = 500 t */
	assert_dbl_near(fy.lines[0].heat_gj.value, 9760.0, 1e-9);
	/* an unknown fuel is not silently zero */
	struct cnap_fuel_use x = { 2022, false, "unobtainium", 1.0 };
	struct cnap_survey_data dx = { .fuels = &x, .n_fuels = 1 };
	assert_int_equal(cnap_calc_fuel_year(&master, &dx, 2022, false, &arena, &fy, NULL), CNAP_OK);
	assert_false(fy.heat_gj.computable);
}

static void test_records_and_choices(void **state)
{
	(void)state;
	const struct cnap_form_table *t = table("measures");
	size_t rows = 4, n = t->n_lines;
	const char **texts = blank_texts(t, rows);
	size_t year = line_index(t, "year"), name = line_index(t, "name"), planned = line_index(t, "planned");
	texts[0 * n + year] = "2022";
	texts[0 * n + name] = "高効率照明";
	texts[0 * n + planned] = "実績"; /* by label */
	/* row 1 left blank: dropped */
	texts[2 * n + year] = "２０２３";
	texts[2 * n + name] = "燃料転換";
	texts[2 * n + planned] = "true"; /* by code */
	texts[3 * n + name] = "年度なし";
	texts[3 * n + planned] = "たぶん";
	struct cnap_form_issues is = { 0 };
	struct cnap_survey_data *d;
	struct cnap_error err = { 0 };
	assert_int_equal(cnap_form_apply(&arena, t, 2022, NULL, texts, rows, &is, &d, &err), CNAP_EINVAL);
	assert_int_equal(is.n, 2);
	assert_int_equal(is.v[0].row, 3);
	assert_true(strstr(is.v[0].message, "年度") != NULL);
	assert_true(strstr(is.v[1].message, "「実績」・「予定」") != NULL);
	texts[3 * n + name] = NULL;
	texts[3 * n + planned] = NULL;
	is.n = 0;
	assert_int_equal(cnap_form_apply(&arena, t, 2022, NULL, texts, rows, &is, &d, &err), CNAP_OK);
	assert_int_equal(d->n_measures, 2);
	/* numbers not typed are not 0: not entered, not written, shown empty again */
	assert_false(d->measures[0].has_investment);
	const char *json = cnap_survey_data_to_text(&arena, d);
	assert_non_null(json);
	assert_null(strstr(json, "investment_million_yen"));
	struct cnap_form_grid mg;
	assert_int_equal(cnap_form_grid_from_data(&arena, t, 2022, d, &mg, &err), CNAP_OK);
	assert_null(cnap_form_grid_cell(&mg, 0, line_index(t, "investment"))->text);
	assert_int_equal(d->measures[1].year, 2023);
	assert_true(d->measures[1].planned);
	assert_false(d->measures[0].planned);
	/* FIELDS: a choice by its label */
	const struct cnap_form_table *b = table("basic");
	const char **ft = blank_texts(b, 0);
	ft[line_index(b, "activity_name")] = "実質生産高";
	ft[line_index(b, "activity_unit")] = "億円";
	ft[line_index(b, "indicator")] = "エネルギー原単位";
	ft[line_index(b, "kind")] = "年平均改善率";
	ft[line_index(b, "base_year")] = "2012";
	ft[line_index(b, "target_year")] = "2030";
	ft[line_index(b, "annual_rate_pct")] = "1";
	assert_int_equal(cnap_form_apply(&arena, b, 2022, d, ft, 0, &is, &d, &err), CNAP_OK);
	assert_int_equal(d->target.kind, CNAP_TARGET_ANNUAL_RATE);
	assert_int_equal(d->target.indicator, CNAP_IND_ENERGY_INTENSITY);
	assert_int_equal(d->n_measures, 2); /* other tables' data kept */
	assert_int_equal(cnap_survey_data_validate(d, "data", &err), CNAP_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_spec),
		cmocka_unit_test(test_spec_errors),
		cmocka_unit_test(test_typed_values),
		cmocka_unit_test(test_fuels_10000_gj_is_258_kl),
		cmocka_unit_test(test_master_by_fiscal_year),
		cmocka_unit_test(test_records_and_choices),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
