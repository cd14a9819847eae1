/*
 * A version's document of record (issue 12 part 3): the association's own
 * finished PDF of its 調査票 (its layout), kept byte for byte; the download
 * of that version gives it. Its page map is found by locating every item's
 * heading in its text (io/page_find.h); what could not be found is
 * corrected by hand on the page map screen (or `cnap survey pages --set`).
 *
 * Who may: those who may add a version of the association (its users, the
 * secretariat) attach and correct; its readers see the page map. Hostile
 * files (too big, not a PDF, broken, locked) are refused with a message in
 * Japanese and nothing is saved. Strings live in the arena given.
 */
#ifndef CNAP_USECASE_SURVEY_DOCUMENT_H
#define CNAP_USECASE_SURVEY_DOCUMENT_H

#include "store/document.h"
#include "usecase/survey.h"

/* What attaching found. */
struct cnap_uc_attached {
	int version;
	size_t n_items, n_found;
	int n_pages;      /* of the file */
	bool printed;     /* the file numbers its pages: the map counts them as printed */
	int offset;       /* the file's page index minus its printed number */
};

/*
 * Attach bytes (at most CNAP_PDF_MAX_BYTES) as version's (0: the latest)
 * document of record, replacing one it had; filename is what the uploader
 * called it (its last path component is kept; "survey.pdf" when none).
 * The found pages become the version's page map in the same transaction.
 */
enum cnap_err cnap_uc_document_attach(struct cnap_store *s, const struct cnap_actor *actor, int year,
				      const char *wg_code, const char *association_code, int version,
				      const char *filename, const void *bytes, size_t len, struct cnap_uc_attached *out,
				      struct cnap_error *err);

/* One outline item on the page map screen. */
struct cnap_uc_page_row {
	const struct cnap_survey_item *item; /* borrowed from the outline */
	const char *number;                  /* 「Ⅱ．（５）」 */
	const char *title;                   /* {industry} replaced */
	int page;                            /* the version's page map: 0 = none */
	int found;                           /* found in the document of record: 0 = 「見つかりません」 */
	bool corrected;                      /* page differs from what was found */
};

struct cnap_uc_page_map {
	struct cnap_uc_outline o;
	int version, latest_version;
	bool has_document;
	struct cnap_survey_document doc; /* without its bytes */
	bool computed;                   /* cnap's own layout gave the map: it is never typed in */
	bool can_correct;                /* the actor may enter data and the map is a document's */
	struct cnap_uc_page_row *rows;   /* every item, in printed order */
	size_t n_rows;
	size_t n_missing;                /* items without a page */
};

/* Version 0: the latest. CNAP_ENOTFOUND for no such version. */
enum cnap_err cnap_uc_page_map_load(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *wg_code,
				    const char *association_code, int version, struct cnap_arena *a,
				    struct cnap_uc_page_map *out, struct cnap_error *err);

/*
 * Corrections: each item given gets its page (0 takes it away), in one
 * transaction, audited as "submission.pages_corrected". Pages 0..9999;
 * an unknown item refuses all of them.
 */
enum cnap_err cnap_uc_page_map_correct(struct cnap_store *s, const struct cnap_actor *actor, int year,
				       const char *wg_code, const char *association_code, int version,
				       const struct cnap_page_ref *pages, size_t n, struct cnap_error *err);

/*
 * Before a cycle file is imported: every document of record it carries is
 * what its sha256 says, its name a file name and its found items in the
 * outline. Names the submission ($.participations[2].submissions[0].document).
 */
enum cnap_err cnap_uc_documents_check(const struct cnap_cycle_data *d, struct cnap_error *err);

#endif
