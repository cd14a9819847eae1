/*
 * Storing a new version of an association's survey, whichever way it comes
 * (the data form, a workbook or CSV, the text editor, a Word file, `cnap
 * submission add`): the one place where what follows from a new version is
 * done, inside the caller's transaction —
 *   - its item texts settled: the ones given, else the previous version's;
 *   - its data: the one given, else (carry_data) the latest version's;
 *   - its page map: computed from cnap's own rendering of the version
 *     (usecase/survey_render.h) unless the caller gives one;
 *   - the items that changed since the previous version (a text, or a cell
 *     of a data table placed in the item), and the open questions anchored
 *     to them marked (usecase/questions.h).
 */
#ifndef CNAP_USECASE_SURVEY_VERSION_H
#define CNAP_USECASE_SURVEY_VERSION_H

#include "usecase/survey.h"

/* Items that differ between two versions, in outline order. */
struct cnap_uc_changed_items {
	const char **keys;
	size_t n;
};

/*
 * sub is completed in place (texts, data, pages: arena copies in a) and
 * stored as version sub->version (0: the next). The caller holds the
 * transaction (cnap_store_begin) and has checked the actor's right to add a
 * version; o is the outline as loaded before the change. changed (may be
 * NULL) receives what changed against the previous version.
 */
enum cnap_err cnap_uc_version_store(struct cnap_store *s, const struct cnap_uc_outline *o,
				    struct cnap_submission *sub, bool carry_data, struct cnap_arena *a,
				    int *version, struct cnap_uc_changed_items *changed, struct cnap_error *err);

/*
 * The items whose text or data differs between two versions' texts and
 * data (either side may be empty: a first version changes every item that
 * has content). Pure over what it is given; tables are compared cell by
 * cell as the form shows them.
 */
enum cnap_err cnap_uc_changed_items(const struct cnap_uc_outline *o, int actual_year,
				    const struct cnap_submission *before, const struct cnap_submission *after,
				    struct cnap_arena *a, struct cnap_uc_changed_items *out, struct cnap_error *err);

#endif
