/*
 * An item's text (model/doc.h) as an HTML fragment for reading in the browser
 * (issue 12 part 4): paragraphs, sub-headings, lists, tables, notes (※1) and
 * links, every text escaped, every link checked again (cnap_doc_href_ok) and
 * opened without the page's referrer. The pages where the printed 調査票 breaks
 * inside the item are marked 「P.21」 before the block that starts them; the
 * form's data tables (DATA blocks) are drawn by the caller.
 *
 * The fragment has classes only (the page's CSS styles it) and no script. Only
 * elements that carry the text are inside <div class="doc">, so a selection in
 * it is the text a reader quotes.
 */
#ifndef CNAP_PUBLISH_DOC_HTML_H
#define CNAP_PUBLISH_DOC_HTML_H

#include "base/buf.h"
#include "model/doc.h"

/* Page page starts with the item's top-level block number block (0 = the item's first block). */
struct cnap_doc_page_mark {
	size_t block;
	int page;
};

/* Append the HTML of the form's data table table (a DATA block), escaped. */
typedef enum cnap_err (*cnap_doc_data_html)(void *ctx, const char *table, struct cnap_buf *out,
					    struct cnap_error *err);

/*
 * Append doc as HTML to out. marks (n_marks, in block order; may be NULL) are
 * the page markers; data (may be NULL: DATA blocks are left out) draws the data
 * tables. Errors: out of memory or over the buffer's limit, or data's own.
 */
enum cnap_err cnap_doc_html(const struct cnap_doc *doc, const struct cnap_doc_page_mark *marks, size_t n_marks,
			    cnap_doc_data_html data, void *ctx, struct cnap_buf *out, struct cnap_error *err);

/* 「P.21」 as the reading view marks a page, with its page number for the selection's page (data-page). */
void cnap_doc_html_page_mark(int page, struct cnap_buf *out);

#endif
