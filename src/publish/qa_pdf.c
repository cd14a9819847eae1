#include "base/compat.h"
#include "publish/qa_pdf.h"

#include "base/jpfmt.h"
#include "base/testhook.h"
#include "publish/pdf_text.h"

#include <stdarg.h>
#include <stdlib.h>

#include <errno.h>
#include <unistd.h>

/*
 * Page geometry (points). The left margin holds the vertical labels; the
 * table runs from TABLE_X to TABLE_R and from the top margin (or below the
 * title) down to BODY_BOTTOM; the footer sits under it.
 */
#define PAGE_W CNAP_QA_PDF_PAGE_W
#define PAGE_H CNAP_QA_PDF_PAGE_H
#define MARGIN_TOP 26.0
#define TABLE_X CNAP_QA_PDF_TABLE_X
#define TABLE_W CNAP_QA_PDF_TABLE_W
#define TABLE_R (TABLE_X + TABLE_W)
#define BODY_BOTTOM CNAP_QA_PDF_BODY_BOTTOM
#define FOOTER_Y (PAGE_H - 32.0)
#define LABEL_WG_X 44.0    /* center of the right label column (read first) */
#define LABEL_ASSOC_X 27.0 /* center of the left label column */
#define PAD_X CNAP_QA_PDF_PAD_X
#define PAD_Y 2.5
#define INDENT_PER_DEPTH 7.5
#define MAX_DEPTH 6
#define MIN_SPLIT_LINES 2  /* a split cell keeps at least this many lines on each side */
#define SHORT_LAST_LINE 2  /* an item title's last line holds more characters than this */
#define EPS 0.01

#define SIZE_BODY CNAP_QA_PDF_SIZE_BODY
#define LINE_SPACING 1.2   /* of IPAexGothic's 1.0 em line: 9 pt lines at 7.5 pt */
#define SIZE_HEAD 8.0
#define SIZE_TITLE 11.0
#define SIZE_NOTE 9.0
#define SIZE_FOOTER 9.0
#define SIZE_LABEL 10.5
#define SIZE_COVER_BIG 20.0
#define SIZE_COVER 14.0
#define SIZE_CONTENTS 11.0

static const char NO_QUESTIONS[] = "事前質問はありません。";
static const char CONTINUED[] = "（続き）";
static const char CONTENTS[] = "目次";
static const char *const HEADERS[4] = {"調査票", "頁番号", "指摘", "回答"};

enum col { COL_ITEM, COL_PAGE, COL_QUESTION, COL_ANSWER, COL_COUNT };
enum { CELL_PAGE, CELL_QUESTION, CELL_ANSWER, N_CELLS };

/* An entry (one question) measured: its three cells laid out once. */
struct ent_m {
	struct cnap_pdf_block c[N_CELLS];
	size_t n_lines; /* of its tallest cell, at least 1 */
};

/* An outline row measured: its item label and its entries. */
struct row_m {
	struct cnap_pdf_block item;
	double item_x, item_h; /* the label's x, and its height with padding */
	struct ent_m *e;
	size_t n_e;
	bool heading;          /* depth 0: shaded */
};

struct sec_m {
	struct row_m *rows;
	size_t n_rows;
	int first_page; /* running page number of its first page (the footer's) */
};

struct qa_render {
	struct cnap_pdf pdf;
	const struct cnap_qa_doc *doc;
	const struct cnap_qa_section *sec; /* NULL for a doc without sections */
	size_t sec_index;
	const char *bundle_title;
	const char *date;                  /* the pinned date, "YYYY-MM-DD..." */
	PangoFontDescription *f_body, *f_head, *f_title, *f_note, *f_footer, *f_label,
		*f_cover_big, *f_cover, *f_contents;
	double col_x[COL_COUNT + 1]; /* column boundaries */
	double line_h;               /* height of one body line */
	struct cnap_pdf_block cont;  /* 「（続き）」 in the 頁番号 cell */
	struct sec_m *secs;
	size_t n_secs;
	bool bundle;                 /* cover and contents before the sections */
	int front_pages;             /* cover + contents pages */
	bool dry;                    /* paginate only: draw nothing */
	double y;                    /* drawing cursor */
	double body_top;             /* first y under the header row of this page */
	int page;                    /* running page number (the footer's) */
	bool table;                  /* this section draws a table */
	struct cnap_buf tmp;
	struct cnap_buf *report;     /* test builds: the layout report, else NULL */
	struct cnap_error *err;
};

static const char *str(const char *s)
{
	return s ? s : "";
}

#define NOMEM(r) cnap_fail((r)->err, CNAP_ENOMEM, "pdf", "out of memory")

/* ---- checks -------------------------------------------------------------- */

static enum cnap_err check_text(const char *s, const char *where, struct cnap_error *err)
{
	if (cnap_pdf_text_ok(s))
		return CNAP_OK;
	return cnap_fail(err, CNAP_EINVAL, where, "text is not valid UTF-8");
}

static enum cnap_err check_doc(const struct cnap_qa_doc *doc, struct cnap_error *err)
{
	char where[160];
	enum cnap_err rc;
	if ((rc = check_text(doc->wg_name, "wg_name", err)) ||
	    (rc = check_text(doc->era_year, "era_year", err)))
		return rc;
	if (doc->n_sections && !doc->sections)
		return cnap_fail(err, CNAP_EINVAL, "sections", "sections missing");
	for (size_t s = 0; s < doc->n_sections; s++) {
		const struct cnap_qa_section *sec = &doc->sections[s];
		snprintf(where, sizeof(where), "sections[%zu].association_name", s);
		if ((rc = check_text(sec->association_name, where, err)))
			return rc;
		snprintf(where, sizeof(where), "sections[%zu].title", s);
		if ((rc = check_text(sec->title, where, err)))
			return rc;
		if (sec->n_rows && !sec->rows)
			return cnap_fail(err, CNAP_EINVAL, where, "rows missing");
		for (size_t r = 0; r < sec->n_rows; r++) {
			const struct cnap_qa_row *row = &sec->rows[r];
			snprintf(where, sizeof(where), "sections[%zu].rows[%zu].item_code", s, r);
			if ((rc = check_text(row->item_code, where, err)))
				return rc;
			snprintf(where, sizeof(where), "sections[%zu].rows[%zu].item_title", s, r);
			if ((rc = check_text(row->item_title, where, err)))
				return rc;
			if (row->n_entries && !row->entries)
				return cnap_fail(err, CNAP_EINVAL, where, "entries missing");
			for (size_t e = 0; e < row->n_entries; e++) {
				const struct cnap_qa_entry *en = &row->entries[e];
				snprintf(where, sizeof(where),
					 "sections[%zu].rows[%zu].entries[%zu].page_label", s, r, e);
				if ((rc = check_text(en->page_label, where, err)))
					return rc;
				snprintf(where, sizeof(where),
					 "sections[%zu].rows[%zu].entries[%zu].question", s, r, e);
				if ((rc = check_text(en->question, where, err)))
					return rc;
				snprintf(where, sizeof(where),
					 "sections[%zu].rows[%zu].entries[%zu].answer", s, r, e);
				if ((rc = check_text(en->answer, where, err)))
					return rc;
			}
		}
	}
	return CNAP_OK;
}

static size_t section_entries(const struct cnap_qa_section *sec)
{
	size_t n = 0;
	for (size_t r = 0; r < sec->n_rows; r++)
		n += sec->rows[r].n_entries;
	return n;
}

/* ---- fonts --------------------------------------------------------------- */

static PangoFontDescription *font(double size)
{
	PangoFontDescription *f = pango_font_description_new();
	pango_font_description_set_family(f, CNAP_PDF_QA_FONT_FAMILY);
	pango_font_description_set_size(f, (int)(size * PANGO_SCALE));
	pango_font_description_set_weight(f, PANGO_WEIGHT_NORMAL);
	return f;
}

static void fonts_free(struct qa_render *r)
{
	PangoFontDescription **all[] = {&r->f_body,   &r->f_head,      &r->f_title,
					&r->f_note,   &r->f_footer,    &r->f_label,
					&r->f_cover_big, &r->f_cover, &r->f_contents};
	for (size_t i = 0; i < CNAP_ARRAY_LEN(all); i++) {
		if (*all[i])
			pango_font_description_free(*all[i]);
		*all[i] = NULL;
	}
}

static enum cnap_err fonts_init(struct qa_render *r)
{
	r->f_body = font(SIZE_BODY);
	r->f_head = font(SIZE_HEAD);
	r->f_title = font(SIZE_TITLE);
	r->f_note = font(SIZE_NOTE);
	r->f_footer = font(SIZE_FOOTER);
	r->f_label = font(SIZE_LABEL);
	r->f_cover_big = font(SIZE_COVER_BIG);
	r->f_cover = font(SIZE_COVER);
	r->f_contents = font(SIZE_CONTENTS);
	if (!r->f_body || !r->f_head || !r->f_title || !r->f_note || !r->f_footer ||
	    !r->f_label || !r->f_cover_big || !r->f_cover || !r->f_contents)
		return NOMEM(r);
	/* One body line, measured on the real font. */
	r->pdf.line_spacing = LINE_SPACING;
	PangoLayout *l = cnap_pdf_layout(&r->pdf, "調", r->f_body, 0, PANGO_ALIGN_LEFT);
	if (!l)
		return NOMEM(r);
	cnap_pdf_layout_size(l, NULL, &r->line_h);
	g_object_unref(l);
	return CNAP_OK;
}

/* ---- the layout report (test builds) ------------------------------------- */

static void report(struct qa_render *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void report(struct qa_render *r, const char *fmt, ...)
{
	if (!r->report || r->dry)
		return;
	va_list ap;
	va_start(ap, fmt);
	char line[256];
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	cnap_buf_adds(r->report, line);
	cnap_buf_addc(r->report, '\n');
}

/* ---- page furniture ------------------------------------------------------ */

static double col_w(const struct qa_render *r, enum col c)
{
	return r->col_x[c + 1] - r->col_x[c];
}

/* Lay out s and (unless dry) draw it; its height in *h. False when out of memory. */
static bool text_at(struct qa_render *r, const char *s, const PangoFontDescription *f,
		    double x, double y, double width, PangoAlignment align, double *h)
{
	PangoLayout *l = cnap_pdf_layout(&r->pdf, s, f, width, align);
	if (!l)
		return false;
	if (!r->dry)
		cnap_pdf_draw_layout(&r->pdf, l, x, y);
	if (h)
		cnap_pdf_layout_size(l, NULL, h);
	g_object_unref(l);
	return true;
}

static const char *section_name(const struct qa_render *r)
{
	return r->sec ? str(r->sec->association_name) : str(r->doc->wg_name);
}

static void hline(struct qa_render *r, double x0, double x1, double y)
{
	if (!r->dry)
		cnap_pdf_hline(&r->pdf, x0, x1, y);
}

static void vline(struct qa_render *r, double x, double y0, double y1)
{
	if (!r->dry)
		cnap_pdf_vline(&r->pdf, x, y0, y1);
}

static void fill(struct qa_render *r, double x, double y, double w, double h, double grey)
{
	if (r->dry)
		return;
	cairo_t *cr = r->pdf.cr;
	cairo_save(cr);
	cairo_set_source_rgb(cr, grey, grey, grey);
	cairo_rectangle(cr, x, y, w, h);
	cairo_fill(cr);
	cairo_restore(cr);
}

static enum cnap_err draw_header_row(struct qa_render *r)
{
	double h = r->line_h + 2 * PAD_Y + 2;
	if (!r->dry) {
		cairo_t *cr = r->pdf.cr;
		cairo_save(cr);
		cairo_set_source_rgb(cr, 0.86, 0.89, 0.94);
		cairo_rectangle(cr, TABLE_X, r->y, TABLE_W, h);
		cairo_fill(cr);
		cairo_restore(cr);
		for (int c = 0; c < COL_COUNT; c++) {
			double th = 0;
			PangoLayout *l = cnap_pdf_layout(&r->pdf, HEADERS[c], r->f_head,
							 col_w(r, (enum col)c) - 2 * PAD_X,
							 PANGO_ALIGN_CENTER);
			if (!l)
				return NOMEM(r);
			cnap_pdf_layout_size(l, NULL, &th);
			cnap_pdf_draw_layout(&r->pdf, l, r->col_x[c] + PAD_X, r->y + (h - th) / 2);
			g_object_unref(l);
		}
	}
	hline(r, TABLE_X, TABLE_R, r->y);
	hline(r, TABLE_X, TABLE_R, r->y + h);
	for (int c = 0; c <= COL_COUNT; c++)
		vline(r, r->col_x[c], r->y, r->y + h);
	r->y += h;
	r->body_top = r->y;
	return CNAP_OK;
}

/* Labels, footer, and (first page of a section) title; then the header row. */
static enum cnap_err begin_page(struct qa_render *r, bool first)
{
	enum cnap_err rc;
	double label_len = BODY_BOTTOM - MARGIN_TOP;
	report(r, "page\t%d\t%d\tbody\t%zu", r->pdf.page_no, r->page, r->sec_index + 1);
	if (!r->dry) {
		if ((rc = cnap_pdf_draw_vertical(&r->pdf, str(r->doc->wg_name), r->f_label,
						 LABEL_WG_X, MARGIN_TOP, label_len)))
			return cnap_fail(r->err, rc, "pdf", "out of memory");
		if (r->sec && (rc = cnap_pdf_draw_vertical(&r->pdf, str(r->sec->association_name),
							   r->f_label, LABEL_ASSOC_X, MARGIN_TOP,
							   label_len)))
			return cnap_fail(r->err, rc, "pdf", "out of memory");
		/* The official footer: 「日本建設機械工業会 - 10」, numbered through the bundle. */
		cnap_buf_reset(&r->tmp);
		cnap_buf_addf(&r->tmp, "%s - %d", section_name(r), r->page);
		if (r->tmp.status)
			return cnap_buf_error(&r->tmp, r->err, "the footer");
		if (!text_at(r, r->tmp.data, r->f_footer, TABLE_X, FOOTER_Y, TABLE_W,
			     PANGO_ALIGN_CENTER, NULL))
			return NOMEM(r);
	}

	r->y = MARGIN_TOP;
	if (first) {
		const char *title = r->sec ? str(r->sec->title) : r->bundle_title;
		double h = 0;
		if (!r->dry) {
			char dest[32];
			snprintf(dest, sizeof(dest), "sec-%zu", r->sec_index + 1);
			cnap_pdf_add_outline(&r->pdf, r->sec ? section_name(r)
							      : *title ? title : section_name(r));
			cnap_pdf_dest(&r->pdf, dest, TABLE_X, r->y);
		}
		if (!text_at(r, title, r->f_title, TABLE_X, r->y, TABLE_W, PANGO_ALIGN_CENTER, &h))
			return NOMEM(r);
		r->y += h + 6;
		if (!r->sec || section_entries(r->sec) == 0) {
			if (!text_at(r, NO_QUESTIONS, r->f_note, TABLE_X, r->y, TABLE_W,
				     PANGO_ALIGN_LEFT, &h))
				return NOMEM(r);
			r->y += h + 6;
		}
	}
	r->body_top = r->y;
	if (r->table)
		return draw_header_row(r);
	return CNAP_OK;
}

static void next_page(struct qa_render *r)
{
	if (!r->dry)
		cnap_pdf_next_page(&r->pdf);
	r->page++;
}

static enum cnap_err new_page(struct qa_render *r)
{
	next_page(r);
	return begin_page(r, false);
}

/* ---- measuring ----------------------------------------------------------- */

/*
 * The item label: 「（４）計画参加企業」 but 「VI. 2050年…」 (a space only
 * after ASCII), wrapped so that its last line never holds only one or two
 * characters (「フェーズ」 / 「Ⅱ」): the width is narrowed a character at a
 * time while that keeps the number of lines. Nothing is ever cut.
 */
static enum cnap_err measure_item(struct qa_render *r, const struct cnap_qa_row *row,
				  struct row_m *m)
{
	int depth = row->depth < 0 ? 0 : row->depth > MAX_DEPTH ? MAX_DEPTH : row->depth;
	double indent = depth * INDENT_PER_DEPTH;
	const char *code = str(row->item_code);
	size_t clen = strlen(code);
	enum cnap_err rc;

	cnap_buf_reset(&r->tmp);
	cnap_buf_adds(&r->tmp, code);
	if (clen && (unsigned char)code[clen - 1] < 0x80 && code[clen - 1] != ' ' &&
	    row->item_title && *row->item_title)
		cnap_buf_addc(&r->tmp, ' ');
	cnap_buf_adds(&r->tmp, str(row->item_title));
	if (r->tmp.status)
		return cnap_buf_error(&r->tmp, r->err, "an item title");
	const char *label = r->tmp.data ? r->tmp.data : "";

	double width = col_w(r, COL_ITEM) - 2 * PAD_X - indent;
	m->item_x = r->col_x[COL_ITEM] + PAD_X + indent;
	m->heading = depth == 0;
	if ((rc = cnap_pdf_block_init(&m->item, &r->pdf, label, r->f_body, width,
				      PANGO_ALIGN_LEFT, r->err)))
		return rc;
	size_t lines = m->item.n_lines;
	for (double w = width - SIZE_BODY;
	     lines >= 2 && cnap_pdf_block_last_line_chars(&m->item) <= SHORT_LAST_LINE &&
	     w > width / 2;
	     w -= SIZE_BODY) {
		struct cnap_pdf_block b;
		if ((rc = cnap_pdf_block_init(&b, &r->pdf, label, r->f_body, w, PANGO_ALIGN_LEFT,
					      r->err)))
			return rc;
		if (b.n_lines != lines) {
			cnap_pdf_block_release(&b);
			break;
		}
		cnap_pdf_block_release(&m->item);
		m->item = b;
	}
	m->item_h = cnap_pdf_block_span(&m->item, 0, m->item.n_lines);
	if (m->item_h < r->line_h)
		m->item_h = r->line_h;
	m->item_h += 2 * PAD_Y;
	return CNAP_OK;
}

static enum cnap_err measure_entry(struct qa_render *r, const struct cnap_qa_entry *en,
				   struct ent_m *m)
{
	const char *text[N_CELLS] = {en->page_label, en->question, en->answer};
	const enum col cols[N_CELLS] = {COL_PAGE, COL_QUESTION, COL_ANSWER};
	enum cnap_err rc;
	m->n_lines = 1;
	for (int i = 0; i < N_CELLS; i++) {
		rc = cnap_pdf_block_init(&m->c[i], &r->pdf, text[i], r->f_body,
					 col_w(r, cols[i]) - 2 * PAD_X,
					 i == CELL_PAGE ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT, r->err);
		if (rc)
			return rc;
		if (i != CELL_PAGE && m->c[i].n_lines > m->n_lines)
			m->n_lines = m->c[i].n_lines;
	}
	return CNAP_OK;
}

static void measured_free(struct qa_render *r)
{
	for (size_t s = 0; r->secs && s < r->n_secs; s++) {
		struct sec_m *sm = &r->secs[s];
		for (size_t i = 0; sm->rows && i < sm->n_rows; i++) {
			struct row_m *m = &sm->rows[i];
			cnap_pdf_block_release(&m->item);
			for (size_t e = 0; m->e && e < m->n_e; e++)
				for (int c = 0; c < N_CELLS; c++)
					cnap_pdf_block_release(&m->e[e].c[c]);
			free(m->e);
		}
		free(sm->rows);
	}
	free(r->secs);
	r->secs = NULL;
	cnap_pdf_block_release(&r->cont);
}

/* Every cell of the document laid out once, for both passes. */
static enum cnap_err measure(struct qa_render *r)
{
	enum cnap_err rc;
	if ((rc = cnap_pdf_block_init(&r->cont, &r->pdf, CONTINUED, r->f_body,
				      col_w(r, COL_PAGE) - 2 * PAD_X, PANGO_ALIGN_CENTER, r->err)))
		return rc;
	r->n_secs = r->doc->n_sections;
	r->secs = cnap_calloc(r->n_secs + 1, sizeof(*r->secs));
	if (!r->secs)
		return NOMEM(r);
	for (size_t s = 0; s < r->n_secs; s++) {
		const struct cnap_qa_section *sec = &r->doc->sections[s];
		struct sec_m *sm = &r->secs[s];
		sm->rows = cnap_calloc(sec->n_rows + 1, sizeof(*sm->rows));
		if (!sm->rows)
			return NOMEM(r);
		sm->n_rows = sec->n_rows;
		for (size_t i = 0; i < sec->n_rows; i++) {
			const struct cnap_qa_row *row = &sec->rows[i];
			struct row_m *m = &sm->rows[i];
			if ((rc = measure_item(r, row, m)))
				return rc;
			m->e = cnap_calloc(row->n_entries + 1, sizeof(*m->e));
			if (!m->e)
				return NOMEM(r);
			m->n_e = row->n_entries;
			for (size_t e = 0; e < row->n_entries; e++)
				if ((rc = measure_entry(r, &row->entries[e], &m->e[e])))
					return rc;
		}
	}
	return CNAP_OK;
}

/* ---- table rows ---------------------------------------------------------- */

struct row_state {
	const struct row_m *m;
	size_t row_index;
	double frag_top; /* top of the row's part on this page */
	bool continued;  /* the row started on an earlier page */
};

static bool fresh_page(const struct qa_render *r)
{
	return r->y <= r->body_top + EPS;
}

/* Height of lines [from, from + k) of an entry, with its padding. */
static double entry_height(const struct qa_render *r, const struct ent_m *e, size_t from,
			   size_t k, bool cont)
{
	double h = cnap_pdf_block_span(&e->c[CELL_PAGE], 0, e->c[CELL_PAGE].n_lines);
	if (cont)
		h += r->cont.n_lines ? cnap_pdf_block_span(&r->cont, 0, r->cont.n_lines) : 0;
	if (h < r->line_h)
		h = r->line_h;
	for (int c = CELL_QUESTION; c < N_CELLS; c++) {
		const struct cnap_pdf_block *b = &e->c[c];
		if (from >= b->n_lines)
			continue;
		size_t n = b->n_lines - from < k ? b->n_lines - from : k;
		double s = cnap_pdf_block_span(b, from, n);
		if (s > h)
			h = s;
	}
	return h + 2 * PAD_Y;
}

/* A break after line from + k: every cell it cuts keeps two lines on each side. */
static bool split_ok(const struct ent_m *e, size_t from, size_t k)
{
	for (int c = CELL_QUESTION; c < N_CELLS; c++) {
		size_t n = e->c[c].n_lines;
		if (n > from + k && (k < MIN_SPLIT_LINES || n - (from + k) < MIN_SPLIT_LINES))
			return false;
	}
	return true;
}

/*
 * How many lines of the entry from line from go on this page when not all
 * of it fits: the most that fit and obey the rule, 0 for none (the entry
 * moves to the next page). On a page with nothing else, as many as fit.
 */
static size_t split_lines(const struct qa_render *r, const struct ent_m *e, size_t from,
			  bool cont, double avail)
{
	size_t rest = e->n_lines - from, fit = 0;
	while (fit + 1 < rest && entry_height(r, e, from, fit + 1, cont) <= avail + EPS)
		fit++;
	for (size_t k = fit; k >= MIN_SPLIT_LINES; k--)
		if (split_ok(e, from, k))
			return k;
	if (fresh_page(r))
		return fit ? fit : 1; /* a cell taller than a page cannot keep the rule */
	return 0;
}

/* Draw lines [from, from + k) of an entry at r->y in a part h high. */
static void draw_entry_part(struct qa_render *r, const struct row_state *rs,
			    const struct ent_m *e, size_t e_index, size_t from, size_t k, bool cont,
			    double h)
{
	static const enum col cols[N_CELLS] = {COL_PAGE, COL_QUESTION, COL_ANSWER};
	/* A line between this entry and the one above it in the row. */
	if (r->y > rs->frag_top + EPS)
		hline(r, r->col_x[COL_PAGE], TABLE_R, r->y);
	if (r->dry)
		return;
	const struct cnap_pdf_block *pb = &e->c[CELL_PAGE];
	double py = r->y + PAD_Y;
	cnap_pdf_block_draw(&r->pdf, pb, 0, pb->n_lines, r->col_x[COL_PAGE] + PAD_X, py);
	if (cont) {
		py += cnap_pdf_block_span(pb, 0, pb->n_lines);
		cnap_pdf_block_draw(&r->pdf, &r->cont, 0, r->cont.n_lines,
				    r->col_x[COL_PAGE] + PAD_X, py);
	}
	for (int c = CELL_QUESTION; c < N_CELLS; c++) {
		const struct cnap_pdf_block *b = &e->c[c];
		if (from >= b->n_lines)
			continue;
		size_t n = b->n_lines - from < k ? b->n_lines - from : k;
		cnap_pdf_block_draw(&r->pdf, b, from, n, r->col_x[cols[c]] + PAD_X, r->y + PAD_Y);
		report(r, "cell\t%d\t%zu\t%zu\t%zu\t%s\t%zu\t%zu\t%zu\t%s", r->page,
		       r->sec_index + 1, rs->row_index + 1, e_index + 1,
		       c == CELL_QUESTION ? "q" : "a", from, n, b->n_lines,
		       cont ? "cont" : "first");
	}
	(void)h;
}

/*
 * Close the row's part [frag_top, r->y] on this page: the item label (whole
 * on its first part; on a continuation again in grey when it fits whole,
 * else not at all) and the borders.
 */
static void close_fragment(struct qa_render *r, struct row_state *rs)
{
	double top = rs->frag_top, bottom = r->y;
	if (bottom - top < 0.5)
		return;
	const struct row_m *m = rs->m;
	const char *shown = "none";
	if (!r->dry && m->heading && !m->n_e)
		fill(r, TABLE_X, top, TABLE_W, bottom - top, 0.94);
	if (!rs->continued || m->item_h <= bottom - top + EPS) {
		shown = rs->continued ? "again" : "whole";
		if (!r->dry) {
			cairo_save(r->pdf.cr);
			if (rs->continued)
				cairo_set_source_rgb(r->pdf.cr, 0.5, 0.5, 0.5);
			cnap_pdf_block_draw(&r->pdf, &m->item, 0, m->item.n_lines, m->item_x,
					    top + PAD_Y);
			cairo_restore(r->pdf.cr);
		}
	}
	report(r, "item\t%d\t%zu\t%zu\t%s", r->page, r->sec_index + 1, rs->row_index + 1, shown);
	hline(r, TABLE_X, TABLE_R, top);
	hline(r, TABLE_X, TABLE_R, bottom);
	for (int c = 0; c <= COL_COUNT; c++)
		vline(r, r->col_x[c], top, bottom);
}

static enum cnap_err break_row(struct qa_render *r, struct row_state *rs)
{
	close_fragment(r, rs);
	enum cnap_err rc = new_page(r);
	rs->frag_top = r->y;
	rs->continued = true;
	return rc;
}

static enum cnap_err place_entry(struct qa_render *r, struct row_state *rs, size_t e_index)
{
	const struct ent_m *e = &rs->m->e[e_index];
	size_t from = 0;
	bool cont = false;
	for (;;) {
		double avail = BODY_BOTTOM - r->y;
		double whole = entry_height(r, e, from, e->n_lines - from, cont);
		if (whole <= avail + EPS) {
			draw_entry_part(r, rs, e, e_index, from, e->n_lines - from, cont, whole);
			r->y += whole;
			return CNAP_OK;
		}
		size_t k = split_lines(r, e, from, cont, avail);
		if (k) {
			draw_entry_part(r, rs, e, e_index, from, k, cont, avail);
			from += k;
			cont = true;
			r->y = BODY_BOTTOM;
		}
		enum cnap_err rc = break_row(r, rs);
		if (rc)
			return rc;
	}
}

/* Whether a row can start at r->y: its label whole and its first entry whole or split by the rule. */
static bool row_starts_here(const struct qa_render *r, const struct row_m *m)
{
	double avail = BODY_BOTTOM - r->y;
	if (fresh_page(r))
		return true;
	if (m->item_h > avail + EPS)
		return false;
	if (!m->n_e)
		return true;
	const struct ent_m *e = &m->e[0];
	if (entry_height(r, e, 0, e->n_lines, false) <= avail + EPS)
		return true;
	return split_lines(r, e, 0, false, avail) > 0;
}

static enum cnap_err draw_row(struct qa_render *r, size_t row_index)
{
	struct row_state rs;
	enum cnap_err rc;
	memset(&rs, 0, sizeof(rs));
	rs.m = &r->secs[r->sec_index].rows[row_index];
	rs.row_index = row_index;
	if (!row_starts_here(r, rs.m) && (rc = new_page(r)))
		return rc;
	rs.frag_top = r->y;
	for (size_t e = 0; e < rs.m->n_e; e++)
		if ((rc = place_entry(r, &rs, e)))
			return rc;
	/* The first part of a row is as tall as its label (it fits: see row_starts_here). */
	if (!rs.continued && r->y < rs.frag_top + rs.m->item_h)
		r->y = rs.frag_top + rs.m->item_h;
	close_fragment(r, &rs);
	return CNAP_OK;
}

/* ---- sections ------------------------------------------------------------ */

static void set_columns(struct qa_render *r)
{
	static const double width[COL_COUNT] = {0, CNAP_QA_PDF_COL_PAGE, CNAP_QA_PDF_COL_QUESTION,
						CNAP_QA_PDF_COL_ANSWER};
	double x = TABLE_R;
	r->col_x[COL_COUNT] = TABLE_R;
	for (int c = COL_COUNT - 1; c > COL_ITEM; c--) {
		x -= width[c];
		r->col_x[c] = x;
	}
	r->col_x[COL_ITEM] = TABLE_X; /* the item column takes the rest */
}

static enum cnap_err draw_section(struct qa_render *r, size_t index)
{
	enum cnap_err rc;
	const struct cnap_qa_section *sec = r->doc->n_sections ? &r->doc->sections[index] : NULL;
	r->sec = sec;
	r->sec_index = index;
	r->table = sec && sec->n_rows > 0;
	if (sec)
		r->secs[index].first_page = r->page;
	if ((rc = begin_page(r, true)))
		return rc;
	for (size_t i = 0; sec && i < sec->n_rows; i++)
		if ((rc = draw_row(r, i)))
			return rc;
	return CNAP_OK;
}

static enum cnap_err draw_sections(struct qa_render *r)
{
	enum cnap_err rc;
	r->page = 1;
	if (r->doc->n_sections == 0)
		return draw_section(r, 0);
	for (size_t s = 0; s < r->doc->n_sections; s++) {
		if (s > 0)
			next_page(r);
		if ((rc = draw_section(r, s)))
			return rc;
	}
	return CNAP_OK;
}

/* ---- cover and contents (a WG bundle) ------------------------------------ */

#define CONTENTS_TOP 90.0
#define CONTENTS_LINE 22.0
#define CONTENTS_PER_PAGE 19
#define CONTENTS_X (TABLE_X + 120.0)
#define CONTENTS_R (TABLE_R - 120.0)

static int contents_pages(size_t n_secs)
{
	return (int)((n_secs + CONTENTS_PER_PAGE - 1) / CONTENTS_PER_PAGE);
}

static enum cnap_err draw_cover(struct qa_render *r)
{
	const struct cnap_qa_doc *doc = r->doc;
	char date[96];
	double h, y = 170;
	report(r, "page\t%d\t0\tcover\t0", r->pdf.page_no);
	cnap_pdf_add_outline(&r->pdf, "表紙");
	const struct {
		const char *text;
		const PangoFontDescription *f;
		double gap;
	} lines[] = {
		{"カーボンニュートラル行動計画", r->f_cover, 14},
		{NULL, r->f_cover_big, 16}, /* 令和五年度評価・検証WG */
		{str(doc->wg_name), r->f_cover_big, 40},
		{"事前質問・回答一覧", r->f_cover_big, 70},
		{date, r->f_cover, 0},
	};
	cnap_buf_reset(&r->tmp);
	cnap_buf_addf(&r->tmp, "%s評価・検証WG", str(doc->era_year));
	if (r->tmp.status)
		return cnap_buf_error(&r->tmp, r->err, "the cover");
	if (!cnap_jp_era_date(r->date, date, sizeof(date)))
		date[0] = '\0';
	for (size_t i = 0; i < CNAP_ARRAY_LEN(lines); i++) {
		const char *t = lines[i].text ? lines[i].text : r->tmp.data;
		if (!text_at(r, t, lines[i].f, TABLE_X, y, TABLE_W, PANGO_ALIGN_CENTER, &h))
			return NOMEM(r);
		y += h + lines[i].gap;
	}
	return CNAP_OK;
}

/* 「日本ベアリング工業会 ・・・・ 5」, each line a link to the section's first page. */
static enum cnap_err draw_contents(struct qa_render *r)
{
	double h, y = 0;
	char num[16];
	for (size_t s = 0; s < r->n_secs; s++) {
		if (s % CONTENTS_PER_PAGE == 0) {
			cnap_pdf_next_page(&r->pdf);
			report(r, "page\t%d\t0\tcontents\t0", r->pdf.page_no);
			if (s == 0)
				cnap_pdf_add_outline(&r->pdf, CONTENTS);
			if (!text_at(r, r->bundle_title, r->f_title, TABLE_X, 40, TABLE_W,
				     PANGO_ALIGN_CENTER, &h) ||
			    !text_at(r, CONTENTS, r->f_cover, TABLE_X, 60, TABLE_W,
				     PANGO_ALIGN_CENTER, &h))
				return NOMEM(r);
			y = CONTENTS_TOP;
		}
		const char *name = str(r->doc->sections[s].association_name);
		snprintf(num, sizeof(num), "%d", r->secs[s].first_page);
		report(r, "contents\t%zu\t%s\t%d", s + 1, name, r->secs[s].first_page);
		double nw = 0;
		PangoLayout *l = cnap_pdf_layout(&r->pdf, name, r->f_contents, 0, PANGO_ALIGN_LEFT);
		PangoLayout *p = cnap_pdf_layout(&r->pdf, num, r->f_contents, 0, PANGO_ALIGN_LEFT);
		if (!l || !p) {
			if (l)
				g_object_unref(l);
			if (p)
				g_object_unref(p);
			return NOMEM(r);
		}
		double pw;
		cnap_pdf_layout_size(l, &nw, &h);
		cnap_pdf_layout_size(p, &pw, NULL);
		cnap_pdf_draw_layout(&r->pdf, l, CONTENTS_X, y);
		cnap_pdf_draw_layout(&r->pdf, p, CONTENTS_R - pw, y);
		g_object_unref(l);
		g_object_unref(p);
		/* dotted leader between the name and the page number */
		cairo_t *cr = r->pdf.cr;
		cairo_save(cr);
		static const double dots[] = {0.8, 3.2};
		cairo_set_dash(cr, dots, 2, 0);
		cairo_set_line_width(cr, 0.8);
		cnap_pdf_hline(&r->pdf, CONTENTS_X + nw + 6, CONTENTS_R - pw - 6, y + h * 0.7);
		cairo_restore(cr);
		snprintf(num, sizeof(num), "sec-%zu", s + 1);
		cnap_pdf_link_dest(&r->pdf, num, CONTENTS_X, y, CONTENTS_R - CONTENTS_X, h);
		y += CONTENTS_LINE;
	}
	return CNAP_OK;
}

static enum cnap_err render(struct qa_render *r)
{
	enum cnap_err rc;
	const struct cnap_qa_doc *doc = r->doc;
	const char *title = r->bundle_title;
	if (doc->n_sections == 1 && doc->sections[0].title && *doc->sections[0].title)
		title = doc->sections[0].title;

	cnap_buf_reset(&r->tmp);
	cnap_buf_addf(&r->tmp, "カーボンニュートラル行動計画 評価・検証 事前質問・回答一覧 %s",
		      str(doc->wg_name));
	if (r->tmp.status)
		return cnap_buf_error(&r->tmp, r->err, "the subject");
	cnap_pdf_set_metadata(&r->pdf, title, r->tmp.data, r->date);

	if ((rc = fonts_init(r)))
		return rc;
	set_columns(r);
	report(r, "columns\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f", r->col_x[0], r->col_x[1], r->col_x[2],
	       r->col_x[3], r->col_x[4], BODY_BOTTOM);
	if ((rc = measure(r)))
		return rc;
	/* A bundle of several associations opens with a cover and a contents page. */
	r->bundle = doc->n_sections > 1;
	if (r->bundle) {
		/* first pass: where each section starts */
		r->dry = true;
		if ((rc = draw_sections(r)))
			return rc;
		r->dry = false;
		r->front_pages = 1 + contents_pages(r->n_secs);
		if ((rc = draw_cover(r)) || (rc = draw_contents(r)))
			return rc;
		cnap_pdf_next_page(&r->pdf);
	}
	return draw_sections(r);
}

enum cnap_err cnap_qa_pdf_write(const struct cnap_qa_doc *doc, const char *pinned_date,
				struct cnap_buf *out, struct cnap_error *err)
{
	enum cnap_err rc;
	if (!doc || !out)
		return cnap_fail(err, CNAP_EINVAL, "doc", "no document to render");
	if (!cnap_pdf_date_ok(pinned_date))
		return cnap_fail(err, CNAP_EINVAL, "pinned_date",
				 "date must look like 2023-11-01T00:00:00");
	if ((rc = check_doc(doc, err)))
		return rc;

	struct qa_render r;
	memset(&r, 0, sizeof(r));
	r.doc = doc;
	r.err = err;
	r.date = pinned_date;
	cnap_buf_init(&r.tmp, 64 * 1024);
	struct cnap_buf rep;
	cnap_buf_init(&rep, 16 * 1024 * 1024);
	const char *rep_path = cnap_testhook_pdf_layout();
	if (rep_path)
		r.report = &rep;

	struct cnap_buf bt;
	cnap_buf_init(&bt, 64 * 1024);
	cnap_buf_addf(&bt, "%s評価・検証WG 事前質問・回答一覧（%s）", str(doc->era_year),
		      str(doc->wg_name));
	if (bt.status) {
		rc = cnap_buf_error(&bt, err, "the WG name");
		goto done;
	}
	r.bundle_title = bt.data;

	if ((rc = cnap_pdf_open(&r.pdf, PAGE_W, PAGE_H, out, err)))
		goto done;
	rc = render(&r);
	measured_free(&r);
	if (rc)
		cnap_pdf_abort(&r.pdf);
	else
		rc = cnap_pdf_close(&r.pdf, err);
	if (!rc && rep_path && rep.len) {
		FILE *f = fopen(rep_path, "ab");
		if (f) {
			fwrite(rep.data, 1, rep.len, f);
			fclose(f);
		}
	}
done:
	measured_free(&r);
	fonts_free(&r);
	cnap_buf_release(&rep);
	cnap_buf_release(&r.tmp);
	cnap_buf_release(&bt);
	return rc;
}

enum cnap_err cnap_qa_pdf_write_file(const struct cnap_qa_doc *doc, const char *pinned_date,
				     const char *path, struct cnap_error *err)
{
	struct cnap_buf b;
	enum cnap_err rc;
	if (!path || !*path)
		return cnap_fail(err, CNAP_EINVAL, "path", "no output file given");
	cnap_buf_init(&b, 0);
	if ((rc = cnap_qa_pdf_write(doc, pinned_date, &b, err))) {
		cnap_buf_release(&b);
		return rc;
	}
	FILE *f = fopen(path, "wb");
	if (!f) {
		int e = errno;
		cnap_buf_release(&b);
		return cnap_fail(err, CNAP_EIO, path, "cannot create the file: %s", strerror(e));
	}
	size_t n = b.len ? fwrite(b.data, 1, b.len, f) : 0;
	int bad = n != b.len || ferror(f);
	int e = errno;
	if (fclose(f) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	cnap_buf_release(&b);
	if (bad) {
		unlink(path);
		return cnap_fail(err, CNAP_EIO, path, "cannot write the file: %s", strerror(e));
	}
	return CNAP_OK;
}
