/*
 * Building blocks for laying out Japanese text in PDFs with pango + cairo.
 *
 * struct cnap_pdf owns one cairo PDF surface that writes into a cnap_buf,
 * its cairo_t, and a private PangoFontMap with two contexts (horizontal and
 * vertical text). Nothing global is created or torn down: every render has
 * its own font map, so renders on different threads do not share pango
 * state (fontconfig's own config and caches stay process-wide).
 *
 * struct cnap_pdf_block is one wrapped paragraph measured line by line, so
 * a table cell can be drawn a few lines at a time across page breaks.
 *
 * Text is always set with pango_layout_set_text (never markup), so user
 * text such as "<b>" is printed as typed.
 */
#ifndef CNAP_PDF_TEXT_H
#define CNAP_PDF_TEXT_H

#include "base/buf.h"
#include "base/err.h"

#include <cairo.h>
#include <pango/pangocairo.h>

/* The family every cnap PDF uses; fontconfig falls back per character. */
#define CNAP_PDF_FONT_FAMILY "Noto Sans CJK JP"
/*
 * The family of the 事前質問・回答一覧 PDF (fonts-ipaexfont-gothic), named
 * explicitly so fontconfig's defaults elsewhere stay as they are: a TrueType
 * face that cairo subsets to a few hundred KB where the Noto CFF collection
 * costs over a megabyte. It has one weight; the list uses no bold.
 */
#define CNAP_PDF_QA_FONT_FAMILY "IPAexGothic"

struct cnap_pdf {
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoFontMap *fontmap;
	PangoContext *ctx;      /* horizontal text */
	PangoContext *vctx;     /* vertical text (gravity EAST, upright glyphs) */
	struct cnap_buf *out;   /* borrowed; the PDF bytes are appended here */
	size_t out_start;       /* out->len when opened, to undo on failure */
	int page_no;            /* 1-based number of the page being drawn */
	double line_spacing;    /* pango line spacing factor of new layouts; 0: the font's */
};

/*
 * Start a PDF of w x h points appending to out (borrowed, must outlive p;
 * its status must be CNAP_OK). On failure everything is released and out
 * is left as it was.
 */
enum cnap_err cnap_pdf_open(struct cnap_pdf *p, double w, double h,
			    struct cnap_buf *out, struct cnap_error *err);

/*
 * Only the font map and the horizontal context, no surface: for laying out
 * text that is measured now and drawn later (or never) on another
 * cnap_pdf's cr; the layouts keep their glyph positions. Release with
 * cnap_pdf_abort.
 */
enum cnap_err cnap_pdf_open_measure(struct cnap_pdf *p, struct cnap_error *err);

/*
 * Set document metadata. date is ISO 8601 ("2023-11-01T00:00:00") and is
 * used for both the creation and the modification date, which makes the
 * output byte-for-byte reproducible. Strings are copied by cairo.
 */
void cnap_pdf_set_metadata(struct cnap_pdf *p, const char *title,
			   const char *subject, const char *date);

/* A top-level bookmark to the page being drawn (UTF-8 name, copied). */
void cnap_pdf_add_outline(struct cnap_pdf *p, const char *name);

/*
 * A named destination at (x, y) of this page (name: letters, digits, '-'),
 * and a link over the rectangle (x, y, w, h) of this page to it. Links
 * name their rectangle rather than wrap drawing: cairo 1.16 writes a
 * wrapped link twice (analysis and output) and points the page at the
 * wrong objects; a page-number link to a later page gets no destination.
 */
void cnap_pdf_dest(struct cnap_pdf *p, const char *name, double x, double y);
void cnap_pdf_link_dest(struct cnap_pdf *p, const char *name, double x, double y, double w,
			double h);

/* End the current page and start the next one (page_no + 1). */
void cnap_pdf_next_page(struct cnap_pdf *p);

/*
 * Finish the document: flush everything into out and release p. Returns
 * CNAP_ETOOBIG when out hit its limit, CNAP_EIO/CNAP_ENOMEM on a cairo
 * failure; then out is restored to its length before cnap_pdf_open.
 */
enum cnap_err cnap_pdf_close(struct cnap_pdf *p, struct cnap_error *err);

/* Release without finishing (after an error); out is restored. */
void cnap_pdf_abort(struct cnap_pdf *p);

/* True when s is NULL or valid UTF-8 (what pango_layout_set_text needs). */
bool cnap_pdf_text_ok(const char *s);

/*
 * True when s is an ISO 8601 time cairo accepts as a PDF date:
 * "YYYY-MM-DDThh:mm:ss" with an optional "Z", "+hh:mm" or "-hh:mm".
 */
bool cnap_pdf_date_ok(const char *s);

/*
 * A new layout (caller unrefs with g_object_unref) of plain text s (NULL
 * is ""), wrapped at width points with PANGO_WRAP_WORD_CHAR (width <= 0:
 * no wrapping). s must be valid UTF-8 (check with cnap_pdf_text_ok).
 * Returns NULL on allocation failure.
 */
PangoLayout *cnap_pdf_layout(struct cnap_pdf *p, const char *s,
			     const PangoFontDescription *font, double width,
			     PangoAlignment align);

/* Size of a layout in points. */
void cnap_pdf_layout_size(PangoLayout *l, double *w, double *h);

/* Draw a whole layout with its top-left corner at (x, y). */
void cnap_pdf_draw_layout(struct cnap_pdf *p, PangoLayout *l, double x, double y);

/*
 * Draw s as one vertical line reading top to bottom with upright glyphs
 * (also Latin letters), starting at (x_center, y_top) and at most length
 * points long (ellipsized with … beyond that).
 */
enum cnap_err cnap_pdf_draw_vertical(struct cnap_pdf *p, const char *s,
				     const PangoFontDescription *font,
				     double x_center, double y_top, double length);

/* Stroke a line / rectangle outline with the current source and width. */
void cnap_pdf_hline(struct cnap_pdf *p, double x0, double x1, double y);
void cnap_pdf_vline(struct cnap_pdf *p, double x, double y0, double y1);

struct cnap_pdf_block {
	PangoLayout *layout;     /* owned; NULL for empty text (no lines) */
	size_t n_lines;
	PangoLayoutLine **lines; /* owned by layout */
	double *top;             /* per line, points from the layout top */
	double *bottom;
	double *baseline;
	double *x;               /* line origin x (alignment offset) */
	size_t next;             /* first line not drawn yet */
};

/*
 * Lay out s (NULL or "" gives a block with no lines) for a cell of the
 * given text width. Takes no reference on p beyond the call.
 */
enum cnap_err cnap_pdf_block_init(struct cnap_pdf_block *b, struct cnap_pdf *p,
				  const char *s, const PangoFontDescription *font,
				  double width, PangoAlignment align,
				  struct cnap_error *err);
/*
 * The same for a layout the caller made (one with attributes, say): b owns
 * layout from then on, also when this fails.
 */
enum cnap_err cnap_pdf_block_adopt(struct cnap_pdf_block *b, PangoLayout *layout, struct cnap_error *err);
void cnap_pdf_block_release(struct cnap_pdf_block *b);

static inline bool cnap_pdf_block_done(const struct cnap_pdf_block *b)
{
	return b->next >= b->n_lines;
}

/* Height of the lines not drawn yet, in points (0 when done). */
double cnap_pdf_block_rest_height(const struct cnap_pdf_block *b);

/* Height of lines [from, from + count). */
double cnap_pdf_block_span(const struct cnap_pdf_block *b, size_t from, size_t count);

/* How many of the lines not drawn yet fit in height points. */
size_t cnap_pdf_block_fit(const struct cnap_pdf_block *b, double height);

/* Characters (not bytes) on the block's last line; 0 for an empty block. */
size_t cnap_pdf_block_last_line_chars(const struct cnap_pdf_block *b);

/*
 * Draw count lines starting at line from, the first line's top at (x, y).
 * Does not move next. A web address in the text (http:// or https:// up to
 * a space, a quote or a non-ASCII character) becomes a link on every line
 * it is drawn on.
 */
void cnap_pdf_block_draw(struct cnap_pdf *p, const struct cnap_pdf_block *b,
			 size_t from, size_t count, double x, double y);

#endif
