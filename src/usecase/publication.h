/*
 * The 事前質問・回答一覧 of a WG, or of one association in it: assembled from
 * the store, rendered in one of the formats of publish/qa_formats.h, dated by
 * the data's last change so that the same data gives the same bytes. The
 * secretariat publishes; a WG's other users do not reach this.
 */
#ifndef CNAP_USECASE_PUBLICATION_H
#define CNAP_USECASE_PUBLICATION_H

#include "auth/policy.h"
#include "publish/qa_doc.h"
#include "publish/qa_formats.h"
#include "store/store.h"

/* A WG's members as the publication page offers them. */
struct cnap_uc_publication {
	int year;
	struct cnap_wg wg;
	struct cnap_association *members; /* in WG order */
	size_t n_members;
	size_t ready; /* accepted questions of the selection, waiting to be published */
};
/* association_code NULL: the whole WG; another code must be a member (else ENOTFOUND). */
enum cnap_err cnap_uc_publication_load(struct cnap_store *s, const struct cnap_actor *actor, int year,
				       const char *wg_code, const char *association_code, struct cnap_arena *a,
				       struct cnap_uc_publication *out, struct cnap_error *err);

/*
 * Render the list in format f to out (appended; unchanged on error).
 * pinned_date "YYYY-MM-DDThh:mm:ss" or NULL for the data's last change. The
 * document built goes to *doc_out when non-NULL (strings in a).
 */
enum cnap_err cnap_uc_qa_list_render(struct cnap_store *s, const struct cnap_actor *actor, int year,
				     const char *wg_code, const char *association_code,
				     const struct cnap_qa_format *f, const char *pinned_date, struct cnap_arena *a,
				     struct cnap_buf *out, struct cnap_qa_doc *doc_out, struct cnap_error *err);

/*
 * The WG's 進捗状況の概要 as PDF (appended to out): every member's latest
 * quantitative data through the calculation engine, in the cycle's 要因分析
 * method. *title_out (in a, may be NULL) is the report's title.
 */
enum cnap_err cnap_uc_summary_render(struct cnap_store *s, const struct cnap_actor *actor, int year,
				     const char *wg_code, const char *pinned_date, struct cnap_arena *a,
				     struct cnap_buf *out, const char **title_out, struct cnap_error *err);

#endif
