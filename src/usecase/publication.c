#include "base/compat.h"
#include "publish/summary.h"
#include "usecase/publication.h"
#include "usecase/questions.h"
#include "usecase/survey.h"

#include <string.h>

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")

enum cnap_err cnap_uc_publication_load(struct cnap_store *s, const struct cnap_actor *actor, int year,
				       const char *wg_code, const char *association_code, struct cnap_arena *a,
				       struct cnap_uc_publication *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	out->year = year;
	enum cnap_err rc;
	if ((rc = cnap_policy_check_scope(actor, CNAP_ACT_PUBLISH, wg_code, association_code, err)) ||
	    (rc = cnap_store_wg_get(s, year, wg_code, a, &out->wg, err)) ||
	    (rc = cnap_store_association_list(s, year, wg_code, a, &out->members, &out->n_members, err)))
		return rc;
	bool member = !association_code;
	for (size_t i = 0; i < out->n_members && !member; i++)
		member = strcmp(out->members[i].code, association_code) == 0;
	if (!member)
		return cnap_fail(err, CNAP_ENOTFOUND, "association", "association '%s' does not take part in WG '%s'",
				 association_code, wg_code);
	struct cnap_question *qs;
	struct cnap_question_filter f = { .year = year, .wg_code = wg_code, .association_code = association_code,
					  .status = CNAP_Q_ACCEPTED };
	return cnap_uc_question_list(s, actor, &f, a, &qs, &out->ready, err);
}

/* The document of the selection, read in one snapshot so that all its sections show one moment. */
static enum cnap_err build_doc(struct cnap_store *s, const struct cnap_actor *actor,
			       const struct cnap_uc_publication *p, const char *only, struct cnap_arena *a,
			       struct cnap_qa_doc *doc, struct cnap_error *err)
{
	struct cnap_qa_input_assoc *in = cnap_arena_calloc(a, p->n_members + 1, sizeof(*in));
	if (!in)
		return OOM(err);
	size_t n = 0;
	for (size_t i = 0; i < p->n_members; i++) {
		if (only && strcmp(only, p->members[i].code) != 0)
			continue;
		struct cnap_uc_outline *o = cnap_arena_calloc(a, 1, sizeof(*o));
		if (!o)
			return OOM(err);
		struct cnap_question_filter f = { .year = p->year, .wg_code = p->wg.code,
						  .association_code = p->members[i].code, .status = -1 };
		struct cnap_question *qs;
		enum cnap_err rc;
		if ((rc = cnap_uc_outline_load(s, actor, p->year, p->wg.code, p->members[i].code, a, o, err)) ||
		    (rc = cnap_uc_question_list(s, actor, &f, a, &qs, &in[n].n_questions, err)))
			return rc;
		in[n].questions = qs;
		in[n].association = &o->as;
		in[n].outline = &o->tmpl;
		n++;
	}
	return cnap_qa_doc_build(a, p->year, &p->wg, in, n, doc, err);
}

enum cnap_err cnap_uc_qa_list_render(struct cnap_store *s, const struct cnap_actor *actor, int year,
				     const char *wg_code, const char *association_code,
				     const struct cnap_qa_format *f, const char *pinned_date, struct cnap_arena *a,
				     struct cnap_buf *out, struct cnap_qa_doc *doc_out, struct cnap_error *err)
{
	if (!f)
		return cnap_fail(err, CNAP_EINVAL, "format", "unknown format");
	struct cnap_uc_publication p;
	struct cnap_qa_doc doc;
	size_t before = out->len;
	enum cnap_err rc = cnap_store_read_begin(s, err);
	if (rc)
		return rc;
	if (!(rc = cnap_uc_publication_load(s, actor, year, wg_code, association_code, a, &p, err)))
		rc = build_doc(s, actor, &p, association_code, a, &doc, err);
	const char *date = pinned_date;
	if (!rc && !date)
		rc = cnap_store_last_change(s, a, &date, err);
	cnap_store_read_end(s);
	if (!rc)
		rc = f->render(&doc, date, out, err);
	if (rc) {
		out->len = before; /* nothing half-written reaches the caller */
		if (out->data)
			out->data[before] = '\0';
		return rc;
	}
	if (doc_out)
		*doc_out = doc;
	return CNAP_OK;
}

/* Each member's row: its latest data and the engine's report, or an empty row when it has none. */
static enum cnap_err summary_rows(struct cnap_store *s, const struct cnap_actor *actor,
				  const struct cnap_uc_publication *p, int actual_year, enum cnap_decomp_method method,
				  struct cnap_arena *a, struct cnap_summary *out, struct cnap_error *err)
{
	out->rows = cnap_arena_calloc(a, p->n_members + 1, sizeof(*out->rows));
	if (!out->rows)
		return OOM(err);
	out->n_rows = p->n_members;
	for (size_t i = 0; i < p->n_members; i++) {
		struct cnap_survey_data *d;
		int version;
		struct cnap_error missing = { 0 };
		out->rows[i].association_name = p->members[i].name;
		enum cnap_err rc = cnap_uc_survey_data_latest(s, actor, p->year, p->wg.code, p->members[i].code, a, &d,
							      &version, &missing);
		if (rc == CNAP_ENOTFOUND)
			continue;
		if (rc) {
			if (err)
				*err = missing;
			return rc;
		}
		struct cnap_report *rep = cnap_arena_calloc(a, 1, sizeof(*rep));
		if (!rep || cnap_report_build(a, d, actual_year, method, rep))
			return OOM(err);
		out->rows[i].data = d;
		out->rows[i].report = rep;
	}
	return CNAP_OK;
}

enum cnap_err cnap_uc_summary_render(struct cnap_store *s, const struct cnap_actor *actor, int year,
				     const char *wg_code, const char *pinned_date, struct cnap_arena *a,
				     struct cnap_buf *out, const char **title_out, struct cnap_error *err)
{
	struct cnap_uc_publication p;
	struct cnap_cycle cy;
	struct cnap_summary sum = { .cycle_year = year };
	const char *date = pinned_date;
	enum cnap_err rc = cnap_store_read_begin(s, err);
	if (rc)
		return rc;
	if (!(rc = cnap_uc_publication_load(s, actor, year, wg_code, NULL, a, &p, err)) &&
	    !(rc = cnap_store_cycle_get(s, year, a, &cy, err))) {
		enum cnap_decomp_method method = cnap_calc_decomp_method_from_name(cy.decomposition_method);
		sum.wg_name = p.wg.name;
		sum.method_name = cnap_calc_decomp_method_label_ja(method);
		rc = summary_rows(s, actor, &p, cy.actual_fiscal_year, method, a, &sum, err);
	}
	if (!rc && !date)
		rc = cnap_store_last_change(s, a, &date, err);
	cnap_store_read_end(s);
	if (!rc)
		rc = cnap_summary_pdf_write(&sum, date, out, err);
	if (!rc && title_out && !(*title_out = cnap_summary_title(a, &sum)))
		rc = OOM(err);
	return rc;
}
