#include "base/compat.h"
#include "base/buf.h"
#include "base/jpnum.h"
#include "base/utf8.h"
#include "model/form.h"
#include "model/form_bind.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const role_names[CNAP_YR_COUNT] = { "base", "prev_actual", "curr_outlook",
						       "curr_actual", "next_outlook", "target" };
static const char *const role_labels[CNAP_YR_COUNT] = { "基準年度", "前年度実績", "当年度見通し",
							"当年度実績", "次年度見通し", "目標年度" };
static const char *const formula_names[CNAP_FF_COUNT] = {
	"energy_intensity", "co2_intensity", "fuel_heat", "heat_total", "energy_computed", "energy_difference",
	"co2_computed", "co2_difference", "target_level", "co2_per_size", "energy_per_size",
	"coverage_association", "coverage_participation", "coverage_industry",
};

const char *cnap_year_role_name(enum cnap_year_role r)
{
	return (unsigned)r < CNAP_YR_COUNT ? role_names[r] : "?";
}

const char *cnap_year_role_label_ja(enum cnap_year_role r)
{
	return (unsigned)r < CNAP_YR_COUNT ? role_labels[r] : "?";
}

bool cnap_year_role_parse(const char *s, enum cnap_year_role *out)
{
	for (int i = 0; s && i < CNAP_YR_COUNT; i++)
		if (strcmp(s, role_names[i]) == 0) {
			*out = (enum cnap_year_role)i;
			return true;
		}
	return false;
}

const char *cnap_form_formula_name(enum cnap_form_formula f)
{
	return (unsigned)f < CNAP_FF_COUNT ? formula_names[f] : "?";
}

bool cnap_year_role_forecast(enum cnap_year_role r)
{
	return r == CNAP_YR_CURR_OUTLOOK || r == CNAP_YR_NEXT_OUTLOOK || r == CNAP_YR_TARGET;
}

const struct cnap_form_table *cnap_form_table_find(const struct cnap_form_spec *s, const char *code)
{
	for (size_t i = 0; s && code && i < s->n_tables; i++)
		if (strcmp(s->tables[i].code, code) == 0)
			return &s->tables[i];
	return NULL;
}

const struct cnap_form_line *cnap_form_line_find(const struct cnap_form_table *t, const char *code)
{
	for (size_t i = 0; t && code && i < t->n_lines; i++)
		if (strcmp(t->lines[i].code, code) == 0)
			return &t->lines[i];
	return NULL;
}

/* ---- checking a spec ---- */

static enum cnap_err check_formula(struct cnap_form_line *l, const char *p, struct cnap_error *err)
{
	const char *name = l->bind;
	size_t n = strcspn(name, ":");
	for (int f = 0; f < CNAP_FF_COUNT; f++) {
		if (strlen(formula_names[f]) == n && strncmp(formula_names[f], name, n) == 0) {
			l->binding = f;
			if (f == CNAP_FF_FUEL_HEAT) {
				if (!name[n] || !name[n + 1])
					return cnap_fail(err, CNAP_EINVAL, p, "fuel_heat needs a fuel: \"fuel_heat:<code>\"");
				l->fuel = name + n + 1;
			} else if (name[n]) {
				return cnap_fail(err, CNAP_EINVAL, p, "formula '%s' takes no argument", formula_names[f]);
			}
			l->type = CNAP_FT_NUMBER;
			return CNAP_OK;
		}
	}
	return cnap_fail(err, CNAP_EINVAL, p, "unknown formula '%s'", name);
}

static enum cnap_err check_input(const struct cnap_form_table *t, struct cnap_form_line *l, const char *p,
				 struct cnap_error *err)
{
	int id = -1;
	const struct form_binding *b;
	if (strncmp(l->bind, "fuel:", 5) == 0) {
		if (!l->bind[5])
			return cnap_fail(err, CNAP_EINVAL, p, "\"fuel:\" needs a fuel code");
		b = form_binding_find("fuel", &id);
		l->fuel = l->bind + 5;
	} else {
		b = form_binding_find(l->bind, &id);
	}
	if (!b)
		return cnap_fail(err, CNAP_EINVAL, p, "unknown binding '%s'", l->bind);
	bool fits = t->layout == CNAP_FORM_YEARS ? (b->kind == BIND_SERIES || b->kind == BIND_FUEL)
		  : t->layout == CNAP_FORM_FIELDS ? b->kind == BIND_FIELD
						  : (b->kind == BIND_RECORD && strcmp(b->records, t->records) == 0);
	if (!fits)
		return cnap_fail(err, CNAP_EINVAL, p, "binding '%s' does not belong in this table", l->bind);
	l->binding = id;
	l->type = b->type;
	l->choices = b->choices;
	l->n_choices = b->n_choices;
	return CNAP_OK;
}

enum cnap_err cnap_form_spec_check(struct cnap_form_spec *s, const char *path, struct cnap_error *err)
{
	char p[256];
	if (s->n_tables > CNAP_FORM_MAX_TABLES)
		return cnap_fail(err, CNAP_ETOOBIG, path, "at most %d tables", CNAP_FORM_MAX_TABLES);
	for (size_t i = 0; i < s->n_tables; i++) {
		struct cnap_form_table *t = &s->tables[i];
		snprintf(p, sizeof(p), "%s.tables[%zu]", path, i);
		for (size_t k = 0; k < i; k++)
			if (strcmp(s->tables[k].code, t->code) == 0 || strcmp(s->tables[k].sheet, t->sheet) == 0)
				return cnap_fail(err, CNAP_ECONFLICT, p, "code '%s' or sheet '%s' used twice", t->code,
						 t->sheet);
		if (cnap_utf8_count(t->sheet, strlen(t->sheet)) > 31 || strpbrk(t->sheet, "[]:*?/\\"))
			return cnap_fail(err, CNAP_EINVAL, p, "sheet name '%s': at most 31 characters, none of []:*?/\\",
					 t->sheet);
		/* the web's own paths under …/data/ (src/web/routes.c) */
		static const char *const reserved[] = { "submit", "discard", "copy-last-year", "workbook", "preview" };
		for (size_t k = 0; k < CNAP_ARRAY_LEN(reserved); k++)
			if (strcmp(t->code, reserved[k]) == 0)
				return cnap_fail(err, CNAP_EINVAL, p, "table code '%s' is reserved", t->code);
		int rid = -1;
		if (t->layout == CNAP_FORM_RECORDS && (!t->records || !form_records_find(t->records, &rid)))
			return cnap_fail(err, CNAP_EINVAL, p, "unknown records '%s'", t->records ? t->records : "");
		t->records_binding = rid;
		if (t->layout == CNAP_FORM_YEARS && !t->n_years)
			return cnap_fail(err, CNAP_EINVAL, p, "a years table needs year columns");
		if (!t->n_lines || t->n_lines > CNAP_FORM_MAX_LINES)
			return cnap_fail(err, CNAP_EINVAL, p, "1..%d lines", CNAP_FORM_MAX_LINES);
		if (t->blank_records > 50)
			return cnap_fail(err, CNAP_EINVAL, p, "at most 50 blank records");
		for (size_t k = 0; k < t->n_lines; k++) {
			struct cnap_form_line *l = &t->lines[k];
			snprintf(p, sizeof(p), "%s.tables[%zu].lines[%zu]", path, i, k);
			for (size_t j = 0; j < k; j++)
				if (strcmp(t->lines[j].code, l->code) == 0)
					return cnap_fail(err, CNAP_ECONFLICT, p, "line code '%s' used twice", l->code);
			enum cnap_err rc = l->computed ? check_formula(l, p, err) : check_input(t, l, p, err);
			if (rc)
				return rc;
			if (l->decimals < -1 || l->decimals > 10)
				return cnap_fail(err, CNAP_EINVAL, p, "decimals must be -1..10");
		}
	}
	return CNAP_OK;
}

/* ---- years ---- */

void cnap_form_years_resolve(int actual_fiscal_year, const struct cnap_survey_data *d, struct cnap_form_years *out)
{
	memset(out, 0, sizeof(*out));
	out->actual_year = actual_fiscal_year;
	const struct cnap_target *t = d ? &d->target : NULL;
	out->year[CNAP_YR_BASE] = t && t->kind != CNAP_TARGET_BAU ? t->base_year : 0;
	out->year[CNAP_YR_PREV_ACTUAL] = actual_fiscal_year - 1;
	out->year[CNAP_YR_CURR_OUTLOOK] = actual_fiscal_year;
	out->year[CNAP_YR_CURR_ACTUAL] = actual_fiscal_year;
	out->year[CNAP_YR_NEXT_OUTLOOK] = actual_fiscal_year + 1;
	out->year[CNAP_YR_TARGET] = t ? t->target_year : 0;
	for (int r = 0; r < CNAP_YR_COUNT; r++)
		if (out->year[r] < 1990 || out->year[r] > 2100)
			out->year[r] = 0;
}

const char *cnap_form_year_heading(struct cnap_arena *a, enum cnap_year_role r, const struct cnap_form_years *y)
{
	if (!y->year[r])
		return cnap_arena_strdup(a, cnap_year_role_label_ja(r));
	return cnap_arena_printf(a, "%s（%d年度）", cnap_year_role_label_ja(r), y->year[r]);
}

const char *cnap_form_unit(struct cnap_arena *a, const struct cnap_form_line *l, const struct cnap_survey_data *d)
{
	/* {target_unit} first: it may bring an {activity_unit} of its own. */
	static const char *const marks[] = { "{target_unit}", "{activity_unit}", "{logistics_unit}" };
	static const char *const target_units[CNAP_IND_COUNT] = { "万t-CO2", "t-CO2/{activity_unit}", "原油換算 万kl",
								  "万kl/{activity_unit}" };
	const char *values[] = {
		d && d->target.target_year && (unsigned)d->target.indicator < CNAP_IND_COUNT
			? target_units[d->target.indicator] : "目標指標の単位",
		d && d->activity_unit ? d->activity_unit : "生産活動量の単位",
		d && d->logistics_unit ? d->logistics_unit : "輸送量の単位",
	};
	const char *unit = l->unit;
	for (size_t i = 0; unit && i < CNAP_ARRAY_LEN(marks); i++) {
		const char *mark = strstr(unit, marks[i]);
		if (mark)
			unit = cnap_arena_printf(a, "%.*s%s%s", (int)(mark - unit), unit, values[i], mark + strlen(marks[i]));
	}
	return unit;
}

/* ---- grids ---- */

struct cnap_form_cell *cnap_form_grid_cell(struct cnap_form_grid *g, size_t row, size_t col)
{
	return row < g->n_rows && col < g->n_cols ? &g->cells[row * g->n_cols + col] : NULL;
}

const struct cnap_form_line *cnap_form_grid_line(const struct cnap_form_grid *g, size_t row, size_t col)
{
	size_t i = g->table->layout == CNAP_FORM_RECORDS ? col : row;
	return i < g->table->n_lines ? &g->table->lines[i] : NULL;
}

const char *cnap_form_number_text(struct cnap_arena *a, double v)
{
	char buf[40];
	if (v == 0)
		v = 0; /* no "-0" */
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	/* %g may choose an exponent; people and spreadsheets read plain decimals. */
	if (strchr(buf, 'e') && fabs(v) < 1e15 && fabs(v) >= 1e-9) {
		int decimals = 0;
		for (; decimals <= 20; decimals++) {
			snprintf(buf, sizeof(buf), "%.*f", decimals, v);
			if (strtod(buf, NULL) == v)
				break;
		}
	}
	return cnap_arena_strdup(a, buf);
}

static void *at(const void *base, size_t off)
{
	return (char *)base + off;
}

static void cell_from_value(struct cnap_arena *a, struct cnap_form_cell *c, const struct form_binding *b,
			    const void *obj)
{
	if (b->has_off >= 0 && !*(const bool *)at(obj, (size_t)b->has_off))
		return;
	switch (b->store) {
	case ST_DOUBLE:
		/* The target's rates carry no "entered" flag, and 0 is never a valid one: show it empty. */
		if (b->kind == BIND_FIELD && b->has_off < 0 && *(const double *)at(obj, b->off) == 0)
			return;
		c->num = *(const double *)at(obj, b->off);
		c->has_num = true;
		c->text = cnap_form_number_text(a, c->num);
		break;
	case ST_INT: {
		int v = *(const int *)at(obj, b->off);
		if (v) {
			c->num = v;
			c->has_num = true;
			c->text = cnap_arena_printf(a, "%d", v);
		}
		break;
	}
	case ST_STR:
		c->text = *(const char *const *)at(obj, b->off);
		break;
	case ST_BOOL:
		c->text = *(const bool *)at(obj, b->off) ? "true" : "false";
		break;
	case ST_ENUM: {
		unsigned v = *(const unsigned *)at(obj, b->off);
		c->text = v < b->n_choices ? b->choices[v].code : NULL;
		break;
	}
	}
}

static void fill_years(struct cnap_arena *a, const struct cnap_form_table *t, const struct cnap_survey_data *d,
		       struct cnap_form_grid *g)
{
	for (size_t r = 0; r < t->n_lines; r++) {
		const struct cnap_form_line *l = &t->lines[r];
		for (size_t c = 0; c < t->n_years; c++) {
			struct cnap_form_cell *cell = cnap_form_grid_cell(g, r, c);
			int year = g->years.year[t->years[c]];
			bool forecast = cnap_year_role_forecast(t->years[c]);
			cell->computed = l->computed;
			cell->disabled = !year;
			if (l->computed || !year || !d)
				continue;
			const struct form_binding *b = form_binding_at(l->binding);
			if (b->kind == BIND_FUEL) {
				const struct cnap_fuel_use *u = cnap_survey_fuel(d, year, forecast, l->fuel);
				if (u) {
					cell->num = u->quantity;
					cell->has_num = true;
					cell->text = cnap_form_number_text(a, u->quantity);
				}
				continue;
			}
			const struct cnap_series_row *row = cnap_survey_row_kind(d, year, forecast);
			if (row && (row->has & b->has_bit))
				cell_from_value(a, cell, b, row);
		}
	}
}

enum cnap_err cnap_form_grid_from_data(struct cnap_arena *a, const struct cnap_form_table *t, int actual_fiscal_year,
				       const struct cnap_survey_data *d, struct cnap_form_grid *out,
				       struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	out->table = t;
	cnap_form_years_resolve(actual_fiscal_year, d, &out->years);
	size_t n_records = 0;
	const struct form_records *rec = form_records_at(t->records_binding);
	switch (t->layout) {
	case CNAP_FORM_YEARS:
		out->n_rows = t->n_lines;
		out->n_cols = t->n_years;
		break;
	case CNAP_FORM_FIELDS:
		out->n_rows = t->n_lines;
		out->n_cols = 1;
		break;
	case CNAP_FORM_RECORDS:
		n_records = d ? *(const size_t *)at(d, rec->count_off) : 0;
		out->n_rows = n_records + t->blank_records;
		out->n_cols = t->n_lines;
		break;
	}
	out->cells = cnap_arena_calloc(a, out->n_rows * out->n_cols + 1, sizeof(*out->cells));
	if (!out->cells)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	if (t->layout == CNAP_FORM_YEARS) {
		fill_years(a, t, d, out);
		return CNAP_OK;
	}
	if (t->layout == CNAP_FORM_FIELDS) {
		for (size_t r = 0; r < t->n_lines; r++) {
			struct cnap_form_cell *cell = cnap_form_grid_cell(out, r, 0);
			cell->computed = t->lines[r].computed;
			if (!cell->computed && d)
				cell_from_value(a, cell, form_binding_at(t->lines[r].binding), d);
		}
		return CNAP_OK;
	}
	const char *records = n_records ? *(const char *const *)at(d, rec->array_off) : NULL;
	for (size_t r = 0; r < out->n_rows; r++)
		for (size_t c = 0; c < t->n_lines; c++) {
			struct cnap_form_cell *cell = cnap_form_grid_cell(out, r, c);
			cell->computed = t->lines[c].computed;
			if (!cell->computed && r < n_records)
				cell_from_value(a, cell, form_binding_at(t->lines[c].binding),
						records + r * rec->elem_size);
		}
	return CNAP_OK;
}

/* ---- applying what was typed ---- */

void cnap_form_issue_add(struct cnap_arena *a, struct cnap_form_issues *is, size_t row, size_t col,
			 const char *fmt, ...)
{
	size_t limit = is->limit ? is->limit : 200;
	if (is->n >= limit)
		return;
	struct cnap_form_issue *v = cnap_arena_grow(a, is->v, is->n, &is->cap, sizeof(*v));
	if (!v) {
		is->oom = true; /* an issue lost would pass a bad cell for an empty one */
		return;
	}
	is->v = v;
	va_list ap;
	va_start(ap, fmt);
	const char *msg = cnap_arena_vprintf(a, fmt, ap);
	va_end(ap);
	if (!msg)
		is->oom = true;
	is->v[is->n++] = (struct cnap_form_issue){ row, col, msg ? msg : "入力に誤りがあります" };
}

size_t cnap_form_trim(const char *s, const char **start)
{
	static const char *const spaces[] = { " ", "\t", "\r", "\n", "\u3000", "\u00a0" };
	size_t n = strlen(s);
	bool again = true;
	while (again) {
		again = false;
		for (size_t i = 0; i < CNAP_ARRAY_LEN(spaces); i++) {
			size_t k = strlen(spaces[i]);
			if (n >= k && strncmp(s, spaces[i], k) == 0) {
				s += k;
				n -= k;
				again = true;
			}
			if (n >= k && strncmp(s + n - k, spaces[i], k) == 0) {
				n -= k;
				again = true;
			}
		}
	}
	*start = s;
	return n;
}

static const char *trimmed(struct cnap_arena *a, const char *s)
{
	const char *start;
	size_t n = cnap_form_trim(s, &start);
	return cnap_arena_strndup(a, start, n);
}

/* What one typed cell means for its binding; false (with an issue) when it cannot be read. */
struct typed {
	bool empty;
	double num;
	int year;
	const char *text;
	unsigned choice;
};

static bool read_typed(struct cnap_arena *a, const struct cnap_form_line *l, const char *raw, size_t row, size_t col,
		       struct cnap_form_issues *is, struct typed *out)
{
	memset(out, 0, sizeof(*out));
	size_t len = raw ? strlen(raw) : 0;
	if (raw && !cnap_utf8_valid(raw, len, NULL)) {
		cnap_form_issue_add(a, is, row, col, "文字コードが正しくありません（UTF-8ではありません）");
		return false;
	}
	const char *s = raw ? trimmed(a, raw) : "";
	if (!s) {
		is->oom = true;
		return false;
	}
	out->empty = !*s;
	if (out->empty) {
		if (l->required) {
			cnap_form_issue_add(a, is, row, col, "「%s」を入力してください", l->label);
			return false;
		}
		return true;
	}
	switch (l->type) {
	case CNAP_FT_TEXT:
		if (cnap_utf8_count(s, strlen(s)) > CNAP_FORM_MAX_TEXT_CHARS) {
			cnap_form_issue_add(a, is, row, col, "%d文字以内で入力してください", CNAP_FORM_MAX_TEXT_CHARS);
			return false;
		}
		for (const unsigned char *p = (const unsigned char *)s; *p; p++)
			if (*p < 0x20 && *p != '\n' && *p != '\t') {
				cnap_form_issue_add(a, is, row, col, "制御文字は入力できません");
				return false;
			}
		out->text = s;
		return true;
	case CNAP_FT_CHOICE:
	case CNAP_FT_BOOL:
		for (size_t i = 0; i < l->n_choices; i++)
			if (strcmp(s, l->choices[i].code) == 0 || strcmp(s, l->choices[i].label) == 0) {
				out->choice = (unsigned)i;
				return true;
			}
		{
			struct cnap_buf list;
			cnap_buf_init(&list, 1024);
			for (size_t i = 0; i < l->n_choices; i++)
				cnap_buf_addf(&list, "%s「%s」", i ? "・" : "", l->choices[i].label);
			cnap_form_issue_add(a, is, row, col, "%sのいずれかを選んでください（入力: 「%s」）",
					    list.data ? list.data : "", s);
			cnap_buf_release(&list);
		}
		return false;
	case CNAP_FT_NUMBER:
	case CNAP_FT_YEAR: {
		struct cnap_jpnum n;
		struct cnap_error e = { 0 };
		if (cnap_jpnum_parse(s, strlen(s), &n, &e)) {
			cnap_form_issue_add(a, is, row, col, "%s", e.message[0] ? e.message : "数値として読めません");
			return false;
		}
		if (l->type == CNAP_FT_YEAR) {
			if (n.value != floor(n.value) || n.value < 1990 || n.value > 2100) {
				cnap_form_issue_add(a, is, row, col, "年度は1990〜2100の整数で入力してください（入力: 「%s」）", s);
				return false;
			}
			out->year = (int)n.value;
			out->num = n.value;
			return true;
		}
		bool bounded = l->min != 0 || l->max != 0;
		double lo = bounded ? l->min : 0;
		if (n.value < lo) {
			if (lo == 0)
				cnap_form_issue_add(a, is, row, col, "負の値は入力できません（入力: 「%s」）", s);
			else
				cnap_form_issue_add(a, is, row, col, "%g以上の値を入力してください（入力: 「%s」）", lo, s);
			return false;
		}
		if (bounded && n.value > l->max) {
			cnap_form_issue_add(a, is, row, col, "%g以下の値を入力してください（入力: 「%s」）", l->max, s);
			return false;
		}
		out->num = n.value;
		return true;
	}
	}
	return false;
}

static void store_typed(const struct form_binding *b, void *obj, const struct typed *v)
{
	if (b->has_off >= 0)
		*(bool *)at(obj, (size_t)b->has_off) = !v->empty;
	switch (b->store) {
	case ST_DOUBLE: *(double *)at(obj, b->off) = v->empty ? 0 : v->num; break;
	case ST_INT: *(int *)at(obj, b->off) = v->empty ? 0 : v->year; break;
	case ST_STR: *(const char **)at(obj, b->off) = v->empty ? NULL : v->text; break;
	case ST_BOOL: *(bool *)at(obj, b->off) = !v->empty && v->choice == 1; break;
	case ST_ENUM: *(unsigned *)at(obj, b->off) = v->empty ? 0 : v->choice; break;
	}
}

static int series_cmp(const void *x, const void *y)
{
	const struct cnap_series_row *a = x, *b = y;
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	return (int)a->forecast - (int)b->forecast;
}

static int fuel_cmp(const void *x, const void *y)
{
	const struct cnap_fuel_use *a = x, *b = y;
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->forecast != b->forecast)
		return (int)a->forecast - (int)b->forecast;
	return strcmp(a->fuel, b->fuel);
}

static void *dup_array(struct cnap_arena *a, const void *src, size_t n, size_t extra, size_t elem)
{
	void *v = cnap_arena_calloc(a, n + extra + 1, elem);
	if (v && n)
		memcpy(v, src, n * elem);
	return v;
}

struct cnap_survey_data *cnap_survey_data_copy(struct cnap_arena *a, const struct cnap_survey_data *d)
{
	struct cnap_survey_data *c = cnap_arena_calloc(a, 1, sizeof(*c));
	if (!c || !d)
		return c;
	*c = *d;
	bool ok = true;
#define DUP(arr, n) \
	ok = ok && (c->arr = dup_array(a, d->arr, d->n, 0, sizeof(*d->arr))) != NULL
	DUP(series, n_series);
	DUP(bat, n_bat);
	DUP(measures, n_measures);
	DUP(credits, n_credits);
	DUP(certificates, n_certificates);
	DUP(coverage, n_coverage);
	DUP(office, n_office);
	DUP(logistics, n_logistics);
	DUP(fuels, n_fuels);
	DUP(fuel_totals, n_fuel_totals);
#undef DUP
	return ok ? c : NULL;
}

static struct cnap_series_row *series_slot(struct cnap_arena *a, struct cnap_survey_data *d, int year, bool forecast,
					   size_t *cap)
{
	for (size_t i = 0; i < d->n_series; i++)
		if (d->series[i].year == year && d->series[i].forecast == forecast)
			return &d->series[i];
	if (d->n_series == *cap) {
		*cap = *cap * 2 + 8;
		struct cnap_series_row *v = dup_array(a, d->series, d->n_series, *cap - d->n_series, sizeof(*v));
		if (!v)
			return NULL;
		d->series = v;
	}
	struct cnap_series_row *r = &d->series[d->n_series++];
	memset(r, 0, sizeof(*r));
	r->year = year;
	r->forecast = forecast;
	return r;
}

static bool fuel_set(struct cnap_arena *a, struct cnap_survey_data *d, int year, bool forecast, const char *fuel,
		     const struct typed *v, size_t *cap)
{
	for (size_t i = 0; i < d->n_fuels; i++) {
		struct cnap_fuel_use *u = &d->fuels[i];
		if (u->year == year && u->forecast == forecast && strcmp(u->fuel, fuel) == 0) {
			if (v->empty)
				memmove(u, u + 1, (--d->n_fuels - i) * sizeof(*u));
			else
				u->quantity = v->num;
			return true;
		}
	}
	if (v->empty)
		return true;
	if (d->n_fuels == *cap) {
		*cap = *cap * 2 + 16;
		struct cnap_fuel_use *nv = dup_array(a, d->fuels, d->n_fuels, *cap - d->n_fuels, sizeof(*nv));
		if (!nv)
			return false;
		d->fuels = nv;
	}
	d->fuels[d->n_fuels++] = (struct cnap_fuel_use){ year, forecast, fuel, v->num };
	return true;
}

/* Whether a typed text is only spaces; out of memory counts as not blank and is recorded. */
static bool blank_text(struct cnap_arena *a, const char *raw, struct cnap_form_issues *is)
{
	if (!raw)
		return true;
	const char *s = trimmed(a, raw);
	if (!s) {
		is->oom = true;
		return false;
	}
	return !*s;
}

static const char *text_at(const char *const *texts, size_t n_cols, size_t r, size_t c)
{
	return texts ? texts[r * n_cols + c] : NULL;
}

static bool apply_years(struct cnap_arena *a, const struct cnap_form_table *t, struct cnap_survey_data *d,
			const char *const *texts, struct cnap_form_issues *is, int actual_fiscal_year)
{
	struct cnap_form_years y;
	cnap_form_years_resolve(actual_fiscal_year, d, &y);
	size_t series_cap = d->n_series, fuel_cap = d->n_fuels;
	bool told[CNAP_YR_COUNT] = { false }; /* one message per column without a year, not one per cell */
	for (size_t r = 0; r < t->n_lines; r++) {
		const struct cnap_form_line *l = &t->lines[r];
		if (l->computed)
			continue;
		const struct form_binding *b = form_binding_at(l->binding);
		for (size_t c = 0; c < t->n_years; c++) {
			int year = y.year[t->years[c]];
			bool forecast = cnap_year_role_forecast(t->years[c]);
			const char *raw = text_at(texts, t->n_years, r, c);
			struct typed v;
			if (!year) {
				if (!blank_text(a, raw, is) && !told[c]) {
					told[c] = true;
					cnap_form_issue_add(a, is, r, c,
							    "%sが決まっていないため、この列には入力できません"
							    "（「目標と生産活動量」の表で%sを入力してください）",
							    cnap_year_role_label_ja(t->years[c]),
							    cnap_year_role_label_ja(t->years[c]));
				}
				continue;
			}
			if (!read_typed(a, l, raw, r, c, is, &v))
				continue;
			if (b->kind == BIND_FUEL) {
				if (!fuel_set(a, d, year, forecast, l->fuel, &v, &fuel_cap))
					return false;
				continue;
			}
			struct cnap_series_row *row = series_slot(a, d, year, forecast, &series_cap);
			if (!row)
				return false;
			if (v.empty)
				row->has &= ~b->has_bit;
			else
				row->has |= b->has_bit;
			*(double *)at(row, b->off) = v.empty ? 0 : v.num;
		}
	}
	/* A row left with nothing carries nothing. */
	size_t k = 0;
	for (size_t i = 0; i < d->n_series; i++)
		if (d->series[i].has)
			d->series[k++] = d->series[i];
	d->n_series = k;
	if (d->n_series)
		qsort(d->series, d->n_series, sizeof(*d->series), series_cmp);
	if (d->n_fuels)
		qsort(d->fuels, d->n_fuels, sizeof(*d->fuels), fuel_cmp);
	return true;
}

static bool apply_records(struct cnap_arena *a, const struct cnap_form_table *t, struct cnap_survey_data *d,
			  const char *const *texts, size_t n_rows, struct cnap_form_issues *is)
{
	const struct form_records *rec = form_records_at(t->records_binding);
	char *arr = cnap_arena_calloc(a, n_rows + 1, rec->elem_size);
	if (!arr)
		return false;
	size_t n = 0;
	for (size_t r = 0; r < n_rows; r++) {
		bool blank = true;
		for (size_t c = 0; c < t->n_lines && blank; c++) {
			const char *raw = t->lines[c].computed ? NULL : text_at(texts, t->n_lines, r, c);
			blank = blank_text(a, raw, is);
		}
		if (blank)
			continue;
		void *obj = arr + n * rec->elem_size;
		bool ok = true;
		for (size_t c = 0; c < t->n_lines; c++) {
			const struct cnap_form_line *l = &t->lines[c];
			struct typed v;
			if (l->computed)
				continue;
			if (!read_typed(a, l, text_at(texts, t->n_lines, r, c), r, c, is, &v)) {
				ok = false;
				continue;
			}
			store_typed(form_binding_at(l->binding), obj, &v);
		}
		if (ok)
			n++;
		else
			memset(obj, 0, rec->elem_size);
	}
	if (n_rows > CNAP_FORM_MAX_RECORDS)
		cnap_form_issue_add(a, is, CNAP_FORM_MAX_RECORDS, 0, "行が多すぎます（%d行まで）", CNAP_FORM_MAX_RECORDS);
	*(char **)at(d, rec->array_off) = arr;
	*(size_t *)at(d, rec->count_off) = n;
	return true;
}

enum cnap_err cnap_form_apply(struct cnap_arena *a, const struct cnap_form_table *t, int actual_fiscal_year,
			      const struct cnap_survey_data *base, const char *const *texts, size_t n_rows,
			      struct cnap_form_issues *issues, struct cnap_survey_data **out, struct cnap_error *err)
{
	*out = NULL;
	size_t before = issues->n;
	struct cnap_survey_data *d = cnap_survey_data_copy(a, base);
	if (!d)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	bool ok = true;
	switch (t->layout) {
	case CNAP_FORM_YEARS:
		ok = apply_years(a, t, d, texts, issues, actual_fiscal_year);
		break;
	case CNAP_FORM_FIELDS:
		for (size_t r = 0; r < t->n_lines; r++) {
			const struct cnap_form_line *l = &t->lines[r];
			struct typed v;
			if (!l->computed && read_typed(a, l, text_at(texts, 1, r, 0), r, 0, issues, &v))
				store_typed(form_binding_at(l->binding), d, &v);
		}
		break;
	case CNAP_FORM_RECORDS:
		ok = apply_records(a, t, d, texts, n_rows, issues);
		break;
	}
	if (!ok || issues->oom)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	*out = d;
	if (issues->n > before)
		return cnap_fail(err, CNAP_EINVAL, t->title, "%s: 入力に誤りが%zu件あります", t->title, issues->n - before);
	return CNAP_OK;
}
