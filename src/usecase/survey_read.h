/*
 * Reading an association's survey item by item (issue 12 part 4): one version's
 * text of every item (or of one), where its pages start and break, and the
 * questions already filed on each item that the actor may see, redacted. What a
 * reviewer reads before asking; the same for the secretariat and the association
 * (its own survey). Scope as for the association pages. Everything in a.
 */
#ifndef CNAP_USECASE_SURVEY_READ_H
#define CNAP_USECASE_SURVEY_READ_H

#include "model/doc.h"
#include "usecase/survey.h"

/* Page page begins before the item's top-level block number block (n_blocks: after its text). */
struct cnap_uc_page_break {
	size_t block;
	int page;
};

/*
 * A page that begins inside an item's text, as the layout says it (publish/survey_layout.h):
 * at block, in its part (a list item in reading order, a table row) at offset code points.
 */
struct cnap_uc_text_break {
	size_t block, part, offset;
	int page;
};

/*
 * doc cut where pages begin (breaks in order), for marking them between blocks: a paragraph,
 * heading or note broken mid-text becomes two blocks, a table two at the row; a page that begins
 * in a list or a data table is marked before it. *out and *marks (before which block of *out
 * each page begins) live in a; the spans not cut are borrowed from doc. CNAP_ENOMEM only.
 */
enum cnap_err cnap_uc_doc_cut(struct cnap_arena *a, const struct cnap_doc *doc, const struct cnap_uc_text_break *breaks,
			      size_t n_breaks, struct cnap_doc *out, struct cnap_uc_page_break **marks, size_t *n_marks);

struct cnap_uc_read_item {
	const struct cnap_survey_item *item;
	const char *number; /* 「Ⅱ．（５）」, "" for the front matter */
	const char *title;  /* {industry} filled */
	int page;           /* the page it starts on in this version's page map; 0 unknown */
	const struct cnap_doc *doc; /* its text in this version; NULL: none */
	/* Where the printed 調査票 breaks inside it, in block order (none until the layout is known). */
	const struct cnap_uc_page_break *breaks;
	size_t n_breaks;
	struct cnap_question *questions; /* filed on it, as the actor may see them, in list order */
	size_t n_questions;
};

struct cnap_uc_read {
	struct cnap_uc_outline o;
	const struct cnap_submission *sub; /* the version read (borrowed from o.part); NULL: none yet */
	int version;
	struct cnap_uc_read_item *items;   /* in printed order; one when an item was asked for */
	size_t n_items;
	size_t n_with_text;                /* items that have a text in this version */
};

/*
 * The version version (0: the latest) of the association's survey, every item or
 * only item_key (NULL: all). CNAP_ENOTFOUND for an association the actor may not
 * see, a version that does not exist or an unknown item.
 */
enum cnap_err cnap_uc_survey_read(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *wg_code,
				  const char *association_code, int version, const char *item_key,
				  struct cnap_arena *a, struct cnap_uc_read *out, struct cnap_error *err);

#endif
