/*
 * Energy by fuel → 原油換算 and CO2 (domain.md §4.5, §4.6; issue 10).
 *
 * The coefficient master is versioned by fiscal year: the quantity of FY Y
 * is converted with, for each fuel, the newest edition not later than Y
 * (the oldest one when every edition is later), heat and carbon factor
 * chosen alike among the rows that have them. Purchased electricity is the
 * fuel "electricity" in 千kWh: heat by the master's primary-energy factor of
 * the year, CO2 by the association's reported factor of that year (series
 * elec_factor) or, without one, the master's factor of its factor type.
 * Every line keeps the coefficients it used and where they come from, for
 * `cnap calc` to show.
 */
#ifndef CNAP_CALC_FUEL_H
#define CNAP_CALC_FUEL_H

#include "base/arena.h"
#include "calc/calc.h"
#include "model/coefficients.h"

#define CNAP_FUEL_ELECTRICITY "electricity" /* 購入電力, quantity in 千kWh */

struct cnap_fuel_line {
	const char *fuel, *name, *unit;
	double quantity;
	double gj_per_unit;                /* the heat value used (0 when none) */
	double tc_per_gj;                  /* carbon factor used; electricity: kg-CO2/kWh */
	const char *heat_source, *carbon_source;
	int heat_edition, carbon_edition;  /* electricity: from_year of its factors */
	struct cnap_calc_value heat_gj;
	struct cnap_calc_value crude_oil_kl;
	struct cnap_calc_value co2_t;
};

struct cnap_fuel_year {
	int year;
	bool forecast;
	struct cnap_fuel_line *lines; /* in the data's order */
	size_t n_lines;
	struct cnap_calc_value heat_gj;       /* computable when every line's heat is */
	struct cnap_calc_value energy_man_kl; /* 原油換算 万kl */
	struct cnap_calc_value co2_man_t;     /* computable when every line's CO2 is */
};

/* The newest edition of a fuel not after year (see above) that has a heat value / a carbon factor; NULL if none. */
const struct cnap_fuel_coef *cnap_coef_heat_for_year(const struct cnap_coef_master *m, const char *fuel, int year);
const struct cnap_fuel_coef *cnap_coef_carbon_for_year(const struct cnap_coef_master *m, const char *fuel, int year);
/* The electricity heat factor in force in year, or NULL. */
const struct cnap_elec_heat *cnap_coef_electricity_heat(const struct cnap_coef_master *m, int year);

/* One year's fuels of d converted (no fuels: n_lines 0, values computable 0). Lines in a. */
enum cnap_err cnap_calc_fuel_year(const struct cnap_coef_master *m, const struct cnap_survey_data *d, int year,
				  bool forecast, struct cnap_arena *a, struct cnap_fuel_year *out, struct cnap_error *err);

/* d->fuel_totals recomputed for every (year, forecast) that has fuels; the array lives in a. */
enum cnap_err cnap_calc_fuel_totals(const struct cnap_coef_master *m, struct cnap_survey_data *d, struct cnap_arena *a,
				    struct cnap_error *err);

#endif
