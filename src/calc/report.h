/*
 * Every indicator of the follow-up for one submission's quantitative data:
 * the summary values, 進捗率, 想定比, the government classification, both
 * 要因分析 comparisons, coverage, cost per t-CO2, office intensities —
 * each with the inputs it used, its formula and unit.
 *
 * Pure: everything is allocated in the caller's arena and valid until the
 * arena is released. Not-computable values carry a reason, never NaN.
 */
#ifndef CNAP_CALC_REPORT_H
#define CNAP_CALC_REPORT_H

#include "base/arena.h"
#include "calc/decompose.h"
#include "model/survey_data.h"

#define CNAP_REPORT_MAX_INPUTS 6

struct cnap_report_input {
	const char *name; /* static: "X_base", "C" */
	int year;         /* the fiscal year the value belongs to, 0 when none: shown as "C（2013年度）" */
	double value;
};

struct cnap_report_item {
	const char *group;   /* "実績", "目標", "要因分析（2013→2022年度）", "カバー率", ... */
	const char *key;     /* stable machine name: "progress_rate", "decomp_base_activity" */
	const char *label;   /* 進捗率 */
	const char *unit;    /* "%", "万t-CO2", ... */
	int decimals;        /* for display */
	struct cnap_calc_value value;
	const char *formula; /* how it was computed */
	struct cnap_report_input inputs[CNAP_REPORT_MAX_INPUTS];
	size_t n_inputs;
	const char *text;    /* for items that are words (the classification), else NULL */
};

struct cnap_report {
	int year;                         /* the actual fiscal year reported */
	enum cnap_decomp_method method;
	const char *method_name;
	struct cnap_report_item *items;
	size_t n_items;
	struct cnap_decomp decomp_base;   /* base year → year */
	struct cnap_decomp decomp_prev;   /* previous year → year */
	int decomp_base_year, decomp_prev_year;
	enum cnap_calc_class classification;
	struct cnap_calc_value progress;  /* unrounded 進捗率, also among items */
};

/*
 * Build the report for the actual fiscal year `year`. CNAP_ENOMEM only;
 * missing data shows as not-computable items with reasons.
 */
enum cnap_err cnap_report_build(struct cnap_arena *a, const struct cnap_survey_data *d, int year,
				enum cnap_decomp_method method, struct cnap_report *out);

/* The 要因分析 items of a report: [0] base year → year, [1] previous year → year; terms in table order. */
#define CNAP_REPORT_DECOMP_TERMS 5
extern const char *const cnap_report_decomp_labels[CNAP_REPORT_DECOMP_TERMS];
extern const char *const cnap_report_decomp_keys[2][CNAP_REPORT_DECOMP_TERMS];

/* The item with this key, or NULL. Borrowed from r. */
const struct cnap_report_item *cnap_report_find(const struct cnap_report *r, const char *key);

/* The target indicator's value in a series row; not computable when its inputs are missing. */
struct cnap_calc_value cnap_report_indicator(const struct cnap_series_row *row, enum cnap_indicator ind);
/* The target level in `year` on the straight (or compounding) path from base to target; BAU: BAU − reduction share. */
struct cnap_calc_value cnap_report_target_path(const struct cnap_survey_data *d, int year);
/* Unit text of an indicator with the association's activity unit ("万kl/億円"); allocated in a. */
const char *cnap_report_indicator_unit(struct cnap_arena *a, const struct cnap_survey_data *d,
				       enum cnap_indicator ind);

#endif
