#include "base/compat.h"
#include "calc/report.h"
#include "calc/round.h"
#include "publish/chart.h"

#include <math.h>
#include <string.h>

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")

/* A "nice" step (1, 2 or 5 × 10^k) giving about `want` ticks over span. */
static double nice_step(double span, int want)
{
	double raw = span / want;
	double mag = pow(10, floor(log10(raw)));
	double f = raw / mag;
	double nice = f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10;
	return nice * mag;
}

static int decimals_for(double step)
{
	int d = 0;
	while (d < 8 && fabs(step * pow(10, d) - round(step * pow(10, d))) > 1e-9)
		d++;
	return d;
}

static enum cnap_err make_ticks(struct cnap_arena *a, struct cnap_chart *c, double lo, double hi,
				struct cnap_error *err)
{
	if (hi <= lo) {
		double pad = fabs(hi) > 0 ? fabs(hi) * 0.1 : 1;
		lo -= pad;
		hi += pad;
	}
	double step = nice_step(hi - lo, 5);
	c->y_min = floor(lo / step) * step;
	c->y_max = ceil(hi / step) * step;
	if (c->y_min < 0 && lo >= 0)
		c->y_min = 0;
	size_t n = (size_t)llround((c->y_max - c->y_min) / step) + 1;
	c->y_ticks = cnap_arena_calloc(a, n, sizeof(*c->y_ticks));
	if (!c->y_ticks)
		return OOM(err);
	int dec = decimals_for(step);
	for (size_t i = 0; i < n; i++) {
		char buf[CNAP_CALC_NUMBER_BUFSZ];
		double v = c->y_min + step * (double)i;
		cnap_calc_format(v, dec, CNAP_CALC_FMT_THOUSANDS | CNAP_CALC_FMT_DASH_INVALID, buf, sizeof(buf));
		c->y_ticks[i].value = v;
		c->y_ticks[i].label = cnap_arena_strdup(a, buf);
	}
	c->n_y_ticks = n;
	return CNAP_OK;
}

static struct cnap_chart_series *add_series(struct cnap_arena *a, struct cnap_chart *c, const char *name,
					    enum cnap_chart_style style, size_t cap)
{
	struct cnap_chart_series *s = &c->series[c->n_series++];
	s->name = name;
	s->style = style;
	s->points = cnap_arena_calloc(a, cap + 1, sizeof(*s->points));
	return s->points ? s : NULL;
}

enum cnap_err cnap_chart_build(struct cnap_arena *a, const struct cnap_survey_data *d, enum cnap_indicator ind,
			       struct cnap_chart *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	out->title = cnap_arena_printf(a, "%sの推移", cnap_indicator_label_ja(ind));
	out->unit = cnap_report_indicator_unit(a, d, ind);
	out->series = cnap_arena_calloc(a, 3, sizeof(*out->series));
	if (!out->title || !out->unit || !out->series)
		return OOM(err);
	struct cnap_chart_series *act = add_series(a, out, "実績", CNAP_CHART_ACTUAL, d->n_series);
	struct cnap_chart_series *fc = add_series(a, out, "見通し", CNAP_CHART_FORECAST, d->n_series);
	if (!act || !fc)
		return OOM(err);
	double lo = INFINITY, hi = -INFINITY;
	int x_min = 9999, x_max = 0;
	for (size_t i = 0; i < d->n_series; i++) {
		struct cnap_calc_value v = cnap_report_indicator(&d->series[i], ind);
		if (!v.computable)
			continue;
		struct cnap_chart_series *s = d->series[i].forecast ? fc : act;
		s->points[s->n_points++] = (struct cnap_chart_point){ d->series[i].year, v.value };
		lo = fmin(lo, v.value);
		hi = fmax(hi, v.value);
		if (d->series[i].year < x_min) x_min = d->series[i].year;
		if (d->series[i].year > x_max) x_max = d->series[i].year;
	}
	if (!act->n_points && !fc->n_points)
		return cnap_fail(err, CNAP_ENOTFOUND, "indicator", "no values of %s to chart",
				 cnap_indicator_label_ja(ind));
	const struct cnap_target *t = &d->target;
	if (t->indicator == ind) {
		int from = t->kind == CNAP_TARGET_BAU ? x_min : t->base_year;
		struct cnap_chart_series *tg = add_series(a, out, "目標水準", CNAP_CHART_TARGET,
							  (size_t)(t->target_year - from + 1));
		if (!tg)
			return OOM(err);
		for (int y = from; y <= t->target_year; y++) {
			struct cnap_calc_value v = cnap_report_target_path(d, y);
			if (!v.computable)
				continue;
			tg->points[tg->n_points++] = (struct cnap_chart_point){ y, v.value };
			lo = fmin(lo, v.value);
			hi = fmax(hi, v.value);
		}
		if (tg->n_points) {
			out->target_year = t->target_year;
			if (t->target_year > x_max) x_max = t->target_year;
			if (from < x_min) x_min = from;
		}
	}
	out->x_min = x_min;
	out->x_max = x_max;
	int span = x_max - x_min;
	out->x_step = span <= 10 ? 1 : span <= 20 ? 2 : 5;
	return make_ticks(a, out, lo, hi, err);
}

/* ---- SVG ---- */

struct frame {
	double left, right, top, bottom;
	const struct cnap_chart *c;
};

static double px(const struct frame *f, double year)
{
	double span = f->c->x_max > f->c->x_min ? f->c->x_max - f->c->x_min : 1;
	return f->left + (year - f->c->x_min) / span * (f->right - f->left);
}

static double py(const struct frame *f, double v)
{
	double span = f->c->y_max > f->c->y_min ? f->c->y_max - f->c->y_min : 1;
	return f->bottom - (v - f->c->y_min) / span * (f->bottom - f->top);
}

static void svg_text(struct cnap_buf *b, double x, double y, const char *anchor, int size, const char *text)
{
	cnap_buf_addf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">", x, y, anchor, size);
	cnap_buf_add_html(b, text);
	cnap_buf_adds(b, "</text>\n");
}

static void svg_series(struct cnap_buf *b, const struct frame *f, const struct cnap_chart_series *s)
{
	static const char *const stroke[] = { "#1f4e9c", "#1f4e9c", "#c0392b" };
	if (!s->n_points)
		return;
	if (s->n_points > 1 || s->style == CNAP_CHART_TARGET) {
		cnap_buf_addf(b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s points=\"", stroke[s->style],
			      s->style == CNAP_CHART_TARGET ? "1.5" : "2",
			      s->style == CNAP_CHART_ACTUAL ? "" : " stroke-dasharray=\"6 4\"");
		for (size_t i = 0; i < s->n_points; i++)
			cnap_buf_addf(b, "%s%.1f,%.1f", i ? " " : "", px(f, s->points[i].year), py(f, s->points[i].value));
		cnap_buf_adds(b, "\"/>\n");
	}
	for (size_t i = 0; i < s->n_points; i++) {
		double x = px(f, s->points[i].year), y = py(f, s->points[i].value);
		if (s->style == CNAP_CHART_TARGET) {
			if (i + 1 == s->n_points)
				cnap_buf_addf(b, "<path d=\"M%.1f %.1fl6 -10h-12z\" fill=\"#c0392b\"/>\n", x, y - 2);
			continue;
		}
		cnap_buf_addf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.2\" fill=\"%s\" stroke=\"#1f4e9c\" stroke-width=\"1.5\"/>\n",
			      x, y, s->style == CNAP_CHART_ACTUAL ? "#1f4e9c" : "#ffffff");
	}
}

enum cnap_err cnap_chart_svg(const struct cnap_chart *c, int width, int height, struct cnap_buf *b,
			     struct cnap_error *err)
{
	struct frame f = { .left = 70, .right = width - 20, .top = 40, .bottom = height - 50, .c = c };
	cnap_buf_addf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
			 "role=\"img\" font-family=\"Noto Sans CJK JP, sans-serif\">\n<title>", width, height, width, height);
	cnap_buf_add_html(b, c->title);
	cnap_buf_adds(b, "</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
	svg_text(b, f.left, 22, "start", 14, c->title);
	char unit[256];
	snprintf(unit, sizeof(unit), "（%s）", c->unit);
	svg_text(b, f.left - 8, f.top - 8, "end", 10, unit);
	for (size_t i = 0; i < c->n_y_ticks; i++) {
		double y = py(&f, c->y_ticks[i].value);
		cnap_buf_addf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#dddddd\"/>\n", f.left, y,
			      f.right, y);
		svg_text(b, f.left - 6, y + 4, "end", 10, c->y_ticks[i].label);
	}
	for (int yr = c->x_min; yr <= c->x_max; yr++) {
		if ((yr - c->x_min) % c->x_step && yr != c->target_year)
			continue;
		char label[16];
		snprintf(label, sizeof(label), "%d", yr);
		double x = px(&f, yr);
		cnap_buf_addf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999999\"/>\n", x, f.bottom,
			      x, f.bottom + 4);
		svg_text(b, x, f.bottom + 16, "middle", 10, label);
	}
	cnap_buf_addf(b, "<path d=\"M%.1f %.1fV%.1fH%.1f\" fill=\"none\" stroke=\"#333333\"/>\n", f.left, f.top, f.bottom,
		      f.right);
	svg_text(b, (f.left + f.right) / 2, height - 14, "middle", 10, "年度");
	for (size_t i = 0; i < c->n_series; i++)
		svg_series(b, &f, &c->series[i]);
	/* legend */
	double lx = f.right - 250;
	for (size_t i = 0; i < c->n_series; i++) {
		const struct cnap_chart_series *s = &c->series[i];
		if (!s->n_points)
			continue;
		cnap_buf_addf(b, "<line x1=\"%.1f\" y1=\"18\" x2=\"%.1f\" y2=\"18\" stroke=\"%s\" stroke-width=\"2\"%s/>\n", lx,
			      lx + 18, s->style == CNAP_CHART_TARGET ? "#c0392b" : "#1f4e9c",
			      s->style == CNAP_CHART_ACTUAL ? "" : " stroke-dasharray=\"4 3\"");
		svg_text(b, lx + 22, 22, "start", 10, s->name);
		lx += 80;
	}
	cnap_buf_adds(b, "</svg>\n");
	return b->status ? cnap_buf_error(b, err, "the chart") : CNAP_OK;
}
