/*
 * An association across the years (/c/{year}/w/{wg}/a/{assoc}/years,
 * usecase/history.h): each year's WG, final version, questions and answers,
 * and the actuals each year's survey reported, charted against the target.
 */
#include "base/compat.h"
#include "base/jpfmt.h"
#include "publish/chart.h"
#include "usecase/history.h"
#include "web/pages.h"

#include <math.h>
#include <string.h>

enum { F_ACTIVITY, F_ENERGY, F_CO2, F_COUNT };

static const char *cell(struct web_req *req, const struct cnap_series_row *r, int field)
{
	static const unsigned bits[F_COUNT] = { CNAP_SF_ACTIVITY, CNAP_SF_ENERGY, CNAP_SF_CO2 };
	if (!r || !(r->has & bits[field]))
		return "—";
	double v = field == F_ACTIVITY ? r->activity : field == F_ENERGY ? r->energy : r->co2;
	/* as many decimals as the survey gave, up to four */
	int decimals = 0;
	for (double scaled = v; decimals < 4 && fabs(scaled - round(scaled)) > 1e-9 * fmax(1.0, fabs(scaled)); decimals++)
		scaled *= 10;
	char buf[64];
	if (cnap_jp_format_number(v, decimals, CNAP_JP_NUM_THOUSANDS | CNAP_JP_NUM_DASH_INVALID, buf, sizeof buf))
		return "—";
	return cnap_arena_strdup(req->arena, buf);
}

static void put_table(struct web_req *req, struct tv *v, const struct cnap_uc_history *h)
{
	struct tv *cols = tv_put_list(v, "columns");
	size_t n = 0;
	for (size_t i = h->n_years; i-- > 0;) {
		if (!h->years[i].reported)
			continue;
		struct tv *m = tv_push_map(cols);
		tv_put_str(m, "label", web_era(req->arena, h->years[i].year));
		tv_put_str(m, "sub", cnap_arena_printf(req->arena, "%d年度実績", h->years[i].actual_year));
		n++;
	}
	tv_put_bool(v, "has_table", n > 0);
	const struct cnap_survey_data *d = h->reported;
	const char *labels[F_COUNT] = { d && d->activity_name ? d->activity_name : web_t(WS_years_activity),
					web_t(WS_years_energy), web_t(WS_years_co2) };
	const char *units[F_COUNT] = { d ? d->activity_unit : NULL, web_t(WS_years_energy_unit), web_t(WS_years_co2_unit) };
	struct tv *rows = tv_put_list(v, "rows");
	for (int f = 0; f < F_COUNT; f++) {
		struct tv *r = tv_push_map(rows);
		tv_put_str(r, "label", labels[f]);
		tv_put_str(r, "unit", units[f]);
		struct tv *cells = tv_put_list(r, "cells");
		for (size_t i = h->n_years; i-- > 0;)
			if (h->years[i].reported)
				tv_put_str(tv_push_map(cells), "v", cell(req, h->years[i].reported, f));
	}
}

static void put_chart(struct web_req *req, struct tv *v, const struct cnap_uc_history *h)
{
	struct cnap_chart chart;
	struct cnap_buf svg;
	if (!h->reported || cnap_chart_build(req->arena, h->reported, h->reported->target.indicator, &chart, NULL))
		return;
	cnap_buf_init(&svg, 1024 * 1024);
	cnap_buf_adds(&svg, "<figure class=\"chart\">");
	cnap_chart_svg(&chart, 560, 280, &svg, NULL);
	cnap_buf_adds(&svg, "</figure>\n");
	cnap_buf_addc(&svg, '\0');
	if (!svg.status)
		tv_put(v, "chart", tv_html(req->arena, cnap_arena_strdup(req->arena, svg.data)));
	cnap_buf_release(&svg);
}

void h_association_years(struct web_req *req, struct web_resp *resp)
{
	struct assoc_ctx c;
	if (!web_assoc_ctx_load(req, resp, &c))
		return;
	struct cnap_uc_history h;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_association_history(req->store, &req->user->actor, c.assoc, req->arena, &h, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	char today[16];
	web_today_jst(today);
	struct tv *v = web_page(req, resp, WT_years, WS_years_title);
	tv_put_str(v, "page_title", cnap_arena_printf(req->arena, "%s%s", h.as.name, web_t(WS_years_heading)));
	web_assoc_ctx_put(req, v, &c);
	put_chart(req, v, &h);
	put_table(req, v, &h);
	struct tv *years = tv_put_list(v, "years");
	for (size_t i = 0; i < h.n_years; i++) {
		const struct cnap_uc_history_year *y = &h.years[i];
		struct tv *m = tv_push_map(years);
		tv_put_str(m, "era", web_era(req->arena, y->year));
		tv_put_str(m, "url", cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s", y->year, y->wg.code, c.assoc));
		tv_put_str(m, "wg_name", y->wg.name);
		tv_put_int(m, "version", y->version);
		struct tv *qs = tv_put_list(m, "questions");
		for (size_t k = 0; k < y->n_questions; k++) {
			const struct cnap_question *q = &y->questions[k];
			if (q->status == CNAP_Q_WITHDRAWN || q->status == CNAP_Q_MERGED)
				continue;
			struct tv *qm = tv_push(qs, web_view_question(req, q, today));
			tv_put_str(qm, "item_label", web_item_label(req->arena, &y->tmpl, &h.as, q->item_key));
			tv_put_str(qm, "excerpt", web_excerpt(req->arena, q->text, 80));
			if (q->has_answer && q->answer.status != CNAP_A_DRAFT)
				tv_put_str(qm, "answer_excerpt", web_excerpt(req->arena, q->answer.text, 80));
		}
		tv_put_bool(m, "has_questions", qs->n > 0);
	}
}
