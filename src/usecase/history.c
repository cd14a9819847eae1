#include "base/compat.h"
#include "usecase/history.h"
#include "usecase/organisation.h"
#include "usecase/questions.h"
#include "usecase/survey.h"

#include <string.h>

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")

/* One cycle: the first of its WGs the association reports in that the actor may see. */
static enum cnap_err one_year(struct cnap_store *s, const struct cnap_actor *actor, const struct cnap_cycle *c,
			      const char *assoc, struct cnap_arena *a, struct cnap_uc_history_year *out, bool *found,
			      const struct cnap_survey_data **data, struct cnap_error *err)
{
	*found = false;
	struct cnap_wg *wgs;
	size_t n;
	enum cnap_err rc = cnap_store_wg_list(s, c->year, a, &wgs, &n, err);
	for (size_t i = 0; !rc && i < n && !*found; i++) {
		struct cnap_participation p;
		if (cnap_policy_check_scope(actor, CNAP_ACT_ASSOCIATION_VIEW, wgs[i].code, assoc, NULL))
			continue;
		rc = cnap_store_participation_get(s, c->year, wgs[i].code, assoc, a, &p, err);
		if (rc == CNAP_ENOTFOUND) {
			rc = CNAP_OK;
			continue;
		}
		if (rc || (rc = cnap_store_template_get(s, c->year, p.template_code, a, &out->tmpl, err)))
			break;
		*found = true;
		out->year = c->year;
		out->actual_year = c->actual_fiscal_year;
		out->wg = wgs[i];
		out->version = p.n_submissions ? p.submissions[p.n_submissions - 1].version : 0;
		struct cnap_question_filter f = { .year = c->year, .wg_code = wgs[i].code, .association_code = assoc,
						  .status = -1 };
		if ((rc = cnap_uc_question_list(s, actor, &f, a, &out->questions, &out->n_questions, err)))
			break;
		struct cnap_survey_data *d = NULL;
		int version;
		rc = cnap_uc_survey_data_latest(s, actor, c->year, wgs[i].code, assoc, a, &d, &version, err);
		if (rc == CNAP_ENOTFOUND)
			rc = CNAP_OK;
		else if (!rc) {
			out->reported = cnap_survey_row_kind(d, c->actual_fiscal_year, false);
			*data = d;
		}
	}
	return rc;
}

/* Each year's own report of its actuals, ascending, with the newest data's base year and target. */
static enum cnap_err reported_series(const struct cnap_uc_history *h, const struct cnap_survey_data *newest,
				     struct cnap_arena *a, struct cnap_survey_data **out, struct cnap_error *err)
{
	*out = NULL;
	if (!newest)
		return CNAP_OK;
	struct cnap_survey_data *d = cnap_arena_calloc(a, 1, sizeof *d);
	struct cnap_series_row *rows = cnap_arena_calloc(a, h->n_years + 2, sizeof *rows);
	if (!d || !rows)
		return OOM(err);
	d->activity_name = newest->activity_name;
	d->activity_unit = newest->activity_unit;
	d->factor_type = newest->factor_type;
	d->target = newest->target;
	size_t n = 0;
	const struct cnap_series_row *base = cnap_survey_row_kind(newest, newest->target.base_year, false);
	bool base_reported = false;
	for (size_t i = h->n_years; i-- > 0;)
		base_reported = base_reported || (h->years[i].reported && h->years[i].actual_year == newest->target.base_year);
	if (base && !base_reported)
		rows[n++] = *base;
	for (size_t i = h->n_years; i-- > 0;) /* oldest first */
		if (h->years[i].reported)
			rows[n++] = *h->years[i].reported;
	d->series = rows;
	d->n_series = n;
	*out = d;
	return CNAP_OK;
}

enum cnap_err cnap_uc_association_history(struct cnap_store *s, const struct cnap_actor *actor,
					  const char *association_code, struct cnap_arena *a, struct cnap_uc_history *out,
					  struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	enum cnap_err rc = cnap_uc_association_get(s, actor, association_code, a, &out->as, err);
	struct cnap_cycle *cycles;
	size_t n;
	if (rc || (rc = cnap_store_cycle_list(s, a, &cycles, &n, err)))
		return rc;
	out->years = cnap_arena_calloc(a, n + 1, sizeof(*out->years));
	if (!out->years)
		return OOM(err);
	const struct cnap_survey_data *newest = NULL;
	for (size_t i = n; i-- > 0 && !rc;) {
		bool found;
		const struct cnap_survey_data *d = NULL;
		rc = one_year(s, actor, &cycles[i], association_code, a, &out->years[out->n_years], &found, &d, err);
		if (!rc && found) {
			out->n_years++;
			if (!newest)
				newest = d;
		}
	}
	if (rc)
		return rc;
	if (!out->n_years)
		return cnap_fail(err, CNAP_ENOTFOUND, "association", "「%s」が参加している年度はありません", out->as.name);
	return reported_series(out, newest, a, &out->reported, err);
}
