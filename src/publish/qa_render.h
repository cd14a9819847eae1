/*
 * Text renderings of the 事前質問・回答一覧: HTML (print-ready, A4
 * landscape), CSV (UTF-8 with BOM, CRLF, for Excel) and JSON. Output is
 * appended to out; the same document always gives the same bytes.
 */
#ifndef CNAP_QA_RENDER_H
#define CNAP_QA_RENDER_H

#include "base/buf.h"
#include "publish/qa_doc.h"

/* date: the cover's (a WG bundle's), "YYYY-MM-DD…", or NULL for none. */
enum cnap_err cnap_qa_render_html(const struct cnap_qa_doc *doc, const char *date, struct cnap_buf *out,
				  struct cnap_error *err);
enum cnap_err cnap_qa_render_csv(const struct cnap_qa_doc *doc, struct cnap_buf *out, struct cnap_error *err);
enum cnap_err cnap_qa_render_json(const struct cnap_qa_doc *doc, struct cnap_buf *out, struct cnap_error *err);

/* Document title: the section's for one association, the WG bundle's otherwise. */
const char *cnap_qa_doc_title(struct cnap_arena *a, const struct cnap_qa_doc *doc);

#endif
