/*
 * The quantitative survey data on the association page (issue 4): the tables
 * and charts that publish/ renders from the latest submission's data and the
 * calculation engine's report. They arrive as markup built by our own code
 * with every text escaped, so they enter the view as trusted HTML.
 */
#include "base/compat.h"
#include "calc/report.h"
#include "io/cycle_json.h"
#include "publish/chart.h"
#include "publish/survey_html.h"
#include "web/cache.h"
#include "web/pages.h"

#include <string.h>

/* Between the parts of a cached fragment; never produced by the escaping renderers (no raw '\x1e'). */
#define SPLIT "\x1e"

static void add_chart(struct web_req *req, struct cnap_buf *svg, const struct cnap_survey_data *d,
		      enum cnap_indicator ind)
{
	struct cnap_chart chart;
	if (cnap_chart_build(req->arena, d, ind, &chart, NULL) == CNAP_OK) {
		cnap_buf_adds(svg, "<figure class=\"chart\">");
		cnap_chart_svg(&chart, 560, 280, svg, NULL);
		cnap_buf_adds(svg, "</figure>\n");
	}
}

/* The fragment "version SPLIT charts SPLIT tables", or "" when the submission has no data. */
static const char *build_fragment(struct web_req *req, int year, const struct cnap_uc_outline *o, int *version)
{
	const struct cnap_submission *sub = cnap_uc_latest_data_submission(&o->part);
	struct cnap_cycle cy;
	struct cnap_survey_data *d;
	struct cnap_report r;
	if (!sub || cnap_uc_cycle_get(req->store, &req->user->actor, year, req->arena, &cy, NULL) ||
	    cnap_survey_data_parse(sub->data_json, strlen(sub->data_json), "data", req->arena, &d, NULL))
		return "";
	*version = sub->version;
	enum cnap_decomp_method method = cnap_calc_decomp_method_from_name(cy.decomposition_method);
	if (cnap_report_build(req->arena, d, cy.actual_fiscal_year, method, &r))
		return "";
	struct cnap_buf tables, charts;
	cnap_buf_init(&tables, 4 * 1024 * 1024);
	cnap_buf_init(&charts, 4 * 1024 * 1024);
	const char *fragment = "";
	add_chart(req, &charts, d, d->target.indicator);
	if (d->target.indicator != CNAP_IND_CO2)
		add_chart(req, &charts, d, CNAP_IND_CO2);
	if (cnap_survey_html(d, &r, &tables, NULL) == CNAP_OK && !charts.status)
		fragment = cnap_arena_printf(req->arena, "%d" SPLIT "%s" SPLIT "%s", *version,
					     charts.data ? charts.data : "", tables.data);
	cnap_buf_release(&tables);
	cnap_buf_release(&charts);
	return fragment ? fragment : "";
}

struct tv *web_survey_view(struct web_req *req, int year, const struct cnap_uc_outline *o)
{
	/* Formatting every figure and drawing the charts costs more than the rest of the page: keep it per write. */
	const char *key = cnap_arena_printf(req->arena, "survey:%d/%s/%s", year, o->part.wg_code, o->as.code);
	const char *fragment = web_fragment_get(key, req->arena);
	int version = 0;
	if (!fragment) {
		fragment = build_fragment(req, year, o, &version);
		web_fragment_put(key, fragment, req->gen);
	}
	const char *charts = strstr(fragment, SPLIT), *tables = charts ? strstr(charts + 1, SPLIT) : NULL;
	if (!tables)
		return NULL;
	struct tv *v = tv_map(req->arena);
	tv_put_int(v, "version", strtol(fragment, NULL, 10));
	tv_put(v, "charts", tv_html(req->arena, cnap_arena_strndup(req->arena, charts + strlen(SPLIT),
								    (size_t)(tables - charts) - strlen(SPLIT))));
	tv_put(v, "tables", tv_html(req->arena, tables + strlen(SPLIT)));
	return v;
}
