/* Internal to usecase: the pieces of item texts that the data form's submit shares (survey_text.c). */
#ifndef CNAP_USECASE_SURVEY_TEXT_INT_H
#define CNAP_USECASE_SURVEY_TEXT_INT_H

#include "usecase/survey.h"

/* The latest version's stored texts (none before the first version). */
enum cnap_err uc_latest_texts(struct cnap_store *s, const struct cnap_uc_outline *o, struct cnap_arena *a,
			      struct cnap_stored_text **out, size_t *n, struct cnap_error *err);
/* sub->texts: base with over laid on it, by outline order; empty docs dropped. */
enum cnap_err uc_texts_overlay(const struct cnap_uc_outline *o, const struct cnap_stored_text *base, size_t n_base,
			       const struct cnap_stored_text *over, size_t n_over, struct cnap_arena *a,
			       struct cnap_submission *sub, struct cnap_error *err);
/*
 * Inside the caller's transaction: the working copies of item texts laid
 * over the latest version's into sub->texts, then dropped. *had_drafts false
 * (sub untouched) when there are none; CNAP_ECONFLICT when one was started
 * from an older version than the latest.
 */
enum cnap_err uc_text_drafts_fold(struct cnap_store *s, const struct cnap_uc_outline *o, struct cnap_arena *a,
				  struct cnap_submission *sub, bool *had_drafts, struct cnap_error *err);

#endif
