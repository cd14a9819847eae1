#include "base/compat.h"
#include "calc/calc_int.h"
#include "calc/energy.h"
#include "calc/fuel.h"

#include <string.h>

/* The row of fuel for year: newest edition <= year, else the oldest; only rows that have what want() asks. */
static const struct cnap_fuel_coef *pick(const struct cnap_coef_master *m, const char *fuel, int year, bool carbon)
{
	const struct cnap_fuel_coef *best = NULL, *oldest = NULL;
	for (size_t i = 0; i < m->fuels.n_rows; i++) {
		const struct cnap_fuel_coef *c = &m->fuels.rows[i];
		if (strcmp(c->fuel_code, fuel) != 0 || (carbon ? c->carbon_tc_per_gj <= 0 : c->heat_gj_per_unit <= 0))
			continue;
		if (!oldest || c->edition_year < oldest->edition_year)
			oldest = c;
		if (c->edition_year <= year && (!best || c->edition_year > best->edition_year))
			best = c;
	}
	return best ? best : oldest;
}

const struct cnap_fuel_coef *cnap_coef_heat_for_year(const struct cnap_coef_master *m, const char *fuel, int year)
{
	return pick(m, fuel, year, false);
}

const struct cnap_fuel_coef *cnap_coef_carbon_for_year(const struct cnap_coef_master *m, const char *fuel, int year)
{
	return pick(m, fuel, year, true);
}

const struct cnap_elec_heat *cnap_coef_electricity_heat(const struct cnap_coef_master *m, int year)
{
	const struct cnap_elec_heat *best = NULL;
	for (size_t i = 0; i < m->n_electricity_heat; i++)
		if (m->electricity_heat[i].from_year <= year)
			best = &m->electricity_heat[i];
	return best ? best : (m->n_electricity_heat ? &m->electricity_heat[0] : NULL);
}

/* The association's own factor of the year, else the master's of its type (newest not after the year). */
static bool electricity_factor(const struct cnap_coef_master *m, const struct cnap_survey_data *d, int year,
			       bool forecast, struct cnap_fuel_line *l)
{
	const struct cnap_series_row *row = cnap_survey_row_kind(d, year, forecast);
	if (row && (row->has & CNAP_SF_ELEC_FACTOR)) {
		l->tc_per_gj = row->elec_factor;
		l->carbon_source = "団体の報告した電力排出係数";
		l->carbon_edition = year;
		return true;
	}
	const struct cnap_elec_factor *best = NULL;
	for (size_t i = 0; i < m->n_electricity; i++) {
		const struct cnap_elec_factor *f = &m->electricity[i];
		if (f->type == d->factor_type && f->year <= year && (!best || f->year > best->year))
			best = f;
	}
	if (!best)
		return false;
	l->tc_per_gj = best->kg_co2_per_kwh;
	l->carbon_source = best->source;
	l->carbon_edition = best->year;
	return true;
}

static void convert(const struct cnap_coef_master *m, const struct cnap_survey_data *d, int year, bool forecast,
		    struct cnap_fuel_line *l)
{
	double kl_per_gj = m->crude_oil_kl_per_gj > 0 ? m->crude_oil_kl_per_gj : CNAP_CRUDE_OIL_KL_PER_GJ;
	if (strcmp(l->fuel, CNAP_FUEL_ELECTRICITY) == 0) {
		l->name = "購入電力";
		l->unit = "千kWh";
		const struct cnap_elec_heat *h = cnap_coef_electricity_heat(m, year);
		if (h) {
			l->gj_per_unit = h->gj_per_mwh;
			l->heat_source = h->source;
			l->heat_edition = h->from_year;
			l->heat_gj = cnap_calc_electricity_heat_gj(l->quantity * 1000.0, h->gj_per_mwh);
		} else {
			l->heat_gj = calc_fail(CNAP_CALC_NO_FACTOR);
		}
		/* 千kWh × kg-CO2/kWh = t-CO2 */
		l->co2_t = electricity_factor(m, d, year, forecast, l)
				   ? cnap_calc_electricity_co2_t(l->quantity * 1000.0, l->tc_per_gj / 1000.0)
				   : calc_fail(CNAP_CALC_NO_FACTOR);
	} else {
		const struct cnap_fuel_coef *h = cnap_coef_heat_for_year(m, l->fuel, year);
		const struct cnap_fuel_coef *c = cnap_coef_carbon_for_year(m, l->fuel, year);
		l->name = h ? h->name_ja : l->fuel;
		l->unit = h ? h->unit : "";
		if (h) {
			l->gj_per_unit = h->heat_gj_per_unit;
			l->heat_source = h->source;
			l->heat_edition = h->edition_year;
		}
		l->heat_gj = cnap_calc_fuel_heat_gj(l->quantity, h);
		if (c && h) {
			l->tc_per_gj = c->carbon_tc_per_gj;
			l->carbon_source = c->source;
			l->carbon_edition = c->edition_year;
			/* the heat of this year's edition times the carbon factor of its own */
			l->co2_t = l->heat_gj.computable ? calc_ok(l->heat_gj.value * c->carbon_tc_per_gj * CNAP_CO2_PER_C)
							 : l->heat_gj;
		} else {
			l->co2_t = calc_fail(CNAP_CALC_NO_FACTOR);
		}
	}
	l->crude_oil_kl = l->heat_gj.computable ? calc_ok(l->heat_gj.value * kl_per_gj) : l->heat_gj;
}

enum cnap_err cnap_calc_fuel_year(const struct cnap_coef_master *m, const struct cnap_survey_data *d, int year,
				  bool forecast, struct cnap_arena *a, struct cnap_fuel_year *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	out->year = year;
	out->forecast = forecast;
	size_t n = 0;
	for (size_t i = 0; i < d->n_fuels; i++)
		n += d->fuels[i].year == year && d->fuels[i].forecast == forecast;
	out->lines = cnap_arena_calloc(a, n + 1, sizeof(*out->lines));
	if (!out->lines)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	double heat = 0, co2 = 0;
	bool heat_ok = true, co2_ok = true;
	enum cnap_calc_reason heat_why = CNAP_CALC_OK, co2_why = CNAP_CALC_OK;
	for (size_t i = 0; i < d->n_fuels; i++) {
		const struct cnap_fuel_use *u = &d->fuels[i];
		if (u->year != year || u->forecast != forecast)
			continue;
		struct cnap_fuel_line *l = &out->lines[out->n_lines++];
		l->fuel = u->fuel;
		l->quantity = u->quantity;
		convert(m, d, year, forecast, l);
		if (l->heat_gj.computable)
			heat += l->heat_gj.value;
		else if (heat_ok)
			heat_ok = false, heat_why = l->heat_gj.why;
		if (l->co2_t.computable)
			co2 += l->co2_t.value;
		else if (co2_ok)
			co2_ok = false, co2_why = l->co2_t.why;
	}
	out->heat_gj = heat_ok ? calc_ok(heat) : calc_fail(heat_why);
	out->energy_man_kl = heat_ok ? cnap_calc_crude_oil_man_kl(heat) : out->heat_gj;
	if (heat_ok && m->crude_oil_kl_per_gj > 0)
		out->energy_man_kl = calc_ok(heat * m->crude_oil_kl_per_gj / 10000.0);
	out->co2_man_t = co2_ok ? calc_ok(co2 / 10000.0) : calc_fail(co2_why);
	return CNAP_OK;
}

enum cnap_err cnap_calc_fuel_totals(const struct cnap_coef_master *m, struct cnap_survey_data *d, struct cnap_arena *a,
				    struct cnap_error *err)
{
	d->n_fuel_totals = 0;
	d->fuel_totals = cnap_arena_calloc(a, d->n_fuels + 1, sizeof(*d->fuel_totals));
	if (!d->fuel_totals)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < d->n_fuels; i++) {
		const struct cnap_fuel_use *u = &d->fuels[i];
		if (i && u->year == d->fuels[i - 1].year && u->forecast == d->fuels[i - 1].forecast)
			continue; /* fuels ascend by (year, forecast): one total per group */
		struct cnap_fuel_year y;
		enum cnap_err rc = cnap_calc_fuel_year(m, d, u->year, u->forecast, a, &y, err);
		if (rc)
			return rc;
		if (!y.heat_gj.computable)
			continue;
		struct cnap_fuel_total *t = &d->fuel_totals[d->n_fuel_totals++];
		t->year = u->year;
		t->forecast = u->forecast;
		t->heat_gj = y.heat_gj.value;
		t->energy_man_kl = y.energy_man_kl.value;
		t->has_co2 = y.co2_man_t.computable;
		t->co2_man_t = t->has_co2 ? y.co2_man_t.value : 0;
		t->coefficients = m->version;
	}
	return CNAP_OK;
}
