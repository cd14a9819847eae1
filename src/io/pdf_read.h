/*
 * The text of an association's own PDF (its 調査票 as the document of
 * record, issue 12 part 3), page by page, read with poppler. Hostile input:
 * the bytes must begin like a PDF and stay under CNAP_PDF_MAX_BYTES, the
 * pages under CNAP_PDF_MAX_PAGES; a file poppler cannot open, one with a
 * password, or text that is not UTF-8 is refused with a message in
 * Japanese. Nothing is written anywhere.
 */
#ifndef CNAP_IO_PDF_READ_H
#define CNAP_IO_PDF_READ_H

#include "base/arena.h"
#include "base/err.h"

/* As much as the web takes in one upload (web/req.h WEB_MAX_UPLOAD). */
#define CNAP_PDF_MAX_BYTES ((size_t)20 * 1024 * 1024)
#define CNAP_PDF_MAX_PAGES 2000
/* Text kept of one page (bytes); a page with more is cut at a character boundary. */
#define CNAP_PDF_MAX_PAGE_TEXT ((size_t)256 * 1024)

struct cnap_pdf_text {
	size_t n_pages;
	const char **pages; /* UTF-8, one string per page (in a), "" for a page without text */
};

/* Whether the bytes start like a PDF ("%PDF-" within the first 1024 bytes, as readers allow). */
bool cnap_pdf_looks_like_pdf(const void *data, size_t len);

/* data is only read; the texts live in a. */
enum cnap_err cnap_pdf_text_read(const void *data, size_t len, struct cnap_arena *a, struct cnap_pdf_text *out,
				 struct cnap_error *err);

#endif
