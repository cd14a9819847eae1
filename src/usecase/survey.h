/*
 * An association's survey in a WG: its outline (調査票の項目), its versions
 * (submissions with page maps and quantitative data), and new versions.
 * The secretariat reaches every association, a reviewer those of their WGs,
 * an association user only its own (another's does not exist for it).
 * Strings live in the arena the caller passes.
 */
#ifndef CNAP_USECASE_SURVEY_H
#define CNAP_USECASE_SURVEY_H

#include "auth/policy.h"
#include "model/survey_data.h"
#include "store/store.h"

/* What every page about one association in one WG needs. */
struct cnap_uc_outline {
	int year;
	struct cnap_wg wg;
	struct cnap_association as;
	struct cnap_participation part; /* with its submissions, oldest first */
	struct cnap_template tmpl;
	/* What the actor may do here (auth/policy.h), for the front ends to offer. */
	bool can_file;       /* file questions on its items */
	bool files_drafts;   /* a filed question starts as the actor's draft (reviewers) */
	bool can_enter_data; /* a new survey version */
	bool closed;         /* the cycle is closed: read only */
};
enum cnap_err cnap_uc_outline_load(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *wg_code,
				   const char *association_code, struct cnap_arena *a, struct cnap_uc_outline *out,
				   struct cnap_error *err);

/* Whether the actor may enter the survey here: CNAP_EPERM, or CNAP_ECONFLICT when the cycle is closed. */
enum cnap_err cnap_uc_outline_may_enter(const struct cnap_uc_outline *o, struct cnap_error *err);

/* Page of an item in the latest submission, 0 if none. */
int cnap_uc_outline_page(const struct cnap_uc_outline *o, const char *item_key);
/* The latest submission that carries quantitative data, or NULL. Borrowed from p. */
const struct cnap_submission *cnap_uc_latest_data_submission(const struct cnap_participation *p);

/*
 * The association's latest quantitative data, parsed, in the WG given (or
 * the first WG of the cycle it takes part in when wg_code is NULL).
 * CNAP_ENOTFOUND when no version carries data.
 */
enum cnap_err cnap_uc_survey_data_latest(struct cnap_store *s, const struct cnap_actor *actor, int year,
					 const char *wg_code, const char *association_code, struct cnap_arena *a,
					 struct cnap_survey_data **out, int *version, struct cnap_error *err);

/*
 * A new version of the association's survey: sub->version 0 takes the next
 * number, reported in *version_out. The page map is carried over from the
 * latest version unless one is given.
 */
enum cnap_err cnap_uc_submission_add(struct cnap_store *s, const struct cnap_actor *actor, int year,
				     const char *wg_code, const char *association_code,
				     const struct cnap_submission *sub, int *version_out, struct cnap_error *err);

#endif
