#include "base/compat.h"
#include "io/doc_json.h"
#include "usecase/question_anchor.h"

#include <string.h>

static bool listed(const char *key, const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (keys[i] && strcmp(keys[i], key) == 0)
			return true;
	return false;
}

/* The mark new_version leaves on q, with its quote looked up. */
static enum cnap_err mark(struct cnap_store *s, const struct cnap_question *q, int new_version,
			  cnap_uc_quote_lookup present, void *ctx, struct cnap_error *err)
{
	struct cnap_question_anchor an = q->anchor;
	an.changed_version = new_version;
	an.quote = CNAP_QUOTE_UNCHECKED;
	if (q->quote && present) {
		bool there = false;
		enum cnap_err rc = present(ctx, q->item_key, q->quote, &there, err);
		if (rc)
			return rc;
		an.quote = there ? CNAP_QUOTE_PRESENT : CNAP_QUOTE_GONE;
	}
	return cnap_store_question_anchor_set(s, q->id, &an, "question.survey-changed", err);
}

enum cnap_err cnap_uc_questions_survey_changed(struct cnap_store *s, int year, const char *wg_code,
					       const char *association_code, int new_version,
					       const char *const *changed_keys, size_t n_changed,
					       cnap_uc_quote_lookup present, void *ctx, size_t *marked_out,
					       struct cnap_error *err)
{
	if (marked_out)
		*marked_out = 0;
	if (new_version < 1)
		return cnap_fail(err, CNAP_EINVAL, "version", "版は1以上です（%d）", new_version);
	if (!n_changed)
		return CNAP_OK;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_question *qs;
	size_t n, marked = 0;
	enum cnap_err rc = cnap_store_begin(s, err);
	if (rc) {
		cnap_arena_release(&a);
		return rc;
	}
	/* Every question of the list, whoever may see it: the mark is the question's, not an actor's view. */
	struct cnap_question_filter f = { .year = year, .wg_code = wg_code, .association_code = association_code,
					  .status = -1 };
	rc = cnap_store_question_list(s, &f, &a, &qs, &n, err);
	for (size_t i = 0; !rc && i < n; i++) {
		const struct cnap_question *q = &qs[i];
		/* Read on this version or a later one: the question already asks about the new text. */
		bool read_before = !q->submission_version || q->submission_version < new_version;
		if (!cnap_qstatus_open(q->status) || !read_before || q->anchor.changed_version >= new_version ||
		    !listed(q->item_key, changed_keys, n_changed))
			continue;
		if (!(rc = mark(s, q, new_version, present, ctx, err)))
			marked++;
	}
	rc = cnap_store_finish(s, rc, err);
	cnap_arena_release(&a);
	if (!rc && marked_out)
		*marked_out = marked;
	return rc;
}

enum cnap_err cnap_uc_quote_in_plain_texts(void *ctx, const char *item_key, const char *quote, bool *present,
					   struct cnap_error *err)
{
	const struct cnap_uc_plain_texts *t = ctx;
	*present = false;
	for (size_t i = 0; i < t->n; i++)
		if (t->item_keys[i] && strcmp(t->item_keys[i], item_key) == 0) {
			if (cnap_quote_found(quote, t->texts[i], present))
				return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
			return CNAP_OK;
		}
	return CNAP_OK;
}

enum cnap_err cnap_uc_quote_in_stored_texts(void *ctx, const char *item_key, const char *quote, bool *present,
					    struct cnap_error *err)
{
	const struct cnap_uc_stored_texts *t = ctx;
	*present = false;
	for (size_t i = 0; i < t->n; i++) {
		if (!t->texts[i].item_key || strcmp(t->texts[i].item_key, item_key) != 0 || !t->texts[i].doc_json)
			continue;
		struct cnap_doc doc;
		const char *json = t->texts[i].doc_json;
		enum cnap_err rc = cnap_doc_json_parse(json, strlen(json), item_key, t->a, &doc, err);
		if (rc)
			return rc;
		struct cnap_buf plain;
		cnap_buf_init(&plain, 0);
		rc = cnap_doc_plain_text(&doc, &plain);
		if (!rc && cnap_quote_found(quote, plain.data ? plain.data : "", present))
			rc = CNAP_ENOMEM;
		cnap_buf_release(&plain);
		return rc ? cnap_fail(err, rc, "", "out of memory") : CNAP_OK;
	}
	return CNAP_OK;
}

enum cnap_err cnap_uc_question_confirm_anchor(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
					      struct cnap_error *err)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_question q;
	cnap_store_set_actor(s, actor->login);
	enum cnap_err rc = cnap_store_begin(s, err);
	if (rc) {
		cnap_arena_release(&a);
		return rc;
	}
	rc = cnap_store_question_get(s, id, &a, &q, err);
	if (!rc && !cnap_policy_question_visible(actor, &q))
		rc = cnap_fail(err, CNAP_ENOTFOUND, "question.id", "unknown question %lld", (long long)id);
	if (!rc && !(rc = cnap_policy_check(actor, CNAP_ACT_QUESTION_CONFIRM_ANCHOR, &q, err))) {
		struct cnap_question_anchor an = q.anchor;
		an.confirmed_version = an.changed_version;
		an.confirmed_by = actor->system ? NULL : actor->login;
		an.confirmed_at = cnap_store_now(s);
		rc = cnap_store_question_anchor_set(s, id, &an, "question.confirm-anchor", err);
	}
	rc = cnap_store_finish(s, rc, err);
	cnap_arena_release(&a);
	return rc;
}
