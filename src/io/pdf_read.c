#include "base/compat.h"
#include "io/pdf_read.h"

#include "base/utf8.h"

#include <poppler.h>

bool cnap_pdf_looks_like_pdf(const void *data, size_t len)
{
	const char *p = data;
	size_t n = len < 1024 ? len : 1024;
	for (size_t i = 0; p && i + 5 <= n; i++)
		if (!memcmp(p + i, "%PDF-", 5))
			return true;
	return false;
}

/* Up to max bytes of s, cut at a character boundary; invalid UTF-8 becomes NULL. */
static const char *keep_text(struct cnap_arena *a, const char *s, size_t max, bool *bad)
{
	size_t n = s ? strlen(s) : 0, bad_at;
	if (n > max) {
		n = max;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	if (!cnap_utf8_valid(s ? s : "", n, &bad_at)) {
		*bad = true;
		return NULL;
	}
	return cnap_arena_strndup(a, s ? s : "", n);
}

enum cnap_err cnap_pdf_text_read(const void *data, size_t len, struct cnap_arena *a, struct cnap_pdf_text *out,
				 struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	if (len > CNAP_PDF_MAX_BYTES)
		return cnap_fail(err, CNAP_ETOOBIG, "file", "PDFが大きすぎます（%zu MBまで）",
				 CNAP_PDF_MAX_BYTES / (1024 * 1024));
	if (!data || !cnap_pdf_looks_like_pdf(data, len))
		return cnap_fail(err, CNAP_EINVAL, "file", "PDFファイルではありません（先頭に %%PDF- がありません）");
	if (len > (size_t)G_MAXSSIZE)
		return cnap_fail(err, CNAP_ETOOBIG, "file", "PDFが大きすぎます");
	GBytes *bytes = g_bytes_new_static(data, len);
	GError *gerr = NULL;
	PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
	g_bytes_unref(bytes);
	if (!doc) {
		bool locked = gerr && gerr->domain == POPPLER_ERROR && gerr->code == POPPLER_ERROR_ENCRYPTED;
		if (gerr)
			g_error_free(gerr);
		if (locked)
			return cnap_fail(err, CNAP_EINVAL, "file", "パスワードで保護されたPDFは読めません");
		return cnap_fail(err, CNAP_EINVAL, "file", "PDFとして読めません（壊れているか、PDFではありません）");
	}
	int n = poppler_document_get_n_pages(doc);
	enum cnap_err rc = CNAP_OK;
	if (n <= 0)
		rc = cnap_fail(err, CNAP_EINVAL, "file", "PDFにページがありません");
	else if ((size_t)n > CNAP_PDF_MAX_PAGES)
		rc = cnap_fail(err, CNAP_ETOOBIG, "file", "PDFのページが多すぎます（%dページまで）", CNAP_PDF_MAX_PAGES);
	else if (!(out->pages = cnap_arena_calloc(a, (size_t)n, sizeof(*out->pages))))
		rc = cnap_fail(err, CNAP_ENOMEM, "file", "out of memory");
	for (int i = 0; !rc && i < n; i++) {
		PopplerPage *page = poppler_document_get_page(doc, i);
		char *text = page ? poppler_page_get_text(page) : NULL;
		bool bad = false;
		out->pages[i] = keep_text(a, text, CNAP_PDF_MAX_PAGE_TEXT, &bad);
		g_free(text);
		if (page)
			g_object_unref(page);
		if (bad)
			rc = cnap_fail(err, CNAP_EINVAL, "file", "PDFの%dページ目の文字が読めません", i + 1);
		else if (!out->pages[i])
			rc = cnap_fail(err, CNAP_ENOMEM, "file", "out of memory");
	}
	g_object_unref(doc);
	if (rc) {
		out->pages = NULL;
		return rc;
	}
	out->n_pages = (size_t)n;
	return CNAP_OK;
}
