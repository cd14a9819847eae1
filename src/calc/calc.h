/*
 * The calculation engine: the formulas of domain.md §4 as pure functions.
 *
 * Every function here takes plain numbers, returns a struct cnap_calc_value
 * by value and touches no memory but its arguments: nothing to free, no
 * I/O, no state. A value is either computable (value is finite) or not
 * (value is 0 and why/reason say what is missing). NaN and infinity never
 * come out: a non-finite input gives CNAP_CALC_NOT_FINITE and a result too
 * big for a double gives CNAP_CALC_OVERFLOW.
 *
 * Units: an "indicator" X is whatever the target is set on (万t-CO2, 万kl,
 * t-CO2/t, an index with base 100, ...). A function only needs its X
 * arguments to share one unit. Percentages are returned as percent (91.6,
 * not 0.916). Rounding for display is a separate step (calc/round.h); keep
 * the unrounded value for comparisons and classification.
 *
 * Other parts of the engine: calc/energy.h (原油換算, CO2), calc/decompose.h
 * (要因分析), calc/round.h (四捨五入 and ▲ formatting). Formulas, sources and
 * zero handling are written up in docs/calc.md.
 */
#ifndef CNAP_CALC_H
#define CNAP_CALC_H

#include "base/compat.h"

/* Why a value is not computable. CNAP_CALC_OK when it is. */
enum cnap_calc_reason {
	CNAP_CALC_OK = 0,
	CNAP_CALC_NOT_FINITE,       /* an input is NaN or infinite */
	CNAP_CALC_NEGATIVE,         /* an input that cannot be negative is */
	CNAP_CALC_ZERO_DENOMINATOR, /* e.g. zero activity, zero industry size */
	CNAP_CALC_ZERO_BASE,        /* the base-year value is zero */
	CNAP_CALC_TARGET_NOT_MOVING, /* target (or expected) level == base level */
	CNAP_CALC_MISSING_BASE_YEAR, /* base year unknown (<= 0) */
	CNAP_CALC_YEAR_BEFORE_BASE, /* asked for a year before the base year */
	CNAP_CALC_BAD_RATE,         /* annual rate outside (-1, 1) */
	CNAP_CALC_NO_FACTOR,        /* no coefficient row, or it lacks the factor */
	CNAP_CALC_OVERFLOW,         /* the result does not fit in a double */
	CNAP_CALC_LMDI_ZERO,        /* LMDI: energy without activity or CO2 without energy */
	CNAP_CALC_BAD_METHOD,       /* unknown decomposition method */
	CNAP_CALC_MISSING_INPUT,    /* a value the formula needs was not entered */
	CNAP_CALC_REASON_COUNT
};

struct cnap_calc_value {
	bool computable;
	double value;           /* the result when computable, else 0 */
	enum cnap_calc_reason why;
	const char *reason;     /* static English text when !computable, else NULL */
};

/* Static texts for a reason: English ("base-year value is zero") and Japanese. */
const char *cnap_calc_reason_text(enum cnap_calc_reason r);
const char *cnap_calc_reason_label_ja(enum cnap_calc_reason r);

/* ---- 進捗率 and 想定比 (domain.md §4.1, §4.2) ---- */

/*
 * 進捗率 [%] for a base-year target:
 *     (x_base − x_now) / (x_base − x_target) × 100
 * 100 exactly at the target level, >100 beyond it, negative when the
 * indicator moved away from the target. Works for targets that lower or
 * raise the indicator. Not computable when x_target == x_base (within
 * 1e-12 relative): such a target does not move the indicator.
 */
struct cnap_calc_value cnap_calc_progress(double x_base, double x_target, double x_now);

/*
 * 進捗率 [%] from signed changes versus the base year, in percent, as the
 * tables print them: target ▲7.73 → -7.73, actual ▲7.08 → -7.08 gives
 * 91.59… (published 92%). Same as cnap_calc_progress(0, target, actual).
 */
struct cnap_calc_value cnap_calc_progress_from_change(double target_change_pct,
						      double actual_change_pct);

/*
 * 進捗率 [%] for a BAU target:
 *     (bau_now − x_now) / (bau_target − x_target) × 100
 * bau_now is BAU in the current year, bau_target BAU in the target year,
 * x_target the target level in the target year.
 */
struct cnap_calc_value cnap_calc_progress_bau(double bau_now, double x_now,
					      double bau_target, double x_target);

/*
 * 進捗率 [%] for a target stated as "BAU比▲R": (bau_now − x_now) / R × 100,
 * with R = target_reduction > 0 in the unit of X.
 */
struct cnap_calc_value cnap_calc_progress_bau_reduction(double bau_now, double x_now,
							double target_reduction);

/*
 * Level required in `year` by an annual-improvement rule
 * ("年平均▲1%改善" from base_year): x_base × (1 − rate)^(year − base_year).
 * rate is a fraction per year (0.01 for 1%), in (-1, 1). base_year <= 0
 * means unknown. year == base_year gives x_base.
 */
struct cnap_calc_value cnap_calc_annual_rate_level(double x_base, double rate,
						   int base_year, int year);

/* 進捗率 [%] against the level the annual-rate rule requires in target_year. */
struct cnap_calc_value cnap_calc_progress_annual_rate(double x_base, double rate,
						      int base_year, int target_year,
						      double x_now);

/*
 * 想定比 [%]: (x_base − x_now) / (x_base − x_expected) × 100, where
 * x_expected is the level the association expected for this year.
 */
struct cnap_calc_value cnap_calc_expected_ratio(double x_base, double x_expected,
						double x_now);

/* 想定比 [%] with the expected level taken from an annual-rate rule for `year`. */
struct cnap_calc_value cnap_calc_expected_ratio_annual_rate(double x_base, double rate,
							    int base_year, int year,
							    double x_now);

/* ---- Government classification (domain.md §4.3) ---- */

enum cnap_calc_class {
	CNAP_CALC_CLASS_ACHIEVED = 1,  /* ① 実績が目標水準を上回る: 進捗率 >= 100 */
	CNAP_CALC_CLASS_REDUCED = 2,   /* ② 削減しているが目標水準には至っていない: 0 < 進捗率 < 100 */
	CNAP_CALC_CLASS_INCREASED = 3, /* ③ 基準年度比/BAU比で増加: 進捗率 <= 0 */
	CNAP_CALC_CLASS_NO_DATA = 4,   /* ④ データ未集計等: 進捗率 not computable */
};

/*
 * Classify from the UNROUNDED 進捗率 of any of the progress functions.
 * 0 (no change at all) counts as ③ because it is not a reduction.
 */
enum cnap_calc_class cnap_calc_classify(struct cnap_calc_value progress);
/* "①", "②", ... and the full government wording; static strings. */
const char *cnap_calc_class_mark(enum cnap_calc_class c);
const char *cnap_calc_class_label_ja(enum cnap_calc_class c);

/* ---- Coverage (domain.md §4.4), one size metric m at a time ---- */

/*
 * All three are part / whole × 100 [%] with sizes >= 0 in one unit (企業数,
 * 売上高, 生産量, エネルギー消費量). A result over 100 is returned as is: it
 * means the statistics disagree, which the caller should flag.
 */
/* 団体カバー率 = 業界団体の規模 / 業界全体の規模 × 100 */
struct cnap_calc_value cnap_calc_association_coverage(double association_size,
						      double industry_size);
/* 計画参加率 = 計画参加規模 / 業界団体の規模 × 100 */
struct cnap_calc_value cnap_calc_participation_rate(double participant_size,
						    double association_size);
/* 業界カバー率 = 計画参加規模 / 業界全体の規模 × 100 */
struct cnap_calc_value cnap_calc_industry_coverage(double participant_size,
						   double industry_size);

/* ---- Measures, intensities, indices (domain.md §3.3 table D, §4.8) ---- */

/*
 * Cost of a measure per t-CO2 [円/t-CO2]:
 *     investment_million_yen × 10^6 / (reduction_t_per_year × service_life_years)
 * Pass service_life_years = 1 for the cost per t-CO2 of one year's
 * reduction. Reduction and life must be > 0.
 */
struct cnap_calc_value cnap_calc_cost_per_tco2(double investment_million_yen,
					       double reduction_t_per_year,
					       double service_life_years);

/* 原単位: amount / activity (エネルギー原単位 = E/P, CO2原単位 = C/P); both >= 0. */
struct cnap_calc_value cnap_calc_intensity(double amount, double activity);

/* Index x_now / x_base (base year = 1.000); x_base > 0. */
struct cnap_calc_value cnap_calc_index(double x_now, double x_base);

/*
 * Signed change versus the base year [%]: (x_now − x_base) / x_base × 100,
 * x_base > 0. The target level 0.99^8 → -7.7255 (printed ▲7.73).
 */
struct cnap_calc_value cnap_calc_change_pct(double x_now, double x_base);

#endif
