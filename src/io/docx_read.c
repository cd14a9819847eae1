/*
 * cnap_docx_open (docx_read.h): the package opened against the limits
 * (ooxml_pkg.h), checked to be a Word document, then its parts read in the
 * order they depend on each other: the document's relationships, styles,
 * numbering, footnotes, the body.
 */
#include "base/compat.h"
#include "base/utf8.h"
#include "io/docx_priv.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

struct cnap_docx_limits cnap_docx_limits_default(void)
{
	return (struct cnap_docx_limits){
		.max_file_bytes = (size_t)20 << 20,
		.max_entries = 10000,
		.max_entry_bytes = (size_t)64 << 20,
		.max_total_bytes = (size_t)256 << 20,
		.max_ratio = 200,
		.max_paragraphs = 100000,
		.max_text_bytes = (size_t)16 << 20,
		.max_cells = 200000,
	};
}

/* Every field is a size_t: the ones left 0 take the default's. */
static struct cnap_docx_limits limits_or_default(const struct cnap_docx_limits *l)
{
	static const size_t fields[] = {
		offsetof(struct cnap_docx_limits, max_file_bytes), offsetof(struct cnap_docx_limits, max_entries),
		offsetof(struct cnap_docx_limits, max_entry_bytes), offsetof(struct cnap_docx_limits, max_total_bytes),
		offsetof(struct cnap_docx_limits, max_ratio), offsetof(struct cnap_docx_limits, max_paragraphs),
		offsetof(struct cnap_docx_limits, max_text_bytes), offsetof(struct cnap_docx_limits, max_cells),
	};
	struct cnap_docx_limits m = cnap_docx_limits_default();
	for (size_t i = 0; l && i < CNAP_ARRAY_LEN(fields); i++) {
		size_t v;
		memcpy(&v, (const char *)l + fields[i], sizeof(v));
		if (v)
			memcpy((char *)&m + fields[i], &v, sizeof(v));
	}
	return m;
}

void dx_warn(struct dx *x, const char *fmt, ...)
{
	if (x->n_warnings >= CNAP_DOCX_MAX_WARNINGS || x->pk.rc != CNAP_OK)
		return;
	char msg[480];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* vsnprintf may cut the message inside a character */
	size_t n = strlen(msg), bad;
	while (n > 0 && !cnap_utf8_valid(msg, n, &bad))
		msg[n = bad] = '\0';
	const char *s = ooxml_strndup(&x->pk, msg, n);
	if (s && ooxml_grow(&x->pk, (void **)&x->warnings, &x->cap_warnings, x->n_warnings, sizeof(*x->warnings)))
		x->warnings[x->n_warnings++] = s;
}

static const struct ooxml_kind document_kind = {
	.name = "Wordの文書（docx）", .noun = "文書", .legacy = "Word 97-2003形式（.doc）", .ext = "docx",
};

static enum cnap_err is_word(struct dx *x)
{
	enum ooxml_doc doc;
	struct ooxml_pkg *pk = &x->pk;
	if (ooxml_main_document(pk, "word/document.xml", &x->document_part, &doc) != CNAP_OK)
		return pk->rc;
	switch (doc) {
	case OOXML_DOC_WORD:
		break;
	case OOXML_DOC_WORKBOOK:
	case OOXML_DOC_WORKBOOK_BINARY:
		return ooxml_fail(pk, CNAP_EFORMAT, x->document_part,
				  "Excelのブックです。Wordの文書（docx）を選んでください");
	case OOXML_DOC_SLIDES:
		return ooxml_fail(pk, CNAP_EFORMAT, x->document_part,
				  "PowerPointのプレゼンテーションです。Wordの文書（docx）を選んでください");
	default:
		return ooxml_fail(pk, CNAP_EFORMAT, x->document_part, "Wordの文書（docx）ではありません");
	}
	if (ooxml_locate(pk, x->document_part) < 0)
		return ooxml_fail(pk, CNAP_EFORMAT, x->document_part, "文書の本体（%s）がありません", x->document_part);
	return CNAP_OK;
}

static const char *part_of_type(const struct dx *x, const char *kind)
{
	const struct ooxml_rel *r = ooxml_rel_of_type(&x->doc_rels, kind);
	return r ? r->target : NULL;
}

static enum cnap_err read_all(struct dx *x, const void *data, size_t len)
{
	struct ooxml_pkg *pk = &x->pk;
	if (ooxml_pkg_open(pk, data, len) != CNAP_OK || is_word(x) != CNAP_OK ||
	    ooxml_read_rels(pk, x->document_part, &x->doc_rels) != CNAP_OK ||
	    dx_read_styles(x, part_of_type(x, "styles")) != CNAP_OK ||
	    dx_read_numbering(x, part_of_type(x, "numbering")) != CNAP_OK ||
	    dx_read_notes(x, part_of_type(x, "footnotes")) != CNAP_OK || dx_read_document(x) != CNAP_OK)
		return pk->rc;
	struct cnap_docx *d = x->d;
	d->elements = ooxml_to_arena(pk, x->elements, x->n_elements, sizeof(*x->elements));
	d->n_elements = d->elements ? x->n_elements : 0;
	d->warnings = ooxml_to_arena(pk, x->warnings, x->n_warnings, sizeof(*x->warnings));
	d->n_warnings = d->warnings ? x->n_warnings : 0;
	return pk->rc;
}

enum cnap_err cnap_docx_open(const void *data, size_t len, const struct cnap_docx_limits *limits,
			     struct cnap_docx **out, struct cnap_error *err)
{
	cnap_error_clear(err);
	*out = NULL;
	if (!data && len)
		return cnap_fail(err, CNAP_EINVAL, "", "ファイルの内容がありません");
	struct dx *x = cnap_calloc(1, sizeof(*x));
	if (!x)
		return cnap_fail(err, CNAP_ENOMEM, "", "メモリが足りません");
	x->lim = limits_or_default(limits);
	x->d = cnap_calloc(1, sizeof(*x->d));
	if (!x->d) {
		free(x);
		return cnap_fail(err, CNAP_ENOMEM, "", "メモリが足りません");
	}
	cnap_arena_init(&x->d->arena);
	const struct ooxml_limits pkg_lim = {
		.max_file_bytes = x->lim.max_file_bytes, .max_entries = x->lim.max_entries,
		.max_entry_bytes = x->lim.max_entry_bytes, .max_total_bytes = x->lim.max_total_bytes,
		.max_ratio = x->lim.max_ratio, .max_relationships = x->lim.max_paragraphs + 64,
	};
	ooxml_pkg_init(&x->pk, &document_kind, &pkg_lim, &x->d->arena, x->lim.max_text_bytes + 1,
		       x->lim.max_text_bytes, err);
	/* the run buffers: one run is at most all the text */
	cnap_buf_init(&x->para.run, x->lim.max_text_bytes + 1);
	cnap_buf_init(&x->cell.run, x->lim.max_text_bytes + 1);
	cnap_buf_init(&x->note.run, x->lim.max_text_bytes + 1);
	read_all(x, data, len);
	ooxml_pkg_close(&x->pk);
	ooxml_rels_release(&x->doc_rels);
	free(x->para.v);
	free(x->cell.v);
	free(x->note.v);
	cnap_buf_release(&x->para.run);
	cnap_buf_release(&x->cell.run);
	cnap_buf_release(&x->note.run);
	free(x->styles);
	free(x->abstracts);
	free(x->nums);
	free(x->cells);
	free(x->rows);
	free(x->notes);
	free(x->refs);
	free(x->elements);
	free(x->warnings);
	enum cnap_err rc = x->pk.rc;
	struct cnap_docx *d = x->d;
	free(x);
	if (rc != CNAP_OK) {
		cnap_docx_free(d);
		return rc;
	}
	*out = d;
	return CNAP_OK;
}

void cnap_docx_free(struct cnap_docx *d)
{
	if (!d)
		return;
	cnap_arena_release(&d->arena);
	free(d);
}
