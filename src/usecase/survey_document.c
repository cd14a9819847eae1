/* A version's document of record and its page map (usecase/survey_document.h). */
#include "base/compat.h"
#include "usecase/survey_document.h"

#include "base/utf8.h"
#include "io/page_find.h"
#include "io/pdf_read.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define NOMEM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")
#define MAX_FILENAME_CHARS 200

/* The version asked for (0: the latest) in the outline's participation. */
static const struct cnap_submission *version_of(const struct cnap_uc_outline *o, int version, struct cnap_error *err)
{
	const struct cnap_participation *p = &o->part;
	for (size_t k = p->n_submissions; k-- > 0;)
		if (!version || p->submissions[k].version == version)
			return &p->submissions[k];
	if (version)
		cnap_fail(err, CNAP_ENOTFOUND, "version", "調査票の第%d版はありません", version);
	else
		cnap_fail(err, CNAP_ENOTFOUND, "version", "調査票はまだ提出されていません。先に版を登録してください");
	return NULL;
}

/* The uploader's name for the file: its last path component, checked; "survey.pdf" when none. */
static enum cnap_err clean_filename(struct cnap_arena *a, const char *name, const char **out, struct cnap_error *err)
{
	const char *base = name ? name : "";
	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	if (!*base) {
		*out = "survey.pdf";
		return CNAP_OK;
	}
	enum cnap_err rc = cnap_text_check(base, MAX_FILENAME_CHARS, 0, "filename", err);
	if (rc)
		return rc;
	return (*out = cnap_arena_strdup(a, base)) ? CNAP_OK : NOMEM(err);
}

static const char *sha256_hex(struct cnap_arena *a, const void *bytes, size_t len)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	crypto_hash_sha256(h, bytes, (unsigned long long)len);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	return cnap_arena_strdup(a, hex);
}

enum cnap_err cnap_uc_document_attach(struct cnap_store *s, const struct cnap_actor *actor, int year,
				      const char *wg_code, const char *association_code, int version,
				      const char *filename, const void *bytes, size_t len, struct cnap_uc_attached *out,
				      struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_uc_outline o;
	struct cnap_pdf_text text;
	struct cnap_page_find found;
	const struct cnap_submission *sub = NULL;
	const char *name = NULL, *sha = NULL;
	enum cnap_err rc;
	if ((rc = cnap_policy_check_scope(actor, CNAP_ACT_SUBMISSION_ADD, wg_code, association_code, err)) ||
	    (rc = cnap_uc_outline_load(s, actor, year, wg_code, association_code, &a, &o, err)))
		goto out;
	if (!(sub = version_of(&o, version, err))) {
		rc = err ? err->code : CNAP_ENOTFOUND;
		goto out;
	}
	if ((rc = clean_filename(&a, filename, &name, err)) || (rc = cnap_pdf_text_read(bytes, len, &a, &text, err)))
		goto out;
	size_t n = o.tmpl.n_items;
	struct cnap_page_find_item *items = cnap_arena_calloc(&a, n + 1, sizeof(*items));
	struct cnap_page_ref *refs = cnap_arena_calloc(&a, n + 1, sizeof(*refs));
	if (!items || !refs || !(sha = sha256_hex(&a, bytes, len))) {
		rc = NOMEM(err);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		items[i].code = o.tmpl.items[i].code;
		if (!(items[i].title = cnap_item_title(&a, &o.tmpl.items[i], &o.as))) {
			rc = NOMEM(err);
			goto out;
		}
	}
	if ((rc = cnap_page_find(&text, items, n, &a, &found, err)))
		goto out;
	for (size_t i = 0; i < n; i++)
		refs[i] = (struct cnap_page_ref){.item_key = o.tmpl.items[i].key, .page = found.page[i]};
	struct cnap_survey_document doc = {.version = sub->version, .filename = name, .bytes = bytes, .size = len,
					   .sha256 = sha, .uploaded_by = actor->login};
	if ((rc = cnap_store_document_put(s, year, wg_code, association_code, &doc, refs, n, err)))
		goto out;
	*out = (struct cnap_uc_attached){.version = sub->version, .n_items = n, .n_found = found.n_found,
					 .n_pages = (int)text.n_pages, .printed = found.printed, .offset = found.offset};
out:
	cnap_arena_release(&a);
	return rc;
}

/*
 * A version with texts and no document of record has the page map of cnap's
 * own layout: it follows from the texts and is never typed in.
 */
static enum cnap_err map_is_computed(struct cnap_store *s, int year, const char *wg_code, const char *association_code,
				     int version, bool has_document, struct cnap_arena *a, bool *out,
				     struct cnap_error *err)
{
	*out = false;
	if (has_document)
		return CNAP_OK;
	struct cnap_stored_text *texts;
	size_t n = 0;
	enum cnap_err rc = cnap_store_submission_texts(s, year, wg_code, association_code, version, a, &texts, &n, err);
	*out = !rc && n > 0;
	return rc;
}

static int page_in(const struct cnap_page_ref *v, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].item_key && strcmp(v[i].item_key, key) == 0)
			return v[i].page;
	return 0;
}

enum cnap_err cnap_uc_page_map_load(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *wg_code,
				    const char *association_code, int version, struct cnap_arena *a,
				    struct cnap_uc_page_map *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	enum cnap_err rc = cnap_uc_outline_load(s, actor, year, wg_code, association_code, a, &out->o, err);
	if (rc)
		return rc;
	const struct cnap_submission *sub = version_of(&out->o, version, err);
	if (!sub)
		return err ? err->code : CNAP_ENOTFOUND;
	const struct cnap_participation *p = &out->o.part;
	out->version = sub->version;
	out->latest_version = p->submissions[p->n_submissions - 1].version;
	out->can_correct = out->o.can_enter_data;
	struct cnap_page_ref *found = NULL;
	size_t n_found = 0;
	rc = cnap_store_document_get(s, year, wg_code, association_code, sub->version, false, a, &out->doc, err);
	if (!rc) {
		out->has_document = true;
		rc = cnap_store_document_found(s, year, wg_code, association_code, sub->version, a, &found, &n_found, err);
	} else if (rc == CNAP_ENOTFOUND) {
		rc = CNAP_OK;
	}
	bool computed = false;
	if (!rc)
		rc = map_is_computed(s, year, wg_code, association_code, sub->version, out->has_document, a, &computed, err);
	if (rc)
		return rc;
	out->computed = computed;
	out->can_correct = out->can_correct && !computed;
	size_t n = out->o.tmpl.n_items;
	if (!(out->rows = cnap_arena_calloc(a, n + 1, sizeof(*out->rows))))
		return NOMEM(err);
	for (size_t i = 0; i < n; i++) {
		const struct cnap_survey_item *it = &out->o.tmpl.items[i];
		struct cnap_uc_page_row *r = &out->rows[i];
		r->item = it;
		r->number = cnap_item_number(a, &out->o.tmpl, it);
		r->title = cnap_item_title(a, it, &out->o.as);
		if (!r->number || !r->title)
			return NOMEM(err);
		r->page = page_in(sub->pages, sub->n_pages, it->key);
		r->found = page_in(found, n_found, it->key);
		r->corrected = out->has_document && r->page != r->found;
		out->n_missing += r->page == 0;
	}
	out->n_rows = n;
	return CNAP_OK;
}

enum cnap_err cnap_uc_page_map_correct(struct cnap_store *s, const struct cnap_actor *actor, int year,
				       const char *wg_code, const char *association_code, int version,
				       const struct cnap_page_ref *pages, size_t n, struct cnap_error *err)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_uc_outline o;
	const struct cnap_submission *sub = NULL;
	enum cnap_err rc;
	if (!(rc = cnap_policy_check_scope(actor, CNAP_ACT_SUBMISSION_ADD, wg_code, association_code, err)) &&
	    !(rc = cnap_uc_outline_load(s, actor, year, wg_code, association_code, &a, &o, err)) &&
	    !(sub = version_of(&o, version, err)))
		rc = err ? err->code : CNAP_ENOTFOUND;
	for (size_t i = 0; !rc && i < n; i++)
		if (pages[i].page < 0 || pages[i].page > CNAP_MAX_PAGE)
			rc = cnap_fail(err, CNAP_EINVAL, pages[i].item_key ? pages[i].item_key : "",
				       "ページは1〜%dの数で指定してください（空欄はページなし）", CNAP_MAX_PAGE);
	struct cnap_survey_document doc;
	bool has_document = false, computed = false;
	if (!rc) {
		rc = cnap_store_document_get(s, year, wg_code, association_code, sub->version, false, &a, &doc, err);
		has_document = rc == CNAP_OK;
		if (rc == CNAP_ENOTFOUND)
			rc = CNAP_OK;
	}
	if (!rc)
		rc = map_is_computed(s, year, wg_code, association_code, sub->version, has_document, &a, &computed, err);
	if (!rc && computed)
		rc = cnap_fail(err, CNAP_ECONFLICT, "pages",
			       "第%d版の頁番号は cnap が組んだ調査票から計算したもので、本文から決まります。"
			       "手で直せるのは、業界団体が提出したPDF（正本）の頁番号だけです",
			       sub->version);
	if (!rc)
		rc = cnap_store_submission_pages_set(s, year, wg_code, association_code, sub->version, pages, n,
						     "submission.pages_corrected", err);
	cnap_arena_release(&a);
	return rc;
}

enum cnap_err cnap_uc_documents_check(const struct cnap_cycle_data *d, struct cnap_error *err)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	enum cnap_err rc = CNAP_OK;
	for (size_t i = 0; !rc && i < d->n_participations; i++) {
		const struct cnap_participation *p = &d->participations[i];
		const struct cnap_template *t = cnap_cycle_data_template(d, p->template_code);
		for (size_t k = 0; !rc && k < p->n_submissions; k++) {
			const struct cnap_survey_document *doc = p->submissions[k].document;
			if (!doc)
				continue;
			char where[160];
			snprintf(where, sizeof(where), "$.participations[%zu].submissions[%zu].document", i, k);
			const char *name, *sha = sha256_hex(&a, doc->bytes, doc->size);
			if (!sha) {
				rc = NOMEM(err);
				break;
			}
			if ((rc = clean_filename(&a, doc->filename, &name, err)) ||
			    (rc = cnap_text_check(doc->uploaded_by, CNAP_MAX_NAME_CHARS, 0, where, err)) ||
			    (rc = cnap_text_check(doc->uploaded_at, 40, 0, where, err))) {
				snprintf(err ? err->where : where, sizeof(where), "%s", where);
				break;
			}
			if (!doc->sha256 || strcmp(doc->sha256, sha) != 0) {
				rc = cnap_fail(err, CNAP_EINVAL, where, "PDFの中身が sha256 と合いません（ファイルが壊れているか、書き換えられています）");
				break;
			}
			for (size_t f = 0; !rc && f < doc->n_found; f++)
				if (!t || !cnap_template_item(t, doc->found[f].item_key))
					rc = cnap_fail(err, CNAP_ENOTFOUND, where, "found の項目「%s」は調査票にありません",
						       doc->found[f].item_key);
		}
	}
	cnap_arena_release(&a);
	return rc;
}
