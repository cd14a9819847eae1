/* The document of record of a submission in the cycle file (io/cycle_json_document.h). */
#include "base/compat.h"
#include "io/cycle_json_document.h"

#include "base/base64.h"
#include "base/buf.h"

#include <stdio.h>
#include <string.h>

static const char *const KEYS[] = { "filename", "sha256", "uploaded_by", "uploaded_at", "found", "pdf_base64", NULL };

static void read_bytes(struct reader *r, json_t *s, const char *path, struct cnap_survey_document *doc)
{
	size_t len = json_string_length(s);
	if (len > (CNAP_DOC_RECORD_MAX_BYTES + 2) / 3 * 4) {
		FAIL(r, CNAP_ETOOBIG, path, "調査票のPDFが大きすぎます（%zu MBまで）", CNAP_DOC_RECORD_MAX_BYTES >> 20);
		return;
	}
	unsigned char *bytes = cnap_arena_alloc(r->a, cnap_base64_max_decoded(len) + 1);
	size_t n;
	if (!bytes) {
		OOM(r);
		return;
	}
	if (!cnap_base64_decode(json_string_value(s), len, bytes, &n)) {
		FAIL(r, CNAP_EINVAL, path, "base64 として読めません（改行や空白を含めずに書いてください）");
		return;
	}
	if (n < 5 || memcmp(bytes, "%PDF-", 5) != 0) {
		FAIL(r, CNAP_EINVAL, path, "PDFファイルではありません（先頭が %%PDF- ではありません）");
		return;
	}
	doc->bytes = bytes;
	doc->size = n;
}

void jr_submission_document(struct reader *r, json_t *obj, const char *path, struct cnap_submission *sub)
{
	struct cnap_survey_document *doc = cnap_arena_calloc(r->a, 1, sizeof(*doc));
	if (!doc) {
		OOM(r);
		return;
	}
	if (!jr_object(r, obj, path, KEYS))
		return;
	doc->version = sub->version;
	doc->filename = jr_str(r, obj, path, "filename", true);
	if (!r->rc)
		doc->sha256 = jr_str(r, obj, path, "sha256", true);
	if (!r->rc)
		doc->uploaded_by = jr_str(r, obj, path, "uploaded_by", true);
	if (!r->rc)
		doc->uploaded_at = jr_str(r, obj, path, "uploaded_at", true);
	json_t *found = r->rc ? NULL : jr_want(r, obj, path, "found", JSON_OBJECT, false);
	json_t *pdf = r->rc ? NULL : jr_want(r, obj, path, "pdf_base64", JSON_STRING, true);
	char p[400];
	if (!r->rc && found) {
		struct cnap_page_ref *pages;
		snprintf(p, sizeof(p), "%s.found", path);
		jr_page_map(r, found, p, 0, &pages, &doc->n_found); /* 0: not found */
		doc->found = pages;
	}
	if (!r->rc) {
		snprintf(p, sizeof(p), "%s.pdf_base64", path);
		read_bytes(r, pdf, p, doc);
	}
	if (!r->rc)
		sub->document = doc;
}

json_t *submission_document_json(const struct cnap_submission *sub)
{
	const struct cnap_survey_document *doc = sub->document;
	if (!doc || !doc->bytes)
		return NULL;
	struct cnap_buf b;
	cnap_buf_init(&b, CNAP_DOC_RECORD_MAX_BYTES * 2);
	json_t *found = json_object(), *o = NULL;
	for (size_t i = 0; found && i < doc->n_found; i++)
		if (json_object_set_new(found, doc->found[i].item_key, json_integer(doc->found[i].page))) {
			json_decref(found);
			found = NULL;
		}
	if (found && !cnap_base64_encode(doc->bytes, doc->size, &b) && !cnap_buf_addc(&b, '\0'))
		o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:s}", "filename", doc->filename ? doc->filename : "", "sha256",
			      doc->sha256 ? doc->sha256 : "", "uploaded_by", doc->uploaded_by ? doc->uploaded_by : "",
			      "uploaded_at", doc->uploaded_at ? doc->uploaded_at : "", "found", found, "pdf_base64",
			      b.data ? b.data : "");
	else
		json_decref(found);
	cnap_buf_release(&b);
	return o;
}
