#include "base/compat.h"
#include "calc/fuel.h"
#include "io/cycle_json.h"
#include "usecase/survey_form.h"
#include "usecase/organisation.h"
#include "usecase/survey_document.h"
#include "usecase/survey_render.h"

#include <string.h>

static enum cnap_err admin(const struct cnap_actor *actor, struct cnap_store *s, struct cnap_error *err)
{
	enum cnap_err rc = cnap_policy_check_scope(actor, CNAP_ACT_ADMIN, NULL, NULL, err);
	if (!rc)
		cnap_store_set_actor(s, actor->login);
	return rc;
}

bool cnap_uc_may(const struct cnap_actor *actor, enum cnap_action act, const char *wg_code,
		 const char *association_code)
{
	return cnap_policy_check_scope(actor, act, wg_code, association_code, NULL) == CNAP_OK;
}

enum cnap_err cnap_uc_allowed(const struct cnap_actor *actor, enum cnap_action act, const char *wg_code,
			      const char *association_code, struct cnap_error *err)
{
	return cnap_policy_check_scope(actor, act, wg_code, association_code, err);
}

unsigned cnap_uc_visible_statuses(const struct cnap_actor *actor)
{
	return cnap_policy_visible_statuses(actor);
}

static enum cnap_err template_for_year(struct cnap_arena *a, const struct cnap_template *src,
				       const struct cnap_cycle *from, int year, struct cnap_template *out,
				       struct cnap_error *err)
{
	*out = *src;
	int delta = year - from->year;
	if (!delta)
		return CNAP_OK;
	out->name = cnap_title_years_moved(a, src->name, from->year, from->actual_fiscal_year, delta);
	struct cnap_survey_item *items = cnap_arena_calloc(a, src->n_items + 1, sizeof(*items));
	if (!items || (src->name && !out->name))
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	for (size_t k = 0; k < src->n_items; k++) {
		items[k] = src->items[k];
		if (!(items[k].title = cnap_title_years_moved(a, src->items[k].title, from->year, from->actual_fiscal_year,
							      delta)))
			return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	}
	out->items = items;
	return CNAP_OK;
}

enum cnap_err cnap_uc_cycle_add(struct cnap_store *s, const struct cnap_actor *actor, const struct cnap_cycle *c,
				const struct cnap_cycle_data *templates, struct cnap_error *err)
{
	enum cnap_err rc;
	if ((rc = admin(actor, s, err)))
		return rc;
	if ((rc = cnap_store_begin(s, err)))
		return rc;
	rc = cnap_store_cycle_add(s, c, err);
	struct cnap_arena a;
	cnap_arena_init(&a);
	for (size_t i = 0; !rc && templates && i < templates->n_templates; i++) {
		/* Another year's outline (the shipped file, last year's export): its own years move on with it. */
		struct cnap_template t;
		if (!(rc = template_for_year(&a, &templates->templates[i], &templates->cycle, c->year, &t, err)))
			rc = cnap_store_template_add(s, c->year, &t, err);
	}
	cnap_arena_release(&a);
	return cnap_store_finish(s, rc, err);
}

/*
 * Versions that bring fuels but no computed totals get them, as a version
 * saved from the form does (usecase/survey_form.c): the same data, the same
 * stored record, whichever way it came in.
 */
static enum cnap_err with_fuel_totals(const struct cnap_cycle_data *d, struct cnap_arena *a,
				      struct cnap_cycle_data *out, struct cnap_error *err)
{
	*out = *d;
	const struct cnap_coef_master *m = NULL;
	struct cnap_participation *parts = cnap_arena_calloc(a, d->n_participations + 1, sizeof(*parts));
	if (!parts)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	out->participations = parts;
	for (size_t i = 0; i < d->n_participations; i++) {
		parts[i] = d->participations[i];
		struct cnap_submission *subs = cnap_arena_calloc(a, parts[i].n_submissions + 1, sizeof(*subs));
		if (!subs)
			return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
		for (size_t k = 0; k < parts[i].n_submissions; k++) {
			subs[k] = d->participations[i].submissions[k];
			enum cnap_err rc = cnap_uc_submission_fuel_totals(a, &subs[k], &m, err);
			if (rc)
				return rc;
		}
		parts[i].submissions = subs;
	}
	return CNAP_OK;
}

enum cnap_err cnap_uc_cycle_import(struct cnap_store *s, const struct cnap_actor *actor,
				   const struct cnap_cycle_data *d, struct cnap_error *err)
{
	enum cnap_err rc = admin(actor, s, err);
	if (rc)
		return rc;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_cycle_data full;
	/* One transaction: the versions' computed page maps go in with them (usecase/survey_render.h). */
	if (!(rc = cnap_uc_documents_check(d, err)) && !(rc = with_fuel_totals(d, &a, &full, err)) &&
	    !(rc = cnap_store_begin(s, err))) {
		rc = cnap_store_cycle_import(s, &full, err);
		if (!rc)
			rc = cnap_uc_render_after_import(s, &full, err);
		rc = cnap_store_finish(s, rc, err);
	}
	cnap_arena_release(&a);
	return rc;
}

enum cnap_err cnap_uc_cycle_close(struct cnap_store *s, const struct cnap_actor *actor, int year, bool close,
				  struct cnap_error *err)
{
	enum cnap_err rc = admin(actor, s, err);
	return rc ? rc : cnap_store_cycle_close(s, year, close, NULL, err);
}

enum cnap_err cnap_uc_cycle_export(struct cnap_store *s, const struct cnap_actor *actor, int year,
				   struct cnap_arena *a, struct cnap_cycle_data *out, struct cnap_error *err)
{
	enum cnap_err rc = admin(actor, s, err);
	return rc ? rc : cnap_store_cycle_export(s, year, a, out, err);
}

enum cnap_err cnap_uc_cycle_list(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_arena *a,
				 struct cnap_cycle **out, size_t *n, struct cnap_error *err)
{
	return cnap_store_cycle_list(s, a, out, n, err);
}

enum cnap_err cnap_uc_cycle_get(struct cnap_store *s, const struct cnap_actor *actor, int year, struct cnap_arena *a,
				struct cnap_cycle *out, struct cnap_error *err)
{
	return cnap_store_cycle_get(s, year, a, out, err);
}

int cnap_uc_latest_year(struct cnap_store *s)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_cycle *v;
	size_t n;
	int year = 0;
	if (cnap_store_cycle_list(s, &a, &v, &n, NULL) == CNAP_OK)
		for (size_t i = 0; i < n; i++)
			if (v[i].year > year)
				year = v[i].year;
	cnap_arena_release(&a);
	return year;
}

/* Whether the WG holds anything actor may view: for an association, whether it reports there. */
static bool wg_exists_for(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *wg,
			  struct cnap_arena *a)
{
	if (cnap_policy_check_scope(actor, CNAP_ACT_ASSOCIATION_VIEW, wg, NULL, NULL))
		return false;
	if (actor->role != CNAP_ROLE_ASSOCIATION)
		return true;
	struct cnap_participation p;
	return actor->association_code &&
	       cnap_store_participation_get(s, year, wg, actor->association_code, a, &p, NULL) == CNAP_OK;
}

enum cnap_err cnap_uc_wg_list(struct cnap_store *s, const struct cnap_actor *actor, int year, struct cnap_arena *a,
			      struct cnap_wg **out, size_t *n, struct cnap_error *err)
{
	enum cnap_err rc = cnap_store_wg_list(s, year, a, out, n, err);
	if (rc)
		return rc;
	size_t kept = 0;
	for (size_t i = 0; i < *n; i++)
		if (wg_exists_for(s, actor, year, (*out)[i].code, a))
			(*out)[kept++] = (*out)[i];
	*n = kept;
	return CNAP_OK;
}

enum cnap_err cnap_uc_association_list(struct cnap_store *s, const struct cnap_actor *actor, int year,
				       const char *wg_code, struct cnap_arena *a, struct cnap_association **out,
				       size_t *n, struct cnap_error *err)
{
	enum cnap_err rc;
	if (!year && (rc = admin(actor, s, err)))
		return rc;
	if (wg_code && (rc = cnap_policy_check_scope(actor, CNAP_ACT_ASSOCIATION_VIEW, wg_code, NULL, err)))
		return rc;
	if ((rc = cnap_store_association_list(s, year, wg_code, a, out, n, err)))
		return rc;
	size_t kept = 0;
	for (size_t i = 0; i < *n; i++)
		if (!cnap_policy_check_scope(actor, CNAP_ACT_ASSOCIATION_VIEW, wg_code, (*out)[i].code, NULL))
			(*out)[kept++] = (*out)[i];
	*n = kept;
	return CNAP_OK;
}

enum cnap_err cnap_uc_association_get(struct cnap_store *s, const struct cnap_actor *actor, const char *code,
				      struct cnap_arena *a, struct cnap_association *out, struct cnap_error *err)
{
	enum cnap_err rc = cnap_policy_check_scope(actor, CNAP_ACT_ASSOCIATION_VIEW, NULL, code, err);
	return rc ? rc : cnap_store_association_get(s, code, a, out, err);
}

enum cnap_err cnap_uc_user_names(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_arena *a,
				 struct cnap_user **out, size_t *n, struct cnap_error *err)
{
	enum cnap_err rc = cnap_store_user_list(s, a, out, n, err);
	for (size_t i = 0; !rc && i < *n; i++) {
		(*out)[i].association_code = NULL;
		(*out)[i].wg_codes = NULL;
		(*out)[i].n_wg_codes = 0;
	}
	return rc;
}

enum cnap_err cnap_uc_audit_list(struct cnap_store *s, const struct cnap_actor *actor, const char *entity,
				 int64_t entity_id, struct cnap_arena *a, struct cnap_audit_entry **out, size_t *n,
				 struct cnap_error *err)
{
	enum cnap_err rc = admin(actor, s, err);
	if (!rc)
		rc = cnap_store_audit_list(s, entity, entity_id, a, out, n, err);
	/* The whole trail passes the same redaction as one question's history: it was the way around it. */
	for (size_t i = 0; !rc && i < *n; i++)
		cnap_policy_audit_redact(actor, &(*out)[i]);
	return rc;
}

enum cnap_err cnap_uc_verify(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_db_check *out,
			     struct cnap_error *err)
{
	enum cnap_err rc = admin(actor, s, err);
	return rc ? rc : cnap_store_verify(s, out, err);
}

enum cnap_err cnap_uc_audit_verify(struct cnap_store *s, const struct cnap_actor *actor, int64_t probe_id,
				   struct cnap_audit_check *out, struct cnap_error *err)
{
	enum cnap_err rc = admin(actor, s, err);
	if (rc)
		return rc;
	if ((rc = cnap_store_read_begin(s, err)))
		return rc;
	rc = cnap_store_audit_verify(s, probe_id, out, err);
	cnap_store_read_end(s);
	return rc;
}

enum cnap_err cnap_uc_backup(struct cnap_store *s, const struct cnap_actor *actor, const char *dest, bool overwrite,
			     char sha256[65], struct cnap_error *err)
{
	enum cnap_err rc = admin(actor, s, err);
	if (rc)
		return rc;
	cnap_store_set_actor(s, actor->login);
	return cnap_store_backup(s, dest, overwrite, sha256, err);
}

enum cnap_err cnap_uc_restore(struct cnap_store *s, const struct cnap_actor *actor, const char *input, bool overwrite,
			      struct cnap_restore_report *out, struct cnap_error *err)
{
	enum cnap_err rc = admin(actor, s, err);
	return rc ? rc : cnap_store_restore(s, input, overwrite, out, err);
}
