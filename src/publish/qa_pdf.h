/*
 * The 事前質問・回答一覧 as a PDF, laid out like the published lists:
 * A4 landscape, one section per association starting on a new page with
 * its title, the WG and association names set vertically in the left
 * margin, a bordered table 調査票 | 頁番号 | 指摘 | 回答 whose header row
 * repeats on every page, and a centered footer 「<association> - n」.
 * A document of several associations (the WG bundle) opens with a cover
 * and a contents page (association → first page, linked) and numbers its
 * pages 1…N through all sections; each association has a bookmark.
 *
 * Page breaks: a cell splits only between lines, keeping two or more on
 * each side (shorter entries move whole); the continuation repeats the
 * 頁番号 with 「（続き）」, and the item label again in grey when it fits
 * whole (never clipped). Web addresses in the text are links.
 *
 * Fonts: IPAexGothic (TrueType, CNAP_PDF_QA_FONT_FAMILY), subset by cairo;
 * text stays extractable (ToUnicode).
 *
 * Text comes from the document as plain text (never pango markup) and is
 * broken with Japanese rules (PANGO_WRAP_WORD_CHAR). Characters missing
 * from IPAexGothic are taken from other fonts by fontconfig; with no
 * font at all they print as a hex box instead of failing.
 *
 * Rendering uses its own PangoFontMap per call, so calls on different
 * threads do not share pango state. The first call in a process pays for
 * loading the fonts (about 0.3 s); fontconfig keeps its caches afterwards
 * (reachable, not leaked). Nothing global is torn down here.
 */
#ifndef CNAP_QA_PDF_H
#define CNAP_QA_PDF_H

#include "base/buf.h"
#include "base/err.h"
#include "publish/qa_doc.h"

/* Page and table geometry in PDF points, for tests that crop columns. */
#define CNAP_QA_PDF_PAGE_W 842.0
#define CNAP_QA_PDF_PAGE_H 595.0
#define CNAP_QA_PDF_TABLE_X 58.0
#define CNAP_QA_PDF_TABLE_W 762.0
/* Table text never goes below this y (top-down); the footer is under it. */
#define CNAP_QA_PDF_BODY_BOTTOM 553.0
/* Body type size and the cells' inner padding. */
#define CNAP_QA_PDF_SIZE_BODY 7.5
#define CNAP_QA_PDF_PAD_X 4.0
/*
 * Column widths in points, as dense as the official lists: 指摘 holds 37
 * full-width characters a line (74 half-width units), 回答 40 (80); 頁番号
 * fits 「（続き）」; 調査票 takes the rest (about 15 characters).
 */
#define CNAP_QA_PDF_COL_PAGE (4 * CNAP_QA_PDF_SIZE_BODY + 2 * CNAP_QA_PDF_PAD_X + 2.0)
#define CNAP_QA_PDF_COL_QUESTION (37 * CNAP_QA_PDF_SIZE_BODY + 2 * CNAP_QA_PDF_PAD_X + 1.0)
#define CNAP_QA_PDF_COL_ANSWER (40 * CNAP_QA_PDF_SIZE_BODY + 2 * CNAP_QA_PDF_PAD_X + 1.0)
#define CNAP_QA_PDF_COL_ITEM                                                                     \
	(CNAP_QA_PDF_TABLE_W - CNAP_QA_PDF_COL_PAGE - CNAP_QA_PDF_COL_QUESTION -                 \
	 CNAP_QA_PDF_COL_ANSWER)

/*
 * Render doc and append the PDF bytes to out.
 *
 * doc is only read; its strings must be valid UTF-8 (NULL counts as "").
 * pinned_date is required: an ISO 8601 time "YYYY-MM-DDThh:mm:ss", with an
 * optional "Z" or "+hh:mm"/"-hh:mm", written as both the creation and the
 * modification date, so the same doc and date always give the same bytes.
 * out is owned by the caller (cnap_buf_init it first); its size limit
 * applies (CNAP_ETOOBIG). On any failure out is restored to its previous
 * length and err says why: CNAP_EINVAL for a NULL doc, a bad date or bad
 * UTF-8 (where names the field), CNAP_ENOMEM, CNAP_EIO for a cairo error.
 *
 * Document title (PDF metadata): the section title for a one-association
 * doc, else 「<era>評価・検証WG 事前質問・回答一覧（<WG name>）」. A doc with
 * no sections is one page with that title and 「事前質問はありません。」.
 */
enum cnap_err cnap_qa_pdf_write(const struct cnap_qa_doc *doc, const char *pinned_date,
				struct cnap_buf *out, struct cnap_error *err);

/*
 * Same, written to the file path (created or truncated; not atomic: write
 * to a temporary name and rename if readers may look at it meanwhile).
 * CNAP_EIO when the file cannot be written; a partial file is removed.
 */
enum cnap_err cnap_qa_pdf_write_file(const struct cnap_qa_doc *doc, const char *pinned_date,
				     const char *path, struct cnap_error *err);

#endif
