/*
 * Charts of an association's indicators against their target path, as a
 * renderer-neutral model (axes, ticks, series of points) built from the
 * survey data, and its SVG rendering. The PDF summary draws the same model
 * with cairo, so a chart looks the same on the page and in the browser.
 *
 * All memory comes from the caller's arena.
 */
#ifndef CNAP_PUBLISH_CHART_H
#define CNAP_PUBLISH_CHART_H

#include "base/buf.h"
#include "model/survey_data.h"

enum cnap_chart_style {
	CNAP_CHART_ACTUAL,   /* solid line with filled markers */
	CNAP_CHART_FORECAST, /* hollow markers */
	CNAP_CHART_TARGET,   /* dashed path to the target level */
};

struct cnap_chart_point {
	int year;
	double value;
};

struct cnap_chart_series {
	const char *name;
	enum cnap_chart_style style;
	struct cnap_chart_point *points;
	size_t n_points;
};

struct cnap_chart_tick {
	double value;
	const char *label;
};

struct cnap_chart {
	const char *title;   /* "エネルギー原単位の推移" */
	const char *unit;    /* "万kl/億円" */
	int x_min, x_max;    /* fiscal years */
	double y_min, y_max;
	struct cnap_chart_tick *y_ticks;
	size_t n_y_ticks;
	int x_step;          /* years between x labels */
	struct cnap_chart_series *series;
	size_t n_series;
	int target_year;     /* marked on the axis, 0 if none */
};

/*
 * The chart of one indicator: actuals, forecasts, and — when the indicator
 * is the target's — the target path. CNAP_ENOTFOUND when the survey data
 * has no value of that indicator at all.
 */
enum cnap_err cnap_chart_build(struct cnap_arena *a, const struct cnap_survey_data *d, enum cnap_indicator ind,
			       struct cnap_chart *out, struct cnap_error *err);

/* SVG (width × height CSS pixels), self-contained, no script; appended to out. */
enum cnap_err cnap_chart_svg(const struct cnap_chart *c, int width, int height, struct cnap_buf *out,
			     struct cnap_error *err);

#endif
