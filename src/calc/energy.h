/*
 * Energy and CO2 from activity data (domain.md §4.5, §4.6).
 *
 * Coefficients are data, not code: every formula takes the coefficient row
 * the caller chose, so a cycle can pin the edition it reports under. A small
 * built-in table holds the values domain.md cites, each with its source;
 * callers with a maintained table pass their own struct cnap_coef_table.
 */
#ifndef CNAP_CALC_ENERGY_H
#define CNAP_CALC_ENERGY_H

#include "calc/calc.h"
#include "model/coefficients.h"

/* 1 GJ of heat counts as 0.0258 kl of crude oil (省エネ法; ECCJ). */
#define CNAP_CRUDE_OIL_KL_PER_GJ 0.0258
/* Mass ratio CO2 / C. */
#define CNAP_CO2_PER_C (44.0 / 12.0)

/* One fuel in one edition of the coefficients. */
/* struct cnap_fuel_coef and struct cnap_coef_table live in model/coefficients.h. */

/*
 * The values of domain.md §4.5/§4.6 (省エネ法 FY2014 heat values, 算定省令
 * 2010 LNG, 都市ガス from the Tokyo Gas FAQ). Static storage; never free it.
 * Heat-only rows have carbon_tc_per_gj = 0.
 */
const struct cnap_coef_table *cnap_calc_default_coefficients(void);

/*
 * The row for fuel_code in edition_year, or, with edition_year == 0, the
 * newest edition of that fuel. NULL when absent. Borrowed from t.
 */
const struct cnap_fuel_coef *cnap_calc_coef_find(const struct cnap_coef_table *t,
						 const char *fuel_code, int edition_year);

/* Heat [GJ] = quantity [unit of c] × heat value [GJ/unit]; quantity >= 0. */
struct cnap_calc_value cnap_calc_fuel_heat_gj(double quantity, const struct cnap_fuel_coef *c);

/* 原油換算 [kl] = heat [GJ] × 0.0258. */
struct cnap_calc_value cnap_calc_crude_oil_kl(double heat_gj);
/* 原油換算 [万kl] = heat [GJ] × 0.0258 / 10,000 (the unit of the tables). */
struct cnap_calc_value cnap_calc_crude_oil_man_kl(double heat_gj);

/*
 * CO2 from a fuel [t-CO2] = quantity × heat value [GJ/unit]
 *                           × carbon factor [t-C/GJ] × 44/12.
 * CNAP_CALC_NO_FACTOR when c is NULL or lacks either number.
 */
struct cnap_calc_value cnap_calc_fuel_co2_t(double quantity, const struct cnap_fuel_coef *c);

/*
 * CO2 from purchased electricity [t-CO2] = kWh × factor [t-CO2/kWh].
 * Factors are often printed as kg-CO2/kWh (divide by 1,000) or
 * t-CO2/万kWh (divide by 10,000). Both arguments >= 0.
 */
struct cnap_calc_value cnap_calc_electricity_co2_t(double kwh, double t_co2_per_kwh);

/*
 * Primary energy of purchased electricity [GJ] = kWh / 1,000 × factor
 * [GJ/MWh]. The 省エネ法 factor is not in the built-in table (domain.md
 * §4.5 leaves it unverified); the caller supplies it.
 */
struct cnap_calc_value cnap_calc_electricity_heat_gj(double kwh, double gj_per_mwh);

#endif
