/*
 * The association's text under each outline item (issue 12): read for any
 * version, edited item by item into a working copy (the browser's autosave),
 * and made a new version — from the working copy (「この内容で提出」, with
 * the data form's draft if there is one), or directly from items given (the
 * CLI's `cnap survey text set`, a confirmed Word file).
 *
 * The same policy as the data: an association user its own association, the
 * secretariat any; reviewers read versions, never the working copy. Every
 * string and doc lives in the arena the caller passes.
 */
#ifndef CNAP_USECASE_SURVEY_TEXT_H
#define CNAP_USECASE_SURVEY_TEXT_H

#include "model/doc.h"
#include "usecase/survey.h"

/* One outline item and its text. */
struct cnap_uc_item_doc {
	const struct cnap_survey_item *item; /* borrowed from texts->o.tmpl */
	const char *number;                  /* 「Ⅱ．（５）」 as cnap_item_number prints it */
	const char *title;                   /* the item's title, {industry} filled in */
	struct cnap_doc doc;                 /* empty when the item has no text */
	bool has_text;                       /* the version (or draft) has an entry for it */
	bool in_draft;                       /* doc is the working copy, not the version's */
	const char *draft_by, *draft_at;     /* for in_draft */
};

struct cnap_uc_texts {
	struct cnap_uc_outline o;
	int version;        /* the version read; 0: there is none yet */
	int latest_version; /* 0: none */
	/* Every item of the outline, in printed order. */
	struct cnap_uc_item_doc *items;
	size_t n_items;
	size_t n_drafted;      /* items whose doc is the working copy */
	int draft_base_version; /* the oldest version a drafted item was started from */
};

/*
 * Texts of a version (0: the latest), with the working copy laid over them
 * when with_draft and the actor may enter (readers get the version alone).
 * CNAP_ENOTFOUND for a version that does not exist or an association the
 * actor may not see.
 */
enum cnap_err cnap_uc_texts_load(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *wg_code,
				 const char *association_code, int version, bool with_draft, struct cnap_arena *a,
				 struct cnap_uc_texts *out, struct cnap_error *err);
/* The entry of an item by key, or NULL. Borrowed from t. */
const struct cnap_uc_item_doc *cnap_uc_texts_item(const struct cnap_uc_texts *t, const char *item_key);

/* One item's doc as the working copy (checked by cnap_doc_check first). */
enum cnap_err cnap_uc_text_draft_save(struct cnap_store *s, const struct cnap_actor *actor, int year,
				      const char *wg_code, const char *association_code, const char *item_key,
				      const struct cnap_doc *doc, struct cnap_error *err);
/* One item's working copy, or all of them (item_key NULL), dropped. */
enum cnap_err cnap_uc_text_draft_discard(struct cnap_store *s, const struct cnap_actor *actor, int year,
					 const char *wg_code, const char *association_code, const char *item_key,
					 struct cnap_error *err);

/*
 * A new version: the latest version's texts with the given items' replaced
 * (an empty doc removes the item's text), its data carried over. Every item
 * checked; unknown keys refused; nothing written on any error. Working
 * copies of the given items are dropped with it.
 */
enum cnap_err cnap_uc_texts_add_version(struct cnap_store *s, const struct cnap_actor *actor, int year,
					const char *wg_code, const char *association_code,
					const struct cnap_item_text *items, size_t n_items, const char *note,
					int *version, struct cnap_error *err);

/*
 * The working copy, data and texts together, becomes the next version
 * (「この内容で提出（第N版）」). CNAP_ENOTFOUND when neither the data nor any
 * item has a working copy; CNAP_ECONFLICT when a version was registered
 * since the working copy was started (it would be undone without a word).
 */
enum cnap_err cnap_uc_survey_submit(struct cnap_store *s, const struct cnap_actor *actor, int year,
				    const char *wg_code, const char *association_code, const char *submitted_on,
				    const char *note, int *version, struct cnap_error *err);

#endif
