/* The item texts of a submission in the cycle file (io/cycle_json_texts.h). */
#include "base/compat.h"
#include "io/cycle_json_texts.h"
#include "io/doc_json.h"
#include "io/doc_text.h"

#include <stdio.h>
#include <string.h>

/* An item's entry: its doc, however given, as canonical JSON in the arena. */
static const char *entry_doc_json(struct reader *r, json_t *o, const char *path, const char *key)
{
	struct cnap_doc doc;
	json_t *text = json_object_get(o, "text"), *blocks = json_object_get(o, "blocks");
	if ((text != NULL) == (blocks != NULL)) {
		FAIL(r, CNAP_EINVAL, path, "項目「%s」には text（入力した本文）か blocks のどちらか一方を書いてください",
		     key);
		return NULL;
	}
	if (text) {
		char where[400];
		snprintf(where, sizeof(where), "%s.text", path);
		if (!json_is_string(text)) {
			FAIL(r, CNAP_EINVAL, where, "本文は文字列で書いてください");
			return NULL;
		}
		if ((r->rc = cnap_doc_text_parse(json_string_value(text), json_string_length(text), where, r->a, &doc,
						  r->err)))
			return NULL;
	} else {
		json_t *wrap = json_pack("{sO}", "blocks", blocks);
		if (!wrap) {
			OOM(r);
			return NULL;
		}
		r->rc = cnap_doc_json_from_value(wrap, path, r->a, &doc, r->err);
		json_decref(wrap);
		if (r->rc)
			return NULL;
	}
	struct cnap_buf b;
	cnap_buf_init(&b, CNAP_DOC_MAX_JSON * 2);
	const char *out = NULL;
	if (cnap_doc_json_write(&doc, &b))
		r->rc = cnap_buf_error(&b, r->err, path);
	else if (!(out = cnap_arena_strndup(r->a, b.data, b.len)))
		OOM(r);
	cnap_buf_release(&b);
	return out;
}

void jr_submission_texts(struct reader *r, json_t *arr, const char *path, struct cnap_submission *sub)
{
	size_t n = json_array_size(arr);
	struct cnap_stored_text *texts = cnap_arena_calloc(r->a, n + 1, sizeof(*texts));
	if (!texts) {
		OOM(r);
		return;
	}
	json_t *o;
	size_t i;
	json_array_foreach(arr, i, o) {
		static const char *const keys[] = { "item", "blocks", "text", NULL };
		char p[400];
		snprintf(p, sizeof(p), "%s[%zu]", path, i);
		if (!jr_object(r, o, p, keys))
			return;
		const char *key = jr_str(r, o, p, "item", true);
		if (r->rc)
			return;
		for (size_t k = 0; k < i; k++)
			if (strcmp(texts[k].item_key, key) == 0) {
				FAIL(r, CNAP_EINVAL, p, "項目「%s」の本文が二度書かれています", key);
				return;
			}
		texts[i].item_key = key;
		if (!(texts[i].doc_json = entry_doc_json(r, o, p, key)))
			return;
	}
	sub->texts = texts;
	sub->n_texts = n;
	sub->texts_given = true;
}

json_t *submission_texts_json(const struct cnap_submission *sub)
{
	if (!sub->texts_given)
		return NULL;
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < sub->n_texts; i++) {
		json_t *doc = json_loads(sub->texts[i].doc_json, 0, NULL);
		json_t *o = json_object();
		json_t *blocks = doc ? json_object_get(doc, "blocks") : NULL;
		if (!o || !blocks || json_object_set_new(o, "item", json_string(sub->texts[i].item_key)) ||
		    json_object_set(o, "blocks", blocks) || json_array_append_new(arr, o)) {
			json_decref(o);
			json_decref(arr);
			arr = NULL;
		}
		json_decref(doc);
	}
	return arr;
}
