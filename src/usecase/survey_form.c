#include "base/compat.h"
#include "base/embedded.h"
#include "base/jpnum.h"
#include "calc/form_calc.h"
#include "calc/fuel.h"
#include "io/coef_json.h"
#include "io/cycle_json.h"
#include "io/form_json.h"
#include "usecase/organisation.h"
#include "usecase/survey_form.h"
#include "usecase/survey_text_int.h"
#include "usecase/survey_version.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

extern const struct cnap_embedded cnap_coefficient_master[];

enum cnap_err cnap_uc_coefficients(struct cnap_arena *a, const struct cnap_coef_master **out, struct cnap_error *err)
{
	struct cnap_coef_master *m = cnap_arena_calloc(a, 1, sizeof(*m));
	if (!m)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	enum cnap_err rc = cnap_coef_json_parse((const char *)cnap_coefficient_master[0].data,
						cnap_coefficient_master[0].len, a, m, err);
	*out = rc ? NULL : m;
	return rc;
}

/* The latest version of the association in the cycle before this one (any WG it took part in), or NULL. */
static void load_last_year(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_uc_form *f,
			   struct cnap_arena *a)
{
	struct cnap_cycle *cycles;
	size_t n;
	if (cnap_store_cycle_list(s, a, &cycles, &n, NULL))
		return;
	int best = 0;
	for (size_t i = 0; i < n; i++)
		if (cycles[i].year < f->o.year && cycles[i].year > best)
			best = cycles[i].year;
	struct cnap_survey_data *d;
	int version;
	if (best && !cnap_uc_survey_data_latest(s, actor, best, NULL, f->o.as.code, a, &d, &version, NULL)) {
		f->last_year = d;
		f->last_year_cycle = best;
	}
}

enum cnap_err cnap_uc_form_load(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *wg_code,
				const char *association_code, struct cnap_arena *a, struct cnap_uc_form *out,
				struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	enum cnap_err rc = cnap_uc_outline_load(s, actor, year, wg_code, association_code, a, &out->o, err);
	struct cnap_cycle cycle;
	if (rc || (rc = cnap_uc_coefficients(a, &out->coefficients, err)) ||
	    (rc = cnap_store_cycle_get(s, year, a, &cycle, err)))
		return rc;
	out->actual_year = cycle.actual_fiscal_year ? cycle.actual_fiscal_year : year - 1;
	if (!out->o.tmpl.tables_json)
		return cnap_fail(err, CNAP_ENOTFOUND, "template",
				 "調査票「%s」にはデータ表の定義（tables）がありません", out->o.tmpl.code);
	const char *tj = out->o.tmpl.tables_json;
	if ((rc = cnap_form_json_parse(tj, strlen(tj), "template.tables", a, &out->spec, err)))
		return rc;
	const struct cnap_participation *p = &out->o.part;
	out->version = p->n_submissions ? p->submissions[p->n_submissions - 1].version : 0;
	struct cnap_data_draft draft;
	struct cnap_survey_data *d = NULL;
	/* The draft is the enterer's working copy: readers see the latest version, as on the association page. */
	rc = out->o.can_enter_data ? cnap_store_draft_get(s, year, wg_code, association_code, a, &draft, err)
				   : CNAP_ENOTFOUND;
	if (!rc) {
		out->has_draft = true;
		out->draft_base_version = draft.base_version;
		out->draft_by = draft.updated_by;
		out->draft_at = draft.updated_at;
		if ((rc = cnap_survey_data_parse(draft.data_json, strlen(draft.data_json), "draft", a, &d, err)))
			return rc;
	} else if (rc == CNAP_ENOTFOUND) {
		const struct cnap_submission *sub = cnap_uc_latest_data_submission(p);
		if (sub && (rc = cnap_survey_data_parse(sub->data_json, strlen(sub->data_json), "data", a, &d, err)))
			return rc;
		rc = CNAP_OK;
	} else {
		return rc;
	}
	out->data = d;
	load_last_year(s, actor, out, a);
	cnap_error_clear(err);
	return CNAP_OK;
}

enum cnap_err cnap_uc_form_grid(const struct cnap_uc_form *f, const struct cnap_form_table *t, struct cnap_arena *a,
				struct cnap_form_grid *out, struct cnap_error *err)
{
	enum cnap_err rc = cnap_form_grid_from_data(a, t, f->actual_year, f->data, out, err);
	if (rc)
		return rc;
	return cnap_form_compute(a, out, f->data, f->coefficients, err);
}

/* The grid as typed: texts kept, numbers read where they can be (a bad cell counts as empty). */
static enum cnap_err grid_as_typed(struct cnap_arena *a, const struct cnap_uc_form *f, const struct cnap_form_table *t,
				   const struct cnap_survey_data *d, const char *const *texts, size_t n_rows,
				   struct cnap_form_grid *g, struct cnap_error *err)
{
	struct cnap_form_table shaped = *t;
	if (t->layout == CNAP_FORM_RECORDS)
		shaped.blank_records = 0;
	enum cnap_err rc = cnap_form_grid_from_data(a, &shaped, f->actual_year, NULL, g, err);
	if (rc)
		return rc;
	g->table = t;
	cnap_form_years_resolve(f->actual_year, d, &g->years);
	if (t->layout == CNAP_FORM_RECORDS) {
		g->n_rows = n_rows;
		g->cells = cnap_arena_calloc(a, n_rows * g->n_cols + 1, sizeof(*g->cells));
		if (!g->cells)
			return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	}
	for (size_t r = 0; r < g->n_rows; r++)
		for (size_t c = 0; c < g->n_cols; c++) {
			const struct cnap_form_line *l = cnap_form_grid_line(g, r, c);
			struct cnap_form_cell *cell = &g->cells[r * g->n_cols + c];
			cell->computed = l->computed;
			/* the columns' years are the typed data's (its target), not those of the empty grid above */
			cell->disabled = t->layout == CNAP_FORM_YEARS && !g->years.year[t->years[c]];
			if (l->computed || !texts)
				continue;
			cell->text = texts[r * g->n_cols + c];
			struct cnap_jpnum n;
			if (cell->text && (l->type == CNAP_FT_NUMBER || l->type == CNAP_FT_YEAR) &&
			    !cnap_jpnum_parse(cell->text, strlen(cell->text), &n, NULL) && !n.empty) {
				cell->num = n.value;
				cell->has_num = true;
			}
		}
	return CNAP_OK;
}

/*
 * The data as the text the store keeps, read back once: what cannot be read
 * again (a value the form let through that the reader refuses) is never
 * stored, or the association's survey could not be opened any more.
 */
static enum cnap_err storable_text(struct cnap_arena *a, const struct cnap_survey_data *d, const char **out,
				   struct cnap_error *err)
{
	const char *json = cnap_survey_data_to_text(a, d);
	if (!json)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	struct cnap_survey_data *back;
	struct cnap_error e = { 0 };
	enum cnap_err rc = cnap_survey_data_parse(json, strlen(json), "data", a, &back, &e);
	if (rc == CNAP_ENOMEM)
		return cnap_fail(err, rc, "", "out of memory");
	if (rc)
		return cnap_fail(err, CNAP_EINVAL, e.where, "この内容は保存できません（%s）", e.message);
	*out = json;
	return CNAP_OK;
}

static enum cnap_err save_draft(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_uc_form *f,
				const struct cnap_survey_data *d, struct cnap_arena *a, struct cnap_error *err)
{
	const char *json;
	enum cnap_err rc = storable_text(a, d, &json, err);
	if (rc)
		return rc;
	cnap_store_set_actor(s, actor->login);
	int base = f->has_draft ? f->draft_base_version : f->version;
	rc = cnap_store_begin(s, err);
	if (!rc)
		rc = cnap_store_draft_put(s, f->o.year, f->o.wg.code, f->o.as.code, base, json, actor->login, err);
	rc = cnap_store_finish(s, rc, err);
	if (!rc) {
		f->data = d;
		f->has_draft = true;
		f->draft_base_version = base;
		f->draft_by = actor->login;
	}
	return rc;
}

static enum cnap_err may_enter(const struct cnap_uc_form *f, struct cnap_error *err)
{
	return cnap_uc_outline_may_enter(&f->o, err);
}

static bool line_bound(const struct cnap_form_table *t, const char *bind, size_t *at)
{
	for (size_t i = 0; i < t->n_lines; i++)
		if (!t->lines[i].computed && strcmp(t->lines[i].bind, bind) == 0) {
			*at = i;
			return true;
		}
	return false;
}

/*
 * The cell of this table a whole-data check speaks of (model/survey_data.h
 * names it by its JSON path): a series value by its row and year column, a
 * target problem by the line its message names. Otherwise a row past the
 * grid: the front ends show it with the table, not beside a wrong cell.
 */
void cnap_uc_form_locate(const struct cnap_form_table *t, int actual_year, const struct cnap_survey_data *d,
			 const struct cnap_error *e, size_t *row, size_t *col)
{
	*row = SIZE_MAX;
	*col = 0;
	size_t idx;
	char field[40];
	if (sscanf(e->where, "data.series[%zu].%39[a-z_]", &idx, field) == 2 && idx < d->n_series &&
	    t->layout == CNAP_FORM_YEARS) {
		struct cnap_form_years y;
		cnap_form_years_resolve(actual_year, d, &y);
		char bind[64];
		snprintf(bind, sizeof(bind), "series.%s", field);
		size_t line;
		for (size_t c = 0; c < t->n_years && line_bound(t, bind, &line); c++)
			if (y.year[t->years[c]] == d->series[idx].year &&
			    cnap_year_role_forecast(t->years[c]) == d->series[idx].forecast) {
				*row = line;
				*col = c;
				return;
			}
		return;
	}
	if (strcmp(e->where, "data.target") != 0)
		return;
	static const struct { const char *word, *bind; } words[] = {
		{ "基準年度（", NULL }, /* the base year lacks a value its indicator needs */
		{ "基準年度", "target.base_year" },   { "目標年度", "target.target_year" },
		{ "削減率", "target.reduction_pct" }, { "年平均改善率", "target.annual_rate_pct" },
		{ "BAU比の削減量", "target.bau_reduction" }, { "BAU", "target.indicator" },
		{ "目標指標", "target.indicator" },
	};
	for (size_t i = 0; i < CNAP_ARRAY_LEN(words); i++) {
		if (!strstr(e->message, words[i].word))
			continue;
		if (i == 0 && t->layout == CNAP_FORM_YEARS) {
			struct cnap_form_years y;
			cnap_form_years_resolve(actual_year, d, &y);
			/* point at the first value the indicator needs that the base year lacks */
			const struct cnap_series_row *base = cnap_survey_row_kind(d, d->target.base_year, false);
			bool co2 = d->target.indicator == CNAP_IND_CO2 || d->target.indicator == CNAP_IND_CO2_INTENSITY;
			bool per = d->target.indicator == CNAP_IND_CO2_INTENSITY ||
				   d->target.indicator == CNAP_IND_ENERGY_INTENSITY;
			unsigned has = base ? base->has : 0;
			const char *bind = !(has & (co2 ? CNAP_SF_CO2 : CNAP_SF_ENERGY)) ? (co2 ? "series.co2" : "series.energy")
					   : per && !(has & CNAP_SF_ACTIVITY) ? "series.activity"
									      : (co2 ? "series.co2" : "series.energy");
			for (size_t c = 0; c < t->n_years; c++)
				if (t->years[c] == CNAP_YR_BASE && line_bound(t, bind, row)) {
					*col = c;
					return;
				}
			continue;
		}
		if (t->layout == CNAP_FORM_FIELDS && line_bound(t, words[i].bind, row))
			return;
	}
	*row = SIZE_MAX;
}

enum cnap_err cnap_uc_form_enter(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_uc_form *f,
				 const struct cnap_form_table *t, const char *const *texts, size_t n_rows, bool save,
				 struct cnap_arena *a, struct cnap_form_issues *issues, struct cnap_form_grid *grid,
				 struct cnap_error *err)
{
	enum cnap_err rc = may_enter(f, err);
	if (rc)
		return rc;
	if (t->layout != CNAP_FORM_RECORDS)
		n_rows = t->n_lines;
	if (n_rows > CNAP_FORM_MAX_RECORDS + 1)
		return cnap_fail(err, CNAP_ETOOBIG, t->title, "行が多すぎます（%d行まで）", CNAP_FORM_MAX_RECORDS);
	struct cnap_survey_data *d = NULL;
	struct cnap_error apply_err = { 0 };
	enum cnap_err applied = cnap_form_apply(a, t, f->actual_year, f->data, texts, n_rows, issues, &d, &apply_err);
	if (applied && applied != CNAP_EINVAL) {
		*err = apply_err;
		return applied;
	}
	if ((rc = grid_as_typed(a, f, t, d, texts, n_rows, grid, err)) ||
	    (rc = cnap_form_compute(a, grid, d, f->coefficients, err)))
		return rc;
	if (applied) {
		*err = apply_err;
		return applied;
	}
	struct cnap_error verr = { 0 };
	if (cnap_survey_data_validate(d, "data", &verr)) {
		size_t row, col;
		cnap_uc_form_locate(t, f->actual_year, d, &verr, &row, &col);
		cnap_form_issue_add(a, issues, row, col, "%s", verr.message);
		*err = verr;
		return CNAP_EINVAL;
	}
	return save ? save_draft(s, actor, f, d, a, err) : CNAP_OK;
}

enum cnap_err cnap_uc_form_copy_last_year(struct cnap_store *s, const struct cnap_actor *actor,
					  struct cnap_uc_form *f, struct cnap_arena *a, size_t *copied,
					  struct cnap_error *err)
{
	*copied = 0;
	enum cnap_err rc = may_enter(f, err);
	if (rc)
		return rc;
	if (!f->last_year)
		return cnap_fail(err, CNAP_ENOTFOUND, "last_year", "前年度の調査票（データ付き）が見つかりません");
	struct cnap_survey_data *d = cnap_survey_data_copy(a, f->data);
	if (!d)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	int year = f->actual_year - 1;
	const struct cnap_series_row *src = cnap_survey_row_kind(f->last_year, year, false);
	if (src) {
		struct cnap_series_row *v = cnap_arena_calloc(a, d->n_series + 2, sizeof(*v));
		if (!v)
			return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
		size_t n = 0;
		for (size_t i = 0; i < d->n_series; i++)
			if (d->series[i].year != year || d->series[i].forecast)
				v[n++] = d->series[i];
		/* keep the order: the new row goes before the first later one */
		size_t at = 0;
		while (at < n && (v[at].year < year || (v[at].year == year && !v[at].forecast)))
			at++;
		memmove(&v[at + 1], &v[at], (n - at) * sizeof(*v));
		v[at] = *src;
		v[at].year = year;
		v[at].forecast = false;
		d->series = v;
		d->n_series = n + 1;
		for (unsigned bit = 1; bit <= CNAP_SF_BAU_ENERGY; bit <<= 1)
			*copied += (src->has & bit) != 0;
	}
	/* Fuels of that year: last year's replace this year's. */
	size_t nf = 0;
	struct cnap_fuel_use *fuels = cnap_arena_calloc(a, d->n_fuels + f->last_year->n_fuels + 1, sizeof(*fuels));
	if (!fuels)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	size_t i = 0, j = 0;
	const struct cnap_survey_data *ly = f->last_year;
	/* both ascend by (year, forecast, fuel): merge, taking last year's for (year, actual) */
	while (i < d->n_fuels || j < ly->n_fuels) {
		const struct cnap_fuel_use *x = i < d->n_fuels ? &d->fuels[i] : NULL;
		const struct cnap_fuel_use *y = j < ly->n_fuels ? &ly->fuels[j] : NULL;
		if (y && (y->year != year || y->forecast)) {
			j++;
			continue;
		}
		if (x && x->year == year && !x->forecast) {
			i++;
			continue;
		}
		if (x && (!y || x->year < y->year || (x->year == y->year && x->forecast < y->forecast))) {
			fuels[nf++] = *x;
			i++;
		} else if (y) {
			fuels[nf++] = *y;
			(*copied)++;
			j++;
		} else {
			fuels[nf++] = *x;
			i++;
		}
	}
	d->fuels = fuels;
	d->n_fuels = nf;
	if (!*copied)
		return cnap_fail(err, CNAP_ENOTFOUND, "last_year", "前年度の調査票に%d年度の実績がありません", year);
	return save_draft(s, actor, f, d, a, err);
}

static enum cnap_err add_version(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_uc_form *f,
				 struct cnap_survey_data *d, const char *submitted_on, const char *note, bool drop_draft,
				 struct cnap_arena *a, int *version, struct cnap_error *err)
{
	enum cnap_err rc;
	if ((rc = cnap_survey_data_validate(d, "data", err)) ||
	    (rc = cnap_calc_fuel_totals(f->coefficients, d, a, err)))
		return rc;
	const char *json = NULL; /* set on success; -O3 cannot see that cnap_fail never returns CNAP_OK */
	if ((rc = storable_text(a, d, &json, err)) ||
	    (rc = cnap_policy_check_scope(actor, CNAP_ACT_SUBMISSION_ADD, f->o.wg.code, f->o.as.code, err)))
		return rc;
	cnap_store_set_actor(s, actor->login);
	if ((rc = cnap_store_begin(s, err)))
		return rc;
	struct cnap_submission sub = { .submitted_on = submitted_on, .note = note, .data_json = json };
	bool had_text_drafts = false;
	/* 「この内容で提出」 submits the whole working copy: the texts being edited go with the data. */
	if (drop_draft)
		rc = uc_text_drafts_fold(s, &f->o, a, &sub, &had_text_drafts, err);
	if (!rc)
		rc = cnap_uc_version_store(s, &f->o, &sub, false, a, version, NULL, err);
	if (!rc && drop_draft)
		rc = cnap_store_draft_delete(s, f->o.year, f->o.wg.code, f->o.as.code, err);
	rc = cnap_store_finish(s, rc, err);
	if (!rc) {
		f->version = *version;
		if (drop_draft)
			f->has_draft = false;
		f->data = d;
	}
	return rc;
}

enum cnap_err cnap_uc_form_submit(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_uc_form *f,
				  const char *submitted_on, const char *note, int *version, struct cnap_error *err)
{
	enum cnap_err rc = may_enter(f, err);
	if (rc)
		return rc;
	if (!f->has_draft)
		return cnap_fail(err, CNAP_ENOTFOUND, "draft", "提出する下書きがありません");
	/* A version registered since (an import) would be undone without a word. */
	if (f->draft_base_version < f->version)
		return cnap_fail(err, CNAP_ECONFLICT, "draft_stale",
				 "下書きは第%d版をもとにしていますが、その後に第%d版が登録されました。"
				 "このまま提出すると第%d版の内容が失われるため、提出できません。"
				 "下書きを破棄して第%d版から入力し直してください",
				 f->draft_base_version, f->version, f->version, f->version);
	if (submitted_on && (rc = cnap_check_date(submitted_on, "submitted_on", err)))
		return rc;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_survey_data *d = cnap_survey_data_copy(&a, f->data);
	rc = d ? add_version(s, actor, f, d, submitted_on, note, true, &a, version, err)
	       : cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	f->data = NULL; /* it lived in the scratch arena */
	cnap_arena_release(&a);
	return rc;
}

enum cnap_err cnap_uc_form_discard(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_uc_form *f,
				   struct cnap_error *err)
{
	enum cnap_err rc = may_enter(f, err);
	if (rc)
		return rc;
	cnap_store_set_actor(s, actor->login);
	if ((rc = cnap_store_begin(s, err)))
		return rc;
	rc = cnap_store_draft_delete(s, f->o.year, f->o.wg.code, f->o.as.code, err);
	rc = cnap_store_finish(s, rc, err);
	if (!rc)
		f->has_draft = false;
	return rc;
}

enum cnap_err cnap_uc_form_add_version(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_uc_form *f,
				       struct cnap_survey_data *d, const char *note, struct cnap_arena *a,
				       int *version, struct cnap_error *err)
{
	enum cnap_err rc = may_enter(f, err);
	return rc ? rc : add_version(s, actor, f, d, NULL, note, false, a, version, err);
}

enum cnap_err cnap_uc_submission_fuel_totals(struct cnap_arena *a, struct cnap_submission *sub,
					     const struct cnap_coef_master **m, struct cnap_error *err)
{
	struct cnap_survey_data *sd = sub->data;
	enum cnap_err rc;
	if (!sd && sub->data_json &&
	    (rc = cnap_survey_data_parse(sub->data_json, strlen(sub->data_json), "data", a, &sd, err)))
		return rc;
	if (!sd || !sd->n_fuels || sd->n_fuel_totals)
		return CNAP_OK;
	if (!*m && (rc = cnap_uc_coefficients(a, m, err)))
		return rc;
	struct cnap_survey_data *copy = cnap_survey_data_copy(a, sd);
	if (!copy)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	if ((rc = cnap_calc_fuel_totals(*m, copy, a, err)))
		return rc;
	sub->data = copy;
	if (!(sub->data_json = cnap_survey_data_to_text(a, copy)))
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	return CNAP_OK;
}
