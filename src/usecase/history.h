/*
 * An association's history across the years (issue 14): cycle by cycle, the
 * WG it reported in, its final survey version, the questions it was asked
 * and their answers, and the actuals each year's survey reported. Only what
 * the actor may see: a reviewer the years of its WGs, an association its own.
 * Strings live in the arena passed.
 */
#ifndef CNAP_USECASE_HISTORY_H
#define CNAP_USECASE_HISTORY_H

#include "auth/policy.h"
#include "model/survey_data.h"
#include "store/store.h"

struct cnap_uc_history_year {
	int year, actual_year;
	struct cnap_wg wg;
	struct cnap_template tmpl; /* for the questions' items as printed */
	int version;               /* the final version (0: none yet) */
	struct cnap_question *questions; /* as the actor sees them (redacted), in list order */
	size_t n_questions;
	const struct cnap_series_row *reported; /* the actuals of actual_year as that year's survey gave them, or NULL */
};

struct cnap_uc_history {
	struct cnap_association as;
	struct cnap_uc_history_year *years; /* newest first */
	size_t n_years;
	/*
	 * Every year's reported actuals in one series (ascending), with the base
	 * year and the target of the newest data: what charts the years.
	 */
	struct cnap_survey_data *reported;
};

/* CNAP_ENOTFOUND when the association does not exist for the actor, or takes part in no cycle it may see. */
enum cnap_err cnap_uc_association_history(struct cnap_store *s, const struct cnap_actor *actor,
					  const char *association_code, struct cnap_arena *a, struct cnap_uc_history *out,
					  struct cnap_error *err);

#endif
