/*
 * The coefficient master: heat values and carbon factors of fuels, and
 * purchased-electricity CO2 factors by year and type, each with its source
 * and edition. The master is kept in data/coefficients/master.json (io reads it);
 * calc takes a table as an argument and never assumes one.
 */
#ifndef CNAP_MODEL_COEFFICIENTS_H
#define CNAP_MODEL_COEFFICIENTS_H

#include "model/survey_data.h"

struct cnap_fuel_coef {
	const char *fuel_code;   /* stable ASCII code: "lng", "city_gas", ... */
	const char *name_ja;     /* 液化天然ガス(LNG) */
	const char *unit;        /* unit of a quantity: "kl", "t", "千m3" */
	double heat_gj_per_unit; /* 単位発熱量 [GJ/unit] */
	double carbon_tc_per_gj; /* 炭素排出係数 [t-C/GJ]; 0 = source gives none */
	const char *source;      /* where both numbers come from */
	int edition_year;        /* year of that edition */
};

struct cnap_coef_table {
	const char *name;
	const struct cnap_fuel_coef *rows;
	size_t n_rows;
};

/* A purchased-electricity factor for one fiscal year. */
struct cnap_elec_factor {
	int year;
	enum cnap_factor_type type;
	double kg_co2_per_kwh;
	const char *label;     /* e.g. "電機・電子業界の固定係数" */
	const char *source;
	bool illustrative;     /* example value for the sample data, not an official figure */
};

/* The primary-energy factor of purchased electricity from a fiscal year on (省エネ法). */
struct cnap_elec_heat {
	int from_year;
	double gj_per_mwh; /* GJ per 千kWh */
	const char *source;
};

struct cnap_coef_master {
	const char *name;
	const char *version;          /* edition of the master file */
	double crude_oil_kl_per_gj;   /* 0.0258 */
	struct cnap_coef_table fuels;
	const struct cnap_elec_factor *electricity;
	size_t n_electricity;
	const struct cnap_elec_heat *electricity_heat; /* ascending from_year */
	size_t n_electricity_heat;
};

#endif
