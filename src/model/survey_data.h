/*
 * The quantitative part of a survey submission (domain.md §3.3): the time
 * series behind 実績の総括表, the target definition, BAT, measures, credits,
 * non-fossil certificates, coverage, office and logistics.
 *
 * Units are fixed per field (named in the comments) so that every formula
 * knows what it gets; the activity unit is the association's own and is
 * carried as text. A value that was not reported has its bit clear in
 * `has` — never a NaN. Strings are borrowed (see model.h).
 */
#ifndef CNAP_MODEL_SURVEY_DATA_H
#define CNAP_MODEL_SURVEY_DATA_H

#include "model/model.h"

enum cnap_series_field {
	CNAP_SF_ACTIVITY = 1 << 0,    /* 生産活動量, in activity_unit */
	CNAP_SF_ENERGY = 1 << 1,      /* エネルギー消費量, 原油換算 万kl */
	CNAP_SF_ELECTRICITY = 1 << 2, /* 購入電力消費量, 億kWh */
	CNAP_SF_CO2 = 1 << 3,         /* CO2排出量, 万t-CO2 */
	CNAP_SF_ELEC_FACTOR = 1 << 4, /* 電力排出係数, kg-CO2/kWh */
	CNAP_SF_BAU_CO2 = 1 << 5,     /* BAU CO2排出量, 万t-CO2 (BAU targets) */
	CNAP_SF_BAU_ENERGY = 1 << 6,  /* BAU エネルギー消費量, 万kl */
};

/* One fiscal year of actuals (or of a forecast, with forecast set). */
struct cnap_series_row {
	int year;
	bool forecast; /* 見通し rather than 実績 */
	unsigned has;  /* enum cnap_series_field bits */
	double activity, energy, electricity, co2, elec_factor, bau_co2, bau_energy;
};

enum cnap_indicator {
	CNAP_IND_CO2,              /* CO2排出量 [万t-CO2] */
	CNAP_IND_CO2_INTENSITY,    /* CO2原単位 [t-CO2 / activity unit ×10^4] */
	CNAP_IND_ENERGY,           /* エネルギー消費量 [万kl] */
	CNAP_IND_ENERGY_INTENSITY, /* エネルギー原単位 [万kl / activity unit] */
	CNAP_IND_COUNT
};

enum cnap_target_kind {
	CNAP_TARGET_BASE_YEAR,   /* 基準年度比 ▲R% */
	CNAP_TARGET_BAU,         /* BAU比 ▲R (万t-CO2 or 万kl) */
	CNAP_TARGET_ANNUAL_RATE, /* 年平均 ▲r% from the base year */
	CNAP_TARGET_KIND_COUNT
};

enum cnap_factor_type {
	CNAP_FACTOR_BASIC,      /* 基礎排出係数 (実排出) */
	CNAP_FACTOR_ADJUSTED,   /* 調整後排出係数 */
	CNAP_FACTOR_FIXED,      /* 固定係数 */
	CNAP_FACTOR_ALL_SOURCE, /* 全電源平均 */
	CNAP_FACTOR_TYPE_COUNT
};

struct cnap_target {
	enum cnap_indicator indicator;
	enum cnap_target_kind kind;
	int base_year;          /* base-year and annual-rate targets */
	int target_year;        /* usually 2030 */
	double reduction_pct;   /* base-year: ▲R% as a positive R */
	double bau_reduction;   /* BAU: reduction from BAU in the target year, unit of the indicator */
	double annual_rate_pct; /* annual-rate: r% per year as a positive r */
	bool has_expected;      /* 当年度の想定した水準 given explicitly */
	double expected_level;  /* in the unit of the indicator */
	const char *text;       /* the target as the association words it */
};

/*
 * In the records below, a number has a has_ flag beside it: false when it
 * was not entered (never read it as 0).
 */
struct cnap_bat {
	const char *name;
	double adoption_pct, target_2030_pct; /* 導入状況・普及率 (%) */
	bool has_adoption, has_target;
	const char *issues;
};

struct cnap_measure {
	int year;
	const char *name;
	double investment_million_yen; /* 投資額 (百万円) */
	double energy_saving_kl;       /* 年度当たりエネルギー削減量 (原油換算kl) */
	double co2_reduction_t;        /* CO2削減量 (t-CO2/年) */
	double service_life_years;     /* 設備等の使用期間(見込み) */
	bool has_investment, has_energy_saving, has_co2_reduction, has_service_life;
	bool planned;                  /* 今後の予定 rather than 実績 */
};

struct cnap_credit {
	int year;
	const char *type; /* J-クレジット, JCM, ... */
	const char *project;
	double volume_t;  /* t-CO2 */
	bool has_volume;
};

struct cnap_certificate {
	int year;
	double kwh;
	double co2_t;
	bool has_kwh, has_co2;
};

/* One size metric of the coverage table (企業数, 売上高, エネルギー消費量). */
struct cnap_coverage_metric {
	const char *metric;  /* "企業数" */
	const char *unit;    /* "社" */
	double industry, association, participants;
	bool has_industry, has_association, has_participants;
	const char *source;  /* 出所 of the industry size */
};

/*
 * Energy by fuel (エネルギー消費量の内訳): the quantity of one fuel in one
 * fiscal year, in the unit of the coefficient master's row for that fuel
 * ("kl", "t", "千m3"); purchased electricity is fuel "electricity" in 千kWh.
 */
struct cnap_fuel_use {
	int year;
	bool forecast;
	const char *fuel; /* coefficient master code */
	double quantity;
};

/*
 * What cnap computed from the fuels of one year when the version was saved
 * (calc/fuel.h), kept beside the reported totals so that a difference stays
 * visible even after the coefficient master changes.
 */
struct cnap_fuel_total {
	int year;
	bool forecast;
	double heat_gj;        /* Σ fuels (and electricity) in GJ */
	double energy_man_kl;  /* 原油換算 万kl */
	double co2_man_t;      /* 万t-CO2 */
	bool has_co2;          /* every fuel had a carbon factor (and electricity a factor) */
	const char *coefficients; /* edition of the master used ("2023.1") */
};

/* 本社等オフィス or 物流 time series. */
struct cnap_office_row {
	int year;
	double size;          /* office: 延べ床面積 万m²; logistics: 輸送量 in logistics_unit */
	double co2_man_t;     /* 万t-CO2 */
	double energy_man_kl; /* 万kl */
	bool has_size, has_co2, has_energy;
};

struct cnap_survey_data {
	const char *activity_name; /* "実質生産高" */
	const char *activity_unit; /* "億円" */
	enum cnap_factor_type factor_type;
	const char *factor_note;
	struct cnap_target target;
	struct cnap_series_row *series; /* ascending years, no duplicates */
	size_t n_series;
	struct cnap_bat *bat;
	size_t n_bat;
	struct cnap_measure *measures;
	size_t n_measures;
	struct cnap_credit *credits;
	size_t n_credits;
	struct cnap_certificate *certificates;
	size_t n_certificates;
	struct cnap_coverage_metric *coverage;
	size_t n_coverage;
	struct cnap_office_row *office;
	size_t n_office;
	const char *logistics_unit; /* e.g. "百万トンキロ" */
	struct cnap_office_row *logistics;
	size_t n_logistics;
	struct cnap_fuel_use *fuels; /* ascending (year, forecast, fuel) */
	size_t n_fuels;
	struct cnap_fuel_total *fuel_totals; /* computed at save; ascending (year, forecast) */
	size_t n_fuel_totals;
};

const char *cnap_indicator_name(enum cnap_indicator i);     /* "co2_intensity" */
const char *cnap_indicator_label_ja(enum cnap_indicator i); /* "CO2原単位" */
bool cnap_indicator_parse(const char *s, enum cnap_indicator *out);
const char *cnap_target_kind_name(enum cnap_target_kind k);
const char *cnap_target_kind_label_ja(enum cnap_target_kind k);
bool cnap_target_kind_parse(const char *s, enum cnap_target_kind *out);
const char *cnap_factor_type_name(enum cnap_factor_type t);
const char *cnap_factor_type_label_ja(enum cnap_factor_type t);
bool cnap_factor_type_parse(const char *s, enum cnap_factor_type *out);

/*
 * The row of a year, or NULL: the actual when the year has both an actual
 * and a forecast row. Borrowed from d.
 */
const struct cnap_series_row *cnap_survey_row(const struct cnap_survey_data *d, int year);
/* The actual (forecast false) or the forecast row of a year, or NULL. */
const struct cnap_series_row *cnap_survey_row_kind(const struct cnap_survey_data *d, int year, bool forecast);
/* The quantity of a fuel in a year, or NULL. */
const struct cnap_fuel_use *cnap_survey_fuel(const struct cnap_survey_data *d, int year, bool forecast,
					     const char *fuel);

/*
 * Check consistency: years ascending and unique within 1990..2100, values
 * finite and not negative, the target's years and rates plausible, every
 * value the target needs present in the base year. path prefixes messages
 * ("$.participations[0].submissions[0].data").
 */
enum cnap_err cnap_survey_data_validate(const struct cnap_survey_data *d, const char *path,
					struct cnap_error *err);

#endif
