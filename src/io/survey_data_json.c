#include "base/compat.h"
#include "io/survey_data_json.h"

#include <stdio.h>
#include <string.h>

/* Allocate an array for a JSON array's elements, or fail on the reader. */
static void *array_for(struct reader *r, json_t *arr, size_t elem, size_t *n)
{
	*n = json_array_size(arr);
	void *v = cnap_arena_calloc(r->a, *n + 1, elem);
	if (!v)
		OOM(r);
	return v;
}


static void read_series(struct reader *r, json_t *arr, const char *path, struct cnap_survey_data *d)
{
	static const char *const keys[] = { "year", "forecast", "activity", "energy", "electricity", "co2",
					    "elec_factor", "bau_co2", "bau_energy", NULL };
	static const char *const fields[] = { "activity", "energy", "electricity", "co2", "elec_factor", "bau_co2",
					      "bau_energy" };
	d->series = array_for(r, arr, sizeof(*d->series), &d->n_series);
	if (r->rc)
		return;
	json_t *v;
	size_t i;
	char p[256];
	json_array_foreach(arr, i, v) {
		struct cnap_series_row *row = &d->series[i];
		snprintf(p, sizeof(p), "%s.series[%zu]", path, i);
		if (r->rc || !jr_object(r, v, p, keys))
			return;
		row->year = jr_int(r, v, p, "year", true, 1990, 2100);
		row->forecast = jr_bool(r, v, p, "forecast");
		double *slots[] = { &row->activity, &row->energy, &row->electricity, &row->co2, &row->elec_factor,
				    &row->bau_co2, &row->bau_energy };
		for (size_t k = 0; k < CNAP_ARRAY_LEN(fields) && !r->rc; k++) {
			bool present;
			*slots[k] = jr_num(r, v, p, fields[k], false, &present);
			if (present)
				row->has |= 1u << k;
		}
	}
}

static void read_target(struct reader *r, json_t *o, const char *path, struct cnap_target *t)
{
	static const char *const keys[] = { "indicator", "kind", "base_year", "target_year", "reduction_pct",
					    "bau_reduction", "annual_rate_pct", "expected_level", "text", NULL };
	char p[256];
	snprintf(p, sizeof(p), "%s.target", path);
	if (!jr_object(r, o, p, keys))
		return;
	const char *ind = jr_str(r, o, p, "indicator", true);
	const char *kind = r->rc ? NULL : jr_str(r, o, p, "kind", true);
	if (r->rc)
		return;
	char q[300];
	if (!cnap_indicator_parse(ind, &t->indicator)) {
		snprintf(q, sizeof(q), "%s.indicator", p);
		FAIL(r, CNAP_EINVAL, q, "indicator must be co2, co2_intensity, energy or energy_intensity (got '%s')", ind);
		return;
	}
	if (!cnap_target_kind_parse(kind, &t->kind)) {
		snprintf(q, sizeof(q), "%s.kind", p);
		FAIL(r, CNAP_EINVAL, q, "kind must be base_year, bau or annual_rate (got '%s')", kind);
		return;
	}
	t->base_year = jr_int(r, o, p, "base_year", t->kind != CNAP_TARGET_BAU, 1990, 2100);
	if (!r->rc) t->target_year = jr_int(r, o, p, "target_year", true, 2000, 2100);
	if (!r->rc) t->reduction_pct = jr_num(r, o, p, "reduction_pct", t->kind == CNAP_TARGET_BASE_YEAR, NULL);
	if (!r->rc) t->bau_reduction = jr_num(r, o, p, "bau_reduction", t->kind == CNAP_TARGET_BAU, NULL);
	if (!r->rc) t->annual_rate_pct = jr_num(r, o, p, "annual_rate_pct", t->kind == CNAP_TARGET_ANNUAL_RATE, NULL);
	if (!r->rc) t->expected_level = jr_num(r, o, p, "expected_level", false, &t->has_expected);
	if (!r->rc) t->text = jr_str(r, o, p, "text", false);
}

static void read_tables(struct reader *r, json_t *o, const char *path, struct cnap_survey_data *d)
{
	char p[256];
	json_t *arr, *v;
	size_t i;
	if (!r->rc && (arr = jr_want(r, o, path, "bat", JSON_ARRAY, false))) {
		static const char *const keys[] = { "name", "adoption_pct", "target_2030_pct", "issues", NULL };
		d->bat = array_for(r, arr, sizeof(*d->bat), &d->n_bat);
		if (r->rc)
			return;
		json_array_foreach(arr, i, v) {
			snprintf(p, sizeof(p), "%s.bat[%zu]", path, i);
			if (r->rc || !jr_object(r, v, p, keys))
				return;
			d->bat[i].name = jr_str(r, v, p, "name", true);
			d->bat[i].adoption_pct = jr_num(r, v, p, "adoption_pct", false, &d->bat[i].has_adoption);
			d->bat[i].target_2030_pct = jr_num(r, v, p, "target_2030_pct", false, &d->bat[i].has_target);
			d->bat[i].issues = jr_str(r, v, p, "issues", false);
		}
	}
	if (!r->rc && (arr = jr_want(r, o, path, "measures", JSON_ARRAY, false))) {
		static const char *const keys[] = { "year", "name", "investment_million_yen", "energy_saving_kl",
						    "co2_reduction_t", "service_life_years", "planned", NULL };
		d->measures = array_for(r, arr, sizeof(*d->measures), &d->n_measures);
		if (r->rc)
			return;
		json_array_foreach(arr, i, v) {
			struct cnap_measure *m = &d->measures[i];
			snprintf(p, sizeof(p), "%s.measures[%zu]", path, i);
			if (r->rc || !jr_object(r, v, p, keys))
				return;
			m->year = jr_int(r, v, p, "year", true, 1990, 2100);
			m->name = jr_str(r, v, p, "name", true);
			m->investment_million_yen = jr_num(r, v, p, "investment_million_yen", false, &m->has_investment);
			m->energy_saving_kl = jr_num(r, v, p, "energy_saving_kl", false, &m->has_energy_saving);
			m->co2_reduction_t = jr_num(r, v, p, "co2_reduction_t", false, &m->has_co2_reduction);
			m->service_life_years = jr_num(r, v, p, "service_life_years", false, &m->has_service_life);
			m->planned = jr_bool(r, v, p, "planned");
		}
	}
	if (!r->rc && (arr = jr_want(r, o, path, "credits", JSON_ARRAY, false))) {
		static const char *const keys[] = { "year", "type", "project", "volume_t", NULL };
		d->credits = array_for(r, arr, sizeof(*d->credits), &d->n_credits);
		if (r->rc)
			return;
		json_array_foreach(arr, i, v) {
			snprintf(p, sizeof(p), "%s.credits[%zu]", path, i);
			if (r->rc || !jr_object(r, v, p, keys))
				return;
			d->credits[i].year = jr_int(r, v, p, "year", true, 1990, 2100);
			d->credits[i].type = jr_str(r, v, p, "type", true);
			d->credits[i].project = jr_str(r, v, p, "project", false);
			d->credits[i].volume_t = jr_num(r, v, p, "volume_t", true, &d->credits[i].has_volume);
		}
	}
	if (!r->rc && (arr = jr_want(r, o, path, "certificates", JSON_ARRAY, false))) {
		static const char *const keys[] = { "year", "kwh", "co2_t", NULL };
		d->certificates = array_for(r, arr, sizeof(*d->certificates), &d->n_certificates);
		if (r->rc)
			return;
		json_array_foreach(arr, i, v) {
			snprintf(p, sizeof(p), "%s.certificates[%zu]", path, i);
			if (r->rc || !jr_object(r, v, p, keys))
				return;
			d->certificates[i].year = jr_int(r, v, p, "year", true, 1990, 2100);
			d->certificates[i].kwh = jr_num(r, v, p, "kwh", true, &d->certificates[i].has_kwh);
			d->certificates[i].co2_t = jr_num(r, v, p, "co2_t", false, &d->certificates[i].has_co2);
		}
	}
	if (!r->rc && (arr = jr_want(r, o, path, "coverage", JSON_ARRAY, false))) {
		static const char *const keys[] = { "metric", "unit", "industry", "association", "participants",
						    "source", NULL };
		d->coverage = array_for(r, arr, sizeof(*d->coverage), &d->n_coverage);
		if (r->rc)
			return;
		json_array_foreach(arr, i, v) {
			struct cnap_coverage_metric *c = &d->coverage[i];
			snprintf(p, sizeof(p), "%s.coverage[%zu]", path, i);
			if (r->rc || !jr_object(r, v, p, keys))
				return;
			c->metric = jr_str(r, v, p, "metric", true);
			c->unit = jr_str(r, v, p, "unit", false);
			c->industry = jr_num(r, v, p, "industry", false, &c->has_industry);
			c->association = jr_num(r, v, p, "association", false, &c->has_association);
			c->participants = jr_num(r, v, p, "participants", true, &c->has_participants);
			c->source = jr_str(r, v, p, "source", false);
		}
	}
}

static void read_office_rows(struct reader *r, json_t *arr, const char *path, const char *size_key,
			     struct cnap_office_row **out, size_t *n)
{
	const char *const keys[] = { "year", size_key, "co2_man_t", "energy_man_kl", NULL };
	*out = array_for(r, arr, sizeof(**out), n);
	if (r->rc)
		return;
	json_t *v;
	size_t i;
	char p[256];
	json_array_foreach(arr, i, v) {
		snprintf(p, sizeof(p), "%s[%zu]", path, i);
		if (r->rc || !jr_object(r, v, p, keys))
			return;
		(*out)[i].year = jr_int(r, v, p, "year", true, 1990, 2100);
		(*out)[i].size = jr_num(r, v, p, size_key, false, &(*out)[i].has_size);
		(*out)[i].co2_man_t = jr_num(r, v, p, "co2_man_t", false, &(*out)[i].has_co2);
		(*out)[i].energy_man_kl = jr_num(r, v, p, "energy_man_kl", false, &(*out)[i].has_energy);
	}
}

static void read_fuels(struct reader *r, json_t *arr, const char *path, struct cnap_survey_data *d)
{
	static const char *const keys[] = { "year", "forecast", "fuel", "quantity", NULL };
	d->fuels = array_for(r, arr, sizeof(*d->fuels), &d->n_fuels);
	json_t *v;
	size_t i;
	char p[256];
	json_array_foreach(arr, i, v) {
		struct cnap_fuel_use *u = &d->fuels[i];
		snprintf(p, sizeof(p), "%s.fuels[%zu]", path, i);
		if (r->rc || !jr_object(r, v, p, keys))
			return;
		u->year = jr_int(r, v, p, "year", true, 1990, 2100);
		u->forecast = jr_bool(r, v, p, "forecast");
		u->fuel = jr_str(r, v, p, "fuel", true);
		u->quantity = jr_num(r, v, p, "quantity", true, NULL);
	}
}

static void read_fuel_totals(struct reader *r, json_t *arr, const char *path, struct cnap_survey_data *d)
{
	static const char *const keys[] = { "year", "forecast", "heat_gj", "energy_man_kl", "co2_man_t", "coefficients",
					    NULL };
	d->fuel_totals = array_for(r, arr, sizeof(*d->fuel_totals), &d->n_fuel_totals);
	json_t *v;
	size_t i;
	char p[256];
	json_array_foreach(arr, i, v) {
		struct cnap_fuel_total *t = &d->fuel_totals[i];
		snprintf(p, sizeof(p), "%s.fuel_totals[%zu]", path, i);
		if (r->rc || !jr_object(r, v, p, keys))
			return;
		t->year = jr_int(r, v, p, "year", true, 1990, 2100);
		t->forecast = jr_bool(r, v, p, "forecast");
		t->heat_gj = jr_num(r, v, p, "heat_gj", true, NULL);
		t->energy_man_kl = jr_num(r, v, p, "energy_man_kl", true, NULL);
		t->co2_man_t = jr_num(r, v, p, "co2_man_t", false, &t->has_co2);
		t->coefficients = jr_str(r, v, p, "coefficients", false);
	}
}

struct cnap_survey_data *jr_survey_data(struct reader *r, json_t *o, const char *path)
{
	static const char *const keys[] = { "activity", "electricity_factor", "target", "series", "bat", "measures",
					    "credits", "certificates", "coverage", "office", "logistics", "fuels",
					    "fuel_totals", NULL };
	struct cnap_survey_data *d = cnap_arena_calloc(r->a, 1, sizeof(*d));
	char p[256];
	if (!d) {
		OOM(r);
		return NULL;
	}
	if (!jr_object(r, o, path, keys))
		return NULL;
	/* Activity and target may still be missing while an association fills in its form table by table. */
	json_t *v = jr_want(r, o, path, "activity", JSON_OBJECT, false);
	if (v) {
		static const char *const akeys[] = { "name", "unit", NULL };
		snprintf(p, sizeof(p), "%s.activity", path);
		if (jr_only_keys(r, v, p, akeys)) {
			d->activity_name = jr_str(r, v, p, "name", false);
			if (!r->rc) d->activity_unit = jr_str(r, v, p, "unit", false);
		}
	}
	if (!r->rc && (v = jr_want(r, o, path, "electricity_factor", JSON_OBJECT, false))) {
		static const char *const fkeys[] = { "type", "note", NULL };
		snprintf(p, sizeof(p), "%s.electricity_factor", path);
		if (jr_only_keys(r, v, p, fkeys)) {
			const char *type = jr_str(r, v, p, "type", true);
			if (!r->rc && !cnap_factor_type_parse(type, &d->factor_type)) {
				char q[300];
				snprintf(q, sizeof(q), "%s.type", p);
				FAIL(r, CNAP_EINVAL, q, "type must be basic, adjusted, fixed or all_source (got '%s')", type);
			}
			if (!r->rc) d->factor_note = jr_str(r, v, p, "note", false);
		}
	}
	if (!r->rc && (v = jr_want(r, o, path, "target", JSON_OBJECT, false)))
		read_target(r, v, path, &d->target);
	if (!r->rc && (v = jr_want(r, o, path, "series", JSON_ARRAY, false)))
		read_series(r, v, path, d);
	if (!r->rc && (v = jr_want(r, o, path, "fuels", JSON_ARRAY, false)))
		read_fuels(r, v, path, d);
	if (!r->rc && (v = jr_want(r, o, path, "fuel_totals", JSON_ARRAY, false)))
		read_fuel_totals(r, v, path, d);
	read_tables(r, o, path, d);
	if (!r->rc && (v = jr_want(r, o, path, "office", JSON_ARRAY, false))) {
		snprintf(p, sizeof(p), "%s.office", path);
		read_office_rows(r, v, p, "floor_area_man_m2", &d->office, &d->n_office);
	}
	if (!r->rc && (v = jr_want(r, o, path, "logistics", JSON_OBJECT, false))) {
		static const char *const lkeys[] = { "unit", "rows", NULL };
		snprintf(p, sizeof(p), "%s.logistics", path);
		if (jr_only_keys(r, v, p, lkeys)) {
			d->logistics_unit = jr_str(r, v, p, "unit", true);
			json_t *rows = r->rc ? NULL : jr_want(r, v, p, "rows", JSON_ARRAY, true);
			char q[300];
			snprintf(q, sizeof(q), "%s.rows", p);
			if (rows)
				read_office_rows(r, rows, q, "volume", &d->logistics, &d->n_logistics);
		}
	}
	if (!r->rc)
		r->rc = cnap_survey_data_validate(d, path, r->err);
	return r->rc ? NULL : d;
}

/* ---- writing ---- */

static void put_num(json_t *o, const char *k, double v)
{
	json_object_set_new(o, k, json_real(v));
}

static void put_str(json_t *o, const char *k, const char *v)
{
	if (v)
		json_object_set_new(o, k, json_string(v));
}

static json_t *series_json(const struct cnap_survey_data *d)
{
	static const char *const fields[] = { "activity", "energy", "electricity", "co2", "elec_factor", "bau_co2",
					      "bau_energy" };
	json_t *arr = json_array();
	for (size_t i = 0; i < d->n_series; i++) {
		const struct cnap_series_row *row = &d->series[i];
		const double vals[] = { row->activity, row->energy, row->electricity, row->co2, row->elec_factor,
					row->bau_co2, row->bau_energy };
		json_t *o = json_object();
		json_object_set_new(o, "year", json_integer(row->year));
		if (row->forecast)
			json_object_set_new(o, "forecast", json_true());
		for (size_t k = 0; k < CNAP_ARRAY_LEN(fields); k++)
			if (row->has & (1u << k))
				put_num(o, fields[k], vals[k]);
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *target_json(const struct cnap_target *t)
{
	json_t *o = json_object();
	put_str(o, "indicator", cnap_indicator_name(t->indicator));
	put_str(o, "kind", cnap_target_kind_name(t->kind));
	if (t->kind != CNAP_TARGET_BAU)
		json_object_set_new(o, "base_year", json_integer(t->base_year));
	json_object_set_new(o, "target_year", json_integer(t->target_year));
	if (t->kind == CNAP_TARGET_BASE_YEAR)
		put_num(o, "reduction_pct", t->reduction_pct);
	if (t->kind == CNAP_TARGET_BAU)
		put_num(o, "bau_reduction", t->bau_reduction);
	if (t->kind == CNAP_TARGET_ANNUAL_RATE)
		put_num(o, "annual_rate_pct", t->annual_rate_pct);
	if (t->has_expected)
		put_num(o, "expected_level", t->expected_level);
	put_str(o, "text", t->text);
	return o;
}

static json_t *office_json(const struct cnap_office_row *rows, size_t n, const char *size_key)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "year", json_integer(rows[i].year));
		if (rows[i].has_size)
			put_num(o, size_key, rows[i].size);
		if (rows[i].has_co2)
			put_num(o, "co2_man_t", rows[i].co2_man_t);
		if (rows[i].has_energy)
			put_num(o, "energy_man_kl", rows[i].energy_man_kl);
		json_array_append_new(arr, o);
	}
	return arr;
}

static void tables_json(json_t *root, const struct cnap_survey_data *d)
{
	json_t *arr;
	if (d->n_bat) {
		arr = json_array();
		for (size_t i = 0; i < d->n_bat; i++) {
			json_t *o = json_object();
			put_str(o, "name", d->bat[i].name);
			if (d->bat[i].has_adoption)
				put_num(o, "adoption_pct", d->bat[i].adoption_pct);
			if (d->bat[i].has_target)
				put_num(o, "target_2030_pct", d->bat[i].target_2030_pct);
			put_str(o, "issues", d->bat[i].issues);
			json_array_append_new(arr, o);
		}
		json_object_set_new(root, "bat", arr);
	}
	if (d->n_measures) {
		arr = json_array();
		for (size_t i = 0; i < d->n_measures; i++) {
			const struct cnap_measure *m = &d->measures[i];
			json_t *o = json_object();
			json_object_set_new(o, "year", json_integer(m->year));
			put_str(o, "name", m->name);
			if (m->has_investment)
				put_num(o, "investment_million_yen", m->investment_million_yen);
			if (m->has_energy_saving)
				put_num(o, "energy_saving_kl", m->energy_saving_kl);
			if (m->has_co2_reduction)
				put_num(o, "co2_reduction_t", m->co2_reduction_t);
			if (m->has_service_life)
				put_num(o, "service_life_years", m->service_life_years);
			if (m->planned)
				json_object_set_new(o, "planned", json_true());
			json_array_append_new(arr, o);
		}
		json_object_set_new(root, "measures", arr);
	}
	if (d->n_credits) {
		arr = json_array();
		for (size_t i = 0; i < d->n_credits; i++) {
			json_t *o = json_object();
			json_object_set_new(o, "year", json_integer(d->credits[i].year));
			put_str(o, "type", d->credits[i].type);
			put_str(o, "project", d->credits[i].project);
			if (d->credits[i].has_volume)
				put_num(o, "volume_t", d->credits[i].volume_t);
			json_array_append_new(arr, o);
		}
		json_object_set_new(root, "credits", arr);
	}
	if (d->n_certificates) {
		arr = json_array();
		for (size_t i = 0; i < d->n_certificates; i++) {
			json_t *o = json_object();
			json_object_set_new(o, "year", json_integer(d->certificates[i].year));
			if (d->certificates[i].has_kwh)
				put_num(o, "kwh", d->certificates[i].kwh);
			if (d->certificates[i].has_co2)
				put_num(o, "co2_t", d->certificates[i].co2_t);
			json_array_append_new(arr, o);
		}
		json_object_set_new(root, "certificates", arr);
	}
	if (d->n_coverage) {
		arr = json_array();
		for (size_t i = 0; i < d->n_coverage; i++) {
			const struct cnap_coverage_metric *c = &d->coverage[i];
			json_t *o = json_object();
			put_str(o, "metric", c->metric);
			put_str(o, "unit", c->unit);
			if (c->has_industry)
				put_num(o, "industry", c->industry);
			if (c->has_association)
				put_num(o, "association", c->association);
			if (c->has_participants)
				put_num(o, "participants", c->participants);
			put_str(o, "source", c->source);
			json_array_append_new(arr, o);
		}
		json_object_set_new(root, "coverage", arr);
	}
}

static json_t *fuels_json(const struct cnap_survey_data *d)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < d->n_fuels; i++) {
		const struct cnap_fuel_use *u = &d->fuels[i];
		json_t *o = json_pack("{s:i}", "year", u->year);
		if (u->forecast)
			json_object_set_new(o, "forecast", json_true());
		put_str(o, "fuel", u->fuel);
		put_num(o, "quantity", u->quantity);
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *fuel_totals_json(const struct cnap_survey_data *d)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < d->n_fuel_totals; i++) {
		const struct cnap_fuel_total *t = &d->fuel_totals[i];
		json_t *o = json_pack("{s:i}", "year", t->year);
		if (t->forecast)
			json_object_set_new(o, "forecast", json_true());
		put_num(o, "heat_gj", t->heat_gj);
		put_num(o, "energy_man_kl", t->energy_man_kl);
		if (t->has_co2)
			put_num(o, "co2_man_t", t->co2_man_t);
		put_str(o, "coefficients", t->coefficients);
		json_array_append_new(arr, o);
	}
	return arr;
}

json_t *survey_data_to_json(const struct cnap_survey_data *d)
{
	json_t *root = json_object();
	if (d->activity_name || d->activity_unit) {
		json_t *act = json_object();
		put_str(act, "name", d->activity_name);
		put_str(act, "unit", d->activity_unit);
		json_object_set_new(root, "activity", act);
	}
	json_t *f = json_object();
	put_str(f, "type", cnap_factor_type_name(d->factor_type));
	put_str(f, "note", d->factor_note);
	json_object_set_new(root, "electricity_factor", f);
	if (d->target.target_year)
		json_object_set_new(root, "target", target_json(&d->target));
	json_object_set_new(root, "series", series_json(d));
	if (d->n_fuels)
		json_object_set_new(root, "fuels", fuels_json(d));
	if (d->n_fuel_totals)
		json_object_set_new(root, "fuel_totals", fuel_totals_json(d));
	tables_json(root, d);
	if (d->n_office)
		json_object_set_new(root, "office", office_json(d->office, d->n_office, "floor_area_man_m2"));
	if (d->n_logistics || d->logistics_unit)
		json_object_set_new(root, "logistics",
				    json_pack("{s:s, s:o}", "unit", d->logistics_unit ? d->logistics_unit : "",
					      "rows", office_json(d->logistics, d->n_logistics, "volume")));
	return root;
}
