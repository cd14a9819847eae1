#include "base/compat.h"
#include "publish/doc_html.h"

#include <string.h>

static void add_inline(const struct cnap_inline *in, struct cnap_buf *out)
{
	for (size_t i = 0; i < in->n_spans; i++) {
		const struct cnap_span *sp = &in->spans[i];
		bool link = sp->href && cnap_doc_href_ok(sp->href);
		if (link) {
			cnap_buf_adds(out, "<a href=\"");
			cnap_buf_add_html(out, sp->href);
			cnap_buf_adds(out, "\" rel=\"noopener noreferrer\">");
		}
		/* A line break inside a paragraph stays one. */
		const char *t = sp->text ? sp->text : "";
		for (const char *nl; (nl = strchr(t, '\n')); t = nl + 1) {
			cnap_buf_add_html_n(out, t, (size_t)(nl - t));
			cnap_buf_adds(out, "<br>");
		}
		cnap_buf_add_html(out, t);
		if (link)
			cnap_buf_adds(out, "</a>");
	}
}

static enum cnap_err add_blocks(const struct cnap_block *b, size_t n, const struct cnap_doc_page_mark *marks,
				size_t n_marks, cnap_doc_data_html data, void *ctx, struct cnap_buf *out,
				struct cnap_error *err);

static void add_list(const struct cnap_block *b, cnap_doc_data_html data, void *ctx, struct cnap_buf *out,
		     struct cnap_error *err, enum cnap_err *rc)
{
	cnap_buf_adds(out, b->ordered ? "<ol class=\"doc-list\">" : "<ul class=\"doc-list\">");
	for (size_t i = 0; !*rc && i < b->n_items; i++) {
		const struct cnap_list_item *it = &b->items[i];
		cnap_buf_adds(out, "<li>");
		add_inline(&it->content, out);
		if (it->n_children)
			*rc = add_blocks(it->children, it->n_children, NULL, 0, data, ctx, out, err);
		cnap_buf_adds(out, "</li>");
	}
	cnap_buf_adds(out, b->ordered ? "</ol>" : "</ul>");
}

static void add_table(const struct cnap_block *b, struct cnap_buf *out)
{
	cnap_buf_adds(out, "<div class=\"doc-table-wrap\"><table class=\"doc-table\">");
	for (size_t r = 0; r < b->rows; r++) {
		bool head = r < b->header_rows;
		if (r == 0 && head)
			cnap_buf_adds(out, "<thead>");
		if (r == b->header_rows)
			cnap_buf_adds(out, "<tbody>");
		cnap_buf_adds(out, "<tr>");
		for (size_t c = 0; c < b->cols; c++) {
			cnap_buf_adds(out, head ? "<th>" : "<td>");
			add_inline(&b->cells[r * b->cols + c], out);
			cnap_buf_adds(out, head ? "</th>" : "</td>");
		}
		cnap_buf_adds(out, "</tr>");
		if (head && r + 1 == b->header_rows)
			cnap_buf_adds(out, "</thead>");
	}
	if (b->rows > b->header_rows)
		cnap_buf_adds(out, "</tbody>");
	cnap_buf_adds(out, "</table></div>");
}

static enum cnap_err add_block(const struct cnap_block *b, cnap_doc_data_html data, void *ctx, struct cnap_buf *out,
			       struct cnap_error *err)
{
	enum cnap_err rc = CNAP_OK;
	switch (b->kind) {
	case CNAP_BLK_PARAGRAPH:
		cnap_buf_adds(out, "<p>");
		add_inline(&b->content, out);
		cnap_buf_adds(out, "</p>");
		break;
	case CNAP_BLK_HEADING:
		cnap_buf_adds(out, "<h4 class=\"doc-heading\">");
		add_inline(&b->content, out);
		cnap_buf_adds(out, "</h4>");
		break;
	case CNAP_BLK_LIST:
		add_list(b, data, ctx, out, err, &rc);
		break;
	case CNAP_BLK_TABLE:
		add_table(b, out);
		break;
	case CNAP_BLK_NOTE:
		cnap_buf_adds(out, "<p class=\"doc-note\"><span class=\"doc-note-mark\">");
		cnap_buf_add_html(out, b->mark ? b->mark : "");
		cnap_buf_adds(out, "</span> ");
		add_inline(&b->content, out);
		cnap_buf_adds(out, "</p>");
		break;
	case CNAP_BLK_DATA:
		if (data && b->table) {
			cnap_buf_adds(out, "<div class=\"doc-data\">");
			rc = data(ctx, b->table, out, err);
			cnap_buf_adds(out, "</div>");
		}
		break;
	default:
		break;
	}
	return rc;
}

void cnap_doc_html_page_mark(int page, struct cnap_buf *out)
{
	cnap_buf_addf(out, "<p class=\"page-mark\" data-page=\"%d\"><span>P.%d</span></p>", page, page);
}

static enum cnap_err add_blocks(const struct cnap_block *b, size_t n, const struct cnap_doc_page_mark *marks,
				size_t n_marks, cnap_doc_data_html data, void *ctx, struct cnap_buf *out,
				struct cnap_error *err)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		for (; m < n_marks && marks[m].block <= i; m++)
			cnap_doc_html_page_mark(marks[m].page, out);
		enum cnap_err rc = add_block(&b[i], data, ctx, out, err);
		if (rc)
			return rc;
	}
	return CNAP_OK;
}

enum cnap_err cnap_doc_html(const struct cnap_doc *doc, const struct cnap_doc_page_mark *marks, size_t n_marks,
			    cnap_doc_data_html data, void *ctx, struct cnap_buf *out, struct cnap_error *err)
{
	enum cnap_err rc = add_blocks(doc->blocks, doc->n_blocks, marks, n_marks, data, ctx, out, err);
	if (rc)
		return rc;
	return out->status ? cnap_buf_error(out, err, "the item's text") : CNAP_OK;
}
