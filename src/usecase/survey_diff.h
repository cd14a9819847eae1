/*
 * Two versions of an association's survey compared (issue 12 item 5): any
 * two versions of one cycle, or a version against last year's final one
 * (the cycle year − 1, the same association code, the last version of its
 * participation there, in whichever WG it took part). Both sides are read
 * through the survey use cases (usecase/survey_text.h for the texts,
 * usecase/survey_form.h for the tables), so the outline load decides who
 * may see them: an association user only its own association (another's
 * comparison does not exist for it), a reviewer the associations of their
 * WGs, the secretariat all. Drafts never enter a comparison.
 *
 * The comparison itself is calc/survey_diff.h. Everything lives in the
 * arena the caller passes.
 */
#ifndef CNAP_USECASE_SURVEY_DIFF_H
#define CNAP_USECASE_SURVEY_DIFF_H

#include "calc/survey_diff.h"
#include "usecase/survey.h"

struct cnap_uc_diff_request {
	int year;
	const char *wg_code, *association_code;
	int to;         /* the newer version; 0 = the latest */
	int from;       /* the older version; 0 = the one before `to` */
	bool last_year; /* the older side is last year's final version (from is ignored) */
};

struct cnap_uc_survey_diff {
	struct cnap_uc_outline o;     /* the association this cycle, with its versions (o.part.submissions) */
	int to_version;
	const char *to_submitted_on;  /* YYYY-MM-DD or NULL */
	int from_year, from_version;  /* the older side; from_year < o.year for last year's */
	const char *from_wg;          /* its WG code (last year's may differ) */
	const char *from_submitted_on;
	bool last_year;
	/* Last year's final version, for the front ends to offer: 0 when there is none the actor may see. */
	int last_year_version;
	struct cnap_survey_diff diff;
};

/*
 * Load both sides and compare them. CNAP_ENOTFOUND for an association the
 * actor may not see, a version that does not exist, no version before the
 * first, or no survey last year (each with a message saying which).
 * from may be any version, even a later one (the comparison is then read
 * backwards).
 */
enum cnap_err cnap_uc_survey_diff(struct cnap_store *s, const struct cnap_actor *actor,
				  const struct cnap_uc_diff_request *req, struct cnap_arena *a,
				  struct cnap_uc_survey_diff *out, struct cnap_error *err);

#endif
