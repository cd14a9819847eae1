/*
 * An item's text (model/doc.h) as HTML for the browser: the reviewer's
 * reading view, the editor's preview, the comparison. Every string is
 * escaped; links only where cnap_doc_href_ok() holds, opened in a new tab
 * without a referrer. The data blocks are left to the caller: each becomes
 * the placeholder the caller's callback writes (the form's table, or
 * nothing).
 */
#ifndef CNAP_PUBLISH_DOC_HTML_H
#define CNAP_PUBLISH_DOC_HTML_H

#include "base/buf.h"
#include "model/doc.h"

struct cnap_doc_html_opts {
	/* Writes what stands for a DATA block (the table's code); NULL writes nothing. */
	void (*data_block)(void *ctx, const char *table, struct cnap_buf *out);
	void *ctx;
	/*
	 * Called before block i of the top level is written (page markers of the
	 * reading view: 「P.21」); NULL for none.
	 */
	void (*before_block)(void *ctx, size_t block, struct cnap_buf *out);
};

/* The blocks as HTML, appended to out (class names: doc-p, doc-h, doc-list, doc-table, doc-note). */
enum cnap_err cnap_doc_html(const struct cnap_doc *doc, const struct cnap_doc_html_opts *opts, struct cnap_buf *out);

#endif
