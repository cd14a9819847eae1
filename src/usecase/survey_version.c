/* What follows from a new version of an association's survey (usecase/survey_version.h). */
#include "base/compat.h"
#include "io/cycle_json.h"
#include "io/form_json.h"
#include "model/form.h"
#include "usecase/question_anchor.h"
#include "usecase/survey_render.h"
#include "usecase/survey_version.h"

#include <string.h>

static const char *text_of(const struct cnap_submission *sub, const char *key)
{
	for (size_t i = 0; sub && i < sub->n_texts; i++)
		if (strcmp(sub->texts[i].item_key, key) == 0)
			return sub->texts[i].doc_json;
	return NULL;
}

/* An empty doc and no entry are the same text. */
static bool texts_differ(const char *x, const char *y)
{
	static const char empty[] = "{\"blocks\":[]}";
	if (!x)
		x = empty;
	if (!y)
		y = empty;
	return strcmp(x, y) != 0;
}

static bool grids_differ(const struct cnap_form_grid *x, const struct cnap_form_grid *y)
{
	if (x->n_rows != y->n_rows || x->n_cols != y->n_cols)
		return true;
	for (size_t i = 0; i < x->n_rows * x->n_cols; i++) {
		const char *p = x->cells[i].text, *q = y->cells[i].text;
		if ((p == NULL) != (q == NULL) || (p && strcmp(p, q) != 0))
			return true;
	}
	return false;
}

static enum cnap_err parse_data(const struct cnap_submission *sub, struct cnap_arena *a,
				struct cnap_survey_data **out, struct cnap_error *err)
{
	*out = NULL;
	if (sub && sub->data)
		*out = sub->data;
	else if (sub && sub->data_json)
		return cnap_survey_data_parse(sub->data_json, strlen(sub->data_json), "data", a, out, err);
	return CNAP_OK;
}

/* Marks the items whose data tables differ; changed[i] for the outline's item i. */
static enum cnap_err data_changes(const struct cnap_uc_outline *o, int actual_year, const struct cnap_submission *before,
				  const struct cnap_submission *after, struct cnap_arena *a, bool *changed,
				  struct cnap_error *err)
{
	const char *bj = before ? before->data_json : NULL, *aj = after ? after->data_json : NULL;
	if (!o->tmpl.tables_json || (bj && aj && strcmp(bj, aj) == 0) || (!bj && !aj))
		return CNAP_OK;
	struct cnap_form_spec spec;
	struct cnap_survey_data *bd, *ad;
	enum cnap_err rc;
	const char *tj = o->tmpl.tables_json;
	if ((rc = cnap_form_json_parse(tj, strlen(tj), "template.tables", a, &spec, err)) ||
	    (rc = parse_data(before, a, &bd, err)) || (rc = parse_data(after, a, &ad, err)))
		return rc;
	for (size_t t = 0; t < spec.n_tables; t++) {
		const struct cnap_form_table *tab = &spec.tables[t];
		struct cnap_form_grid gb, ga;
		if ((rc = cnap_form_grid_from_data(a, tab, actual_year, bd, &gb, err)) ||
		    (rc = cnap_form_grid_from_data(a, tab, actual_year, ad, &ga, err)))
			return rc;
		if (!grids_differ(&gb, &ga))
			continue;
		for (size_t i = 0; i < o->tmpl.n_items; i++)
			if (tab->item && strcmp(o->tmpl.items[i].key, tab->item) == 0)
				changed[i] = true;
	}
	return CNAP_OK;
}

enum cnap_err cnap_uc_changed_items(const struct cnap_uc_outline *o, int actual_year,
				    const struct cnap_submission *before, const struct cnap_submission *after,
				    struct cnap_arena *a, struct cnap_uc_changed_items *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	size_t n = o->tmpl.n_items;
	bool *changed = cnap_arena_calloc(a, n + 1, sizeof(*changed));
	out->keys = cnap_arena_calloc(a, n + 1, sizeof(*out->keys));
	if (!changed || !out->keys)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < n; i++)
		changed[i] = texts_differ(text_of(before, o->tmpl.items[i].key), text_of(after, o->tmpl.items[i].key));
	enum cnap_err rc = data_changes(o, actual_year, before, after, a, changed, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (changed[i])
			out->keys[out->n++] = o->tmpl.items[i].key;
	return CNAP_OK;
}

enum cnap_err cnap_uc_version_store(struct cnap_store *s, const struct cnap_uc_outline *o,
				    struct cnap_submission *sub, bool carry_data, struct cnap_arena *a,
				    int *version, struct cnap_uc_changed_items *changed, struct cnap_error *err)
{
	const struct cnap_participation *p = &o->part;
	const struct cnap_submission *prev = p->n_submissions ? &p->submissions[p->n_submissions - 1] : NULL;
	struct cnap_submission before = { 0 };
	enum cnap_err rc;
	if (prev) {
		struct cnap_stored_text *texts;
		before = *prev;
		if ((rc = cnap_store_submission_texts(s, o->year, o->wg.code, o->as.code, prev->version, a, &texts,
						      &before.n_texts, err)))
			return rc;
		before.texts = texts;
		before.texts_given = true;
		const struct cnap_submission *with_data = cnap_uc_latest_data_submission(p);
		before.data_json = with_data ? with_data->data_json : NULL;
		before.data = NULL;
	}
	if (!sub->texts_given) {
		sub->texts = before.texts;
		sub->n_texts = before.n_texts;
		sub->texts_given = true;
	}
	if (!sub->data_json && carry_data) {
		sub->data_json = before.data_json;
		sub->data = NULL;
	}
	/* A version with texts gets the page map of its own layout; one without keeps the last one's. */
	if (!sub->n_pages && sub->n_texts) {
		int number = sub->version ? sub->version : prev ? prev->version + 1 : 1;
		if ((rc = cnap_uc_render_page_map(s, o, sub, number, a, &sub->pages, &sub->n_pages, err)))
			return rc;
	} else if (!sub->n_pages && prev) {
		sub->pages = prev->pages;
		sub->n_pages = prev->n_pages;
	}
	struct cnap_cycle cycle;
	int stored = 0;
	if (!version)
		version = &stored;
	if ((rc = cnap_store_submission_add(s, o->year, o->wg.code, o->as.code, sub, version, err)) ||
	    (rc = cnap_store_cycle_get(s, o->year, a, &cycle, err)))
		return rc;
	struct cnap_uc_changed_items mine;
	if (!changed)
		changed = &mine;
	if ((rc = cnap_uc_changed_items(o, cycle.actual_fiscal_year ? cycle.actual_fiscal_year : o->year - 1,
					prev ? &before : NULL, sub, a, changed, err)))
		return rc;
	/* The open questions on what changed are marked 調査票更新あり, their quotes looked for in the new text. */
	struct cnap_uc_stored_texts now = { sub->texts, sub->n_texts, a };
	return prev ? cnap_uc_questions_survey_changed(s, o->year, o->wg.code, o->as.code, *version, changed->keys,
						      changed->n, cnap_uc_quote_in_stored_texts, &now, NULL, err)
		    : CNAP_OK;
}
