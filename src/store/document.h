/*
 * An association's own PDF of a survey version, kept as its document of
 * record (migration 0009), and the page maps of versions set after they
 * were added: the one computed from cnap's layout, the one found in a
 * document of record, corrections. Every write is audited; strings and bytes
 * read live in the arena given.
 */
#ifndef CNAP_STORE_DOCUMENT_H
#define CNAP_STORE_DOCUMENT_H

#include "store/store.h"

/* struct cnap_survey_document is model/model.h's. */

/*
 * Keep doc as the document of record of the version (replacing one it had),
 * with found (per outline item, 0 = not found), and make the found pages the
 * version's page map: items found get their page, the others none. Audited
 * as "survey_document.attach" (before: the file replaced). uploaded_at is
 * the store's clock.
 */
enum cnap_err cnap_store_document_put(struct cnap_store *s, int year, const char *wg_code,
				      const char *association_code, const struct cnap_survey_document *doc,
				      const struct cnap_page_ref *found, size_t n_found, struct cnap_error *err);

/* The document of record of a version; CNAP_ENOTFOUND when it has none. */
enum cnap_err cnap_store_document_get(struct cnap_store *s, int year, const char *wg_code,
				      const char *association_code, int version, bool with_bytes, struct cnap_arena *a,
				      struct cnap_survey_document *out, struct cnap_error *err);

/* What was found in it, in outline order (page 0: not found). */
enum cnap_err cnap_store_document_found(struct cnap_store *s, int year, const char *wg_code,
					const char *association_code, int version, struct cnap_arena *a,
					struct cnap_page_ref **out, size_t *n, struct cnap_error *err);

/*
 * Set pages of a version's page map: each item given gets its page (0 takes
 * its page away); the others stay. Unknown items are CNAP_ENOTFOUND.
 * Audited as action ("submission.pages_computed", "submission.pages_corrected")
 * with the pages before and after.
 */
enum cnap_err cnap_store_submission_pages_set(struct cnap_store *s, int year, const char *wg_code,
					      const char *association_code, int version,
					      const struct cnap_page_ref *pages, size_t n, const char *action,
					      struct cnap_error *err);

/*
 * The cycle file's side (store/repo_cycle.c): restore sub->document (bytes,
 * found pages; the page map is the file's) for a version just imported, and
 * fill the documents of every version of p for an export, with their bytes.
 */
enum cnap_err cnap_store_document_import(struct cnap_store *s, int year, const char *wg_code,
					 const char *association_code, const struct cnap_submission *sub,
					 struct cnap_error *err);
enum cnap_err cnap_store_documents_export(struct cnap_store *s, int year, struct cnap_participation *p,
					  struct cnap_arena *a, struct cnap_error *err);

#endif
