#include "base/compat.h"
#include "calc/calc_int.h"
#include "calc/form_calc.h"
#include "calc/fuel.h"
#include "calc/report.h"
#include "calc/round.h"

#include <math.h>
#include <string.h>

const char *cnap_form_display_number(struct cnap_arena *a, const struct cnap_form_line *l, double v)
{
	int decimals = l->decimals >= 0 ? l->decimals : 3;
	/* 0.0258 万kl must not read as 0.0: widen until three significant digits show. */
	if (v != 0 && fabs(v) < 1.0)
		while (decimals < 10 && fabs(v) * pow(10, decimals) < 100)
			decimals++;
	char buf[CNAP_CALC_NUMBER_BUFSZ];
	if (cnap_calc_format(v, decimals, CNAP_CALC_FMT_THOUSANDS, buf, sizeof(buf)))
		return "";
	return cnap_arena_strdup(a, buf);
}

static void put(struct cnap_arena *a, struct cnap_form_cell *c, const struct cnap_form_line *l,
		struct cnap_calc_value v)
{
	c->computed = true;
	if (!v.computable) {
		c->text = NULL;
		c->has_num = false;
		c->why = cnap_calc_reason_label_ja(v.why);
		return;
	}
	c->num = v.value;
	c->has_num = true;
	c->text = cnap_form_display_number(a, l, v.value);
}

static struct cnap_calc_value series_value(const struct cnap_series_row *row, unsigned bit, double v)
{
	return row && (row->has & bit) ? calc_ok(v) : calc_fail(CNAP_CALC_ZERO_DENOMINATOR);
}

static struct cnap_calc_value year_formula(const struct cnap_form_line *l, const struct cnap_survey_data *d,
					   const struct cnap_coef_master *m, int year, enum cnap_year_role role,
					   struct cnap_arena *a)
{
	bool forecast = cnap_year_role_forecast(role);
	const struct cnap_series_row *row = cnap_survey_row_kind(d, year, forecast);
	switch ((enum cnap_form_formula)l->binding) {
	case CNAP_FF_ENERGY_INTENSITY:
		if (!row || (row->has & (CNAP_SF_ENERGY | CNAP_SF_ACTIVITY)) != (CNAP_SF_ENERGY | CNAP_SF_ACTIVITY))
			return calc_fail(CNAP_CALC_MISSING_INPUT);
		return cnap_calc_intensity(row->energy, row->activity);
	case CNAP_FF_CO2_INTENSITY: {
		if (!row || (row->has & (CNAP_SF_CO2 | CNAP_SF_ACTIVITY)) != (CNAP_SF_CO2 | CNAP_SF_ACTIVITY))
			return calc_fail(CNAP_CALC_MISSING_INPUT);
		struct cnap_calc_value v = cnap_calc_intensity(row->co2, row->activity);
		return v.computable ? calc_ok(v.value * 10000.0) : v;
	}
	case CNAP_FF_TARGET_LEVEL:
		if (role != CNAP_YR_TARGET)
			return calc_fail(CNAP_CALC_MISSING_INPUT);
		{
			/* in the unit of the form's own CO2原単位 row (t-CO2 per unit, not 万t) */
			struct cnap_calc_value v = cnap_report_target_path(d, year);
			if (v.computable && d->target.indicator == CNAP_IND_CO2_INTENSITY)
				v.value *= 10000.0;
			return v;
		}
	default:
		break;
	}
	struct cnap_fuel_year fy;
	if (cnap_calc_fuel_year(m, d, year, forecast, a, &fy, NULL))
		return calc_fail(CNAP_CALC_MISSING_INPUT);
	if (!fy.n_lines)
		return calc_fail(CNAP_CALC_MISSING_INPUT);
	switch ((enum cnap_form_formula)l->binding) {
	case CNAP_FF_FUEL_HEAT:
		for (size_t i = 0; i < fy.n_lines; i++)
			if (strcmp(fy.lines[i].fuel, l->fuel) == 0)
				return fy.lines[i].heat_gj;
		return calc_fail(CNAP_CALC_MISSING_INPUT);
	case CNAP_FF_HEAT_TOTAL: return fy.heat_gj;
	case CNAP_FF_ENERGY_COMPUTED: return fy.energy_man_kl;
	case CNAP_FF_CO2_COMPUTED: return fy.co2_man_t;
	case CNAP_FF_ENERGY_DIFFERENCE: {
		struct cnap_calc_value rep = series_value(row, CNAP_SF_ENERGY, row ? row->energy : 0);
		if (!rep.computable || !fy.energy_man_kl.computable)
			return calc_fail(CNAP_CALC_MISSING_INPUT);
		return calc_ok(rep.value - fy.energy_man_kl.value);
	}
	case CNAP_FF_CO2_DIFFERENCE: {
		struct cnap_calc_value rep = series_value(row, CNAP_SF_CO2, row ? row->co2 : 0);
		if (!rep.computable || !fy.co2_man_t.computable)
			return calc_fail(CNAP_CALC_MISSING_INPUT);
		return calc_ok(rep.value - fy.co2_man_t.value);
	}
	default:
		return calc_fail(CNAP_CALC_MISSING_INPUT);
	}
}

/* The number typed in the same record under the column with this binding suffix ("size", "industry"). */
static bool record_num(const struct cnap_form_grid *g, size_t row, const char *bind_suffix, double *out)
{
	const struct cnap_form_table *t = g->table;
	for (size_t c = 0; c < t->n_lines; c++) {
		const struct cnap_form_line *l = &t->lines[c];
		const char *dot = l->computed ? NULL : strrchr(l->bind, '.');
		if (dot && strcmp(dot + 1, bind_suffix) == 0) {
			const struct cnap_form_cell *cell = &g->cells[row * g->n_cols + c];
			*out = cell->num;
			return cell->has_num;
		}
	}
	return false;
}

static struct cnap_calc_value record_formula(const struct cnap_form_line *l, const struct cnap_form_grid *g, size_t row)
{
	double x, y;
	switch ((enum cnap_form_formula)l->binding) {
	case CNAP_FF_CO2_PER_SIZE: /* 万t-CO2 / 万(size) → kg-CO2 per unit: × 10^7 / 10^4 */
		if (!record_num(g, row, "co2_man_t", &x) || !record_num(g, row, "size", &y))
			return calc_fail(CNAP_CALC_MISSING_INPUT);
		return y > 0 ? calc_ok(x * 1000.0 / y) : calc_fail(CNAP_CALC_ZERO_DENOMINATOR);
	case CNAP_FF_ENERGY_PER_SIZE: /* 万kl / 万(size) → l per unit */
		if (!record_num(g, row, "energy_man_kl", &x) || !record_num(g, row, "size", &y))
			return calc_fail(CNAP_CALC_MISSING_INPUT);
		return y > 0 ? calc_ok(x * 1000.0 / y) : calc_fail(CNAP_CALC_ZERO_DENOMINATOR);
	case CNAP_FF_COVERAGE_ASSOCIATION:
		if (!record_num(g, row, "association", &x) || !record_num(g, row, "industry", &y))
			return calc_fail(CNAP_CALC_MISSING_INPUT);
		return cnap_calc_association_coverage(x, y);
	case CNAP_FF_COVERAGE_PARTICIPATION:
		if (!record_num(g, row, "participants", &x) || !record_num(g, row, "association", &y))
			return calc_fail(CNAP_CALC_MISSING_INPUT);
		return cnap_calc_participation_rate(x, y);
	case CNAP_FF_COVERAGE_INDUSTRY:
		if (!record_num(g, row, "participants", &x) || !record_num(g, row, "industry", &y))
			return calc_fail(CNAP_CALC_MISSING_INPUT);
		return cnap_calc_industry_coverage(x, y);
	default:
		return calc_fail(CNAP_CALC_MISSING_INPUT);
	}
}

enum cnap_err cnap_form_compute(struct cnap_arena *a, struct cnap_form_grid *g, const struct cnap_survey_data *d,
				const struct cnap_coef_master *m, struct cnap_error *err)
{
	const struct cnap_form_table *t = g->table;
	struct cnap_survey_data empty = { 0 };
	if (!d)
		d = &empty;
	for (size_t r = 0; r < g->n_rows; r++)
		for (size_t c = 0; c < g->n_cols; c++) {
			const struct cnap_form_line *l = cnap_form_grid_line(g, r, c);
			struct cnap_form_cell *cell = &g->cells[r * g->n_cols + c];
			if (!l->computed)
				continue;
			if (t->layout == CNAP_FORM_RECORDS) {
				put(a, cell, l, record_formula(l, g, r));
			} else if (t->layout == CNAP_FORM_YEARS) {
				int year = g->years.year[t->years[c]];
				if (!year) {
					cell->disabled = true;
					continue;
				}
				put(a, cell, l, year_formula(l, d, m, year, t->years[c], a));
			}
		}
	(void)err;
	return CNAP_OK;
}
