/* An item's text as HTML (publish/doc_html.h). */
#include "base/compat.h"
#include "publish/doc_html.h"

#include <string.h>

/* Text with its line breaks kept as <br>. */
static void text_html(struct cnap_buf *out, const char *s)
{
	for (const char *nl; (nl = strchr(s, '\n')); s = nl + 1) {
		cnap_buf_add_html_n(out, s, (size_t)(nl - s));
		cnap_buf_adds(out, "<br>");
	}
	cnap_buf_add_html(out, s);
}

static void inline_html(struct cnap_buf *out, const struct cnap_inline *in)
{
	for (size_t i = 0; i < in->n_spans; i++) {
		const struct cnap_span *sp = &in->spans[i];
		if (sp->href && cnap_doc_href_ok(sp->href)) {
			cnap_buf_adds(out, "<a href=\"");
			cnap_buf_add_html(out, sp->href);
			cnap_buf_adds(out, "\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">");
			text_html(out, sp->text ? sp->text : "");
			cnap_buf_adds(out, "</a>");
		} else {
			text_html(out, sp->text ? sp->text : "");
		}
	}
}

static void blocks_html(struct cnap_buf *out, const struct cnap_block *b, size_t n,
			const struct cnap_doc_html_opts *opts, bool top);

static void list_html(struct cnap_buf *out, const struct cnap_block *b, const struct cnap_doc_html_opts *opts)
{
	cnap_buf_adds(out, b->ordered ? "<ol class=\"doc-list\">" : "<ul class=\"doc-list\">");
	for (size_t i = 0; i < b->n_items; i++) {
		cnap_buf_adds(out, "<li>");
		inline_html(out, &b->items[i].content);
		blocks_html(out, b->items[i].children, b->items[i].n_children, opts, false);
		cnap_buf_adds(out, "</li>");
	}
	cnap_buf_adds(out, b->ordered ? "</ol>" : "</ul>");
}

static void table_html(struct cnap_buf *out, const struct cnap_block *b)
{
	cnap_buf_adds(out, "<div class=\"doc-table-wrap\"><table class=\"doc-table\">");
	for (size_t r = 0; r < b->rows; r++) {
		bool head = r < b->header_rows;
		cnap_buf_adds(out, "<tr>");
		for (size_t c = 0; c < b->cols; c++) {
			cnap_buf_adds(out, head ? "<th scope=\"col\">" : "<td>");
			inline_html(out, &b->cells[r * b->cols + c]);
			cnap_buf_adds(out, head ? "</th>" : "</td>");
		}
		cnap_buf_adds(out, "</tr>");
	}
	cnap_buf_adds(out, "</table></div>");
}

static void blocks_html(struct cnap_buf *out, const struct cnap_block *b, size_t n,
			const struct cnap_doc_html_opts *opts, bool top)
{
	for (size_t i = 0; i < n; i++) {
		if (top && opts && opts->before_block)
			opts->before_block(opts->ctx, i, out);
		switch (b[i].kind) {
		case CNAP_BLK_PARAGRAPH:
			cnap_buf_adds(out, "<p class=\"doc-p\">");
			inline_html(out, &b[i].content);
			cnap_buf_adds(out, "</p>");
			break;
		case CNAP_BLK_HEADING:
			cnap_buf_adds(out, "<p class=\"doc-h\">");
			inline_html(out, &b[i].content);
			cnap_buf_adds(out, "</p>");
			break;
		case CNAP_BLK_LIST:
			list_html(out, &b[i], opts);
			break;
		case CNAP_BLK_TABLE:
			table_html(out, &b[i]);
			break;
		case CNAP_BLK_NOTE:
			cnap_buf_adds(out, "<p class=\"doc-note\"><span class=\"doc-note-mark\">");
			cnap_buf_add_html(out, b[i].mark ? b[i].mark : "※");
			cnap_buf_adds(out, "</span> ");
			inline_html(out, &b[i].content);
			cnap_buf_adds(out, "</p>");
			break;
		case CNAP_BLK_DATA:
			if (opts && opts->data_block)
				opts->data_block(opts->ctx, b[i].table, out);
			break;
		case CNAP_BLK_COUNT:
			break;
		}
	}
}

enum cnap_err cnap_doc_html(const struct cnap_doc *doc, const struct cnap_doc_html_opts *opts, struct cnap_buf *out)
{
	blocks_html(out, doc->blocks, doc->n_blocks, opts, true);
	return out->status;
}
