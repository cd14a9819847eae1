/* The association's text under each outline item (usecase/survey_text.h). */
#include "base/compat.h"
#include "io/doc_json.h"
#include "usecase/survey_form.h"
#include "usecase/survey_text.h"
#include "usecase/survey_text_int.h"
#include "usecase/survey_version.h"

#include <stdio.h>
#include <string.h>

static enum cnap_err parse_doc(const char *json, const char *key, struct cnap_arena *a, struct cnap_doc *out,
			       struct cnap_error *err)
{
	char where[160];
	snprintf(where, sizeof(where), "texts.%s", key);
	return cnap_doc_json_parse(json, strlen(json), where, a, out, err);
}

static struct cnap_uc_item_doc *entry(struct cnap_uc_texts *t, const char *key)
{
	for (size_t i = 0; i < t->n_items; i++)
		if (strcmp(t->items[i].item->key, key) == 0)
			return &t->items[i];
	return NULL;
}

const struct cnap_uc_item_doc *cnap_uc_texts_item(const struct cnap_uc_texts *t, const char *item_key)
{
	return entry((struct cnap_uc_texts *)t, item_key);
}

enum cnap_err cnap_uc_texts_load(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *wg_code,
				 const char *association_code, int version, bool with_draft, struct cnap_arena *a,
				 struct cnap_uc_texts *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	enum cnap_err rc = cnap_uc_outline_load(s, actor, year, wg_code, association_code, a, &out->o, err);
	if (rc)
		return rc;
	const struct cnap_participation *p = &out->o.part;
	out->latest_version = p->n_submissions ? p->submissions[p->n_submissions - 1].version : 0;
	if (version < 0 || version > out->latest_version || (version > 0 && !out->latest_version))
		return cnap_fail(err, CNAP_ENOTFOUND, "version", "第%d版はありません", version);
	out->version = version ? version : out->latest_version;
	out->n_items = out->o.tmpl.n_items;
	out->items = cnap_arena_calloc(a, out->n_items + 1, sizeof(*out->items));
	if (!out->items)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < out->n_items; i++) {
		out->items[i].item = &out->o.tmpl.items[i];
		out->items[i].number = cnap_item_number(a, &out->o.tmpl, &out->o.tmpl.items[i]);
		out->items[i].title = cnap_item_title(a, &out->o.tmpl.items[i], &out->o.as);
		if (!out->items[i].number || !out->items[i].title)
			return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	}
	struct cnap_stored_text *texts = NULL;
	size_t n = 0;
	if (out->version &&
	    (rc = cnap_store_submission_texts(s, year, wg_code, association_code, out->version, a, &texts, &n, err)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		struct cnap_uc_item_doc *e = entry(out, texts[i].item_key);
		if (!e)
			continue;
		if ((rc = parse_doc(texts[i].doc_json, texts[i].item_key, a, &e->doc, err)))
			return rc;
		e->has_text = true;
	}
	if (!with_draft || !out->o.can_enter_data)
		return CNAP_OK;
	struct cnap_text_draft *drafts;
	if ((rc = cnap_store_text_drafts(s, year, wg_code, association_code, a, &drafts, &n, err)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		struct cnap_uc_item_doc *e = entry(out, drafts[i].item_key);
		if (!e)
			continue;
		if ((rc = parse_doc(drafts[i].doc_json, drafts[i].item_key, a, &e->doc, err)))
			return rc;
		e->has_text = !cnap_doc_is_empty(&e->doc);
		e->in_draft = true;
		e->draft_by = drafts[i].updated_by;
		e->draft_at = drafts[i].updated_at;
		if (!out->n_drafted++ || drafts[i].base_version < out->draft_base_version)
			out->draft_base_version = drafts[i].base_version;
	}
	return CNAP_OK;
}

static enum cnap_err may_enter(const struct cnap_uc_outline *o, struct cnap_error *err)
{
	return cnap_uc_outline_may_enter(o, err);
}

static const struct cnap_survey_item *outline_item(const struct cnap_uc_outline *o, const char *key)
{
	for (size_t i = 0; i < o->tmpl.n_items; i++)
		if (strcmp(o->tmpl.items[i].key, key) == 0)
			return &o->tmpl.items[i];
	return NULL;
}

/* Checked and written as the store keeps it, into a. */
static enum cnap_err storable_doc(const struct cnap_uc_outline *o, const char *key, const struct cnap_doc *doc,
				  struct cnap_arena *a, const char **out, struct cnap_error *err)
{
	if (!outline_item(o, key))
		return cnap_fail(err, CNAP_ENOTFOUND, "item", "調査票の項目「%s」はこの団体の様式にありません", key);
	enum cnap_err rc = cnap_doc_check(doc, key, err);
	if (rc)
		return rc;
	struct cnap_buf b;
	cnap_buf_init(&b, CNAP_DOC_MAX_JSON);
	if ((rc = cnap_doc_json_write(doc, &b))) {
		rc = cnap_buf_error(&b, err, "本文");
	} else if (!(*out = cnap_arena_strndup(a, b.data ? b.data : "", b.len))) {
		rc = cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	}
	cnap_buf_release(&b);
	return rc;
}

enum cnap_err cnap_uc_text_draft_save(struct cnap_store *s, const struct cnap_actor *actor, int year,
				      const char *wg_code, const char *association_code, const char *item_key,
				      const struct cnap_doc *doc, struct cnap_error *err)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_uc_outline o;
	const char *json = NULL;
	enum cnap_err rc = cnap_uc_outline_load(s, actor, year, wg_code, association_code, &a, &o, err);
	if (!rc && !(rc = may_enter(&o, err)) && !(rc = storable_doc(&o, item_key, doc, &a, &json, err))) {
		int latest = o.part.n_submissions ? o.part.submissions[o.part.n_submissions - 1].version : 0;
		struct cnap_text_draft *drafts;
		size_t n;
		cnap_store_set_actor(s, actor->login);
		if (!(rc = cnap_store_begin(s, err))) {
			/* An item keeps the version its editing started from, so a stale copy is still seen as stale. */
			int base = latest;
			if (!(rc = cnap_store_text_drafts(s, year, wg_code, association_code, &a, &drafts, &n, err)))
				for (size_t i = 0; i < n; i++)
					if (strcmp(drafts[i].item_key, item_key) == 0)
						base = drafts[i].base_version;
			if (!rc)
				rc = cnap_store_text_draft_put(s, year, wg_code, association_code, item_key, base, json,
							       actor->login, err);
			rc = cnap_store_finish(s, rc, err);
		}
	}
	cnap_arena_release(&a);
	return rc;
}

enum cnap_err cnap_uc_text_draft_discard(struct cnap_store *s, const struct cnap_actor *actor, int year,
					 const char *wg_code, const char *association_code, const char *item_key,
					 struct cnap_error *err)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_uc_outline o;
	enum cnap_err rc = cnap_uc_outline_load(s, actor, year, wg_code, association_code, &a, &o, err);
	if (!rc && !(rc = may_enter(&o, err))) {
		cnap_store_set_actor(s, actor->login);
		if (!(rc = cnap_store_begin(s, err))) {
			rc = cnap_store_text_drafts_delete(s, year, wg_code, association_code, item_key, err);
			rc = cnap_store_finish(s, rc, err);
		}
	}
	cnap_arena_release(&a);
	return rc;
}

enum cnap_err uc_texts_overlay(const struct cnap_uc_outline *o, const struct cnap_stored_text *base, size_t n_base,
			       const struct cnap_stored_text *over, size_t n_over, struct cnap_arena *a,
			       struct cnap_submission *sub, struct cnap_error *err)
{
	static const char empty[] = "{\"blocks\":[]}";
	struct cnap_stored_text *texts = cnap_arena_calloc(a, o->tmpl.n_items + 1, sizeof(*texts));
	if (!texts)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	size_t n = 0;
	for (size_t i = 0; i < o->tmpl.n_items; i++) {
		const char *key = o->tmpl.items[i].key, *json = NULL;
		for (size_t k = 0; k < n_base; k++)
			if (strcmp(base[k].item_key, key) == 0)
				json = base[k].doc_json;
		for (size_t k = 0; k < n_over; k++)
			if (strcmp(over[k].item_key, key) == 0)
				json = over[k].doc_json;
		if (json && strcmp(json, empty) != 0)
			texts[n++] = (struct cnap_stored_text){ .item_key = key, .doc_json = json };
	}
	sub->texts = texts;
	sub->n_texts = n;
	sub->texts_given = true;
	return CNAP_OK;
}

enum cnap_err uc_latest_texts(struct cnap_store *s, const struct cnap_uc_outline *o, struct cnap_arena *a,
			      struct cnap_stored_text **out, size_t *n, struct cnap_error *err)
{
	*out = NULL;
	*n = 0;
	if (!o->part.n_submissions)
		return CNAP_OK;
	return cnap_store_submission_texts(s, o->year, o->wg.code, o->as.code,
					   o->part.submissions[o->part.n_submissions - 1].version, a, out, n, err);
}

enum cnap_err cnap_uc_texts_add_version(struct cnap_store *s, const struct cnap_actor *actor, int year,
					const char *wg_code, const char *association_code,
					const struct cnap_item_text *items, size_t n_items, const char *note,
					int *version, struct cnap_error *err)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_uc_outline o;
	enum cnap_err rc = cnap_uc_outline_load(s, actor, year, wg_code, association_code, &a, &o, err);
	if (!rc)
		rc = may_enter(&o, err);
	if (!rc && !n_items)
		rc = cnap_fail(err, CNAP_EINVAL, "texts", "本文を登録する項目がありません");
	struct cnap_stored_text *given = rc ? NULL : cnap_arena_calloc(&a, n_items + 1, sizeof(*given));
	if (!rc && !given)
		rc = cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < n_items && !rc; i++) {
		for (size_t k = 0; k < i && !rc; k++)
			if (strcmp(items[k].item_key, items[i].item_key) == 0)
				rc = cnap_fail(err, CNAP_EINVAL, "item", "項目「%s」が二度指定されています",
					       items[i].item_key);
		given[i].item_key = items[i].item_key;
		if (!rc)
			rc = storable_doc(&o, items[i].item_key, &items[i].doc, &a, &given[i].doc_json, err);
	}
	if (!rc) {
		cnap_store_set_actor(s, actor->login);
		rc = cnap_store_begin(s, err);
		if (!rc) {
			struct cnap_stored_text *latest;
			size_t n_latest;
			struct cnap_submission sub = { .note = note };
			if (!(rc = uc_latest_texts(s, &o, &a, &latest, &n_latest, err)) &&
			    !(rc = uc_texts_overlay(&o, latest, n_latest, given, n_items, &a, &sub, err)))
				rc = cnap_uc_version_store(s, &o, &sub, true, &a, version, NULL, err);
			for (size_t i = 0; i < n_items && !rc; i++)
				rc = cnap_store_text_drafts_delete(s, year, wg_code, association_code, items[i].item_key,
								   err);
			rc = cnap_store_finish(s, rc, err);
		}
	}
	cnap_arena_release(&a);
	return rc;
}


enum cnap_err uc_text_drafts_fold(struct cnap_store *s, const struct cnap_uc_outline *o, struct cnap_arena *a,
				  struct cnap_submission *sub, bool *had_drafts, struct cnap_error *err)
{
	struct cnap_text_draft *drafts;
	size_t n;
	*had_drafts = false;
	enum cnap_err rc = cnap_store_text_drafts(s, o->year, o->wg.code, o->as.code, a, &drafts, &n, err);
	if (rc || !n)
		return rc;
	*had_drafts = true;
	int latest = o->part.n_submissions ? o->part.submissions[o->part.n_submissions - 1].version : 0;
	struct cnap_stored_text *over = cnap_arena_calloc(a, n + 1, sizeof(*over)), *base;
	size_t n_base;
	if (!over)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < n; i++) {
		if (drafts[i].base_version < latest)
			return cnap_fail(err, CNAP_ECONFLICT, "draft_stale",
					 "項目「%s」の編集中の本文は第%d版をもとにしていますが、その後に第%d版が登録されました。"
					 "このまま提出すると第%d版の内容が失われるため、提出できません。"
					 "その項目の編集を破棄して第%d版から書き直してください",
					 drafts[i].item_key, drafts[i].base_version, latest, latest, latest);
		over[i] = (struct cnap_stored_text){ .item_key = drafts[i].item_key, .doc_json = drafts[i].doc_json };
	}
	if ((rc = uc_latest_texts(s, o, a, &base, &n_base, err)) ||
	    (rc = uc_texts_overlay(o, base, n_base, over, n, a, sub, err)))
		return rc;
	return cnap_store_text_drafts_delete(s, o->year, o->wg.code, o->as.code, NULL, err);
}

enum cnap_err cnap_uc_survey_submit(struct cnap_store *s, const struct cnap_actor *actor, int year,
				    const char *wg_code, const char *association_code, const char *submitted_on,
				    const char *note, int *version, struct cnap_error *err)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_uc_outline o;
	struct cnap_data_draft data;
	enum cnap_err rc = cnap_uc_outline_load(s, actor, year, wg_code, association_code, &a, &o, err);
	if (!rc)
		rc = may_enter(&o, err);
	if (!rc && submitted_on)
		rc = cnap_check_date(submitted_on, "submitted_on", err);
	bool has_data_draft = false;
	if (!rc) {
		rc = cnap_store_draft_get(s, year, wg_code, association_code, &a, &data, err);
		has_data_draft = rc == CNAP_OK;
		if (rc == CNAP_ENOTFOUND)
			rc = CNAP_OK;
	}
	if (!rc && has_data_draft) {
		/* The data form's path checks the data as a whole and folds the texts' working copy in. */
		struct cnap_uc_form f;
		if (!(rc = cnap_uc_form_load(s, actor, year, wg_code, association_code, &a, &f, err)))
			rc = cnap_uc_form_submit(s, actor, &f, submitted_on, note, version, err);
	} else if (!rc) {
		cnap_store_set_actor(s, actor->login);
		if (!(rc = cnap_store_begin(s, err))) {
			struct cnap_submission sub = { .submitted_on = submitted_on, .note = note };
			bool had;
			rc = uc_text_drafts_fold(s, &o, &a, &sub, &had, err);
			if (!rc && !had)
				rc = cnap_fail(err, CNAP_ENOTFOUND, "draft", "提出する下書きがありません");
			if (!rc)
				rc = cnap_uc_version_store(s, &o, &sub, true, &a, version, NULL, err);
			rc = cnap_store_finish(s, rc, err);
		}
	}
	cnap_arena_release(&a);
	return rc;
}
