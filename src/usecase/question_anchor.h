/*
 * Questions that know their item changed (issue 12 part 6). A question quotes
 * the passage it asks about and is anchored to its item; when the association
 * adds a version that changes the item (its text or a number in it), every open
 * question on the item is marked 「調査票更新あり（第N版）」, and the quote is
 * looked for in the new text. The reviewer who filed it, or the secretariat,
 * then keeps it (「質問を維持する」, this file) or withdraws it (the withdraw step).
 */
#ifndef CNAP_USECASE_QUESTION_ANCHOR_H
#define CNAP_USECASE_QUESTION_ANCHOR_H

#include "auth/policy.h"
#include "store/store.h"

/*
 * Whether quote occurs in the new version's text of the item item_key: *present.
 * ctx is the caller's. An error stops the marking, and the caller's transaction fails.
 */
typedef enum cnap_err (*cnap_uc_quote_lookup)(void *ctx, const char *item_key, const char *quote, bool *present,
					      struct cnap_error *err);

/*
 * For the use case that adds a version of an association's survey, inside its
 * transaction, after its own policy check (the actor it set on the store is the
 * one audited): the version new_version changed the items changed_keys. Every
 * open question (draft to answered) of that association in that WG anchored to
 * one of them, and read on an earlier version, gets changed_version = new_version
 * and its quote looked up with present (NULL: not looked up), one audit record
 * "question.survey-changed" each; *marked_out (may be NULL) counts them. A mark
 * already confirmed for an earlier version stands again.
 */
enum cnap_err cnap_uc_questions_survey_changed(struct cnap_store *s, int year, const char *wg_code,
					       const char *association_code, int new_version,
					       const char *const *changed_keys, size_t n_changed,
					       cnap_uc_quote_lookup present, void *ctx, size_t *marked_out,
					       struct cnap_error *err);

/*
 * A ready lookup over the new version's texts as plain text (model/doc.h
 * cnap_doc_plain_text of each item): ctx is a struct cnap_uc_plain_texts.
 * An item not listed has no text, so no quote is in it.
 */
struct cnap_uc_plain_texts {
	const char *const *item_keys;
	const char *const *texts;
	size_t n;
};
enum cnap_err cnap_uc_quote_in_plain_texts(void *ctx, const char *item_key, const char *quote, bool *present,
					   struct cnap_error *err);

/*
 * The same over a version's texts as the store keeps them (the canonical JSON
 * of io/doc_json.h per item): ctx is a struct cnap_uc_stored_texts; each item
 * asked about is parsed once more, into a.
 */
struct cnap_uc_stored_texts {
	const struct cnap_stored_text *texts;
	size_t n;
	struct cnap_arena *a;
};
enum cnap_err cnap_uc_quote_in_stored_texts(void *ctx, const char *item_key, const char *quote, bool *present,
					    struct cnap_error *err);

/*
 * 「質問を維持する」: the actor (the reviewer who filed the question, or the secretariat)
 * read the change and keeps the question: the mark of its version is cleared, who and
 * when recorded, audited as "question.confirm-anchor". CNAP_ECONFLICT when nothing
 * waits for it (no change, already kept, or the question is no longer open).
 */
enum cnap_err cnap_uc_question_confirm_anchor(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
					      struct cnap_error *err);

#endif
