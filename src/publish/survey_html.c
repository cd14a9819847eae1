#include "base/compat.h"
#include "calc/round.h"
#include "publish/survey_html.h"

#include <string.h>

static void num(struct cnap_buf *b, double v, int decimals)
{
	char s[CNAP_CALC_NUMBER_BUFSZ];
	cnap_calc_format(v, decimals, CNAP_CALC_FMT_THOUSANDS | CNAP_CALC_FMT_DASH_INVALID, s, sizeof(s));
	cnap_buf_adds(b, s);
}

static void cell_num(struct cnap_buf *b, bool has, double v, int decimals)
{
	cnap_buf_adds(b, "<td class=\"num\">");
	if (has)
		num(b, v, decimals);
	else
		cnap_buf_adds(b, "—");
	cnap_buf_adds(b, "</td>");
}

static void cell_text(struct cnap_buf *b, const char *s)
{
	cnap_buf_adds(b, "<td>");
	cnap_buf_add_html(b, s ? s : "");
	cnap_buf_adds(b, "</td>");
}

static void heading(struct cnap_buf *b, const char *s)
{
	cnap_buf_adds(b, "<h3>");
	cnap_buf_add_html(b, s);
	cnap_buf_adds(b, "</h3>\n");
}

static void item_row(struct cnap_buf *b, const struct cnap_report *r, const char *key)
{
	const struct cnap_report_item *it = cnap_report_find(r, key);
	if (!it)
		return;
	cnap_buf_adds(b, "<tr><th scope=\"row\">");
	cnap_buf_add_html(b, it->label);
	cnap_buf_adds(b, "</th><td class=\"num\">");
	if (it->text) {
		cnap_buf_add_html(b, it->text);
	} else {
		char s[CNAP_CALC_NUMBER_BUFSZ];
		cnap_calc_format_value(it->value, it->decimals, CNAP_CALC_FMT_THOUSANDS | CNAP_CALC_FMT_DASH_INVALID, s,
				       sizeof(s));
		cnap_buf_add_html(b, s);
		if (it->value.computable && it->unit && *it->unit) {
			cnap_buf_adds(b, " <span class=\"unit\">");
			cnap_buf_add_html(b, it->unit);
			cnap_buf_adds(b, "</span>");
		}
	}
	cnap_buf_adds(b, "</td><td class=\"note\">");
	if (!it->value.computable && !it->text) {
		cnap_buf_adds(b, "算定不能：");
		cnap_buf_add_html(b, cnap_calc_reason_label_ja(it->value.why));
	} else {
		cnap_buf_add_html(b, it->formula);
	}
	cnap_buf_adds(b, "</td></tr>\n");
}

static void series_table(struct cnap_buf *b, const struct cnap_survey_data *d)
{
	heading(b, "実績の総括表（時系列）");
	cnap_buf_adds(b, "<div class=\"scroll\"><table class=\"data\"><thead><tr><th scope=\"col\">年度</th>");
	static const char *const cols[] = { "生産活動量", "エネルギー消費量<br>（万kl）", "購入電力<br>（億kWh）",
					    "CO2排出量<br>（万t-CO2）", "電力排出係数<br>（kg-CO2/kWh）" };
	for (size_t i = 0; i < CNAP_ARRAY_LEN(cols); i++) {
		cnap_buf_adds(b, "<th scope=\"col\">");
		if (i == 0) {
			cnap_buf_adds(b, "生産活動量<br>（");
			cnap_buf_add_html(b, d->activity_unit ? d->activity_unit : "単位未記入");
			cnap_buf_adds(b, "）");
		} else {
			cnap_buf_adds(b, cols[i]); /* static markup */
		}
		cnap_buf_adds(b, "</th>");
	}
	cnap_buf_adds(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < d->n_series; i++) {
		const struct cnap_series_row *row = &d->series[i];
		cnap_buf_addf(b, "<tr%s><th scope=\"row\">%d%s</th>", row->forecast ? " class=\"forecast\"" : "", row->year,
			      row->forecast ? "（見通し）" : "");
		cell_num(b, row->has & CNAP_SF_ACTIVITY, row->activity, 1);
		cell_num(b, row->has & CNAP_SF_ENERGY, row->energy, 1);
		cell_num(b, row->has & CNAP_SF_ELECTRICITY, row->electricity, 1);
		cell_num(b, row->has & CNAP_SF_CO2, row->co2, 1);
		cell_num(b, row->has & CNAP_SF_ELEC_FACTOR, row->elec_factor, 3);
		cnap_buf_adds(b, "</tr>\n");
	}
	cnap_buf_adds(b, "</tbody></table></div>\n");
}

/* What cnap computed from the fuels when the version was saved, beside what the association reported. */
static void fuel_totals_table(struct cnap_buf *b, const struct cnap_survey_data *d)
{
	if (!d->n_fuel_totals)
		return;
	heading(b, "燃料別エネルギーからの換算（報告値との比較）");
	cnap_buf_adds(b, "<div class=\"scroll\"><table class=\"data\"><thead><tr><th scope=\"col\">年度</th>"
			 "<th scope=\"col\">熱量合計<br>（GJ）</th><th scope=\"col\">原油換算 計算値<br>（万kl）</th>"
			 "<th scope=\"col\">報告値<br>（万kl）</th><th scope=\"col\">差<br>（万kl）</th>"
			 "<th scope=\"col\">CO2 計算値<br>（万t-CO2）</th><th scope=\"col\">報告値<br>（万t-CO2）</th>"
			 "<th scope=\"col\">差<br>（万t-CO2）</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < d->n_fuel_totals; i++) {
		const struct cnap_fuel_total *t = &d->fuel_totals[i];
		const struct cnap_series_row *row = cnap_survey_row_kind(d, t->year, t->forecast);
		bool e = row && (row->has & CNAP_SF_ENERGY), c = row && (row->has & CNAP_SF_CO2);
		cnap_buf_addf(b, "<tr><th scope=\"row\">%d%s</th>", t->year, t->forecast ? "（見通し）" : "");
		cell_num(b, true, t->heat_gj, 0);
		cell_num(b, true, t->energy_man_kl, 1);
		cell_num(b, e, e ? row->energy : 0, 1);
		cell_num(b, e, e ? row->energy - t->energy_man_kl : 0, 1);
		cell_num(b, t->has_co2, t->co2_man_t, 1);
		cell_num(b, c, c ? row->co2 : 0, 1);
		cell_num(b, c && t->has_co2, c ? row->co2 - t->co2_man_t : 0, 1);
		cnap_buf_adds(b, "</tr>\n");
	}
	cnap_buf_adds(b, "</tbody></table></div>\n");
	if (d->fuel_totals[0].coefficients) {
		cnap_buf_adds(b, "<p class=\"note\">係数マスター ");
		cnap_buf_add_html(b, d->fuel_totals[0].coefficients);
		cnap_buf_adds(b, " により提出時に計算。差 = 報告値 − 計算値。</p>\n");
	}
}

static void target_table(struct cnap_buf *b, const struct cnap_survey_data *d, const struct cnap_report *r)
{
	heading(b, "目標と進捗");
	cnap_buf_adds(b, "<p class=\"target\">");
	cnap_buf_add_html(b, d->target.text ? d->target.text : cnap_indicator_label_ja(d->target.indicator));
	cnap_buf_adds(b, "（");
	cnap_buf_add_html(b, cnap_target_kind_label_ja(d->target.kind));
	cnap_buf_adds(b, "・電力排出係数：");
	cnap_buf_add_html(b, cnap_factor_type_label_ja(d->factor_type));
	cnap_buf_adds(b, "）</p>\n<table class=\"kv\"><tbody>\n");
	static const char *const keys[] = { "base_level", "target_level", "indicator_now", "change_vs_base",
					    "progress_rate", "expected_ratio", "classification" };
	for (size_t i = 0; i < CNAP_ARRAY_LEN(keys); i++)
		item_row(b, r, keys[i]);
	cnap_buf_adds(b, "</tbody></table>\n");
}

static void decomposition_table(struct cnap_buf *b, const struct cnap_report *r)
{
	const char *const *names = cnap_report_decomp_labels;
	const char *const (*keys)[CNAP_REPORT_DECOMP_TERMS] = cnap_report_decomp_keys;
	cnap_buf_adds(b, "<h3>要因分析（万t-CO2）</h3>\n<p class=\"note\">方法：");
	cnap_buf_add_html(b, cnap_calc_decomp_method_label_ja(r->method));
	cnap_buf_adds(b, "</p>\n<table class=\"data\"><thead><tr><th scope=\"col\">要因</th>");
	cnap_buf_addf(b, "<th scope=\"col\">%d→%d年度</th><th scope=\"col\">%d→%d年度</th></tr></thead><tbody>\n",
		      r->decomp_base_year, r->year, r->decomp_prev_year, r->year);
	for (int i = 0; i < 5; i++) {
		cnap_buf_adds(b, "<tr><th scope=\"row\">");
		cnap_buf_adds(b, names[i]);
		cnap_buf_adds(b, "</th>");
		for (int k = 0; k < 2; k++) {
			const struct cnap_report_item *it = cnap_report_find(r, keys[k][i]);
			cell_num(b, it && it->value.computable, it ? it->value.value : 0, 2);
		}
		cnap_buf_adds(b, "</tr>\n");
	}
	cnap_buf_adds(b, "</tbody></table>\n");
}

static void lists(struct cnap_buf *b, const struct cnap_survey_data *d, const struct cnap_report *r)
{
	if (d->n_bat) {
		heading(b, "BAT・ベストプラクティスの導入状況");
		cnap_buf_adds(b, "<table class=\"data\"><thead><tr><th scope=\"col\">BAT・ベストプラクティス</th>"
				 "<th scope=\"col\">導入状況・普及率（%）</th><th scope=\"col\">2030年度目標（%）</th>"
				 "<th scope=\"col\">導入・普及に向けた課題</th></tr></thead><tbody>\n");
		for (size_t i = 0; i < d->n_bat; i++) {
			cnap_buf_adds(b, "<tr>");
			cell_text(b, d->bat[i].name);
			cell_num(b, d->bat[i].has_adoption, d->bat[i].adoption_pct, 1);
			cell_num(b, d->bat[i].has_target, d->bat[i].target_2030_pct, 1);
			cell_text(b, d->bat[i].issues);
			cnap_buf_adds(b, "</tr>\n");
		}
		cnap_buf_adds(b, "</tbody></table>\n");
	}
	if (d->n_measures) {
		heading(b, "実施した対策、投資額と削減効果");
		cnap_buf_adds(b, "<table class=\"data\"><thead><tr><th scope=\"col\">年度</th><th scope=\"col\">対策</th>"
				 "<th scope=\"col\">投資額（百万円）</th><th scope=\"col\">エネルギー削減量（kl/年）</th>"
				 "<th scope=\"col\">CO2削減量（t-CO2/年）</th><th scope=\"col\">使用期間（年）</th>"
				 "<th scope=\"col\">費用対効果（円/t-CO2）</th></tr></thead><tbody>\n");
		for (size_t i = 0; i < d->n_measures; i++) {
			const struct cnap_measure *m = &d->measures[i];
			cnap_buf_addf(b, "<tr%s><td>%d%s</td>", m->planned ? " class=\"forecast\"" : "", m->year,
				      m->planned ? "（予定）" : "");
			cell_text(b, m->name);
			cell_num(b, m->has_investment, m->investment_million_yen, 0);
			cell_num(b, m->has_energy_saving, m->energy_saving_kl, 0);
			cell_num(b, m->has_co2_reduction, m->co2_reduction_t, 0);
			cell_num(b, m->has_service_life, m->service_life_years, 0);
			char key[48];
			snprintf(key, sizeof(key), "measure_%zu_cost_per_t", i);
			const struct cnap_report_item *it = cnap_report_find(r, key);
			cell_num(b, it && it->value.computable, it ? it->value.value : 0, 0);
			cnap_buf_adds(b, "</tr>\n");
		}
		cnap_buf_adds(b, "</tbody></table>\n");
	}
	if (d->n_coverage) {
		heading(b, "カバー率");
		cnap_buf_adds(b, "<table class=\"data\"><thead><tr><th scope=\"col\">指標</th><th scope=\"col\">業界全体</th>"
				 "<th scope=\"col\">業界団体</th><th scope=\"col\">計画参加</th>"
				 "<th scope=\"col\">業界カバー率（%）</th><th scope=\"col\">出所</th></tr></thead><tbody>\n");
		for (size_t i = 0; i < d->n_coverage; i++) {
			const struct cnap_coverage_metric *c = &d->coverage[i];
			cnap_buf_adds(b, "<tr>");
			cell_text(b, c->metric);
			cell_num(b, c->has_industry, c->industry, 0);
			cell_num(b, c->has_association, c->association, 0);
			cell_num(b, c->has_participants, c->participants, 0);
			char key[48];
			snprintf(key, sizeof(key), "coverage_%zu_industry", i);
			const struct cnap_report_item *it = cnap_report_find(r, key);
			cell_num(b, it && it->value.computable, it ? it->value.value : 0, 1);
			cell_text(b, c->source);
			cnap_buf_adds(b, "</tr>\n");
		}
		cnap_buf_adds(b, "</tbody></table>\n");
	}
	if (d->n_credits || d->n_certificates) {
		heading(b, "クレジット・非化石証書の活用");
		cnap_buf_adds(b, "<table class=\"data\"><thead><tr><th scope=\"col\">年度</th><th scope=\"col\">種別</th>"
				 "<th scope=\"col\">内容</th><th scope=\"col\">量</th></tr></thead><tbody>\n");
		for (size_t i = 0; i < d->n_credits; i++) {
			cnap_buf_addf(b, "<tr><td>%d</td>", d->credits[i].year);
			cell_text(b, d->credits[i].type);
			cell_text(b, d->credits[i].project);
			cnap_buf_adds(b, "<td class=\"num\">");
			num(b, d->credits[i].volume_t, 0);
			cnap_buf_adds(b, " t-CO2</td></tr>\n");
		}
		for (size_t i = 0; i < d->n_certificates; i++) {
			cnap_buf_addf(b, "<tr><td>%d</td><td>非化石証書</td><td></td><td class=\"num\">", d->certificates[i].year);
			num(b, d->certificates[i].kwh, 0);
			cnap_buf_adds(b, " kWh（");
			if (d->certificates[i].has_co2)
				num(b, d->certificates[i].co2_t, 0);
			else
				cnap_buf_adds(b, "—");
			cnap_buf_adds(b, " t-CO2）</td></tr>\n");
		}
		cnap_buf_adds(b, "</tbody></table>\n");
	}
}

enum cnap_err cnap_survey_html(const struct cnap_survey_data *d, const struct cnap_report *r, struct cnap_buf *b,
			       struct cnap_error *err)
{
	cnap_buf_adds(b, "<section class=\"survey-data\">\n");
	target_table(b, d, r);
	series_table(b, d);
	fuel_totals_table(b, d);
	decomposition_table(b, r);
	lists(b, d, r);
	cnap_buf_adds(b, "<p class=\"note\">数値は調査票の定量データから再計算（表示は四捨五入、▲は減少）。</p>\n</section>\n");
	return b->status ? cnap_buf_error(b, err, "the survey tables") : CNAP_OK;
}
