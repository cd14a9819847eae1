/* An association's Word file as its items' texts (usecase/survey_docx.h). */
#include "base/compat.h"
#include "io/docx_read.h"
#include "store/store.h"
#include "usecase/survey_docx.h"
#include "usecase/survey_text.h"

#include <stdio.h>
#include <string.h>

/* The first line of a doc's text, for a listing. */
static const char *first_line(struct cnap_arena *a, const struct cnap_doc *doc)
{
	struct cnap_buf b;
	cnap_buf_init(&b, (size_t)4 << 20);
	const char *out = "";
	if (cnap_doc_plain_text(doc, &b) == CNAP_OK && b.data) {
		const char *t = b.data;
		while (*t == '\n')
			t++;
		size_t n = strcspn(t, "\n\t");
		char cut[256];
		char *line = cnap_arena_strndup(a, t, n);
		if (line) {
			cnap_doc_excerpt(line, 180, cut, sizeof(cut));
			out = cnap_arena_strdup(a, cut);
		}
	}
	cnap_buf_release(&b);
	return out;
}

enum cnap_err cnap_uc_survey_docx_preview(struct cnap_store *s, const struct cnap_actor *actor, int year,
					  const char *wg_code, const char *association_code, const void *data,
					  size_t len, struct cnap_arena *a, struct cnap_uc_docx *out,
					  struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	struct cnap_uc_texts now;
	/* the texts now, the working copy over them: which items the file would replace */
	enum cnap_err rc = cnap_uc_texts_load(s, actor, year, wg_code, association_code, 0, true, a, &now, err);
	if (rc)
		return rc;
	out->o = now.o;
	if ((rc = cnap_uc_outline_may_enter(&out->o, err)))
		return rc;
	struct cnap_docx *d = NULL;
	struct cnap_docx_split sp;
	if ((rc = cnap_docx_open(data, len, NULL, &d, err)))
		return rc;
	rc = cnap_docx_split(d, &out->o.tmpl, &out->o.as, a, &sp, err);
	cnap_docx_free(d);
	if (rc)
		return rc;
	out->items = cnap_arena_calloc(a, sp.n_placed ? sp.n_placed : 1, sizeof(*out->items));
	if (!out->items)
		return cnap_fail(err, CNAP_ENOMEM, "", "メモリが足りません");
	for (size_t i = 0; i < sp.n_placed; i++) {
		const struct cnap_docx_placed *p = &sp.placed[i];
		const struct cnap_uc_item_doc *had = cnap_uc_texts_item(&now, p->item->key);
		struct cnap_uc_docx_item *it = &out->items[out->n_items++];
		*it = (struct cnap_uc_docx_item){
			.item = p->item, .number = p->number, .title = p->title, .heading = p->heading,
			.paragraph = p->paragraph, .doc = p->doc, .first_line = first_line(a, &p->doc),
			.empty = cnap_doc_is_empty(&p->doc), .replaces = had && had->has_text && !cnap_doc_is_empty(&had->doc),
		};
		if (!it->first_line)
			return cnap_fail(err, CNAP_ENOMEM, "", "メモリが足りません");
		out->n_filled += !it->empty;
	}
	out->unplaced = sp.unplaced;
	out->n_unplaced = sp.n_unplaced;
	out->n_unplaced_omitted = sp.n_unplaced_omitted;
	out->warnings = sp.warnings;
	out->n_warnings = sp.n_warnings;
	out->n_warnings_omitted = sp.n_warnings_omitted;
	return CNAP_OK;
}

enum cnap_err cnap_uc_survey_docx_import(struct cnap_store *s, const struct cnap_actor *actor, int year,
					 const char *wg_code, const char *association_code, const void *data,
					 size_t len, enum cnap_uc_docx_save save, const char *file_name,
					 const char *note, struct cnap_arena *a, struct cnap_uc_docx *out, int *version,
					 struct cnap_error *err)
{
	*version = 0;
	enum cnap_err rc = cnap_uc_survey_docx_preview(s, actor, year, wg_code, association_code, data, len, a, out, err);
	if (rc)
		return rc;
	if (!out->n_filled)
		return cnap_fail(err, CNAP_EINVAL, "file", "本文のある項目がありません。見出しの下に本文を書いてください");
	struct cnap_item_text *items = cnap_arena_calloc(a, out->n_filled, sizeof(*items));
	if (!items)
		return cnap_fail(err, CNAP_ENOMEM, "", "メモリが足りません");
	size_t n = 0;
	for (size_t i = 0; i < out->n_items; i++)
		if (!out->items[i].empty)
			items[n++] = (struct cnap_item_text){ .item_key = out->items[i].item->key, .doc = out->items[i].doc };
	if (save == CNAP_UC_DOCX_VERSION) {
		if (!note)
			note = file_name && *file_name
				       ? cnap_arena_printf(a, "Wordファイル「%s」から取り込み（%zu項目）", file_name, n)
				       : cnap_arena_printf(a, "Wordファイルから取り込み（%zu項目）", n);
		if (!note)
			return cnap_fail(err, CNAP_ENOMEM, "", "メモリが足りません");
		return cnap_uc_texts_add_version(s, actor, year, wg_code, association_code, items, n, note, version, err);
	}
	/* the working copy: every item or none, as one change */
	cnap_store_set_actor(s, actor->login);
	if ((rc = cnap_store_begin(s, err)))
		return rc;
	for (size_t i = 0; i < n && !rc; i++)
		rc = cnap_uc_text_draft_save(s, actor, year, wg_code, association_code, items[i].item_key, &items[i].doc,
					     err);
	return cnap_store_finish(s, rc, err);
}
