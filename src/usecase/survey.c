#include "base/compat.h"
#include "io/cycle_json.h"
#include "usecase/survey.h"
#include "usecase/survey_form.h"
#include "usecase/survey_version.h"

#include <string.h>

enum cnap_err cnap_uc_outline_load(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *wg_code,
				   const char *association_code, struct cnap_arena *a, struct cnap_uc_outline *out,
				   struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	out->year = year;
	enum cnap_err rc;
	if ((rc = cnap_policy_check_scope(actor, CNAP_ACT_ASSOCIATION_VIEW, wg_code, association_code, err)) ||
	    (rc = cnap_store_wg_get(s, year, wg_code, a, &out->wg, err)) ||
	    (rc = cnap_store_association_get(s, association_code, a, &out->as, err)) ||
	    (rc = cnap_store_participation_get(s, year, wg_code, association_code, a, &out->part, err)))
		return rc;
	struct cnap_cycle cy;
	if ((rc = cnap_store_cycle_get(s, year, a, &cy, err)))
		return rc;
	out->closed = cy.closed_at != NULL;
	out->can_file = !cnap_policy_check_scope(actor, CNAP_ACT_QUESTION_FILE, wg_code, association_code, NULL) &&
			!cnap_policy_cycle_allows(&cy, CNAP_ACT_QUESTION_FILE, NULL);
	out->files_drafts = out->can_file && !cnap_policy_role_allows(actor->role, CNAP_ACT_QUESTION_APPROVE);
	out->can_enter_data = !cnap_policy_check_scope(actor, CNAP_ACT_SUBMISSION_ADD, wg_code, association_code, NULL) &&
			      !cnap_policy_cycle_allows(&cy, CNAP_ACT_SUBMISSION_ADD, NULL);
	return cnap_store_template_get(s, year, out->part.template_code, a, &out->tmpl, err);
}

enum cnap_err cnap_uc_outline_may_enter(const struct cnap_uc_outline *o, struct cnap_error *err)
{
	if (o->can_enter_data)
		return CNAP_OK;
	if (o->closed) {
		struct cnap_cycle c = { .year = o->year, .closed_at = "" };
		return cnap_policy_cycle_allows(&c, CNAP_ACT_SUBMISSION_ADD, err);
	}
	return cnap_fail(err, CNAP_EPERM, "association", "この団体の調査票を入力する権限がありません");
}

int cnap_uc_outline_page(const struct cnap_uc_outline *o, const char *item_key)
{
	if (!o->part.n_submissions)
		return 0;
	const struct cnap_submission *sub = &o->part.submissions[o->part.n_submissions - 1];
	for (size_t i = 0; i < sub->n_pages; i++)
		if (strcmp(sub->pages[i].item_key, item_key) == 0)
			return sub->pages[i].page;
	return 0;
}

const struct cnap_submission *cnap_uc_latest_data_submission(const struct cnap_participation *p)
{
	for (size_t k = p->n_submissions; k-- > 0;)
		if (p->submissions[k].data_json)
			return &p->submissions[k];
	return NULL;
}

enum cnap_err cnap_uc_survey_data_latest(struct cnap_store *s, const struct cnap_actor *actor, int year,
					 const char *wg_code, const char *association_code, struct cnap_arena *a,
					 struct cnap_survey_data **out, int *version, struct cnap_error *err)
{
	struct cnap_wg *wgs;
	size_t nwg;
	struct cnap_association as;
	enum cnap_err rc;
	if ((rc = cnap_store_wg_list(s, year, a, &wgs, &nwg, err)) ||
	    (rc = cnap_store_association_get(s, association_code, a, &as, err)))
		return rc;
	for (size_t w = 0; w < nwg; w++) {
		if (wg_code && strcmp(wg_code, wgs[w].code) != 0)
			continue;
		struct cnap_participation p;
		rc = cnap_store_participation_get(s, year, wgs[w].code, association_code, a, &p, err);
		if (rc == CNAP_ENOTFOUND)
			continue; /* not in this WG */
		if (rc)
			return rc;
		if ((rc = cnap_policy_check_scope(actor, CNAP_ACT_ASSOCIATION_VIEW, wgs[w].code, association_code, err)))
			return rc;
		const struct cnap_submission *sub = cnap_uc_latest_data_submission(&p);
		if (!sub)
			return cnap_fail(err, CNAP_ENOTFOUND, "association",
					 "no submission of '%s' in cycle %d carries quantitative data", association_code,
					 year);
		*version = sub->version;
		return cnap_survey_data_parse(sub->data_json, strlen(sub->data_json), "data", a, out, err);
	}
	return cnap_fail(err, CNAP_ENOTFOUND, "association", "association '%s' takes part in no WG%s%s of cycle %d",
			 association_code, wg_code ? " " : "", wg_code ? wg_code : "", year);
}

enum cnap_err cnap_uc_submission_add(struct cnap_store *s, const struct cnap_actor *actor, int year,
				     const char *wg_code, const char *association_code,
				     const struct cnap_submission *sub, int *version_out, struct cnap_error *err)
{
	enum cnap_err rc = cnap_policy_check_scope(actor, CNAP_ACT_SUBMISSION_ADD, wg_code, association_code, err);
	if (rc)
		return rc;
	if (sub->submitted_on && (rc = cnap_check_date(sub->submitted_on, "submission.submitted_on", err)))
		return rc;
	struct cnap_arena a;
	cnap_arena_init(&a);
	cnap_store_set_actor(s, actor->login);
	if ((rc = cnap_store_begin(s, err))) {
		cnap_arena_release(&a);
		return rc;
	}
	struct cnap_submission copy = *sub;
	struct cnap_uc_outline o;
	const struct cnap_coef_master *m = NULL;
	if (!(rc = cnap_uc_submission_fuel_totals(&a, &copy, &m, err)) &&
	    !(rc = cnap_uc_outline_load(s, actor, year, wg_code, association_code, &a, &o, err)))
		rc = cnap_uc_version_store(s, &o, &copy, false, &a, version_out, NULL, err);
	rc = cnap_store_finish(s, rc, err);
	cnap_arena_release(&a);
	return rc;
}
