#include "base/compat.h"
#include "publish/qa_pdf.h"

#include "publish/pdf_text.h"

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
#define PAD_X 4.0
#define PAD_Y 3.0
#define INDENT_PER_DEPTH 8.0
#define MAX_DEPTH 6
#define MIN_SPLIT 34.0     /* do not start a cell in less than ~3 lines */
#define KEEP_TOGETHER 8    /* entries up to this many lines are not split */

#define SIZE_BODY 8.0
#define SIZE_HEAD 8.5
#define SIZE_TITLE 12.0
#define SIZE_NOTE 10.0
#define SIZE_FOOTER 9.0
#define SIZE_LABEL 10.5

static const char NO_QUESTIONS[] = "事前質問はありません。";
static const char *const HEADERS[4] = {"調査票", "頁番号", "指摘", "回答"};

enum col { COL_ITEM, COL_PAGE, COL_QUESTION, COL_ANSWER, COL_COUNT };

struct qa_render {
	struct cnap_pdf pdf;
	const struct cnap_qa_doc *doc;
	const struct cnap_qa_section *sec; /* NULL for a doc without sections */
	const char *bundle_title;
	PangoFontDescription *f_body, *f_body_bold, *f_head, *f_title, *f_note,
		*f_footer, *f_label;
	double col_x[COL_COUNT + 1]; /* column boundaries */
	double line_h;               /* height of one body line */
	double y;                    /* drawing cursor */
	double body_top;             /* first y under the header row of this page */
	int sec_page;                /* page number inside the section */
	bool table;                  /* this section draws a table */
	struct cnap_buf tmp;
	struct cnap_error *err;
};

static const char *str(const char *s)
{
	return s ? s : "";
}

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

static PangoFontDescription *font(double size, bool bold)
{
	PangoFontDescription *f = pango_font_description_new();
	pango_font_description_set_family(f, CNAP_PDF_FONT_FAMILY);
	pango_font_description_set_size(f, (int)(size * PANGO_SCALE));
	pango_font_description_set_weight(f, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	return f;
}

static void fonts_free(struct qa_render *r)
{
	PangoFontDescription **all[] = {&r->f_body, &r->f_body_bold, &r->f_head,
					&r->f_title, &r->f_note, &r->f_footer, &r->f_label};
	for (size_t i = 0; i < CNAP_ARRAY_LEN(all); i++) {
		if (*all[i])
			pango_font_description_free(*all[i]);
		*all[i] = NULL;
	}
}

static enum cnap_err fonts_init(struct qa_render *r)
{
	r->f_body = font(SIZE_BODY, false);
	r->f_body_bold = font(SIZE_BODY, true);
	r->f_head = font(SIZE_HEAD, true);
	r->f_title = font(SIZE_TITLE, true);
	r->f_note = font(SIZE_NOTE, false);
	r->f_footer = font(SIZE_FOOTER, false);
	r->f_label = font(SIZE_LABEL, false);
	if (!r->f_body || !r->f_body_bold || !r->f_head || !r->f_title || !r->f_note ||
	    !r->f_footer || !r->f_label)
		return cnap_fail(r->err, CNAP_ENOMEM, "pdf", "out of memory");
	/* One body line, measured on the real font. */
	PangoLayout *l = cnap_pdf_layout(&r->pdf, "調", r->f_body, 0, PANGO_ALIGN_LEFT);
	if (!l)
		return cnap_fail(r->err, CNAP_ENOMEM, "pdf", "out of memory");
	cnap_pdf_layout_size(l, NULL, &r->line_h);
	g_object_unref(l);
	return CNAP_OK;
}

/* ---- page furniture ------------------------------------------------------ */

static double col_w(const struct qa_render *r, enum col c)
{
	return r->col_x[c + 1] - r->col_x[c];
}

/* Draw a layout made on the fly; false when out of memory. */
static bool text_at(struct qa_render *r, const char *s, const PangoFontDescription *f,
		    double x, double y, double width, PangoAlignment align, double *h)
{
	PangoLayout *l = cnap_pdf_layout(&r->pdf, s, f, width, align);
	if (!l)
		return false;
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

static enum cnap_err draw_header_row(struct qa_render *r)
{
	cairo_t *cr = r->pdf.cr;
	double h = r->line_h + 2 * PAD_Y + 2;
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
			return cnap_fail(r->err, CNAP_ENOMEM, "pdf", "out of memory");
		cnap_pdf_layout_size(l, NULL, &th);
		cnap_pdf_draw_layout(&r->pdf, l, r->col_x[c] + PAD_X, r->y + (h - th) / 2);
		g_object_unref(l);
	}
	cnap_pdf_hline(&r->pdf, TABLE_X, TABLE_R, r->y);
	cnap_pdf_hline(&r->pdf, TABLE_X, TABLE_R, r->y + h);
	for (int c = 0; c <= COL_COUNT; c++)
		cnap_pdf_vline(&r->pdf, r->col_x[c], r->y, r->y + h);
	r->y += h;
	r->body_top = r->y;
	return CNAP_OK;
}

/* Labels, footer, and (first page of a section) title; then the header row. */
static enum cnap_err begin_page(struct qa_render *r, bool first)
{
	enum cnap_err rc;
	double label_len = BODY_BOTTOM - MARGIN_TOP;
	if ((rc = cnap_pdf_draw_vertical(&r->pdf, str(r->doc->wg_name), r->f_label,
					 LABEL_WG_X, MARGIN_TOP, label_len)))
		return cnap_fail(r->err, rc, "pdf", "out of memory");
	if (r->sec && (rc = cnap_pdf_draw_vertical(&r->pdf, str(r->sec->association_name),
						   r->f_label, LABEL_ASSOC_X, MARGIN_TOP,
						   label_len)))
		return cnap_fail(r->err, rc, "pdf", "out of memory");

	cnap_buf_reset(&r->tmp);
	cnap_buf_addf(&r->tmp, "%s - %d", section_name(r), r->sec_page);
	if (r->tmp.status)
		return cnap_buf_error(&r->tmp, r->err, "the footer");
	if (!text_at(r, r->tmp.data, r->f_footer, TABLE_X, FOOTER_Y, TABLE_W,
		     PANGO_ALIGN_CENTER, NULL))
		return cnap_fail(r->err, CNAP_ENOMEM, "pdf", "out of memory");

	r->y = MARGIN_TOP;
	if (first) {
		const char *title = r->sec ? str(r->sec->title) : r->bundle_title;
		double h = 0;
		cnap_pdf_add_outline(&r->pdf, *title ? title : section_name(r));
		if (!text_at(r, title, r->f_title, TABLE_X, r->y, TABLE_W, PANGO_ALIGN_CENTER, &h))
			return cnap_fail(r->err, CNAP_ENOMEM, "pdf", "out of memory");
		r->y += h + 8;
		if (!r->sec || section_entries(r->sec) == 0) {
			if (!text_at(r, NO_QUESTIONS, r->f_note, TABLE_X, r->y, TABLE_W,
				     PANGO_ALIGN_LEFT, &h))
				return cnap_fail(r->err, CNAP_ENOMEM, "pdf", "out of memory");
			r->y += h + 8;
		}
	}
	r->body_top = r->y;
	if (r->table)
		return draw_header_row(r);
	return CNAP_OK;
}

static enum cnap_err new_page(struct qa_render *r)
{
	cnap_pdf_next_page(&r->pdf);
	r->sec_page++;
	return begin_page(r, false);
}

/* ---- table rows ---------------------------------------------------------- */

struct row_state {
	struct cnap_pdf_block item;
	double item_x;
	double frag_top;   /* top of the row's part on this page */
	bool continued;    /* the row started on an earlier page */
};

static bool fresh_page(const struct qa_render *r)
{
	return r->y <= r->body_top + 0.01;
}

/*
 * Close the row's part [frag_top, r->y] on this page: draw the item lines
 * that fit (on a continuation page, the item again in grey when all of it
 * was printed already) and the borders.
 */
static void close_fragment(struct qa_render *r, struct row_state *rs)
{
	double top = rs->frag_top, bottom = r->y;
	if (bottom - top < 0.5)
		return;
	double inner = bottom - top - 2 * PAD_Y;
	struct cnap_pdf_block *b = &rs->item;
	if (!cnap_pdf_block_done(b)) {
		size_t k = cnap_pdf_block_fit(b, inner);
		if (k == 0 && top <= r->body_top + 0.01)
			k = 1; /* a line taller than a page: print it anyway */
		cnap_pdf_block_draw(&r->pdf, b, b->next, k, rs->item_x, top + PAD_Y);
		b->next += k;
	} else if (rs->continued && b->n_lines) {
		size_t save = b->next, k;
		b->next = 0;
		k = cnap_pdf_block_fit(b, inner);
		b->next = save;
		cairo_save(r->pdf.cr);
		cairo_set_source_rgb(r->pdf.cr, 0.5, 0.5, 0.5);
		cnap_pdf_block_draw(&r->pdf, b, 0, k, rs->item_x, top + PAD_Y);
		cairo_restore(r->pdf.cr);
	}
	cnap_pdf_hline(&r->pdf, TABLE_X, TABLE_R, top);
	cnap_pdf_hline(&r->pdf, TABLE_X, TABLE_R, bottom);
	for (int c = 0; c <= COL_COUNT; c++)
		cnap_pdf_vline(&r->pdf, r->col_x[c], top, bottom);
}

static enum cnap_err break_row(struct qa_render *r, struct row_state *rs)
{
	close_fragment(r, rs);
	enum cnap_err rc = new_page(r);
	rs->frag_top = r->y;
	rs->continued = true;
	return rc;
}

static enum cnap_err draw_entry(struct qa_render *r, struct row_state *rs,
				const struct cnap_qa_entry *en)
{
	struct cnap_pdf_block cell[3];
	const char *text[3] = {en->page_label, en->question, en->answer};
	const enum col cols[3] = {COL_PAGE, COL_QUESTION, COL_ANSWER};
	enum cnap_err rc = CNAP_OK;
	memset(cell, 0, sizeof(cell));
	for (int i = 0; i < 3; i++) {
		rc = cnap_pdf_block_init(&cell[i], &r->pdf, text[i], r->f_body,
					 col_w(r, cols[i]) - 2 * PAD_X,
					 i == 0 ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT, r->err);
		if (rc)
			goto out;
	}
	for (;;) {
		double inner = BODY_BOTTOM - r->y - 2 * PAD_Y;
		double need = r->line_h;
		for (int i = 0; i < 3; i++) {
			double h = cnap_pdf_block_rest_height(&cell[i]);
			if (h > need)
				need = h;
		}
		bool fits = need <= inner + 0.01;
		/* Move a short entry whole to the next page rather than split
		 * it; split long ones, but never start in a sliver of space. */
		bool short_entry = need <= KEEP_TOGETHER * r->line_h;
		if (!fits && !fresh_page(r) && (inner < MIN_SPLIT || short_entry)) {
			if ((rc = break_row(r, rs)))
				goto out;
			continue;
		}
		/* A line between this entry and the one above it in the row. */
		if (r->y > rs->frag_top + 0.01)
			cnap_pdf_hline(&r->pdf, r->col_x[COL_PAGE], TABLE_R, r->y);
		for (int i = 0; i < 3; i++) {
			struct cnap_pdf_block *b = &cell[i];
			size_t k = fits ? b->n_lines - b->next : cnap_pdf_block_fit(b, inner);
			if (k == 0 && !cnap_pdf_block_done(b) && fresh_page(r))
				k = 1; /* a line taller than a page: print it anyway */
			cnap_pdf_block_draw(&r->pdf, b, b->next, k, r->col_x[cols[i]] + PAD_X,
					    r->y + PAD_Y);
			b->next += k;
		}
		if (fits) {
			r->y += need + 2 * PAD_Y;
			break;
		}
		r->y = BODY_BOTTOM;
		if ((rc = break_row(r, rs)))
			goto out;
	}
out:
	for (int i = 0; i < 3; i++)
		cnap_pdf_block_release(&cell[i]);
	return rc;
}

static enum cnap_err draw_row(struct qa_render *r, const struct cnap_qa_row *row)
{
	struct row_state rs;
	enum cnap_err rc;
	int depth = row->depth < 0 ? 0 : row->depth > MAX_DEPTH ? MAX_DEPTH : row->depth;
	double indent = depth * INDENT_PER_DEPTH;
	const char *code = str(row->item_code);
	size_t clen = strlen(code);

	/* "（４）計画参加企業" but "VI. 2050年…": a space only after ASCII. */
	cnap_buf_reset(&r->tmp);
	cnap_buf_adds(&r->tmp, code);
	if (clen && (unsigned char)code[clen - 1] < 0x80 && code[clen - 1] != ' ' &&
	    row->item_title && *row->item_title)
		cnap_buf_addc(&r->tmp, ' ');
	cnap_buf_adds(&r->tmp, str(row->item_title));
	if (r->tmp.status)
		return cnap_buf_error(&r->tmp, r->err, "an item title");

	memset(&rs, 0, sizeof(rs));
	rs.item_x = r->col_x[COL_ITEM] + PAD_X + indent;
	rc = cnap_pdf_block_init(&rs.item, &r->pdf, r->tmp.data ? r->tmp.data : "",
				 depth == 0 ? r->f_body_bold : r->f_body,
				 col_w(r, COL_ITEM) - 2 * PAD_X - indent, PANGO_ALIGN_LEFT, r->err);
	if (rc)
		return rc;
	rs.frag_top = r->y;

	for (size_t e = 0; e < row->n_entries; e++)
		if ((rc = draw_entry(r, &rs, &row->entries[e])))
			goto out;

	/* Make the row tall enough for the rest of the item cell. */
	for (;;) {
		double have = r->y - rs.frag_top - 2 * PAD_Y;
		double need = cnap_pdf_block_rest_height(&rs.item);
		if (need < r->line_h && row->n_entries == 0 && !rs.continued)
			need = r->line_h;
		if (need <= have + 0.01)
			break;
		double room = BODY_BOTTOM - rs.frag_top - 2 * PAD_Y;
		if (need <= room + 0.01) {
			r->y = rs.frag_top + need + 2 * PAD_Y;
			break;
		}
		/* Part of the row is here already, or the item is taller than a
		 * page: fill this page and continue below. Else start afresh. */
		if (fresh_page(r) || r->y > rs.frag_top + 0.01)
			r->y = BODY_BOTTOM;
		if ((rc = break_row(r, &rs)))
			goto out;
	}
	close_fragment(r, &rs);
out:
	cnap_pdf_block_release(&rs.item);
	return rc;
}

/* ---- sections ------------------------------------------------------------ */

static void set_columns(struct qa_render *r)
{
	static const double frac[COL_COUNT] = {CNAP_QA_PDF_COL_ITEM, CNAP_QA_PDF_COL_PAGE,
					       CNAP_QA_PDF_COL_QUESTION,
					       CNAP_QA_PDF_COL_ANSWER};
	double x = TABLE_X;
	for (int c = 0; c < COL_COUNT; c++) {
		r->col_x[c] = x;
		x += TABLE_W * frac[c];
	}
	r->col_x[COL_COUNT] = TABLE_R;
}

static enum cnap_err draw_section(struct qa_render *r, const struct cnap_qa_section *sec,
				  bool first_in_doc)
{
	enum cnap_err rc;
	if (!first_in_doc)
		cnap_pdf_next_page(&r->pdf);
	r->sec = sec;
	r->sec_page = 1;
	r->table = sec && sec->n_rows > 0;
	if ((rc = begin_page(r, true)))
		return rc;
	for (size_t i = 0; sec && i < sec->n_rows; i++)
		if ((rc = draw_row(r, &sec->rows[i])))
			return rc;
	return CNAP_OK;
}

static enum cnap_err render(struct qa_render *r, const char *date)
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
	cnap_pdf_set_metadata(&r->pdf, title, r->tmp.data, date);

	if ((rc = fonts_init(r)))
		return rc;
	set_columns(r);
	if (doc->n_sections == 0)
		return draw_section(r, NULL, true);
	for (size_t s = 0; s < doc->n_sections; s++)
		if ((rc = draw_section(r, &doc->sections[s], s == 0)))
			return rc;
	return CNAP_OK;
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
	cnap_buf_init(&r.tmp, 64 * 1024);

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
	rc = render(&r, pinned_date);
	if (rc)
		cnap_pdf_abort(&r.pdf);
	else
		rc = cnap_pdf_close(&r.pdf, err);
done:
	fonts_free(&r);
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
