/*
 * The printed 調査票 (issue 12 part 3): one version of an association's
 * survey laid out as the form prints it — A4 portrait, a title block, every
 * outline item in order under its heading in the form's numbering
 * (「Ⅱ．国内の企業活動における削減実績」, 「Ⅱ．（５）　実施した対策…」),
 * the item's text (model/doc.h) and the form's data tables, a page number
 * 「- 12 -」 centered under every page.
 *
 * Layout and drawing are apart: cnap_survey_layout() measures everything
 * and breaks the pages without a PDF surface (what a new version needs to
 * get its page map), and publish/survey_pdf.h draws that same layout, so
 * the pages the map names are the pages of the file.
 *
 * Page breaks: a paragraph or list item breaks between lines, never leaving
 * one line alone at the bottom or the top of a page; a heading (a chapter,
 * an item, a sub-heading, a data table's caption) never stays alone at the
 * bottom of a page; a table breaks between rows and repeats its heading rows
 * on the next page (a row taller than half a page breaks between lines).
 *
 * Fonts: IPAexMincho for the text, IPAexGothic for headings and tables
 * (TrueType, subset by cairo; text stays extractable). Text is set as
 * plain text, never pango markup; links are drawn blue and underlined.
 * Deterministic: the same print struct gives the same layout.
 */
#ifndef CNAP_PUBLISH_SURVEY_LAYOUT_H
#define CNAP_PUBLISH_SURVEY_LAYOUT_H

#include "base/arena.h"
#include "base/err.h"
#include "model/doc.h"

#include <stdbool.h>
#include <stddef.h>

/* A4 portrait in points. */
#define CNAP_SURVEY_PAGE_W 595.28
#define CNAP_SURVEY_PAGE_H 841.89
/* More pages than any survey has: a runaway layout stops here (CNAP_ETOOBIG). */
#define CNAP_SURVEY_MAX_PAGES 2000

/*
 * One of the form's data tables as printed: every cell already as text
 * (numbers grouped and rounded, negatives with ▲, choices by label; see
 * publish/survey_tables.h), the first header_rows rows its heading.
 */
struct cnap_print_table {
	const char *code;      /* the table's code in the form spec ("summary"), what a DATA block names */
	const char *item_key;  /* the outline item it belongs to ("II.1") */
	const char *title;     /* caption: 「実績の総括表」 */
	size_t rows, cols, header_rows;
	const char *const *cells; /* rows × cols, row-major; NULL = empty */
	const bool *right;     /* per cell, right-aligned (numbers); NULL = all left */
	const bool *whole;     /* per column, kept on one line while the table fits (units); NULL = none */
	const char *const *notes; /* ※ lines under the table */
	size_t n_notes;
};

/* One outline item: its heading and its text. */
struct cnap_print_item {
	const char *key;    /* "II.5" */
	const char *number; /* 「Ⅱ．（５）」 (model.h cnap_item_number), "" for none */
	const char *title;  /* {industry} already replaced */
	int depth;          /* 0 a chapter or the front matter, 1 an item, 2… below */
	const struct cnap_doc *doc; /* NULL: no text */
};

struct cnap_survey_print {
	/* The title block on page 1. */
	const char *era_year;         /* 「令和五年度」 */
	const char *association_name; /* 「一般社団法人 日本電機工業会」 */
	const char *wg_name;          /* 「電子・電機・産業機械等WG」 */
	const char *version_label;    /* 「第2版（2023年9月29日提出）」, or NULL */
	const struct cnap_print_item *items; /* in printed order */
	size_t n_items;
	/*
	 * The data tables: each is printed where a CNAP_BLK_DATA block names its
	 * code, else after the text of its item (in this order); one whose item is
	 * not in the outline after the last item.
	 */
	const struct cnap_print_table *tables;
	size_t n_tables;
};

/*
 * Where the pages of an item begin: the facts the reading view needs to put
 * 「P.21」 where a page begins. A position in an item's text is
 *
 *   block   the index in doc->blocks; doc->n_blocks + k is the k-th data
 *           table printed after the text (those no DATA block placed)
 *   part    LIST: the list item, counted in reading order through the
 *           nesting (0 the first item, its children next, …);
 *           TABLE and DATA: the row (counting heading rows); else 0
 *   offset  characters (code points) into that part's text: the span
 *           texts of a paragraph, heading, note (without its mark) or
 *           list item joined as they are ('\n' counts one); 0 for a row
 *
 * A page that begins with the item's heading is the item's page and no
 * break; a page that begins anywhere inside it is one break.
 */
struct cnap_survey_break {
	size_t block, part, offset;
	int page; /* the page that begins there */
};

struct cnap_survey_item_pages {
	const char *key;
	int page;       /* the page of its heading: the page map's entry */
	int last_page;  /* the page its last line is on */
	int *block_page; /* per block (n_blocks + the appended tables), the page it starts on */
	size_t n_blocks;
	struct cnap_survey_break *breaks; /* in order */
	size_t n_breaks;
};

struct cnap_survey_pages {
	int n_pages;
	struct cnap_survey_item_pages *items; /* as print->items */
	size_t n_items;
};

struct cnap_survey_layout;

/*
 * Measure and paginate. print and everything it points to must stay alive
 * and unchanged until cnap_survey_layout_free (the layout borrows its
 * strings). Text must be valid UTF-8 (CNAP_EINVAL naming the item
 * otherwise); a doc is not checked again (cnap_doc_check did). CNAP_ETOOBIG
 * beyond CNAP_SURVEY_MAX_PAGES. On failure *out is NULL.
 */
enum cnap_err cnap_survey_layout(const struct cnap_survey_print *print, struct cnap_survey_layout **out,
				 struct cnap_error *err);
void cnap_survey_layout_free(struct cnap_survey_layout *l);

/* The layout's facts, copied into a (the keys borrowed from print). */
enum cnap_err cnap_survey_layout_pages(const struct cnap_survey_layout *l, struct cnap_arena *a,
				       struct cnap_survey_pages *out, struct cnap_error *err);
int cnap_survey_layout_page_count(const struct cnap_survey_layout *l);

#endif
