/* 進捗率, 想定比, annual-rate target levels and the government classification. */
#include "base/compat.h"
#include "calc/calc_int.h"

/*
 * A target closer to the base than this (relative) is treated as equal:
 * dividing by the rounding noise of two "equal" levels would report
 * progress in the millions of percent.
 */
#define SAME_LEVEL_REL 1e-12

static bool same_level(double a, double b)
{
	double scale = fmax(fabs(a), fabs(b));
	return fabs(a - b) <= SAME_LEVEL_REL * scale;
}

/* Shared by 進捗率 and 想定比: both measure the way from base to a level. */
static struct cnap_calc_value way_done_pct(double x_base, double x_level, double x_now)
{
	if (!CALC_FINITE(x_base, x_level, x_now))
		return calc_fail(CNAP_CALC_NOT_FINITE);
	if (same_level(x_base, x_level))
		return calc_fail(CNAP_CALC_TARGET_NOT_MOVING);
	return calc_pct(x_base - x_now, x_base - x_level, CNAP_CALC_TARGET_NOT_MOVING);
}

struct cnap_calc_value cnap_calc_progress(double x_base, double x_target, double x_now)
{
	return way_done_pct(x_base, x_target, x_now);
}

struct cnap_calc_value cnap_calc_progress_from_change(double target_change_pct,
						      double actual_change_pct)
{
	return way_done_pct(0.0, target_change_pct, actual_change_pct);
}

struct cnap_calc_value cnap_calc_progress_bau(double bau_now, double x_now,
					      double bau_target, double x_target)
{
	if (!CALC_FINITE(bau_now, x_now, bau_target, x_target))
		return calc_fail(CNAP_CALC_NOT_FINITE);
	if (same_level(bau_target, x_target))
		return calc_fail(CNAP_CALC_TARGET_NOT_MOVING);
	return calc_pct(bau_now - x_now, bau_target - x_target, CNAP_CALC_TARGET_NOT_MOVING);
}

struct cnap_calc_value cnap_calc_progress_bau_reduction(double bau_now, double x_now,
							double target_reduction)
{
	if (!CALC_FINITE(bau_now, x_now, target_reduction))
		return calc_fail(CNAP_CALC_NOT_FINITE);
	if (target_reduction < 0.0)
		return calc_fail(CNAP_CALC_NEGATIVE);
	return calc_pct(bau_now - x_now, target_reduction, CNAP_CALC_TARGET_NOT_MOVING);
}

struct cnap_calc_value cnap_calc_annual_rate_level(double x_base, double rate,
						   int base_year, int year)
{
	if (!CALC_FINITE(x_base, rate))
		return calc_fail(CNAP_CALC_NOT_FINITE);
	if (base_year <= 0)
		return calc_fail(CNAP_CALC_MISSING_BASE_YEAR);
	if (year < base_year)
		return calc_fail(CNAP_CALC_YEAR_BEFORE_BASE);
	/* rate >= 1 would reach zero or flip the sign; <= -1 is not a rule anyone states */
	if (!(rate > -1.0 && rate < 1.0))
		return calc_fail(CNAP_CALC_BAD_RATE);
	return calc_ok(x_base * pow(1.0 - rate, (double)(year - base_year)));
}

struct cnap_calc_value cnap_calc_progress_annual_rate(double x_base, double rate,
						      int base_year, int target_year,
						      double x_now)
{
	struct cnap_calc_value level = cnap_calc_annual_rate_level(x_base, rate, base_year,
								   target_year);
	if (!level.computable)
		return level;
	return way_done_pct(x_base, level.value, x_now);
}

struct cnap_calc_value cnap_calc_expected_ratio(double x_base, double x_expected,
						double x_now)
{
	return way_done_pct(x_base, x_expected, x_now);
}

struct cnap_calc_value cnap_calc_expected_ratio_annual_rate(double x_base, double rate,
							    int base_year, int year,
							    double x_now)
{
	return cnap_calc_progress_annual_rate(x_base, rate, base_year, year, x_now);
}

enum cnap_calc_class cnap_calc_classify(struct cnap_calc_value progress)
{
	if (!progress.computable || !isfinite(progress.value))
		return CNAP_CALC_CLASS_NO_DATA;
	if (progress.value >= 100.0)
		return CNAP_CALC_CLASS_ACHIEVED;
	if (progress.value > 0.0)
		return CNAP_CALC_CLASS_REDUCED;
	return CNAP_CALC_CLASS_INCREASED;
}

const char *cnap_calc_class_mark(enum cnap_calc_class c)
{
	switch (c) {
	case CNAP_CALC_CLASS_ACHIEVED: return "①";
	case CNAP_CALC_CLASS_REDUCED: return "②";
	case CNAP_CALC_CLASS_INCREASED: return "③";
	case CNAP_CALC_CLASS_NO_DATA: return "④";
	}
	return "?";
}

const char *cnap_calc_class_label_ja(enum cnap_calc_class c)
{
	switch (c) {
	case CNAP_CALC_CLASS_ACHIEVED: return "実績が目標水準を上回る";
	case CNAP_CALC_CLASS_REDUCED:
		return "基準年度比/BAU比で削減しているが目標水準には至っていない";
	case CNAP_CALC_CLASS_INCREASED: return "基準年度比/BAU比で増加";
	case CNAP_CALC_CLASS_NO_DATA: return "データ未集計等";
	}
	return "不明";
}
