/* 原油換算 and CO2 from fuels and purchased electricity; the built-in coefficients. */
#include "base/compat.h"
#include "calc/calc_int.h"
#include "calc/energy.h"

#include <string.h>

#define SHOENE_FY2014 "省エネ法 簡易表 (FY2014報告), domain.md §4.5, https://paperzz.com/doc/5625521/"
/* Carbon factors of 算定省令 別表第一 as first enacted (2006), used for reports before its 2023 revision. */
#define SHOENE_FY2014_C SHOENE_FY2014 "; carbon: 算定省令 別表第一 (2006)"

/*
 * The numbers of data/coefficients/master.json (a test keeps them equal):
 * domain.md's heat values with its sources, and the carbon factors of
 * 算定省令 別表第一 as first enacted. Steam and directly typed heat have no
 * carbon factor (0 = not given).
 */
static const struct cnap_fuel_coef default_rows[] = {
	{ "crude_oil", "原油", "kl", 38.2, 0.0187, SHOENE_FY2014_C, 2014 },
	{ "gasoline", "揮発油", "kl", 34.6, 0.0183, SHOENE_FY2014_C, 2014 },
	{ "naphtha", "ナフサ", "kl", 33.6, 0.0182, SHOENE_FY2014_C, 2014 },
	{ "kerosene", "灯油", "kl", 36.7, 0.0185, SHOENE_FY2014_C, 2014 },
	{ "diesel", "軽油", "kl", 37.7, 0.0187, SHOENE_FY2014_C, 2014 },
	{ "fuel_oil_a", "A重油", "kl", 39.1, 0.0189, SHOENE_FY2014_C, 2014 },
	{ "fuel_oil_bc", "B・C重油", "kl", 41.9, 0.0195, SHOENE_FY2014_C, 2014 },
	{ "lpg", "液化石油ガス(LPG)", "t", 50.8, 0.0161, SHOENE_FY2014_C, 2014 },
	{ "lng", "液化天然ガス(LNG)", "t", 54.5, 0.0135,
	  "算定省令 別表第一 (2010年版), domain.md §4.6, "
	  "https://www.sn-hoki.co.jp/data/pickup_hourei/onct/47f3604533d299de70e40ca1b5fae2c2.html",
	  2010 },
	{ "lng", "液化天然ガス(LNG)", "t", 54.6, 0.0135, SHOENE_FY2014_C, 2014 },
	{ "steam_coal", "一般炭", "t", 25.7, 0.0247, SHOENE_FY2014_C, 2014 },
	/* domain.md lists it beside the FY2014 table; the year is ours. */
	{ "city_gas", "都市ガス(東京ガス・東邦ガス)", "千m3", 45.0, 0.0136,
	  "supplier value (Tokyo Gas, Toho Gas FAQ), domain.md §4.5; 0 °C 101.325 kPa basis",
	  2014 },
	/* The edition year is our inference: the FAQ cites the current 算定省令 別表 on a 25 °C, 1 bar basis. */
	{ "city_gas", "都市ガス(算定省令 標準値)", "千m3", 40.0, 0.0140,
	  "算定省令 別表 via Tokyo Gas FAQ 8954 (2.05 t-CO2/千m3), domain.md §4.6", 2024 },
	{ "steam_industrial", "産業用蒸気", "GJ", 1.02, 0.0, SHOENE_FY2014, 2014 },
	/* heat typed directly in GJ */
	{ "other_heat", "その他の燃料・熱（熱量で入力）", "GJ", 1.0, 0.0, "no conversion", 2014 },
};

static const struct cnap_coef_table default_table = {
	"domain.md §4.5/§4.6 reference values",
	default_rows,
	CNAP_ARRAY_LEN(default_rows),
};

const struct cnap_coef_table *cnap_calc_default_coefficients(void)
{
	return &default_table;
}

const struct cnap_fuel_coef *cnap_calc_coef_find(const struct cnap_coef_table *t,
						 const char *fuel_code, int edition_year)
{
	const struct cnap_fuel_coef *best = NULL;
	if (!t || !fuel_code)
		return NULL;
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct cnap_fuel_coef *c = &t->rows[i];
		if (!c->fuel_code || strcmp(c->fuel_code, fuel_code) != 0)
			continue;
		if (edition_year != 0 && c->edition_year == edition_year)
			return c;
		if (edition_year == 0 && (!best || c->edition_year > best->edition_year))
			best = c;
	}
	return best;
}

static bool usable_heat(const struct cnap_fuel_coef *c)
{
	return c && isfinite(c->heat_gj_per_unit) && c->heat_gj_per_unit > 0.0;
}

struct cnap_calc_value cnap_calc_fuel_heat_gj(double quantity, const struct cnap_fuel_coef *c)
{
	if (!CALC_FINITE(quantity))
		return calc_fail(CNAP_CALC_NOT_FINITE);
	if (quantity < 0.0)
		return calc_fail(CNAP_CALC_NEGATIVE);
	if (!usable_heat(c))
		return calc_fail(CNAP_CALC_NO_FACTOR);
	return calc_ok(quantity * c->heat_gj_per_unit);
}

struct cnap_calc_value cnap_calc_crude_oil_kl(double heat_gj)
{
	if (!CALC_FINITE(heat_gj))
		return calc_fail(CNAP_CALC_NOT_FINITE);
	if (heat_gj < 0.0)
		return calc_fail(CNAP_CALC_NEGATIVE);
	return calc_ok(heat_gj * CNAP_CRUDE_OIL_KL_PER_GJ);
}

struct cnap_calc_value cnap_calc_crude_oil_man_kl(double heat_gj)
{
	struct cnap_calc_value kl = cnap_calc_crude_oil_kl(heat_gj);
	if (!kl.computable)
		return kl;
	return calc_ok(kl.value / 10000.0);
}

struct cnap_calc_value cnap_calc_fuel_co2_t(double quantity, const struct cnap_fuel_coef *c)
{
	if (!CALC_FINITE(quantity))
		return calc_fail(CNAP_CALC_NOT_FINITE);
	if (quantity < 0.0)
		return calc_fail(CNAP_CALC_NEGATIVE);
	if (!usable_heat(c) || !isfinite(c->carbon_tc_per_gj) || c->carbon_tc_per_gj <= 0.0)
		return calc_fail(CNAP_CALC_NO_FACTOR);
	/* the order of the official form: qty × heat × carbon × 44/12 */
	return calc_ok(quantity * c->heat_gj_per_unit * c->carbon_tc_per_gj * CNAP_CO2_PER_C);
}

struct cnap_calc_value cnap_calc_electricity_co2_t(double kwh, double t_co2_per_kwh)
{
	if (!CALC_FINITE(kwh, t_co2_per_kwh))
		return calc_fail(CNAP_CALC_NOT_FINITE);
	if (kwh < 0.0 || t_co2_per_kwh < 0.0)
		return calc_fail(CNAP_CALC_NEGATIVE);
	return calc_ok(kwh * t_co2_per_kwh);
}

struct cnap_calc_value cnap_calc_electricity_heat_gj(double kwh, double gj_per_mwh)
{
	if (!CALC_FINITE(kwh, gj_per_mwh))
		return calc_fail(CNAP_CALC_NOT_FINITE);
	if (kwh < 0.0 || gj_per_mwh < 0.0)
		return calc_fail(CNAP_CALC_NEGATIVE);
	return calc_ok(kwh / 1000.0 * gj_per_mwh);
}
