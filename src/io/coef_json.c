#include "base/compat.h"
#include "io/json_mem.h"
#include "io/coef_json.h"
#include "io/json_reader.h"

#include <string.h>

static void read_fuels(struct reader *r, json_t *arr, struct cnap_coef_master *m)
{
	static const char *const keys[] = { "code", "name", "unit", "heat_gj_per_unit", "carbon_tc_per_gj", "edition",
					    "source", NULL };
	size_t n = json_array_size(arr);
	struct cnap_fuel_coef *rows = cnap_arena_calloc(r->a, n + 1, sizeof(*rows));
	if (!rows) {
		OOM(r);
		return;
	}
	json_t *v;
	size_t i;
	char p[64];
	json_array_foreach(arr, i, v) {
		snprintf(p, sizeof(p), "$.fuels[%zu]", i);
		if (!jr_object(r, v, p, keys))
			return;
		rows[i].fuel_code = jr_str(r, v, p, "code", true);
		if (!r->rc) rows[i].name_ja = jr_str(r, v, p, "name", true);
		if (!r->rc) rows[i].unit = jr_str(r, v, p, "unit", true);
		if (!r->rc) rows[i].heat_gj_per_unit = jr_num(r, v, p, "heat_gj_per_unit", true, NULL);
		if (!r->rc) rows[i].carbon_tc_per_gj = jr_num(r, v, p, "carbon_tc_per_gj", false, NULL);
		if (!r->rc) rows[i].edition_year = jr_int(r, v, p, "edition", true, 1990, 2100);
		if (!r->rc) rows[i].source = jr_str(r, v, p, "source", true);
		if (r->rc)
			return;
		if (rows[i].heat_gj_per_unit <= 0) {
			FAIL(r, CNAP_EINVAL, p, "heat_gj_per_unit must be > 0");
			return;
		}
		for (size_t k = 0; k < i; k++)
			if (strcmp(rows[k].fuel_code, rows[i].fuel_code) == 0 &&
			    rows[k].edition_year == rows[i].edition_year &&
			    strcmp(rows[k].name_ja, rows[i].name_ja) == 0) {
				FAIL(r, CNAP_ECONFLICT, p, "fuel '%s' edition %d is listed twice", rows[i].fuel_code,
				     rows[i].edition_year);
				return;
			}
	}
	m->fuels.rows = rows;
	m->fuels.n_rows = n;
}

static void read_electricity(struct reader *r, json_t *arr, struct cnap_coef_master *m)
{
	static const char *const keys[] = { "year", "type", "kg_co2_per_kwh", "label", "source", "illustrative", NULL };
	size_t n = json_array_size(arr);
	struct cnap_elec_factor *rows = cnap_arena_calloc(r->a, n + 1, sizeof(*rows));
	if (!rows) {
		OOM(r);
		return;
	}
	json_t *v;
	size_t i;
	char p[64];
	json_array_foreach(arr, i, v) {
		snprintf(p, sizeof(p), "$.electricity[%zu]", i);
		if (!jr_object(r, v, p, keys))
			return;
		rows[i].year = jr_int(r, v, p, "year", true, 1990, 2100);
		const char *type = r->rc ? NULL : jr_str(r, v, p, "type", true);
		if (!r->rc && !cnap_factor_type_parse(type, &rows[i].type)) {
			FAIL(r, CNAP_EINVAL, p, "unknown factor type '%s'", type);
			return;
		}
		if (!r->rc) rows[i].kg_co2_per_kwh = jr_num(r, v, p, "kg_co2_per_kwh", true, NULL);
		if (!r->rc) rows[i].label = jr_str(r, v, p, "label", false);
		if (!r->rc) rows[i].source = jr_str(r, v, p, "source", true);
		if (!r->rc) rows[i].illustrative = jr_bool(r, v, p, "illustrative");
		if (r->rc)
			return;
	}
	m->electricity = rows;
	m->n_electricity = n;
}

static void read_electricity_heat(struct reader *r, json_t *arr, struct cnap_coef_master *m)
{
	static const char *const keys[] = { "from_year", "gj_per_mwh", "source", NULL };
	size_t n = json_array_size(arr);
	struct cnap_elec_heat *rows = cnap_arena_calloc(r->a, n + 1, sizeof(*rows));
	if (!rows) {
		OOM(r);
		return;
	}
	json_t *v;
	size_t i;
	char p[64];
	json_array_foreach(arr, i, v) {
		snprintf(p, sizeof(p), "$.electricity_heat[%zu]", i);
		if (!jr_object(r, v, p, keys))
			return;
		rows[i].from_year = jr_int(r, v, p, "from_year", true, 1990, 2100);
		if (!r->rc) rows[i].gj_per_mwh = jr_num(r, v, p, "gj_per_mwh", true, NULL);
		if (!r->rc) rows[i].source = jr_str(r, v, p, "source", true);
		if (r->rc)
			return;
		if (rows[i].gj_per_mwh <= 0 || (i && rows[i].from_year <= rows[i - 1].from_year)) {
			FAIL(r, CNAP_EINVAL, p, "gj_per_mwh must be > 0 and from_year ascend");
			return;
		}
	}
	m->electricity_heat = rows;
	m->n_electricity_heat = n;
}

enum cnap_err cnap_coef_json_parse(const char *json, size_t len, struct cnap_arena *a, struct cnap_coef_master *out,
				   struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	json_error_t jerr;
	bool oom;
	json_t *root = cnap_json_load(json, len, JSON_REJECT_DUPLICATES, &jerr, &oom);
	if (!root && oom)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	if (!root) {
		char where[64];
		snprintf(where, sizeof(where), "line %d, column %d", jerr.line, jerr.column);
		return cnap_fail(err, CNAP_EINVAL, where, "JSON syntax: %s", jerr.text);
	}
	static const char *const keys[] = { "format", "format_version", "name", "version", "crude_oil_kl_per_gj",
					    "fuels", "electricity", "electricity_heat", NULL };
	struct reader r = { .a = a, .err = err };
	const char *format = json_is_object(root) ? jr_str(&r, root, "$", "format", true) : NULL;
	if (!r.rc && (!format || strcmp(format, CNAP_COEF_FORMAT) != 0))
		FAIL(&r, CNAP_EFORMAT, "$.format", "not a cnap coefficient master (expected format '%s')", CNAP_COEF_FORMAT);
	if (!r.rc && jr_int(&r, root, "$", "format_version", true, 1, 1) != 1 && !r.rc)
		FAIL(&r, CNAP_EFORMAT, "$.format_version", "unsupported version");
	if (!r.rc)
		jr_only_keys(&r, root, "$", keys);
	if (!r.rc) out->name = jr_str(&r, root, "$", "name", true);
	if (!r.rc) out->version = jr_str(&r, root, "$", "version", true);
	if (!r.rc) out->crude_oil_kl_per_gj = jr_num(&r, root, "$", "crude_oil_kl_per_gj", true, NULL);
	json_t *arr;
	if (!r.rc && (arr = jr_want(&r, root, "$", "fuels", JSON_ARRAY, true)))
		read_fuels(&r, arr, out);
	if (!r.rc && (arr = jr_want(&r, root, "$", "electricity", JSON_ARRAY, false)))
		read_electricity(&r, arr, out);
	if (!r.rc && (arr = jr_want(&r, root, "$", "electricity_heat", JSON_ARRAY, false)))
		read_electricity_heat(&r, arr, out);
	out->fuels.name = out->name;
	json_decref(root);
	return r.rc;
}
