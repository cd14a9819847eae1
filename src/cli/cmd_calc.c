/* cnap calc: every indicator of the latest submission(s), with inputs and method. */
#include "base/compat.h"
#include "calc/fuel.h"
#include "calc/report.h"
#include "calc/round.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "usecase/organisation.h"
#include "usecase/survey.h"
#include "usecase/survey_form.h"

#include <string.h>

static void format_item(const struct cnap_report_item *it, char *out, size_t n)
{
	if (it->text) {
		snprintf(out, n, "%s", it->text);
		return;
	}
	unsigned flags = CNAP_CALC_FMT_DASH_INVALID | CNAP_CALC_FMT_THOUSANDS;
	cnap_calc_format_value(it->value, it->decimals, flags, out, n);
}

static json_t *report_json(const struct cnap_association *as, const struct cnap_survey_data *d, int version,
			   const struct cnap_report *r)
{
	json_t *items = json_array();
	for (size_t i = 0; i < r->n_items; i++) {
		const struct cnap_report_item *it = &r->items[i];
		char shown[CNAP_CALC_NUMBER_BUFSZ];
		format_item(it, shown, sizeof(shown));
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "group", it->group, "key", it->key, "label",
				      it->label, "unit", it->unit ? it->unit : "", "formula", it->formula, "shown", shown);
		json_object_set_new(o, "value", it->value.computable ? json_real(it->value.value) : json_null());
		if (!it->value.computable)
			json_object_set_new(o, "not_computable", json_string(cnap_calc_reason_label_ja(it->value.why)));
		if (it->text)
			json_object_set_new(o, "text", json_string(it->text));
		json_t *inputs = json_array();
		for (size_t k = 0; k < it->n_inputs; k++) {
			json_t *in = json_pack("{s:s, s:f}", "name", it->inputs[k].name, "value", it->inputs[k].value);
			if (it->inputs[k].year)
				json_object_set_new(in, "year", json_integer(it->inputs[k].year));
			json_array_append_new(inputs, in);
		}
		json_object_set_new(o, "inputs", inputs);
		json_array_append_new(items, o);
	}
	return json_pack("{s:s, s:s, s:i, s:i, s:s, s:s, s:s, s:o}", "association", as->code, "name", as->name,
			 "submission_version", version, "year", r->year, "target",
			 d->target.text ? d->target.text : cnap_indicator_label_ja(d->target.indicator),
			 "decomposition_method", r->method_name, "electricity_factor",
			 cnap_factor_type_label_ja(d->factor_type), "indicators", items);
}

/* The years whose fuels were entered, in order (one entry per (year, forecast)). */
static size_t fuel_years(const struct cnap_survey_data *d, const struct cnap_fuel_use **first, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n_fuels && n < max; i++)
		if (!i || d->fuels[i].year != d->fuels[i - 1].year || d->fuels[i].forecast != d->fuels[i - 1].forecast)
			first[n++] = &d->fuels[i];
	return n;
}

static json_t *value_json(struct cnap_calc_value v)
{
	return v.computable ? json_real(v.value) : json_null();
}

static json_t *fuels_json(const struct cnap_coef_master *m, const struct cnap_survey_data *d, struct cnap_arena *a)
{
	const struct cnap_fuel_use *years[64];
	size_t n = fuel_years(d, years, CNAP_ARRAY_LEN(years));
	json_t *arr = json_array();
	for (size_t k = 0; k < n; k++) {
		struct cnap_fuel_year fy;
		if (cnap_calc_fuel_year(m, d, years[k]->year, years[k]->forecast, a, &fy, NULL))
			break;
		json_t *lines = json_array();
		for (size_t i = 0; i < fy.n_lines; i++) {
			const struct cnap_fuel_line *l = &fy.lines[i];
			json_t *o = json_pack("{s:s, s:s, s:s, s:f}", "fuel", l->fuel, "name", l->name, "unit", l->unit,
					      "quantity", l->quantity);
			json_object_set_new(o, "gj_per_unit", json_real(l->gj_per_unit));
			json_object_set_new(o, "heat_edition", json_integer(l->heat_edition));
			json_object_set_new(o, "heat_source", l->heat_source ? json_string(l->heat_source) : json_null());
			json_object_set_new(o, "heat_gj", value_json(l->heat_gj));
			json_object_set_new(o, "crude_oil_kl", value_json(l->crude_oil_kl));
			json_object_set_new(o, "carbon_factor", l->carbon_source ? json_real(l->tc_per_gj) : json_null());
			json_object_set_new(o, "carbon_source", l->carbon_source ? json_string(l->carbon_source) : json_null());
			json_object_set_new(o, "co2_t", value_json(l->co2_t));
			json_array_append_new(lines, o);
		}
		const struct cnap_series_row *row = cnap_survey_row_kind(d, fy.year, fy.forecast);
		json_t *o = json_pack("{s:i, s:b, s:o, s:o, s:o, s:o, s:s}", "year", fy.year, "forecast", fy.forecast,
				      "lines", lines, "heat_gj", value_json(fy.heat_gj), "energy_man_kl",
				      value_json(fy.energy_man_kl), "co2_man_t", value_json(fy.co2_man_t),
				      "coefficients", m->version);
		if (row && (row->has & CNAP_SF_ENERGY)) {
			json_object_set_new(o, "reported_energy_man_kl", json_real(row->energy));
			if (fy.energy_man_kl.computable)
				json_object_set_new(o, "energy_difference", json_real(row->energy - fy.energy_man_kl.value));
		}
		if (row && (row->has & CNAP_SF_CO2)) {
			json_object_set_new(o, "reported_co2_man_t", json_real(row->co2));
			if (fy.co2_man_t.computable)
				json_object_set_new(o, "co2_difference", json_real(row->co2 - fy.co2_man_t.value));
		}
		json_array_append_new(arr, o);
	}
	return arr;
}

static const char *shown(struct cnap_calc_value v, int decimals, char *buf, size_t n)
{
	cnap_calc_format_value(v, decimals, CNAP_CALC_FMT_DASH_INVALID | CNAP_CALC_FMT_THOUSANDS, buf, n);
	return buf;
}

static void fuels_text(const struct cnap_coef_master *m, const struct cnap_survey_data *d, struct cnap_arena *a)
{
	const struct cnap_fuel_use *years[64];
	size_t n = fuel_years(d, years, CNAP_ARRAY_LEN(years));
	char b1[CNAP_CALC_NUMBER_BUFSZ], b2[CNAP_CALC_NUMBER_BUFSZ], b3[CNAP_CALC_NUMBER_BUFSZ];
	for (size_t k = 0; k < n; k++) {
		struct cnap_fuel_year fy;
		if (cnap_calc_fuel_year(m, d, years[k]->year, years[k]->forecast, a, &fy, NULL))
			return;
		printf("  [燃料別エネルギー %d年度%s（係数マスター %s）]\n", fy.year, fy.forecast ? "見通し" : "実績", m->version);
		for (size_t i = 0; i < fy.n_lines; i++) {
			const struct cnap_fuel_line *l = &fy.lines[i];
			printf("    ");
			cli_print_padded(l->name, 28);
			printf(" %14s %-6s × %g GJ/%s（%d年版）= %14s GJ → 原油換算 %s kl", cnap_calc_format(l->quantity, l->quantity == (double)(long long)l->quantity ? 0 : 3, CNAP_CALC_FMT_THOUSANDS, b1, sizeof(b1)) ? "" : b1,
			       l->unit, l->gj_per_unit, l->unit, l->heat_edition, shown(l->heat_gj, 0, b2, sizeof(b2)),
			       shown(l->crude_oil_kl, 1, b3, sizeof(b3)));
			if (l->co2_t.computable && strcmp(l->fuel, CNAP_FUEL_ELECTRICITY) == 0)
				printf("、CO2 %s t-CO2（%g kg-CO2/kWh: %s）", shown(l->co2_t, 1, b1, sizeof(b1)), l->tc_per_gj,
				       l->carbon_source);
			else if (l->co2_t.computable)
				printf("、CO2 %s t-CO2（%g t-C/GJ × 44/12、%d年版）", shown(l->co2_t, 1, b1, sizeof(b1)), l->tc_per_gj,
				       l->carbon_edition);
			else
				printf("、CO2 算定不能（%s）", cnap_calc_reason_label_ja(l->co2_t.why));
			printf("\n");
		}
		const struct cnap_series_row *row = cnap_survey_row_kind(d, fy.year, fy.forecast);
		printf("    熱量合計 %s GJ → 原油換算 %s 万kl", shown(fy.heat_gj, 0, b1, sizeof(b1)),
		       shown(fy.energy_man_kl, 4, b2, sizeof(b2)));
		if (row && (row->has & CNAP_SF_ENERGY) && fy.energy_man_kl.computable)
			printf("（報告値 %s 万kl、差 %s 万kl）", shown((struct cnap_calc_value){ true, row->energy, 0, NULL }, 1, b1, sizeof(b1)),
			       shown((struct cnap_calc_value){ true, row->energy - fy.energy_man_kl.value, 0, NULL }, 1, b3, sizeof(b3)));
		printf("\n    CO2 %s 万t-CO2", shown(fy.co2_man_t, 1, b1, sizeof(b1)));
		if (!fy.co2_man_t.computable)
			printf("（算定不能: %s。炭素排出係数のない燃料・熱の行があります）",
			       cnap_calc_reason_label_ja(fy.co2_man_t.why));
		if (row && (row->has & CNAP_SF_CO2) && fy.co2_man_t.computable)
			printf("（報告値 %s 万t-CO2、差 %s 万t-CO2）", shown((struct cnap_calc_value){ true, row->co2, 0, NULL }, 1, b2, sizeof(b2)),
			       shown((struct cnap_calc_value){ true, row->co2 - fy.co2_man_t.value, 0, NULL }, 1, b3, sizeof(b3)));
		printf("\n");
	}
}

static void report_text(const struct cnap_association *as, const struct cnap_survey_data *d, int version,
			const struct cnap_report *r)
{
	printf("■ %s（%s）提出版 v%d  %d年度実績\n", as->name, as->code, version, r->year);
	printf("  目標: %s\n", d->target.text ? d->target.text : cnap_indicator_label_ja(d->target.indicator));
	printf("  電力排出係数: %s / 要因分析の方法: %s\n", cnap_factor_type_label_ja(d->factor_type),
	       cnap_calc_decomp_method_label_ja(r->method));
	const char *group = "";
	for (size_t i = 0; i < r->n_items; i++) {
		const struct cnap_report_item *it = &r->items[i];
		if (strcmp(group, it->group) != 0) {
			group = it->group;
			printf("  [%s]\n", group);
		}
		char shown[CNAP_CALC_NUMBER_BUFSZ];
		format_item(it, shown, sizeof(shown));
		printf("    ");
		cli_print_padded(it->label, 40);
		printf(" %14s %s", shown, it->text ? "" : (it->unit ? it->unit : ""));
		if (!it->value.computable)
			printf("  （算定不能: %s）", cnap_calc_reason_label_ja(it->value.why));
		printf("\n");
	}
	printf("\n");
}

int cmd_calc(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		CLI_DB_OPT, CLI_AS_OPT,
		{ "--cycle", true, "YEAR" },
		{ "--wg", true, "only this WG" },
		{ "--association", true, "only this association" },
		{ "--json", false, "print JSON" },
	};
	struct cli_ctx c;
	int code, year = 0;
	if (!cli_begin(&c, "calc", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --cycle YEAR [--wg CODE] [--association CODE] [--json]", 0, &code))
		return code;
	if (!cli_need_year(&c, &year)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	const char *only_wg = cli_str(&c.args, "--wg"), *only_assoc = cli_str(&c.args, "--association");
	struct cnap_error err = { 0 };
	struct cnap_cycle cy;
	struct cnap_wg *wgs;
	size_t nwg;
	enum cnap_err rc;
	if ((rc = cnap_uc_cycle_get(c.store, &c.actor, year, &c.arena, &cy, &err)) ||
	    (rc = cnap_uc_wg_list(c.store, &c.actor, year, &c.arena, &wgs, &nwg, &err)))
		goto out;
	if (only_assoc &&
	    ((rc = cnap_uc_allowed(&c.actor, CNAP_ACT_ASSOCIATION_VIEW, only_wg, only_assoc, &err)) ||
	     (rc = cnap_uc_association_get(c.store, &c.actor, only_assoc, &c.arena, &(struct cnap_association){ 0 }, &err))))
		goto out;
	enum cnap_decomp_method method = cnap_calc_decomp_method_from_name(cy.decomposition_method);
	bool json = cli_flag(&c.args, "--json");
	const struct cnap_coef_master *master;
	if ((rc = cnap_uc_coefficients(&c.arena, &master, &err)))
		goto out;
	json_t *arr = json ? json_array() : NULL;
	size_t shown = 0;
	bool wg_found = !only_wg, assoc_found = !only_assoc;
	for (size_t w = 0; w < nwg && !rc; w++) {
		if (only_wg && strcmp(only_wg, wgs[w].code) != 0)
			continue;
		wg_found = true;
		struct cnap_association *as;
		size_t nas;
		if ((rc = cnap_uc_association_list(c.store, &c.actor, year, wgs[w].code, &c.arena, &as, &nas, &err)))
			break;
		for (size_t i = 0; i < nas && !rc; i++) {
			if (only_assoc && strcmp(only_assoc, as[i].code) != 0)
				continue;
			assoc_found = true;
			struct cnap_survey_data *d;
			struct cnap_report r;
			int version = 0;
			struct cnap_error missing = { 0 };
			if ((rc = cnap_uc_survey_data_latest(c.store, &c.actor, year, wgs[w].code, as[i].code, &c.arena, &d, &version, &missing))) {
				if (rc != CNAP_ENOTFOUND) {
					err = missing;
					break;
				}
				rc = CNAP_OK;
				if (!json)
					printf("■ %s: 定量データのある提出版がありません\n\n", as[i].name);
				continue;
			}
			if (cnap_report_build(&c.arena, d, cy.actual_fiscal_year, method, &r)) {
				rc = cnap_fail(&err, CNAP_ENOMEM, "", "out of memory");
				break;
			}
			shown++;
			if (json) {
				json_t *o = report_json(&as[i], d, version, &r);
				json_object_set_new(o, "fuels", fuels_json(master, d, &c.arena));
				json_array_append_new(arr, o);
			} else {
				report_text(&as[i], d, version, &r);
				fuels_text(master, d, &c.arena);
				if (d->n_fuels)
					printf("\n");
			}
		}
	}
	if (!rc && !wg_found)
		rc = cnap_fail(&err, CNAP_ENOTFOUND, "wg", "unknown WG '%s' in cycle %d", only_wg, year);
	if (!rc && !assoc_found) /* none of the WGs this user may see has it */
		rc = cnap_fail(&err, CNAP_ENOTFOUND, "association", "association '%s' takes part in no WG%s%s of cycle %d",
			       only_assoc, only_wg ? " " : "", only_wg ? only_wg : "", year);
	if (!rc && json) {
		code = cli_print_json(arr) ? EXIT_OK : EXIT_FAILURE_INTERNAL;
		cli_end(&c);
		return code;
	}
	json_decref(arr);
out:
	code = rc ? cli_error(c.command, &err) : EXIT_OK;
	cli_end(&c);
	return code;
}
