#include "base/compat.h"
#include "base/jpfmt.h"
#include "calc/round.h"
#include "publish/chart.h"
#include "publish/pdf_text.h"
#include "publish/summary.h"

#include <math.h>
#include <string.h>

#define PAGE_W 842.0
#define PAGE_H 595.0
#define MARGIN 36.0

struct summary_render {
	struct cnap_pdf pdf;
	struct cnap_arena arena;
	PangoFontDescription *small, *body, *bold, *title;
	const struct cnap_summary *s;
};

static PangoFontDescription *font(double size, bool bold)
{
	PangoFontDescription *f = pango_font_description_new();
	pango_font_description_set_family(f, CNAP_PDF_FONT_FAMILY);
	pango_font_description_set_absolute_size(f, size * PANGO_SCALE);
	pango_font_description_set_weight(f, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	return f;
}

/* Draw text in a box; returns its height. */
static double text(struct summary_render *r, const char *s, const PangoFontDescription *f, double x, double y,
		   double w, PangoAlignment align)
{
	PangoLayout *l = cnap_pdf_layout(&r->pdf, s ? s : "", f, w, align);
	if (!l)
		return 0;
	double h;
	cnap_pdf_layout_size(l, NULL, &h);
	cnap_pdf_draw_layout(&r->pdf, l, x, y);
	g_object_unref(l);
	return h;
}

static double text_height(struct summary_render *r, const char *s, const PangoFontDescription *f, double w)
{
	PangoLayout *l = cnap_pdf_layout(&r->pdf, s ? s : "", f, w, PANGO_ALIGN_LEFT);
	double h = 0;
	if (l) {
		cnap_pdf_layout_size(l, NULL, &h);
		g_object_unref(l);
	}
	return h;
}

static const char *fmt(struct summary_render *r, const struct cnap_report *rep, const char *key, const char *suffix)
{
	const struct cnap_report_item *it = rep ? cnap_report_find(rep, key) : NULL;
	if (!it)
		return "—";
	char b[CNAP_CALC_NUMBER_BUFSZ];
	cnap_calc_format_value(it->value, it->decimals, CNAP_CALC_FMT_DASH_INVALID | CNAP_CALC_FMT_THOUSANDS, b,
			       sizeof(b));
	return cnap_arena_printf(&r->arena, "%s%s", b, it->value.computable ? suffix : "");
}

static const char *num(struct summary_render *r, double v, int decimals, const char *suffix)
{
	char b[CNAP_CALC_NUMBER_BUFSZ];
	cnap_calc_format(v, decimals, CNAP_CALC_FMT_DASH_INVALID | CNAP_CALC_FMT_THOUSANDS, b, sizeof(b));
	return cnap_arena_printf(&r->arena, "%s%s", b, suffix);
}

/* The columns of 進捗状況の概要, as text for one association. */
static void row_cells(struct summary_render *r, const struct cnap_summary_row *row, const char **cells)
{
	const struct cnap_survey_data *d = row->data;
	const struct cnap_report *rep = row->report;
	cells[0] = row->association_name;
	for (int i = 1; i < 9; i++)
		cells[i] = "—";
	if (!d) {
		cells[1] = "（定量データ未提出）";
		cells[7] = "④ データ未集計等";
		return;
	}
	const struct cnap_target *t = &d->target;
	cells[1] = cnap_indicator_label_ja(t->indicator);
	switch (t->kind) {
	case CNAP_TARGET_BAU:
		cells[2] = "BAU";
		cells[3] = cnap_arena_printf(&r->arena, "%d年度 BAU比%s", t->target_year,
					     num(r, -t->bau_reduction, 1, cnap_report_indicator_unit(&r->arena, d, t->indicator)));
		break;
	case CNAP_TARGET_ANNUAL_RATE: {
		cells[2] = cnap_arena_printf(&r->arena, "%d年度", t->base_year);
		double level = pow(1 - t->annual_rate_pct / 100.0, t->target_year - t->base_year);
		cells[3] = cnap_arena_printf(&r->arena, "年平均%s（%d年度 %s）", num(r, -t->annual_rate_pct, 1, "%"),
					     t->target_year, num(r, (level - 1) * 100, 2, "%"));
		break;
	}
	default:
		cells[2] = cnap_arena_printf(&r->arena, "%d年度", t->base_year);
		cells[3] = cnap_arena_printf(&r->arena, "%d年度 %s", t->target_year, num(r, -t->reduction_pct, 1, "%"));
	}
	if (t->kind == CNAP_TARGET_BAU) {
		const struct cnap_report_item *p = cnap_report_find(rep, "progress_rate");
		cells[4] = p && p->value.computable && p->n_inputs >= 2
				   ? cnap_arena_printf(&r->arena, "BAU比%s",
						       num(r, p->inputs[1].value - p->inputs[0].value, 1, ""))
				   : "—";
	} else {
		cells[4] = fmt(r, rep, "change_vs_base", "%");
	}
	cells[5] = fmt(r, rep, "progress_rate", "%");
	cells[6] = fmt(r, rep, "expected_ratio", "%");
	const struct cnap_report_item *cls = cnap_report_find(rep, "classification");
	cells[7] = cls && cls->text ? cls->text : "—";
	cells[8] = fmt(r, rep, "co2", "");
}

static const char *const HEAD[9] = { "業種（団体）", "目標指標", "基準年度/BAU", "目標水準", "当年度実績",
				     "進捗率", "想定比", "評価区分", "CO2排出量\n（万t-CO2）" };
static const double COLW[9] = { 0.15, 0.10, 0.08, 0.15, 0.10, 0.07, 0.07, 0.18, 0.10 };

static double draw_table_row(struct summary_render *r, const char *const *cells, double y, bool head)
{
	double tw = PAGE_W - 2 * MARGIN, x = MARGIN, h = 0;
	const PangoFontDescription *f = head ? r->bold : r->body;
	for (int i = 0; i < 9; i++)
		h = fmax(h, text_height(r, cells[i], f, COLW[i] * tw - 6));
	h += 8;
	if (head) {
		cairo_set_source_rgb(r->pdf.cr, 0.91, 0.91, 0.91);
		cairo_rectangle(r->pdf.cr, MARGIN, y, tw, h);
		cairo_fill(r->pdf.cr);
		cairo_set_source_rgb(r->pdf.cr, 0, 0, 0);
	}
	for (int i = 0; i < 9; i++) {
		double w = COLW[i] * tw;
		bool numeric = !head && (i == 5 || i == 6 || i == 8);
		text(r, cells[i], f, x + 3, y + 4, w - 6, head ? PANGO_ALIGN_CENTER : numeric ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
		cnap_pdf_vline(&r->pdf, x, y, y + h);
		x += w;
	}
	cnap_pdf_vline(&r->pdf, x, y, y + h);
	cnap_pdf_hline(&r->pdf, MARGIN, MARGIN + tw, y);
	cnap_pdf_hline(&r->pdf, MARGIN, MARGIN + tw, y + h);
	return h;
}

static void footer(struct summary_render *r)
{
	const char *s = cnap_arena_printf(&r->arena, "%s 進捗状況の概要 - %d", r->s->wg_name, r->pdf.page_no);
	text(r, s, r->small, MARGIN, PAGE_H - 24, PAGE_W - 2 * MARGIN, PANGO_ALIGN_CENTER);
}

static void overview_page(struct summary_render *r)
{
	double y = MARGIN;
	y += text(r, cnap_summary_title(&r->arena, r->s), r->title, MARGIN, y, PAGE_W - 2 * MARGIN, PANGO_ALIGN_CENTER) + 12;
	cairo_set_line_width(r->pdf.cr, 0.6);
	y += draw_table_row(r, HEAD, y, true);
	for (size_t i = 0; i < r->s->n_rows; i++) {
		const char *cells[9];
		row_cells(r, &r->s->rows[i], cells);
		y += draw_table_row(r, cells, y, false);
	}
	static const char notes[] =
		"注1 進捗率 = (基準年度の実績水準 − 当年度の実績水準) / (基準年度の実績水準 − 2030年度の目標水準) × 100（％）。"
		"BAU目標は (当年度のBAU − 当年度の実績) / BAU比削減目標量 × 100（％）。年平均改善率の目標は目標年度の水準に換算。\n"
		"注2 想定比 = (基準年度の実績水準 − 当年度の実績水準) / (基準年度の実績水準 − 当年度の想定した水準) × 100（％）。\n"
		"注3 評価区分：① 実績が目標水準を上回る　② 基準年度比/BAU比で削減しているが目標水準には至っていない　"
		"③ 基準年度比/BAU比で増加　④ データ未集計等。\n"
		"注4 数値は各団体の調査票の定量データからcnapが再計算したもの（四捨五入）。▲は減少を示す。";
	y += 10;
	text(r, notes, r->small, MARGIN, y, PAGE_W - 2 * MARGIN, PANGO_ALIGN_LEFT);
	footer(r);
}

static void draw_chart(struct summary_render *r, const struct cnap_chart *c, double x0, double y0, double w, double h)
{
	cairo_t *cr = r->pdf.cr;
	double left = x0 + 52, right = x0 + w - 10, top = y0 + 34, bottom = y0 + h - 30;
	double xs = c->x_max > c->x_min ? c->x_max - c->x_min : 1, ys = c->y_max > c->y_min ? c->y_max - c->y_min : 1;
#define PX(yr) (left + ((yr) - c->x_min) / xs * (right - left))
#define PY(v) (bottom - ((v) - c->y_min) / ys * (bottom - top))
	text(r, c->title, r->bold, x0, y0, w, PANGO_ALIGN_LEFT);
	text(r, cnap_arena_printf(&r->arena, "（%s）", c->unit), r->small, x0, y0 + 16, w, PANGO_ALIGN_LEFT);
	cairo_set_line_width(cr, 0.4);
	for (size_t i = 0; i < c->n_y_ticks; i++) {
		double y = PY(c->y_ticks[i].value);
		cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
		cnap_pdf_hline(&r->pdf, left, right, y);
		cairo_set_source_rgb(cr, 0, 0, 0);
		text(r, c->y_ticks[i].label, r->small, x0, y - 5, 48, PANGO_ALIGN_RIGHT);
	}
	for (int yr = c->x_min; yr <= c->x_max; yr++) {
		if ((yr - c->x_min) % c->x_step && yr != c->target_year)
			continue;
		text(r, cnap_arena_printf(&r->arena, "%d", yr), r->small, PX(yr) - 20, bottom + 4, 40, PANGO_ALIGN_CENTER);
	}
	cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
	cairo_set_line_width(cr, 0.8);
	cnap_pdf_vline(&r->pdf, left, top, bottom);
	cnap_pdf_hline(&r->pdf, left, right, bottom);
	for (size_t i = 0; i < c->n_series; i++) {
		const struct cnap_chart_series *s = &c->series[i];
		if (!s->n_points)
			continue;
		bool target = s->style == CNAP_CHART_TARGET;
		cairo_set_source_rgb(cr, target ? 0.75 : 0.12, target ? 0.22 : 0.31, target ? 0.17 : 0.61);
		double dash[] = { 4, 3 };
		cairo_set_dash(cr, dash, s->style == CNAP_CHART_ACTUAL ? 0 : 2, 0);
		cairo_set_line_width(cr, target ? 1.0 : 1.5);
		if (s->n_points > 1) {
			for (size_t k = 0; k < s->n_points; k++)
				(k ? cairo_line_to : cairo_move_to)(cr, PX(s->points[k].year), PY(s->points[k].value));
			cairo_stroke(cr);
		}
		cairo_set_dash(cr, NULL, 0, 0);
		for (size_t k = 0; k < s->n_points && !target; k++) {
			cairo_arc(cr, PX(s->points[k].year), PY(s->points[k].value), 2.2, 0, 2 * M_PI);
			if (s->style == CNAP_CHART_ACTUAL)
				cairo_fill(cr);
			else
				cairo_stroke(cr);
		}
	}
	cairo_set_source_rgb(cr, 0, 0, 0);
	text(r, "── 実績　○ 見通し　- - 目標水準", r->small, x0, y0 + h - 14, w, PANGO_ALIGN_RIGHT);
#undef PX
#undef PY
}

static void decomposition_table(struct summary_render *r, const struct cnap_report *rep, double x, double y, double w)
{
	const char *const *names = cnap_report_decomp_labels;
	const char *const (*keys)[CNAP_REPORT_DECOMP_TERMS] = cnap_report_decomp_keys;
	const char *head = cnap_arena_printf(&r->arena, "要因分析（万t-CO2、方法: %s）",
					     cnap_calc_decomp_method_label_ja(rep->method));
	y += text(r, head, r->bold, x, y, w, PANGO_ALIGN_LEFT) + 4;
	int years[2][2] = { { rep->decomp_base_year, rep->year }, { rep->decomp_prev_year, rep->year } };
	double cw = w / 3;
	text(r, "要因", r->bold, x, y, cw, PANGO_ALIGN_LEFT);
	for (int k = 0; k < 2; k++)
		text(r, cnap_arena_printf(&r->arena, "%d→%d年度", years[k][0], years[k][1]), r->bold, x + cw * (k + 1), y,
		     cw - 4, PANGO_ALIGN_RIGHT);
	y += 16;
	cnap_pdf_hline(&r->pdf, x, x + w, y - 2);
	for (int i = 0; i < 5; i++) {
		text(r, names[i], r->body, x, y, cw, PANGO_ALIGN_LEFT);
		for (int k = 0; k < 2; k++)
			text(r, fmt(r, rep, keys[k][i], ""), r->body, x + cw * (k + 1), y, cw - 4, PANGO_ALIGN_RIGHT);
		y += 15;
	}
	cnap_pdf_hline(&r->pdf, x, x + w, y);
}

static void association_page(struct summary_render *r, const struct cnap_summary_row *row)
{
	cnap_pdf_next_page(&r->pdf);
	cnap_pdf_add_outline(&r->pdf, row->association_name);
	double y = MARGIN;
	y += text(r, row->association_name, r->title, MARGIN, y, PAGE_W - 2 * MARGIN, PANGO_ALIGN_LEFT) + 4;
	if (!row->data) {
		text(r, "定量データが提出されていません。", r->body, MARGIN, y + 10, PAGE_W, PANGO_ALIGN_LEFT);
		footer(r);
		return;
	}
	const struct cnap_survey_data *d = row->data;
	y += text(r, cnap_arena_printf(&r->arena, "目標：%s", d->target.text ? d->target.text : cnap_indicator_label_ja(d->target.indicator)),
		  r->body, MARGIN, y, PAGE_W - 2 * MARGIN, PANGO_ALIGN_LEFT) + 8;
	double cw = (PAGE_W - 2 * MARGIN - 20) / 2;
	enum cnap_indicator inds[2] = { d->target.indicator,
					d->target.indicator == CNAP_IND_CO2 ? CNAP_IND_CO2_INTENSITY : CNAP_IND_CO2 };
	for (int i = 0; i < 2; i++) {
		struct cnap_chart c;
		struct cnap_error ignore;
		if (cnap_chart_build(&r->arena, d, inds[i], &c, &ignore) == CNAP_OK)
			draw_chart(r, &c, MARGIN + i * (cw + 20), y, cw, 250);
	}
	decomposition_table(r, row->report, MARGIN, y + 270, cw);
	footer(r);
}

const char *cnap_summary_title(struct cnap_arena *a, const struct cnap_summary *s)
{
	char era[64];
	if (!cnap_jp_era_fiscal_year(s->cycle_year, true, era, sizeof(era)))
		era[0] = '\0';
	return cnap_arena_printf(a, "%s評価・検証WG「%s」 進捗状況の概要（%d年度実績）", era, s->wg_name, s->cycle_year - 1);
}

enum cnap_err cnap_summary_pdf_write(const struct cnap_summary *s, const char *pinned_date, struct cnap_buf *out,
				     struct cnap_error *err)
{
	if (!cnap_pdf_date_ok(pinned_date))
		return cnap_fail(err, CNAP_EINVAL, "date", "the PDF date must look like 2023-11-01T00:00:00");
	struct summary_render r = { .s = s };
	cnap_arena_init(&r.arena);
	enum cnap_err rc = cnap_pdf_open(&r.pdf, PAGE_W, PAGE_H, out, err);
	if (rc) {
		cnap_arena_release(&r.arena);
		return rc;
	}
	r.small = font(7.5, false);
	r.body = font(8.5, false);
	r.bold = font(8.5, true);
	r.title = font(13, true);
	const char *title = cnap_summary_title(&r.arena, s);
	cnap_pdf_set_metadata(&r.pdf, title, "進捗状況の概要", pinned_date);
	cnap_pdf_add_outline(&r.pdf, "進捗状況の概要");
	overview_page(&r);
	for (size_t i = 0; i < s->n_rows; i++)
		association_page(&r, &s->rows[i]);
	rc = cnap_pdf_close(&r.pdf, err);
	pango_font_description_free(r.small);
	pango_font_description_free(r.body);
	pango_font_description_free(r.bold);
	pango_font_description_free(r.title);
	cnap_arena_release(&r.arena);
	return rc;
}
