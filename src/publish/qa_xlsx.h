/*
 * The 事前質問・回答一覧 as an Excel workbook (libxlsxwriter): one sheet per
 * association, the four columns with wrapped text, an item's cell merged
 * over its questions, the header row repeated on printed pages, A4
 * landscape, footer 「<association> - n」. The workbook's creation date is
 * pinned, so the same data gives the same bytes.
 */
#ifndef CNAP_QA_XLSX_H
#define CNAP_QA_XLSX_H

#include "base/buf.h"
#include "publish/qa_doc.h"

/* pinned_date: "YYYY-MM-DDThh:mm:ss" (UTC). The file goes through a private temp file. */
enum cnap_err cnap_qa_render_xlsx(const struct cnap_qa_doc *doc, const char *pinned_date, struct cnap_buf *out,
				  struct cnap_error *err);

#endif
