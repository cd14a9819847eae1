/* The printed 調査票 of a version and the page map its layout gives (usecase/survey_render.h). */
#include "base/compat.h"
#include "usecase/survey_render.h"

#include "base/jpfmt.h"
#include "calc/form_calc.h"
#include "io/cycle_json.h"
#include "io/doc_json.h"
#include "io/form_json.h"
#include "publish/survey_pdf.h"
#include "publish/survey_tables.h"
#include "store/document.h"
#include "usecase/survey_form.h"

#include <stdio.h>
#include <string.h>

#define NOMEM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")

static const char *text_of(const struct cnap_stored_text *texts, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (texts[i].item_key && strcmp(texts[i].item_key, key) == 0)
			return texts[i].doc_json;
	return NULL;
}

/* 「第2版（2023年9月29日提出）」 */
static const char *version_label(struct cnap_arena *a, int version, const char *submitted_on)
{
	int y, m, d;
	if (submitted_on && sscanf(submitted_on, "%4d-%2d-%2d", &y, &m, &d) == 3)
		return cnap_arena_printf(a, "第%d版（%d年%d月%d日提出）", version, y, m, d);
	return cnap_arena_printf(a, "第%d版", version);
}

/* The form's data tables filled from the version's data (computed cells too), as printed. */
static enum cnap_err print_tables(struct cnap_store *s, const struct cnap_uc_outline *o, const char *data_json,
				  struct cnap_arena *a, struct cnap_survey_print *p, struct cnap_error *err)
{
	const char *tj = o->tmpl.tables_json;
	if (!tj)
		return CNAP_OK;
	struct cnap_form_spec spec;
	struct cnap_survey_data *d = NULL;
	const struct cnap_coef_master *m;
	struct cnap_cycle cycle;
	enum cnap_err rc;
	if ((rc = cnap_form_json_parse(tj, strlen(tj), "template.tables", a, &spec, err)) ||
	    (data_json && (rc = cnap_survey_data_parse(data_json, strlen(data_json), "data", a, &d, err))) ||
	    (rc = cnap_uc_coefficients(a, &m, err)) || (rc = cnap_store_cycle_get(s, o->year, a, &cycle, err)))
		return rc;
	int actual = cycle.actual_fiscal_year ? cycle.actual_fiscal_year : o->year - 1;
	struct cnap_print_table *tables = cnap_arena_calloc(a, spec.n_tables + 1, sizeof(*tables));
	if (!tables)
		return NOMEM(err);
	for (size_t t = 0; t < spec.n_tables; t++) {
		struct cnap_form_grid g;
		if ((rc = cnap_form_grid_from_data(a, &spec.tables[t], actual, d, &g, err)) ||
		    (rc = cnap_form_compute(a, &g, d, m, err)) || (rc = cnap_survey_print_table(a, &g, d, &tables[t], err)))
			return rc;
	}
	p->tables = tables;
	p->n_tables = spec.n_tables;
	return CNAP_OK;
}

/* What the version prints, from its stored texts and data. */
static enum cnap_err build_print(struct cnap_store *s, const struct cnap_uc_outline *o,
				 const struct cnap_stored_text *texts, size_t n_texts, const char *data_json, int version,
				 const char *submitted_on, struct cnap_arena *a, struct cnap_survey_print *p,
				 struct cnap_error *err)
{
	memset(p, 0, sizeof(*p));
	char era[64];
	if (!cnap_jp_era_fiscal_year(o->year, true, era, sizeof(era)))
		snprintf(era, sizeof(era), "%d年度", o->year);
	p->era_year = cnap_arena_strdup(a, era);
	p->association_name = o->as.name;
	p->wg_name = o->wg.name;
	p->version_label = version_label(a, version, submitted_on);
	size_t n = o->tmpl.n_items;
	struct cnap_print_item *items = cnap_arena_calloc(a, n + 1, sizeof(*items));
	if (!items || !p->era_year || !p->version_label)
		return NOMEM(err);
	for (size_t i = 0; i < n; i++) {
		const struct cnap_survey_item *it = &o->tmpl.items[i];
		items[i].key = it->key;
		items[i].number = cnap_item_number(a, &o->tmpl, it);
		items[i].title = cnap_item_title(a, it, &o->as);
		items[i].depth = it->depth;
		if (!items[i].number || !items[i].title)
			return NOMEM(err);
		const char *json = text_of(texts, n_texts, it->key);
		if (!json)
			continue;
		struct cnap_doc *doc = cnap_arena_calloc(a, 1, sizeof(*doc));
		char where[160];
		snprintf(where, sizeof(where), "texts.%s", it->key);
		enum cnap_err rc = doc ? cnap_doc_json_parse(json, strlen(json), where, a, doc, err) : NOMEM(err);
		if (rc)
			return rc;
		items[i].doc = doc;
	}
	p->items = items;
	p->n_items = n;
	return print_tables(s, o, data_json, a, p, err);
}

enum cnap_err cnap_uc_print_load(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *wg_code,
				 const char *association_code, int version, struct cnap_arena *a, struct cnap_uc_print *out,
				 struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	enum cnap_err rc = cnap_uc_outline_load(s, actor, year, wg_code, association_code, a, &out->o, err);
	if (rc)
		return rc;
	const struct cnap_participation *part = &out->o.part;
	const struct cnap_submission *sub = NULL;
	for (size_t k = 0; k < part->n_submissions; k++)
		if (version ? part->submissions[k].version == version : k + 1 == part->n_submissions)
			sub = &part->submissions[k];
	if (!sub)
		return version ? cnap_fail(err, CNAP_ENOTFOUND, "version", "調査票の第%d版はありません", version)
			       : cnap_fail(err, CNAP_ENOTFOUND, "version", "調査票はまだ提出されていません");
	out->version = sub->version;
	struct cnap_stored_text *texts = NULL;
	size_t n_texts = 0;
	if ((rc = cnap_store_submission_texts(s, year, wg_code, association_code, sub->version, a, &texts, &n_texts,
					      err)) ||
	    (rc = build_print(s, &out->o, texts, n_texts, sub->data_json, sub->version, sub->submitted_on, a,
			      &out->print, err)))
		return rc;
	out->pinned_date = sub->submitted_on && strlen(sub->submitted_on) == 10
				   ? cnap_arena_printf(a, "%sT00:00:00", sub->submitted_on)
				   : cnap_arena_printf(a, "%d-04-01T00:00:00", year);
	out->filename = cnap_arena_printf(a, "survey-%d-%s-%s-v%d.pdf", year, wg_code, association_code, sub->version);
	return out->pinned_date && out->filename ? CNAP_OK : NOMEM(err);
}

enum cnap_err cnap_uc_print_pages(const struct cnap_uc_print *p, struct cnap_arena *a, struct cnap_survey_pages *out,
				  struct cnap_error *err)
{
	struct cnap_survey_layout *l;
	enum cnap_err rc = cnap_survey_layout(&p->print, &l, err);
	if (rc)
		return rc;
	rc = cnap_survey_layout_pages(l, a, out, err);
	cnap_survey_layout_free(l);
	return rc;
}

enum cnap_err cnap_uc_print_pdf(const struct cnap_uc_print *p, struct cnap_buf *out, int *n_pages,
				struct cnap_error *err)
{
	struct cnap_survey_layout *l;
	enum cnap_err rc = cnap_survey_layout(&p->print, &l, err);
	if (rc)
		return rc;
	if (n_pages)
		*n_pages = cnap_survey_layout_page_count(l);
	rc = cnap_survey_pdf_write(l, p->pinned_date, out, err);
	cnap_survey_layout_free(l);
	return rc;
}

enum cnap_err cnap_uc_survey_pdf(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *wg_code,
				 const char *association_code, int version, bool rendered, struct cnap_arena *a,
				 struct cnap_buf *out, bool *of_record, const char **filename, struct cnap_error *err)
{
	struct cnap_uc_print p;
	*of_record = false;
	enum cnap_err rc = cnap_store_read_begin(s, err);
	if (rc)
		return rc;
	rc = cnap_uc_print_load(s, actor, year, wg_code, association_code, version, a, &p, err);
	struct cnap_survey_document doc;
	if (!rc && !rendered) {
		rc = cnap_store_document_get(s, year, wg_code, association_code, p.version, true, a, &doc, err);
		if (!rc) {
			*of_record = true;
			*filename = doc.filename;
		} else if (rc == CNAP_ENOTFOUND) {
			rc = CNAP_OK;
		}
	}
	cnap_store_read_end(s);
	if (rc)
		return rc;
	if (*of_record)
		return cnap_buf_add(out, doc.bytes, doc.size) ? cnap_buf_error(out, err, "PDF") : CNAP_OK;
	*filename = p.filename;
	return cnap_uc_print_pdf(&p, out, NULL, err);
}

enum cnap_err cnap_uc_render_page_map(struct cnap_store *s, const struct cnap_uc_outline *o,
				      const struct cnap_submission *sub, int version, struct cnap_arena *a,
				      struct cnap_page_ref **pages, size_t *n, struct cnap_error *err)
{
	struct cnap_survey_print print;
	*pages = NULL;
	*n = 0;
	enum cnap_err rc = build_print(s, o, sub->texts, sub->n_texts, sub->data_json, version, sub->submitted_on, a,
				       &print, err);
	struct cnap_survey_layout *l;
	if (rc || (rc = cnap_survey_layout(&print, &l, err)))
		return rc;
	struct cnap_survey_pages sp;
	rc = cnap_survey_layout_pages(l, a, &sp, err);
	cnap_survey_layout_free(l);
	if (rc)
		return rc;
	struct cnap_page_ref *v = cnap_arena_calloc(a, sp.n_items + 1, sizeof(*v));
	if (!v)
		return NOMEM(err);
	for (size_t i = 0; i < sp.n_items; i++)
		v[i] = (struct cnap_page_ref){.item_key = sp.items[i].key, .page = sp.items[i].page};
	*pages = v;
	*n = sp.n_items;
	return CNAP_OK;
}

/* The outline of one imported participation, without an actor (the import was authorized). */
static enum cnap_err outline_of(struct cnap_store *s, int year, const struct cnap_participation *p,
				struct cnap_arena *a, struct cnap_uc_outline *o, struct cnap_error *err)
{
	memset(o, 0, sizeof(*o));
	o->year = year;
	enum cnap_err rc;
	if ((rc = cnap_store_wg_get(s, year, p->wg_code, a, &o->wg, err)) ||
	    (rc = cnap_store_association_get(s, p->association_code, a, &o->as, err)) ||
	    (rc = cnap_store_participation_get(s, year, p->wg_code, p->association_code, a, &o->part, err)))
		return rc;
	return cnap_store_template_get(s, year, o->part.template_code, a, &o->tmpl, err);
}

enum cnap_err cnap_uc_render_after_import(struct cnap_store *s, const struct cnap_cycle_data *d,
					  struct cnap_error *err)
{
	enum cnap_err rc = CNAP_OK;
	int year = d->cycle.year;
	for (size_t i = 0; !rc && i < d->n_participations; i++) {
		const struct cnap_participation *p = &d->participations[i];
		struct cnap_arena a;
		cnap_arena_init(&a);
		struct cnap_uc_outline o;
		rc = outline_of(s, year, p, &a, &o, err);
		/* The versions as stored: texts carried over from the one before are theirs too. */
		for (size_t k = 0; !rc && k < o.part.n_submissions; k++) {
			struct cnap_submission sub = o.part.submissions[k];
			struct cnap_stored_text *texts;
			struct cnap_survey_document doc;
			if ((rc = cnap_store_submission_texts(s, year, p->wg_code, p->association_code, sub.version, &a,
							      &texts, &sub.n_texts, err)) ||
			    !sub.n_texts)
				continue;
			sub.texts = texts;
			rc = cnap_store_document_get(s, year, p->wg_code, p->association_code, sub.version, false, &a, &doc,
						     err);
			if (rc != CNAP_ENOTFOUND)
				continue; /* a document of record has the map found in it (or rc is the failure) */
			struct cnap_page_ref *pages;
			size_t n;
			if (!(rc = cnap_uc_render_page_map(s, &o, &sub, sub.version, &a, &pages, &n, err)))
				rc = cnap_store_submission_pages_set(s, year, p->wg_code, p->association_code, sub.version,
								     pages, n, "submission.pages_computed", err);
		}
		cnap_arena_release(&a);
	}
	return rc;
}
