/*
 * Where each outline item begins in an association's own PDF (its document
 * of record): every item's heading looked up in the text of the pages
 * (io/pdf_read.h), folded so that the file's way of writing it does not
 * matter — NFKC (full- and half-width, Ⅱ and II, （５） and (5)), case, and
 * without spaces, line breaks or punctuation.
 *
 * Headings are found in the outline's order, each after the one before:
 * first by the item's own number and title (「（５）実施した対策…」, which the
 * full 「Ⅱ．（５）…」 contains too), or by a long title alone for items
 * without a number; then the rest by title alone, between the items found
 * around them. A page that holds many headings is a table of contents and
 * is not taken while another page has the heading.
 *
 * Pages are counted as printed when the file numbers its pages (a number
 * alone, 「- 12 -」 or 「P.12」, on the first or last line of most pages, at a
 * steady distance from the page's place in the file); else from the file's
 * first page.
 */
#ifndef CNAP_IO_PAGE_FIND_H
#define CNAP_IO_PAGE_FIND_H

#include "io/pdf_read.h"

struct cnap_page_find_item {
	const char *code;  /* the item's own number as printed: 「（５）」, 「Ⅱ．」, "" for none */
	const char *title; /* {industry} replaced */
};

struct cnap_page_find {
	int *page;       /* per item: the page its heading is on, 0 when not found */
	int offset;      /* the file's page index minus the printed number (0: the file's numbering) */
	bool printed;    /* pages are counted as the file prints them */
	size_t n_found;
};

/* out->page has n entries, in a. */
enum cnap_err cnap_page_find(const struct cnap_pdf_text *t, const struct cnap_page_find_item *items, size_t n,
			     struct cnap_arena *a, struct cnap_page_find *out, struct cnap_error *err);

/* s folded for matching (see above), in a; NULL when out of memory or not UTF-8. */
const char *cnap_page_find_fold(struct cnap_arena *a, const char *s);

#endif
