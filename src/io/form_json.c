#include "base/compat.h"
#include "io/form_json.h"
#include "io/json_mem.h"
#include "io/json_reader.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const layout_names[] = { "years", "records", "fields" };

static double plain_number(struct reader *r, json_t *o, const char *path, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	if (!json_is_number(v) || !isfinite(json_number_value(v))) {
		FAIL(r, CNAP_EINVAL, path, "%s must be a number", key);
		return 0;
	}
	return json_number_value(v);
}

static void read_line(struct reader *r, json_t *o, const char *path, struct cnap_form_line *l)
{
	static const char *const keys[] = { "code", "label", "unit", "note", "bind", "formula", "required",
					    "multiline", "decimals", "min", "max", NULL };
	if (!jr_object(r, o, path, keys))
		return;
	l->code = jr_str(r, o, path, "code", true);
	if (!r->rc) l->label = jr_str(r, o, path, "label", true);
	if (!r->rc) l->unit = jr_str(r, o, path, "unit", false);
	if (!r->rc) l->note = jr_str(r, o, path, "note", false);
	const char *bind = r->rc ? NULL : jr_str(r, o, path, "bind", false);
	const char *formula = r->rc ? NULL : jr_str(r, o, path, "formula", false);
	if (r->rc)
		return;
	if (!bind == !formula) {
		FAIL(r, CNAP_EINVAL, path, "a line has either \"bind\" (an input) or \"formula\" (computed)");
		return;
	}
	l->bind = bind ? bind : formula;
	l->computed = formula != NULL;
	l->required = jr_bool(r, o, path, "required");
	l->multiline = jr_bool(r, o, path, "multiline");
	l->decimals = json_object_get(o, "decimals") ? jr_int(r, o, path, "decimals", false, -1, 10) : -1;
	l->min = plain_number(r, o, path, "min");
	l->max = plain_number(r, o, path, "max");
	if (!r->rc && l->max < l->min)
		FAIL(r, CNAP_EINVAL, path, "max must not be below min");
}

static void read_table(struct reader *r, json_t *o, const char *path, struct cnap_form_table *t)
{
	static const char *const keys[] = { "code", "title", "sheet", "item", "intro", "layout", "years", "lines",
					    "records", "blank_records", NULL };
	char p[300];
	if (!jr_object(r, o, path, keys))
		return;
	t->code = jr_str(r, o, path, "code", true);
	if (!r->rc) t->title = jr_str(r, o, path, "title", true);
	if (!r->rc) t->sheet = jr_str(r, o, path, "sheet", false);
	if (!r->rc && !t->sheet) t->sheet = t->title;
	if (!r->rc) t->item = jr_str(r, o, path, "item", true);
	if (!r->rc) t->intro = jr_str(r, o, path, "intro", false);
	const char *layout = r->rc ? NULL : jr_str(r, o, path, "layout", true);
	if (r->rc)
		return;
	size_t li = 0;
	while (li < CNAP_ARRAY_LEN(layout_names) && strcmp(layout_names[li], layout) != 0)
		li++;
	if (li == CNAP_ARRAY_LEN(layout_names)) {
		snprintf(p, sizeof(p), "%s.layout", path);
		FAIL(r, CNAP_EINVAL, p, "layout must be years, records or fields (got '%s')", layout);
		return;
	}
	t->layout = (enum cnap_form_layout)li;
	if (t->layout == CNAP_FORM_RECORDS) {
		t->records = jr_str(r, o, path, "records", true);
		t->blank_records = (size_t)jr_int(r, o, path, "blank_records", false, 0, 50);
	}
	json_t *years = r->rc ? NULL : jr_want(r, o, path, "years", JSON_ARRAY, t->layout == CNAP_FORM_YEARS);
	json_t *v;
	size_t i;
	json_array_foreach(years, i, v) {
		snprintf(p, sizeof(p), "%s.years[%zu]", path, i);
		enum cnap_year_role role;
		if (i >= CNAP_YR_COUNT || !json_is_string(v) || !cnap_year_role_parse(json_string_value(v), &role)) {
			FAIL(r, CNAP_EINVAL, p,
			     "a year column is one of base, prev_actual, curr_outlook, curr_actual, next_outlook, target");
			return;
		}
		t->years[t->n_years++] = role;
	}
	json_t *lines = r->rc ? NULL : jr_want(r, o, path, "lines", JSON_ARRAY, true);
	if (!lines)
		return;
	t->n_lines = json_array_size(lines);
	t->lines = cnap_arena_calloc(r->a, t->n_lines + 1, sizeof(*t->lines));
	if (!t->lines) {
		OOM(r);
		return;
	}
	json_array_foreach(lines, i, v) {
		snprintf(p, sizeof(p), "%s.lines[%zu]", path, i);
		read_line(r, v, p, &t->lines[i]);
		if (r->rc)
			return;
	}
}

enum cnap_err cnap_form_json_parse(const char *json, size_t len, const char *path, struct cnap_arena *a,
				   struct cnap_form_spec *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	struct reader r = { a, err, CNAP_OK };
	json_error_t je;
	bool oom;
	json_t *root = cnap_json_load(json, len, JSON_REJECT_DUPLICATES, &je, &oom);
	if (!root && oom)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	if (!root)
		return cnap_fail(err, CNAP_EFORMAT, path, "not JSON: %s (line %d)", je.text, je.line);
	if (!json_is_array(root)) {
		json_decref(root);
		return cnap_fail(err, CNAP_EINVAL, path, "tables must be an array");
	}
	out->n_tables = json_array_size(root);
	if (out->n_tables > CNAP_FORM_MAX_TABLES) {
		json_decref(root);
		return cnap_fail(err, CNAP_ETOOBIG, path, "at most %d tables", CNAP_FORM_MAX_TABLES);
	}
	out->tables = cnap_arena_calloc(a, out->n_tables + 1, sizeof(*out->tables));
	if (!out->tables)
		OOM(&r);
	char p[200];
	json_t *v;
	size_t i;
	json_array_foreach(root, i, v) {
		if (r.rc)
			break;
		snprintf(p, sizeof(p), "%s[%zu]", path, i);
		read_table(&r, v, p, &out->tables[i]);
	}
	json_decref(root);
	if (!r.rc) {
		/* cnap_form_spec_check names tables as "<path>.tables[i]"; path already ends in "tables". */
		char base[200];
		snprintf(base, sizeof(base), "%.*s", (int)(strlen(path) >= 7 && strcmp(path + strlen(path) - 7, ".tables") == 0
							   ? strlen(path) - 7 : strlen(path)), path);
		r.rc = cnap_form_spec_check(out, base, err);
	}
	return r.rc;
}
