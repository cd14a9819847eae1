/*
 * Entering an association's survey data table by table (issue 10): the
 * tables of its template (model/form.h), filled from its working copy (the
 * autosaved draft, else its latest version), typed values checked cell by
 * cell, computed cells (calc/form_calc.h) and the fuels' conversion, the
 * draft submitted as a new version, and the workbook and CSV out and back.
 *
 * The same policy as the data page: an association user its own
 * association, the secretariat any; reviewers read. Everything lives in the
 * arena the caller passes.
 */
#ifndef CNAP_USECASE_SURVEY_FORM_H
#define CNAP_USECASE_SURVEY_FORM_H

#include "base/buf.h"
#include "model/form.h"
#include "usecase/survey.h"

struct cnap_uc_form {
	struct cnap_uc_outline o; /* the association in its WG, with what the actor may do */
	int actual_year;          /* the cycle's actual_fiscal_year: 当年度 of the tables */
	struct cnap_form_spec spec;
	const struct cnap_coef_master *coefficients;
	/*
	 * The working data: the draft when there is one (only for those who may
	 * enter: readers never see it), else the latest version with data, else NULL.
	 */
	const struct cnap_survey_data *data;
	int version;            /* the latest version (0: none yet) */
	bool has_draft;
	int draft_base_version; /* the version the draft was started from */
	const char *draft_by, *draft_at;
	/* Last cycle's latest data of the same association (for 前年度実績), or NULL. */
	const struct cnap_survey_data *last_year;
	int last_year_cycle;
};

/* CNAP_ENOTFOUND (as for the association pages) when the actor may not see it. */
enum cnap_err cnap_uc_form_load(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *wg_code,
				const char *association_code, struct cnap_arena *a, struct cnap_uc_form *out,
				struct cnap_error *err);

/* The coefficient master built into cnap (data/coefficients/master.json), parsed once per call into a. */
enum cnap_err cnap_uc_coefficients(struct cnap_arena *a, const struct cnap_coef_master **out, struct cnap_error *err);

/* One table of the working data with its computed cells. */
enum cnap_err cnap_uc_form_grid(const struct cnap_uc_form *f, const struct cnap_form_table *t, struct cnap_arena *a,
				struct cnap_form_grid *out, struct cnap_error *err);

/*
 * What was typed into one table (texts[row * n_cols + col] as in
 * model/form.h): every problem in issues, the grid as typed with its
 * computed cells in *grid (cells that could not be read count as empty),
 * and, when save is set and there is no problem, the result written as the
 * draft. CNAP_EINVAL when there are issues, CNAP_EPERM for readers.
 */
enum cnap_err cnap_uc_form_enter(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_uc_form *f,
				 const struct cnap_form_table *t, const char *const *texts, size_t n_rows, bool save,
				 struct cnap_arena *a, struct cnap_form_issues *issues, struct cnap_form_grid *grid,
				 struct cnap_error *err);

/*
 * 前年度実績 from last year's survey: the previous-year column of every
 * YEARS table of the working data takes the actuals last cycle's latest
 * version reported for that year, into the draft. CNAP_ENOTFOUND when there
 * is no such survey; *copied counts the cells filled.
 */
enum cnap_err cnap_uc_form_copy_last_year(struct cnap_store *s, const struct cnap_actor *actor,
					  struct cnap_uc_form *f, struct cnap_arena *a, size_t *copied,
					  struct cnap_error *err);

/* The draft becomes the next version (fuel totals computed); CNAP_ENOTFOUND without a draft. */
enum cnap_err cnap_uc_form_submit(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_uc_form *f,
				  const char *submitted_on, const char *note, int *version, struct cnap_error *err);
enum cnap_err cnap_uc_form_discard(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_uc_form *f,
				   struct cnap_error *err);

/*
 * The data as a new version in one transaction (the path of imports):
 * checked as a whole (model/survey_data.h), fuel totals computed, any draft
 * left as it is. *version the number it got.
 */
enum cnap_err cnap_uc_form_add_version(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_uc_form *f,
				       struct cnap_survey_data *d, const char *note, struct cnap_arena *a,
				       int *version, struct cnap_error *err);

/*
 * The cell of table t that a whole-data check (cnap_survey_data_validate's
 * error e, named by its JSON path) speaks of: a series value by its row and
 * year column, a target problem by the line its message names. *row is
 * SIZE_MAX when it is about no cell of this table.
 */
void cnap_uc_form_locate(const struct cnap_form_table *t, int actual_year, const struct cnap_survey_data *d,
			 const struct cnap_error *e, size_t *row, size_t *col);

/*
 * A version that brings fuels but no computed totals (a cycle file, `cnap
 * submission add`) gets them, as one saved from the form does: sub->data
 * and sub->data_json replaced by copies in a. *m caches the master.
 */
enum cnap_err cnap_uc_submission_fuel_totals(struct cnap_arena *a, struct cnap_submission *sub,
					     const struct cnap_coef_master **m, struct cnap_error *err);

#endif
