#include "base/compat.h"
#include "base/jpfmt.h"
#include "calc/form_calc.h"
#include "calc/fuel.h"
#include "io/cycle_json.h"
#include "io/form_csv.h"
#include "io/form_xlsx_read.h"
#include "io/form_xlsx_write.h"
#include "usecase/survey_workbook.h"

#include <stdio.h>
#include <stdint.h>
#include <string.h>

/* ---- loading ---- */

/*
 * The form with the data an export shows: the working data for those who may
 * enter it, the latest version for those who only read (a draft is the
 * association's until it is submitted).
 */
static enum cnap_err load(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *wg_code,
			  const char *association_code, struct cnap_arena *a, struct cnap_uc_form *f,
			  struct cnap_error *err)
{
	enum cnap_err rc = cnap_uc_form_load(s, actor, year, wg_code, association_code, a, f, err);
	if (rc || f->o.can_enter_data || !f->has_draft)
		return rc;
	f->has_draft = false;
	f->data = NULL;
	const struct cnap_submission *sub = cnap_uc_latest_data_submission(&f->o.part);
	struct cnap_survey_data *d = NULL;
	if (sub && (rc = cnap_survey_data_parse(sub->data_json, strlen(sub->data_json), "data", a, &d, err)))
		return rc;
	f->data = d;
	return CNAP_OK;
}

static const char *era(struct cnap_arena *a, int year)
{
	char buf[64];
	if (!cnap_jp_era_fiscal_year(year, false, buf, sizeof(buf)))
		snprintf(buf, sizeof(buf), "%d年度", year);
	return cnap_arena_strdup(a, buf);
}

/* 「Ⅱ．（１） 実績の総括表」: the table's title after its outline item's printed number. */
static const char *table_title(struct cnap_arena *a, const struct cnap_uc_form *f, const struct cnap_form_table *t)
{
	const struct cnap_survey_item *it = t->item ? cnap_template_item(&f->o.tmpl, t->item) : NULL;
	const struct cnap_survey_item *parent = it && it->parent_key ? cnap_template_item(&f->o.tmpl, it->parent_key)
								     : NULL;
	const char *code = cnap_arena_printf(a, "%s%s", parent && parent->code ? parent->code : "",
					     it && it->code ? it->code : "");
	if (!code)
		return NULL;
	return *code ? cnap_arena_printf(a, "%s %s", code, t->title) : t->title;
}

/* ---- export ---- */

/*
 * 前年度実績 from last year's survey where the working data has none: the
 * column's inputs as typed, last year's value in each empty one, applied as
 * if typed (a table whose result would not read cleanly keeps its data).
 */
static enum cnap_err prefill_previous(struct cnap_arena *a, const struct cnap_uc_form *f,
				      struct cnap_survey_data **data, size_t *filled, struct cnap_error *err)
{
	*filled = 0;
	if (!f->last_year)
		return CNAP_OK;
	struct cnap_survey_data *d = *data;
	for (size_t i = 0; i < f->spec.n_tables; i++) {
		const struct cnap_form_table *t = &f->spec.tables[i];
		size_t pc = t->n_years;
		for (size_t c = 0; t->layout == CNAP_FORM_YEARS && c < t->n_years; c++)
			if (t->years[c] == CNAP_YR_PREV_ACTUAL)
				pc = c;
		if (pc == t->n_years)
			continue;
		struct cnap_form_grid now, last;
		enum cnap_err rc;
		if ((rc = cnap_form_grid_from_data(a, t, f->actual_year, d, &now, err)) ||
		    (rc = cnap_form_grid_from_data(a, t, f->actual_year, f->last_year, &last, err)))
			return rc;
		const char **texts = cnap_arena_calloc(a, now.n_rows * now.n_cols + 1, sizeof(*texts));
		if (!texts)
			return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
		size_t n = 0;
		for (size_t r = 0; r < now.n_rows; r++)
			for (size_t c = 0; c < now.n_cols; c++) {
				const struct cnap_form_cell *cell = &now.cells[r * now.n_cols + c];
				texts[r * now.n_cols + c] = cell->text;
				const struct cnap_form_cell *old = &last.cells[r * now.n_cols + c];
				if (c == pc && !cell->computed && !cell->disabled && !cell->text && old->text) {
					texts[r * now.n_cols + c] = old->text;
					n++;
				}
			}
		if (!n)
			continue;
		struct cnap_form_issues issues = { 0 };
		struct cnap_survey_data *next = NULL;
		struct cnap_error aerr = { 0 };
		rc = cnap_form_apply(a, t, f->actual_year, d, texts, now.n_rows, &issues, &next, &aerr);
		if (rc == CNAP_ENOMEM) {
			*err = aerr;
			return rc;
		}
		if (rc == CNAP_OK && !issues.n) {
			d = next;
			*filled += n;
		}
	}
	*data = d;
	return CNAP_OK;
}

/*
 * The heat values of the fuel cells of a YEARS table, column by column, for
 * the heat total's formula; a column whose year has fuels the table does
 * not show keeps none (its total is not the sum of the table's cells).
 */
static enum cnap_err heat_values(struct cnap_arena *a, const struct cnap_uc_form *f, const struct cnap_form_table *t,
				 const struct cnap_form_grid *g, const struct cnap_survey_data *d, const double **out,
				 struct cnap_error *err)
{
	*out = NULL;
	if (t->layout != CNAP_FORM_YEARS || !f->coefficients)
		return CNAP_OK;
	double *heat = cnap_arena_calloc(a, g->n_rows * g->n_cols + 1, sizeof(*heat));
	if (!heat)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	for (size_t c = 0; c < g->n_cols; c++) {
		int year = g->years.year[t->years[c]];
		bool forecast = cnap_year_role_forecast(t->years[c]);
		if (!year)
			continue;
		bool complete = true;
		for (size_t i = 0; d && i < d->n_fuels && complete; i++) {
			const struct cnap_fuel_use *u = &d->fuels[i];
			if (u->year != year || u->forecast != forecast)
				continue;
			bool shown = false;
			for (size_t r = 0; r < t->n_lines && !shown; r++)
				shown = !t->lines[r].computed && t->lines[r].fuel && strcmp(t->lines[r].fuel, u->fuel) == 0;
			complete = shown;
		}
		for (size_t r = 0; complete && r < t->n_lines; r++) {
			const struct cnap_form_line *l = &t->lines[r];
			if (l->computed || !l->fuel)
				continue;
			double h = 0;
			if (strcmp(l->fuel, CNAP_FUEL_ELECTRICITY) == 0) {
				const struct cnap_elec_heat *e = cnap_coef_electricity_heat(f->coefficients, year);
				h = e ? e->gj_per_mwh : 0;
			} else {
				const struct cnap_fuel_coef *k = cnap_coef_heat_for_year(f->coefficients, l->fuel, year);
				h = k ? k->heat_gj_per_unit : 0;
			}
			heat[r * g->n_cols + c] = h;
		}
	}
	*out = heat;
	return CNAP_OK;
}

enum cnap_err cnap_uc_workbook_export(struct cnap_store *s, const struct cnap_actor *actor, int year,
				      const char *wg_code, const char *association_code, struct cnap_arena *a,
				      struct cnap_buf *out, const char **file_name, const char **ascii_name,
				      struct cnap_error *err)
{
	struct cnap_uc_form f;
	enum cnap_err rc = load(s, actor, year, wg_code, association_code, a, &f, err);
	const char *date = NULL;
	if (rc || (rc = cnap_store_last_change(s, a, &date, err)))
		return rc;
	struct cnap_survey_data *d = cnap_survey_data_copy(a, f.data);
	if (!d)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	size_t filled = 0;
	if ((rc = prefill_previous(a, &f, &d, &filled, err)))
		return rc;
	struct cnap_form_book_table *tables = cnap_arena_calloc(a, f.spec.n_tables + 1, sizeof(*tables));
	if (!tables)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < f.spec.n_tables; i++) {
		const struct cnap_form_table *t = &f.spec.tables[i];
		struct cnap_form_grid *g = cnap_arena_calloc(a, 1, sizeof(*g));
		if (!g)
			return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
		if ((rc = cnap_form_grid_from_data(a, t, f.actual_year, d, g, err)) ||
		    (rc = cnap_form_compute(a, g, d, f.coefficients, err)))
			return rc;
		tables[i] = (struct cnap_form_book_table){ .table = t, .grid = g, .title = table_title(a, &f, t) };
		if (!tables[i].title)
			return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
		if ((rc = heat_values(a, &f, t, g, d, &tables[i].heat, err)))
			return rc;
	}
	struct cnap_form_book book = {
		.year = year,
		.actual_year = f.actual_year,
		.wg_code = f.o.wg.code,
		.wg_name = f.o.wg.name,
		.association_code = f.o.as.code,
		.association_name = f.o.as.name,
		.template_code = f.o.tmpl.code,
		.version = f.version,
		.from_draft = f.has_draft,
		.prefilled_prev = filled,
		.date = date,
		.data = d,
		.crude_oil_kl_per_gj = f.coefficients ? f.coefficients->crude_oil_kl_per_gj : 0,
		.tables = tables,
		.n_tables = f.spec.n_tables,
	};
	const char *when = era(a, year);
	if (!when)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	if ((rc = cnap_form_xlsx_write(&book, out, err)))
		return rc;
	*file_name = cnap_arena_printf(a, "調査票データ_%s_%s.xlsx", f.o.as.name, when);
	*ascii_name = cnap_arena_printf(a, "survey-%d-%s-%s.xlsx", year, f.o.wg.code, f.o.as.code);
	return *file_name && *ascii_name ? CNAP_OK : cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
}

/* ---- import ---- */

static enum cnap_err may_import(const struct cnap_uc_form *f, struct cnap_uc_import *res, struct cnap_arena *a,
				struct cnap_error *err)
{
	enum cnap_err rc = cnap_uc_outline_may_enter(&f->o, err);
	if (rc)
		cnap_form_problem_add(a, &res->problems, "", "%s", err ? err->message : "この団体の調査票を登録する権限がありません");
	return rc;
}

/* The first problem as the error, with the code of the kind of refusal. */
static enum cnap_err refused(const struct cnap_uc_import *res, enum cnap_err code, struct cnap_error *err)
{
	const struct cnap_form_problem *p = res->problems.n ? &res->problems.v[0] : NULL;
	if (res->problems.n > 1)
		return cnap_fail(err, code, p->where, "%s（ほか%zu件）", p->message,
				 res->problems.n - 1 + res->problems.dropped);
	return cnap_fail(err, code, p ? p->where : "", "%s", p ? p->message : "取り込めませんでした");
}

/*
 * One table's texts applied onto *d: every issue into the problems at the
 * place where() names. *d moves on even with issues (so later tables are
 * read against it), but is never saved then.
 */
typedef const char *(*where_fn)(struct cnap_arena *a, const void *table, size_t row, size_t col);

static enum cnap_err apply_table(struct cnap_arena *a, const struct cnap_uc_form *f, const struct cnap_form_table *t,
				 const char *const *texts, size_t n_rows, where_fn where, const void *wt,
				 struct cnap_survey_data **d, struct cnap_uc_import *res, struct cnap_error *err)
{
	struct cnap_form_issues issues = { .limit = CNAP_FORM_PROBLEMS_MAX };
	struct cnap_survey_data *next = NULL;
	struct cnap_error aerr = { 0 };
	enum cnap_err rc = cnap_form_apply(a, t, f->actual_year, *d, texts, n_rows, &issues, &next, &aerr);
	if (rc && rc != CNAP_EINVAL) {
		*err = aerr;
		return rc;
	}
	for (size_t i = 0; i < issues.n; i++) {
		const char *at = where(a, wt, issues.v[i].row, issues.v[i].col);
		if (!at)
			res->problems.oom = true;
		cnap_form_problem_add(a, &res->problems, at, "%s", issues.v[i].message);
	}
	if (next)
		*d = next;
	res->tables_read++;
	return CNAP_OK;
}

/* A table that was read, and how its cells are named in the file. */
struct placed {
	const struct cnap_form_table *table;
	where_fn where;
	const void *wt;
};

/* Where in the file a whole-data check points: the first table read that holds its cell. */
static const char *check_place(struct cnap_arena *a, const struct cnap_uc_form *f, const struct cnap_survey_data *d,
			       const struct cnap_error *e, const struct placed *pl, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t row, col;
		cnap_uc_form_locate(pl[i].table, f->actual_year, d, e, &row, &col);
		if (row != SIZE_MAX)
			return pl[i].where(a, pl[i].wt, row, col);
	}
	return "入力内容全体";
}

/* All of it checked as a whole, then the new version: the one write of an import. */
static enum cnap_err take(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_uc_form *f,
			  struct cnap_survey_data *d, const char *note, const struct placed *pl, size_t n_pl,
			  struct cnap_arena *a, struct cnap_uc_import *res, struct cnap_error *err)
{
	if (res->problems.oom)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	if (res->problems.n || res->problems.dropped)
		return refused(res, CNAP_EINVAL, err);
	struct cnap_error verr = { 0 };
	if (cnap_survey_data_validate(d, "data", &verr)) {
		const char *at = check_place(a, f, d, &verr, pl, n_pl);
		if (!at)
			res->problems.oom = true;
		cnap_form_problem_add(a, &res->problems, at ? at : "入力内容全体", "%s", verr.message);
		return res->problems.oom ? cnap_fail(err, CNAP_ENOMEM, "", "out of memory") : refused(res, CNAP_EINVAL, err);
	}
	enum cnap_err rc = cnap_uc_form_add_version(s, actor, f, d, note, a, &res->version, err);
	if (rc) {
		res->version = 0;
		cnap_form_problem_add(a, &res->problems, err->where, "%s", err->message);
	}
	return rc;
}

static const char *xlsx_where(struct cnap_arena *a, const void *t, size_t row, size_t col)
{
	return cnap_form_xlsx_where(a, t, row, col);
}

static const char *csv_where(struct cnap_arena *a, const void *t, size_t row, size_t col)
{
	return cnap_form_csv_where(a, t, row, col);
}

static const char *base_name(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	return slash ? slash + 1 : path;
}

static enum cnap_err too_big(struct cnap_arena *a, struct cnap_uc_import *res, const char *file, size_t len,
			     struct cnap_error *err)
{
	cnap_form_problem_add(a, &res->problems, file ? file : "", "ファイルが大きすぎます（%zu バイト。%zu MiBまで）", len,
			      CNAP_UC_WORKBOOK_MAX_BYTES >> 20);
	return refused(res, CNAP_ETOOBIG, err);
}

enum cnap_err cnap_uc_workbook_import(struct cnap_store *s, const struct cnap_actor *actor, int year,
				      const char *wg_code, const char *association_code, const void *data, size_t len,
				      const char *file_name, const char *note, struct cnap_arena *a,
				      struct cnap_uc_import *res, struct cnap_error *err)
{
	memset(res, 0, sizeof(*res));
	file_name = base_name(file_name);
	struct cnap_uc_form f;
	enum cnap_err rc = cnap_uc_form_load(s, actor, year, wg_code, association_code, a, &f, err);
	if (rc || (rc = may_import(&f, res, a, err)))
		return rc;
	if (len > CNAP_UC_WORKBOOK_MAX_BYTES)
		return too_big(a, res, file_name, len, err);
	struct cnap_form_xlsx_expect expect = { .year = year, .wg_code = f.o.wg.code,
						.association_code = f.o.as.code, .association_name = f.o.as.name, .file_name = file_name };
	struct cnap_xlsx_limits limits = { .max_file_bytes = CNAP_UC_WORKBOOK_MAX_BYTES };
	struct cnap_form_xlsx_book book;
	if ((rc = cnap_form_xlsx_read(data, len, &limits, &f.spec, &expect, a, &book, &res->problems, err)))
		return rc;
	struct cnap_survey_data *d = cnap_survey_data_copy(a, f.data);
	struct placed *pl = cnap_arena_calloc(a, book.n_tables + 1, sizeof(*pl));
	size_t n_pl = 0;
	if (!d || !pl)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < book.n_tables; i++) {
		const struct cnap_form_xlsx_table *t = &book.tables[i];
		if (!t->found) {
			res->missing[res->n_missing++] = t->table->title;
			continue;
		}
		if (!t->texts)
			continue; /* its sheet had a problem of its own, already listed */
		if ((rc = apply_table(a, &f, t->table, t->texts, t->n_rows, xlsx_where, t, &d, res, err)))
			return rc;
		pl[n_pl++] = (struct placed){ t->table, xlsx_where, t };
	}
	if (!res->tables_read && !res->problems.n)
		cnap_form_problem_add(a, &res->problems, file_name ? file_name : "",
				      "取り込める表のシートがありません（シートを削除していないか確認してください）");
	if (!note && !(note = cnap_arena_printf(a, "Excelファイル%s%s%sから取り込み", file_name ? "「" : "",
						 file_name ? file_name : "", file_name ? "」" : "")))
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	return take(s, actor, &f, d, note, pl, n_pl, a, res, err);
}

static enum cnap_err table_of(const struct cnap_uc_form *f, const char *code, const struct cnap_form_table **out,
			      struct cnap_error *err)
{
	*out = cnap_form_table_find(&f->spec, code);
	if (*out)
		return CNAP_OK;
	struct cnap_buf list;
	cnap_buf_init(&list, 4096);
	for (size_t i = 0; i < f->spec.n_tables; i++)
		cnap_buf_addf(&list, "%s%s", i ? ", " : "", f->spec.tables[i].code);
	enum cnap_err rc = cnap_fail(err, CNAP_ENOTFOUND, "table", "表「%s」はこの調査票にありません（あるのは %s）",
				     code ? code : "", list.data ? list.data : "");
	cnap_buf_release(&list);
	return rc;
}

enum cnap_err cnap_uc_table_csv_export(struct cnap_store *s, const struct cnap_actor *actor, int year,
				       const char *wg_code, const char *association_code, const char *table_code,
				       struct cnap_arena *a, struct cnap_buf *out, const char **file_name,
				       struct cnap_error *err)
{
	struct cnap_uc_form f;
	const struct cnap_form_table *t;
	struct cnap_form_grid g;
	enum cnap_err rc;
	if ((rc = load(s, actor, year, wg_code, association_code, a, &f, err)) ||
	    (rc = table_of(&f, table_code, &t, err)) || (rc = cnap_uc_form_grid(&f, t, a, &g, err)) ||
	    (rc = cnap_form_csv_write(&g, f.data, a, out, err)))
		return rc;
	*file_name = cnap_arena_printf(a, "%s.csv", t->sheet);
	return *file_name ? CNAP_OK : cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
}

enum cnap_err cnap_uc_table_csv_import(struct cnap_store *s, const struct cnap_actor *actor, int year,
				       const char *wg_code, const char *association_code, const char *table_code,
				       const void *data, size_t len, const char *file_name, const char *note,
				       struct cnap_arena *a, struct cnap_uc_import *res, struct cnap_error *err)
{
	memset(res, 0, sizeof(*res));
	file_name = base_name(file_name);
	struct cnap_uc_form f;
	const struct cnap_form_table *t;
	struct cnap_form_grid current;
	enum cnap_err rc;
	if ((rc = cnap_uc_form_load(s, actor, year, wg_code, association_code, a, &f, err)) ||
	    (rc = table_of(&f, table_code, &t, err)) || (rc = may_import(&f, res, a, err)))
		return rc;
	if (len > CNAP_UC_WORKBOOK_MAX_BYTES)
		return too_big(a, res, file_name, len, err);
	if ((rc = cnap_form_grid_from_data(a, t, f.actual_year, f.data, &current, err)))
		return rc;
	struct cnap_form_csv_table csv;
	if ((rc = cnap_form_csv_read(data, len, &current, file_name ? file_name : cnap_arena_printf(a, "%s.csv", t->sheet),
				     a, &csv, &res->problems, err)))
		return rc;
	struct cnap_survey_data *d = cnap_survey_data_copy(a, f.data);
	if (!d)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	if (csv.texts && (rc = apply_table(a, &f, t, csv.texts, csv.n_rows, csv_where, &csv, &d, res, err)))
		return rc;
	if (!note && !(note = cnap_arena_printf(a, "CSVファイル「%s」（%s）から取り込み", csv.file_name, t->title)))
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	struct placed pl = { t, csv_where, &csv };
	return take(s, actor, &f, d, note, &pl, 1, a, res, err);
}
