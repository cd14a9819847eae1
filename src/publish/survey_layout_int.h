/*
 * Inside the printed 調査票: what survey_blocks.c measures, survey_layout.c
 * places on pages and survey_pdf.c draws. Not for other files.
 *
 * Everything printed is a run of units, each one placed whole: a line of
 * text (with the marker of a list item or note beside its first line), or
 * a table row (a tall row cut into chunks between lines). A unit knows
 * where it is in the survey (item, block, part, offset: see
 * survey_layout.h) and whether it keeps with the next one.
 */
#ifndef CNAP_PUBLISH_SURVEY_LAYOUT_INT_H
#define CNAP_PUBLISH_SURVEY_LAYOUT_INT_H

#include "base/buf.h"
#include "publish/pdf_text.h"
#include "publish/survey_layout.h"

/* Page geometry (points from the top left). */
#define SV_MARGIN_X 62.0
#define SV_MARGIN_TOP 62.0
#define SV_BODY_BOTTOM (CNAP_SURVEY_PAGE_H - 68.0)
#define SV_BODY_W (CNAP_SURVEY_PAGE_W - 2 * SV_MARGIN_X)
#define SV_FOOTER_Y (CNAP_SURVEY_PAGE_H - 46.0)
#define SV_BODY_H (SV_BODY_BOTTOM - SV_MARGIN_TOP)

/* A table cell's inner padding. */
#define SV_PAD_X 4.0
#define SV_PAD_Y 2.5

#define SV_NO_ITEM ((size_t)-1)

enum sv_font {
	SV_F_BODY,    /* IPAexMincho 10.5 */
	SV_F_NOTE,    /* IPAexMincho 9: ※ notes */
	SV_F_TABLE,   /* IPAexGothic 9 */
	SV_F_SUBHEAD, /* IPAexGothic 10.5: ① 生産活動量 */
	SV_F_ITEM,    /* IPAexGothic 11: Ⅱ．（５） … */
	SV_F_CHAPTER, /* IPAexGothic 13: Ⅱ．国内の… */
	SV_F_TITLE,   /* IPAexGothic 17 */
	SV_F_TITLE2,  /* IPAexGothic 12 */
	SV_F_FOOTER,  /* IPAexMincho 9 */
	SV_F_COUNT
};

enum sv_unit_kind { SV_LINE, SV_ROW };

/* One cell of a row unit: lines [from, from + count) of its text. */
struct sv_cell {
	const struct cnap_pdf_block *text; /* NULL: an empty cell */
	double x, w;                       /* the cell's box; the text is inset by the padding */
	size_t from, count;
};

struct sv_table_ref;

struct sv_unit {
	enum sv_unit_kind kind;
	double h;            /* height (a line's, or a row's with its padding) */
	double space_before; /* gap above it, dropped at the top of a page */
	bool keep_with_next;
	/* SV_LINE */
	const struct cnap_pdf_block *text;
	size_t line;
	double x;                            /* the layout's left edge */
	const struct cnap_pdf_block *marker; /* ・, 1., ※1 beside the first line, or NULL */
	double marker_x;
	bool rule_below;                     /* a chapter heading's line under it */
	/* SV_ROW */
	struct sv_cell *cells;
	size_t n_cells;
	bool header;          /* a heading row: shaded, repeated on every page of the table */
	bool row_first, row_last; /* the first / last chunk of its row */
	const struct sv_table_ref *table;
	/* where it is */
	size_t item;     /* index in print->items, SV_NO_ITEM for the title block */
	size_t block, part, offset;
	bool item_start; /* the item's heading */
	bool block_start;
};

/* A table's heading rows, repeated at the top of a page the table continues on. */
struct sv_table_ref {
	size_t first_header, n_header; /* units */
};

/* A unit on its page. */
struct sv_place {
	size_t unit;
	int page;
	double y;        /* the unit's top */
	bool repeated;   /* a heading row repeated at the top of a page */
};

struct cnap_survey_layout {
	const struct cnap_survey_print *print;
	struct cnap_pdf pdf; /* measuring only: font map and context */
	struct cnap_arena arena;
	PangoFontDescription *font[SV_F_COUNT];
	double line_h[SV_F_COUNT]; /* one line */
	double pitch[SV_F_COUNT];  /* from one line's top to the next one's, with the font's spacing */
	struct cnap_pdf_block **blocks; /* every layout made, released at the end */
	size_t n_blocks, cap_blocks;
	struct sv_unit *units;
	size_t n_units, cap_units;
	struct sv_place *places;
	size_t n_places, cap_places;
	int n_pages;
	struct cnap_buf tmp;
	struct cnap_error *err;
	/* Set while measuring: where new units are. */
	size_t cur_item, cur_block, cur_part;
	bool *table_placed; /* per print->tables */
};

/* ---- survey_blocks.c: measuring ---------------------------------------- */

/* A new unit at the end (zeroed but for the current position), or NULL (out of memory, reported). */
struct sv_unit *sv_unit_new(struct cnap_survey_layout *l, enum sv_unit_kind kind);
/*
 * s laid out in font f wrapped at width (<= 0: one line), with links (blue,
 * underlined) over the spans that have one when in is given (then s must be
 * its spans joined). Owned by l. NULL on failure (reported).
 */
const struct cnap_pdf_block *sv_text(struct cnap_survey_layout *l, const char *s, const struct cnap_inline *in,
				     enum sv_font f, double width, PangoAlignment align);
/* Where a printed text holds what the item's text does not (a link's address): byte ranges at[2k]..at[2k+1]. */
struct sv_inserts {
	size_t *at;
	size_t n;
};

/*
 * One unit per line of t (set in font f) at x, each as tall as the line's
 * pitch, so lines stacked as units keep the spacing the layout gave them;
 * the first with marker and space_before; kept together against widows
 * and orphans (keep_all: all of them with what follows).
 */
enum cnap_err sv_lines(struct cnap_survey_layout *l, const struct cnap_pdf_block *t, const struct sv_inserts *ins,
		       double x, const struct cnap_pdf_block *marker, double marker_x, double space_before, bool keep_all,
		       enum sv_font f);
/* The units of one block of an item's text, at x, width wide. */
enum cnap_err sv_block(struct cnap_survey_layout *l, const struct cnap_block *b, double x, double width);
/* A data table: caption, rows, notes. */
enum cnap_err sv_data_table(struct cnap_survey_layout *l, const struct cnap_print_table *t, double x, double width);

/* ---- survey_layout.c ---------------------------------------------------- */

enum cnap_err sv_nomem(struct cnap_survey_layout *l);

#endif
