/*
 * The printed 調査票 as a PDF: the pages of a layout (publish/survey_layout.h)
 * drawn with their page number 「- 12 -」 centered in the footer, a bookmark
 * for every chapter with its items under it, the title and the pinned date
 * in the metadata. The same layout and date give the same bytes.
 *
 * The file has no link annotations: cairo 1.16 writes them with a broken
 * cross-reference table; links print as blue underlined text with their
 * address beside them.
 */
#ifndef CNAP_PUBLISH_SURVEY_PDF_H
#define CNAP_PUBLISH_SURVEY_PDF_H

#include "base/buf.h"
#include "publish/survey_layout.h"

/*
 * Append the PDF of layout to out. pinned_date as cnap_qa_pdf_write's
 * ("2023-11-01T00:00:00"): the creation and modification date. On failure
 * out is restored to its previous length (CNAP_ETOOBIG past its limit).
 */
enum cnap_err cnap_survey_pdf_write(const struct cnap_survey_layout *layout, const char *pinned_date,
				    struct cnap_buf *out, struct cnap_error *err);

/* The document's title: 「令和五年度 カーボンニュートラル行動計画 フォローアップ調査票（<association>）」, in a. */
const char *cnap_survey_pdf_title(struct cnap_arena *a, const struct cnap_survey_print *print);

#endif
