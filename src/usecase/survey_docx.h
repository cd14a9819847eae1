/*
 * An association's Word file as the text of its survey items (issue 12
 * item 2): read (io/docx_read.h), split along the association's outline
 * (io/docx_split.h), shown, and only then saved.
 *
 * The preview writes nothing: what each item would get, what could not be
 * placed and why, what was read differently from how Word shows it. The
 * import runs the same preview on the same bytes and saves the items that
 * have text, as a new version (the latest version's other items kept) or
 * as the working copy to be reviewed and submitted in the browser, in one
 * transaction, audited as every new version or working copy is. An item
 * whose heading has nothing under it is shown and not saved (a chapter
 * heading usually has none; an existing text is never removed by it).
 *
 * The same policy as the item texts: an association user its own
 * association, the secretariat any. Every string lives in the arena the
 * caller passes.
 */
#ifndef CNAP_USECASE_SURVEY_DOCX_H
#define CNAP_USECASE_SURVEY_DOCX_H

#include "io/docx_split.h"
#include "usecase/survey.h"

/* What a Word file may weigh (the reader's limit, io/docx_read.h). */
#define CNAP_UC_DOCX_MAX_BYTES ((size_t)20 << 20)

struct cnap_uc_docx_item {
	const struct cnap_survey_item *item; /* borrowed from out->o.tmpl */
	const char *number;    /* 「Ⅱ．（５）」, "" for an item without one */
	const char *title;     /* the item's title for the association */
	const char *heading;   /* the heading as the document writes it */
	size_t paragraph;      /* its paragraph number in the document */
	struct cnap_doc doc;
	const char *first_line; /* the text's first line, cut for a listing; "" when it has none */
	bool empty;            /* nothing under the heading: not saved */
	bool replaces;         /* the item has a text now (the latest version or the working copy) */
};

struct cnap_uc_docx {
	struct cnap_uc_outline o;
	struct cnap_uc_docx_item *items; /* in the document's order */
	size_t n_items, n_filled;        /* n_filled: those that are saved */
	const struct cnap_docx_unplaced *unplaced;
	size_t n_unplaced, n_unplaced_omitted;
	const char *const *warnings;
	size_t n_warnings, n_warnings_omitted;
};

/*
 * The Word file data[0..len) split along the association's outline.
 * CNAP_ENOTFOUND for an association the actor may not see, CNAP_EPERM for
 * one whose survey they may not enter; the reader's and the splitter's
 * errors as they give them (a file that is no docx, no heading found, an
 * item too long).
 */
enum cnap_err cnap_uc_survey_docx_preview(struct cnap_store *s, const struct cnap_actor *actor, int year,
					  const char *wg_code, const char *association_code, const void *data,
					  size_t len, struct cnap_arena *a, struct cnap_uc_docx *out,
					  struct cnap_error *err);

enum cnap_uc_docx_save {
	CNAP_UC_DOCX_VERSION, /* a new version: *version gets its number */
	CNAP_UC_DOCX_DRAFT,   /* the working copy, submitted later (usecase/survey_text.h) */
};

/*
 * The preview, then its items with text saved as save says, all or
 * nothing. note is kept with a new version (NULL: 「Wordファイルから取り込み
 * （N項目）」, with file_name when given). CNAP_EINVAL when no item has text.
 */
enum cnap_err cnap_uc_survey_docx_import(struct cnap_store *s, const struct cnap_actor *actor, int year,
					 const char *wg_code, const char *association_code, const void *data,
					 size_t len, enum cnap_uc_docx_save save, const char *file_name,
					 const char *note, struct cnap_arena *a, struct cnap_uc_docx *out, int *version,
					 struct cnap_error *err);

#endif
