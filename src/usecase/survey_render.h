/*
 * The printed 調査票 of a version (issue 12 part 3): the version's item texts
 * and data tables laid out by publish/survey_layout.h, as a PDF, as the page
 * facts the reading view marks (P.21), and as the version's page map.
 *
 * The page map is not typed in: a version with texts gets the one its
 * layout gives when it is stored (usecase/survey_version.c calls
 * cnap_uc_render_page_map inside its transaction) and when a cycle file
 * brings it; a version whose association uploaded its own PDF (the
 * document of record, usecase/survey_document.h) has the map found in that
 * file instead.
 *
 * Readers of the association (its users, the WG's reviewers, the
 * secretariat) may render. Strings live in the arena the caller passes.
 */
#ifndef CNAP_USECASE_SURVEY_RENDER_H
#define CNAP_USECASE_SURVEY_RENDER_H

#include "base/buf.h"
#include "publish/survey_layout.h"
#include "usecase/survey.h"

/* What a version prints: the outline, and the print struct that borrows from it. */
struct cnap_uc_print {
	struct cnap_uc_outline o;
	int version;
	const char *pinned_date;        /* the PDF's date: the day the version was submitted */
	const char *filename;           /* 「調査票_<association>_第2版.pdf」 */
	struct cnap_survey_print print;
};

/* Version 0: the latest. CNAP_ENOTFOUND for a version that does not exist or an association hidden from actor. */
enum cnap_err cnap_uc_print_load(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *wg_code,
				 const char *association_code, int version, struct cnap_arena *a, struct cnap_uc_print *out,
				 struct cnap_error *err);

/* The version's layout: the pages each item and block begin on (the reading view's P.21). */
enum cnap_err cnap_uc_print_pages(const struct cnap_uc_print *p, struct cnap_arena *a, struct cnap_survey_pages *out,
				  struct cnap_error *err);

/* cnap's own rendering as PDF bytes appended to out; *n_pages its pages. */
enum cnap_err cnap_uc_print_pdf(const struct cnap_uc_print *p, struct cnap_buf *out, int *n_pages,
				struct cnap_error *err);

/*
 * The PDF a reader downloads for a version: the document of record when the
 * association uploaded one (unless rendered is set), else cnap's rendering.
 * *of_record says which; *filename is what to save it as (in a).
 */
enum cnap_err cnap_uc_survey_pdf(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *wg_code,
				 const char *association_code, int version, bool rendered, struct cnap_arena *a,
				 struct cnap_buf *out, bool *of_record, const char **filename, struct cnap_error *err);

/*
 * For storing a version (no actor: the caller checked): the page map of
 * sub — its stored texts and data, numbered version — as its layout gives
 * it, one entry per outline item, in a.
 */
enum cnap_err cnap_uc_render_page_map(struct cnap_store *s, const struct cnap_uc_outline *o,
				      const struct cnap_submission *sub, int version, struct cnap_arena *a,
				      struct cnap_page_ref **pages, size_t *n, struct cnap_error *err);

/*
 * After a cycle import, in the caller's transaction: every version of d that
 * has texts and no document of record gets its computed page map (audited
 * as "submission.pages_computed" where it changed).
 */
enum cnap_err cnap_uc_render_after_import(struct cnap_store *s, const struct cnap_cycle_data *d,
					  struct cnap_error *err);

#endif
