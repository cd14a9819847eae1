/*
 * Measuring the printed 調査票: every block of an item's text and every
 * data table becomes units (survey_layout_int.h) that the page breaker
 * places. Nothing is drawn here.
 */
#include "base/compat.h"
#include "publish/survey_layout_int.h"

#include "base/utf8.h"

#define PAD_X SV_PAD_X
#define PAD_Y SV_PAD_Y
#define GAP_PARAGRAPH 4.0
#define GAP_SUBHEAD 9.0
#define GAP_TABLE 6.0
#define GAP_NOTE 3.0
#define LIST_INDENT 10.5  /* a bullet's column: one character of the body */
#define MARKER_GAP 2.0
#define MIN_COL_CHARS 2.0 /* a column holds at least this many characters */
#define HEAD_MIN_CHARS 4.0 /* a heading cell's line holds at least this many characters */
#define HEAD_MAX_CHARS 7.0 /* and widens its column to at most this many */
#define FONT_TABLE_EM 9.0
#define SHORT_COLUMN 0.25 /* of the width: a column this narrow at its widest is not wrapped */ /* the table font's size (survey_layout.c) */
#define EPS 0.01
#define ADDR_OPEN "（"
#define ADDR_CLOSE "）"

/* ---- units and texts ----------------------------------------------------- */

struct sv_unit *sv_unit_new(struct cnap_survey_layout *l, enum sv_unit_kind kind)
{
	if (l->n_units == l->cap_units) {
		size_t cap = l->cap_units ? 2 * l->cap_units : 256;
		struct sv_unit *v = cnap_realloc(l->units, cap * sizeof(*v));
		if (!v) {
			sv_nomem(l);
			return NULL;
		}
		l->units = v;
		l->cap_units = cap;
	}
	struct sv_unit *u = &l->units[l->n_units++];
	memset(u, 0, sizeof(*u));
	u->kind = kind;
	u->item = l->cur_item;
	u->block = l->cur_block;
	u->part = l->cur_part;
	return u;
}

static bool keep_block(struct cnap_survey_layout *l, struct cnap_pdf_block *b)
{
	if (l->n_blocks == l->cap_blocks) {
		size_t cap = l->cap_blocks ? 2 * l->cap_blocks : 256;
		struct cnap_pdf_block **v = cnap_realloc(l->blocks, cap * sizeof(*v));
		if (!v)
			return false;
		l->blocks = v;
		l->cap_blocks = cap;
	}
	l->blocks[l->n_blocks++] = b;
	return true;
}

/* Line spacing of each font: airy text, dense tables. */
static double spacing(enum sv_font f)
{
	switch (f) {
	case SV_F_BODY:
		return 1.55;
	case SV_F_NOTE:
		return 1.4;
	case SV_F_TABLE:
		return 1.2;
	default:
		return 1.25;
	}
}

/*
 * A link prints as its text in blue, underlined, and its address after it in
 * brackets when the text is not the address itself: paper cannot be clicked,
 * and cairo 1.16's link annotations leave the file's cross-reference table
 * broken (qpdf repairs it), so the PDF has none.
 */
static bool shows_address(const struct cnap_span *sp)
{
	return sp->href && *sp->href && strcmp(sp->text ? sp->text : "", sp->href) != 0;
}

static bool link_attrs(PangoLayout *pl, const struct cnap_inline *in)
{
	PangoAttrList *attrs = NULL;
	size_t at = 0;
	for (size_t i = 0; i < in->n_spans; i++) {
		const struct cnap_span *sp = &in->spans[i];
		size_t n = strlen(sp->text ? sp->text : "");
		if (sp->href && n) {
			if (!attrs && !(attrs = pango_attr_list_new()))
				return false;
			PangoAttribute *fg = pango_attr_foreground_new(0x0000, 0x3300, 0x9900);
			PangoAttribute *ul = pango_attr_underline_new(PANGO_UNDERLINE_SINGLE);
			if (!fg || !ul) {
				if (fg)
					pango_attribute_destroy(fg);
				if (ul)
					pango_attribute_destroy(ul);
				pango_attr_list_unref(attrs);
				return false;
			}
			fg->start_index = ul->start_index = (guint)at;
			fg->end_index = ul->end_index = (guint)(at + n);
			pango_attr_list_insert(attrs, fg);
			pango_attr_list_insert(attrs, ul);
		}
		at += n;
		if (shows_address(sp))
			at += strlen(ADDR_OPEN) + strlen(sp->href) + strlen(ADDR_CLOSE);
	}
	if (attrs) {
		pango_layout_set_attributes(pl, attrs);
		pango_attr_list_unref(attrs);
	}
	return true;
}

const struct cnap_pdf_block *sv_text(struct cnap_survey_layout *l, const char *s, const struct cnap_inline *in,
				     enum sv_font f, double width, PangoAlignment align)
{
	struct cnap_pdf_block *b = cnap_arena_calloc(&l->arena, 1, sizeof(*b));
	if (!b) {
		sv_nomem(l);
		return NULL;
	}
	if (!s || !*s)
		return b; /* no lines */
	l->pdf.line_spacing = spacing(f);
	PangoLayout *pl = cnap_pdf_layout(&l->pdf, s, l->font[f], width, align);
	if (!pl || (in && !link_attrs(pl, in))) {
		if (pl)
			g_object_unref(pl);
		sv_nomem(l);
		return NULL;
	}
	if (cnap_pdf_block_adopt(b, pl, l->err) != CNAP_OK)
		return NULL;
	if (!keep_block(l, b)) {
		cnap_pdf_block_release(b);
		sv_nomem(l);
		return NULL;
	}
	return b;
}

/*
 * The spans of in joined as printed (link addresses added), in l->tmp
 * (valid until the next use of tmp). With ins, where the added text is, so
 * that offsets count only the item's own characters.
 */
static const char *joined(struct cnap_survey_layout *l, const struct cnap_inline *in, struct sv_inserts *ins)
{
	cnap_buf_reset(&l->tmp);
	cnap_buf_adds(&l->tmp, "");
	size_t n_addr = 0;
	for (size_t i = 0; in && i < in->n_spans; i++)
		n_addr += shows_address(&in->spans[i]);
	if (ins) {
		memset(ins, 0, sizeof(*ins));
		if (n_addr && !(ins->at = cnap_arena_calloc(&l->arena, 2 * n_addr, sizeof(size_t)))) {
			sv_nomem(l);
			return NULL;
		}
	}
	for (size_t i = 0; in && i < in->n_spans; i++) {
		const struct cnap_span *sp = &in->spans[i];
		cnap_buf_adds(&l->tmp, sp->text ? sp->text : "");
		if (!shows_address(sp))
			continue;
		size_t from = l->tmp.len;
		cnap_buf_addf(&l->tmp, "%s%s%s", ADDR_OPEN, sp->href, ADDR_CLOSE);
		if (ins && !l->tmp.status) {
			ins->at[2 * ins->n] = from;
			ins->at[2 * ins->n + 1] = l->tmp.len;
			ins->n++;
		}
	}
	if (l->tmp.status) {
		cnap_buf_error(&l->tmp, l->err, "本文");
		return NULL;
	}
	return l->tmp.data;
}

static const struct cnap_pdf_block *inline_text(struct cnap_survey_layout *l, const struct cnap_inline *in,
						enum sv_font f, double width, PangoAlignment align,
						struct sv_inserts *ins)
{
	const char *s = joined(l, in, ins);
	return s ? sv_text(l, s, in, f, width, align) : NULL;
}

/* The item's own characters before line i (added link addresses not counted). */
static size_t chars_before(const struct cnap_pdf_block *t, size_t line, const struct sv_inserts *ins)
{
	const char *text = pango_layout_get_text(t->layout);
	size_t at = (size_t)t->lines[line]->start_index;
	size_t n = (size_t)g_utf8_strlen(text, (gssize)at);
	for (size_t k = 0; ins && k < ins->n; k++) {
		size_t a = ins->at[2 * k], z = ins->at[2 * k + 1];
		if (a >= at)
			break;
		size_t end = z < at ? z : at;
		n -= (size_t)g_utf8_strlen(text + a, (gssize)(end - a));
	}
	return n;
}

enum cnap_err sv_lines(struct cnap_survey_layout *l, const struct cnap_pdf_block *t, const struct sv_inserts *ins,
		       double x, const struct cnap_pdf_block *marker, double marker_x, double space_before, bool keep_all,
		       enum sv_font f)
{
	size_t n = t->n_lines;
	for (size_t i = 0; i < n; i++) {
		struct sv_unit *u = sv_unit_new(l, SV_LINE);
		if (!u)
			return l->err->code;
		u->text = t;
		u->line = i;
		u->x = x;
		u->h = i + 1 < n ? t->top[i + 1] - t->top[i] : t->bottom[i] - t->top[i];
		if (i + 1 == n && u->h < l->pitch[f])
			u->h = l->pitch[f];
		u->offset = chars_before(t, i, ins);
		if (i == 0) {
			u->marker = marker;
			u->marker_x = marker_x;
			u->space_before = space_before;
		}
		/* No line alone at the bottom (orphan) or the top (widow) of a page. */
		u->keep_with_next = keep_all || (n >= 2 && (i == 0 || i + 2 == n));
	}
	return CNAP_OK;
}

/* ---- paragraphs, headings, notes ----------------------------------------- */

static enum cnap_err text_block(struct cnap_survey_layout *l, const struct cnap_inline *in, enum sv_font f,
				double x, double width, double gap, bool keep)
{
	struct sv_inserts ins;
	const struct cnap_pdf_block *t = inline_text(l, in, f, width, PANGO_ALIGN_LEFT, &ins);
	if (!t)
		return l->err->code;
	return sv_lines(l, t, &ins, x, NULL, 0, gap, keep, f);
}

/* A text with a hanging marker: 「※1」 of a note, 「・」 or 「1.」 of a list item. */
static enum cnap_err hanging(struct cnap_survey_layout *l, const char *mark, const struct cnap_inline *in,
			     enum sv_font f, double x, double mark_w, double width, double gap)
{
	const struct cnap_pdf_block *m = sv_text(l, mark, NULL, f, 0, PANGO_ALIGN_LEFT);
	if (!m)
		return l->err->code;
	struct sv_inserts ins;
	const struct cnap_pdf_block *t = inline_text(l, in, f, width - mark_w, PANGO_ALIGN_LEFT, &ins);
	if (!t)
		return l->err->code;
	if (!t->n_lines) /* an empty item still shows its marker */
		t = sv_text(l, " ", NULL, f, width - mark_w, PANGO_ALIGN_LEFT);
	if (!t)
		return l->err->code;
	return sv_lines(l, t, &ins, x + mark_w, m, x, gap, false, f);
}

/* Width of s on one line (its longest line when it holds line breaks); 0 and reported when out of memory. */
static double text_width(struct cnap_survey_layout *l, const char *s, enum sv_font f)
{
	l->pdf.line_spacing = spacing(f);
	PangoLayout *pl = cnap_pdf_layout(&l->pdf, s, l->font[f], 0, PANGO_ALIGN_LEFT);
	if (!pl) {
		sv_nomem(l);
		return 0;
	}
	double w;
	cnap_pdf_layout_size(pl, &w, NULL);
	g_object_unref(pl);
	return w;
}

static enum cnap_err note(struct cnap_survey_layout *l, const struct cnap_block *b, double x, double width)
{
	const char *mark = b->mark && *b->mark ? b->mark : "※";
	double mw = text_width(l, mark, SV_F_NOTE);
	if (l->err->code)
		return l->err->code;
	mw += 4.0;
	if (mw > width / 3)
		mw = width / 3;
	return hanging(l, mark, &b->content, SV_F_NOTE, x, mw, width, GAP_NOTE);
}

/* ---- lists --------------------------------------------------------------- */

static const char *const BULLETS[] = {"・", "－", "・", "－"};
static const char *const CIRCLED[] = {"①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩",
				      "⑪", "⑫", "⑬", "⑭", "⑮", "⑯", "⑰", "⑱", "⑲", "⑳"};

/* 1. → (1) → ① → a) as lists nest. */
static void ordered_marker(char *out, size_t n, int level, size_t i)
{
	switch (level % 4) {
	case 0:
		snprintf(out, n, "%zu.", i + 1);
		break;
	case 1:
		snprintf(out, n, "(%zu)", i + 1);
		break;
	case 2:
		if (i < CNAP_ARRAY_LEN(CIRCLED))
			snprintf(out, n, "%s", CIRCLED[i]);
		else
			snprintf(out, n, "(%zu)", i + 1);
		break;
	default:
		if (i < 26)
			snprintf(out, n, "%c)", (char)('a' + i));
		else
			snprintf(out, n, "%zu)", i + 1);
		break;
	}
}

static enum cnap_err list(struct cnap_survey_layout *l, const struct cnap_block *b, int level, double x,
			  double width, size_t *part)
{
	char mark[32];
	enum cnap_err rc;
	/* The marker column: one character for bullets, the widest number for a numbered list. */
	double mw = LIST_INDENT;
	if (b->ordered) {
		ordered_marker(mark, sizeof(mark), level, b->n_items ? b->n_items - 1 : 0);
		double w = text_width(l, mark, SV_F_BODY);
		if (l->err->code)
			return l->err->code;
		if (w + MARKER_GAP > mw)
			mw = w + MARKER_GAP;
	}
	if (mw > width / 3)
		mw = width / 3;
	for (size_t i = 0; i < b->n_items; i++) {
		const struct cnap_list_item *it = &b->items[i];
		if (b->ordered)
			ordered_marker(mark, sizeof(mark), level, i);
		else
			snprintf(mark, sizeof(mark), "%s", BULLETS[level % 4]);
		l->cur_part = (*part)++;
		if ((rc = hanging(l, mark, &it->content, SV_F_BODY, x, mw, width, i == 0 && level == 0 ? GAP_PARAGRAPH : 0)))
			return rc;
		size_t own = l->cur_part;
		for (size_t c = 0; c < it->n_children; c++) {
			const struct cnap_block *child = &it->children[c];
			if (child->kind == CNAP_BLK_LIST)
				rc = list(l, child, level + 1, x + mw, width - mw, part);
			else {
				l->cur_part = own; /* anything else nested counts as its list item */
				rc = sv_block(l, child, x + mw, width - mw);
			}
			if (rc)
				return rc;
		}
	}
	return CNAP_OK;
}

/* ---- tables -------------------------------------------------------------- */

/* A cell that reads as a number (1,234.5 / ▲12 / 35% / 2013): right-aligned. */
static bool numeric(const char *s)
{
	bool digit = false;
	while (*s) {
		unsigned char c = (unsigned char)*s;
		size_t n = 1;
		if (c >= '0' && c <= '9')
			digit = true;
		else if (strchr(" ,.+-%", c))
			;
		else if (!strncmp(s, "▲", 3) || !strncmp(s, "△", 3) || !strncmp(s, "％", 3) ||
			 !strncmp(s, "，", 3) || !strncmp(s, "．", 3) || !strncmp(s, "−", 3))
			n = 3;
		else if ((unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBC && (unsigned char)s[2] >= 0x90 &&
			 (unsigned char)s[2] <= 0x99) {
			n = 3; /* ０-９ */
			digit = true;
		} else
			return false;
		s += n;
	}
	return digit;
}

/* What a table is: cells as inline content (the item's text) or as plain strings (a data table). */
struct tsrc {
	size_t rows, cols, header_rows;
	const struct cnap_inline *in; /* rows × cols, or NULL */
	const char *const *str;       /* rows × cols, or NULL */
	const bool *right;            /* per cell, or NULL: by the look of it */
	const bool *whole;            /* per column, or NULL */
};

static const char *cell_text(struct cnap_survey_layout *l, const struct tsrc *t, size_t i)
{
	if (t->in)
		return joined(l, &t->in[i], NULL);
	return t->str[i] ? t->str[i] : "";
}

/*
 * Column widths, as browsers lay out tables: every column as wide as its
 * longest cell when the table fits; else each gets at least its longest
 * unbreakable word (a number, a unit) and the rest of the width goes to the
 * columns by how much more they would take; a column a quarter of the width
 * or less at its widest keeps it when the others can give way. Narrower
 * than the words, the words' widths are scaled down (they wrap by character).
 */
static void column_widths(double *min, const double *max, size_t cols, double width, double *w)
{
	double smin = 0, smax = 0, skeep = 0;
	for (size_t c = 0; c < cols; c++) {
		smin += min[c];
		smax += max[c];
		skeep += max[c] <= width * SHORT_COLUMN ? max[c] : min[c];
	}
	/* A short column (「長い行」 beside a paragraph) stays whole while the others can give way. */
	if (smax > width + EPS && skeep <= width - EPS) {
		for (size_t c = 0; c < cols; c++)
			if (max[c] <= width * SHORT_COLUMN)
				min[c] = max[c];
		smin = skeep;
	}
	for (size_t c = 0; c < cols; c++) {
		if (smax <= width + EPS)
			w[c] = max[c];
		else if (smin >= width - EPS)
			w[c] = smin > 0 ? width * min[c] / smin : width / (double)cols;
		else
			w[c] = min[c] + (width - smin) * (max[c] - min[c]) / (smax - smin);
	}
}

/* The widest line of s laid out in f with breaks only between words (its min-content width). */
static double word_width(struct cnap_survey_layout *l, const char *s, enum sv_font f)
{
	l->pdf.line_spacing = spacing(f);
	PangoLayout *pl = cnap_pdf_layout(&l->pdf, s, l->font[f], 0, PANGO_ALIGN_LEFT);
	if (!pl) {
		sv_nomem(l);
		return 0;
	}
	pango_layout_set_width(pl, 1);
	pango_layout_set_wrap(pl, PANGO_WRAP_WORD);
	double w = 0;
	int n = pango_layout_get_line_count(pl);
	for (int i = 0; i < n; i++) {
		PangoRectangle r;
		pango_layout_line_get_extents(pango_layout_get_line_readonly(pl, i), NULL, &r);
		if ((double)r.width / PANGO_SCALE > w)
			w = (double)r.width / PANGO_SCALE;
	}
	g_object_unref(pl);
	return w;
}

/* One row's units: whole, or cut into chunks between lines when taller than half a page. */
static enum cnap_err row_units(struct cnap_survey_layout *l, const struct cnap_pdf_block **texts, const double *col_x,
			       size_t cols, bool header, const struct sv_table_ref *ref, double gap)
{
	double min_h = l->line_h[SV_F_TABLE] + 2 * PAD_Y;
	size_t tallest = 0;
	double h = 0;
	for (size_t c = 0; c < cols; c++) {
		const struct cnap_pdf_block *t = texts[c];
		double s = t ? cnap_pdf_block_span(t, 0, t->n_lines) : 0;
		if (s > h) {
			h = s;
			tallest = c;
		}
	}
	/* Chunk boundaries, as tops of the tallest cell's lines. */
	double limit = SV_BODY_H / 3;
	double cut_from = 0;
	bool first = true;
	for (;;) {
		const struct cnap_pdf_block *tt = texts[tallest];
		double cut_to = h + 1;
		if (h + 2 * PAD_Y > SV_BODY_H / 2 && tt) {
			for (size_t i = 0; i < tt->n_lines; i++)
				if (tt->top[i] > cut_from + EPS && tt->bottom[i] - cut_from > limit) {
					cut_to = tt->top[i];
					break;
				}
		}
		bool last = cut_to > h;
		struct sv_unit *u = sv_unit_new(l, SV_ROW);
		if (!u)
			return l->err->code;
		u->cells = cnap_arena_calloc(&l->arena, cols, sizeof(*u->cells));
		if (!u->cells)
			return sv_nomem(l);
		u->n_cells = cols;
		u->header = header;
		u->table = ref;
		u->row_first = first;
		u->row_last = last;
		u->space_before = first ? gap : 0;
		u->keep_with_next = header;
		double uh = 0;
		for (size_t c = 0; c < cols; c++) {
			struct sv_cell *cell = &u->cells[c];
			const struct cnap_pdf_block *t = texts[c];
			cell->text = t;
			cell->x = col_x[c];
			cell->w = col_x[c + 1] - col_x[c];
			size_t a = 0, k = 0;
			while (t && a < t->n_lines && t->top[a] < cut_from - EPS)
				a++;
			while (t && a + k < t->n_lines && t->top[a + k] < cut_to - EPS)
				k++;
			cell->from = a;
			cell->count = k;
			if (t && k) {
				double s = t->bottom[a + k - 1] - (first ? 0 : t->top[a]);
				if (s > uh)
					uh = s;
			}
		}
		u->h = uh + 2 * PAD_Y < min_h ? min_h : uh + 2 * PAD_Y;
		if (last)
			return CNAP_OK;
		cut_from = cut_to;
		first = false;
	}
}

static enum cnap_err table(struct cnap_survey_layout *l, const struct tsrc *t, double x, double width, double gap)
{
	if (!t->rows || !t->cols)
		return CNAP_OK;
	size_t cols = t->cols;
	double *min = cnap_arena_calloc(&l->arena, cols, sizeof(double));
	double *max = cnap_arena_calloc(&l->arena, cols, sizeof(double));
	double *w = cnap_arena_calloc(&l->arena, cols, sizeof(double));
	double *col_x = cnap_arena_calloc(&l->arena, cols + 1, sizeof(double));
	const struct cnap_pdf_block **texts = cnap_arena_calloc(&l->arena, cols, sizeof(*texts));
	struct sv_table_ref *ref = cnap_arena_calloc(&l->arena, 1, sizeof(*ref));
	if (!min || !max || !w || !col_x || !texts || !ref)
		return sv_nomem(l);
	/* At least two characters a column, however narrow its words. */
	double floor_w = MIN_COL_CHARS * FONT_TABLE_EM + 2 * PAD_X + 1;
	for (size_t c = 0; c < cols; c++)
		min[c] = max[c] = floor_w;
	for (size_t r = 0; r < t->rows; r++)
		for (size_t c = 0; c < cols; c++) {
			const char *s = cell_text(l, t, r * cols + c);
			if (!s)
				return l->err->code;
			if (!*s)
				continue;
			double nw = text_width(l, s, SV_F_TABLE), mw;
			if (r < t->header_rows) {
				/* A heading wraps rather than widen its column much: 「前年度実績／（2021年度）」. */
				mw = nw < HEAD_MIN_CHARS * FONT_TABLE_EM ? nw : HEAD_MIN_CHARS * FONT_TABLE_EM;
				if (nw > HEAD_MAX_CHARS * FONT_TABLE_EM)
					nw = HEAD_MAX_CHARS * FONT_TABLE_EM;
			} else {
				mw = t->whole && t->whole[c] ? nw : word_width(l, s, SV_F_TABLE);
			}
			if (l->err->code)
				return l->err->code;
			if (nw + 2 * PAD_X + 1 > max[c])
				max[c] = nw + 2 * PAD_X + 1;
			if (mw + 2 * PAD_X + 1 > min[c])
				min[c] = mw + 2 * PAD_X + 1;
		}
	for (size_t c = 0; c < cols; c++)
		if (min[c] > max[c])
			max[c] = min[c];
	column_widths(min, max, cols, width, w);
	col_x[0] = x;
	for (size_t c = 0; c < cols; c++)
		col_x[c + 1] = col_x[c] + w[c];

	size_t header_rows = t->header_rows < t->rows ? t->header_rows : 0;
	ref->first_header = l->n_units;
	ref->n_header = 0;
	for (size_t r = 0; r < t->rows; r++) {
		bool header = r < header_rows;
		for (size_t c = 0; c < cols; c++) {
			const char *s = cell_text(l, t, r * cols + c);
			if (!s)
				return l->err->code;
			bool right = t->right ? t->right[r * cols + c] : !header && numeric(s);
			PangoAlignment al = header ? PANGO_ALIGN_CENTER : right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
			texts[c] = t->in ? inline_text(l, &t->in[r * cols + c], SV_F_TABLE, w[c] - 2 * PAD_X, al, NULL)
					 : sv_text(l, s, NULL, SV_F_TABLE, w[c] - 2 * PAD_X, al);
			if (!texts[c])
				return l->err->code;
		}
		l->cur_part = r;
		size_t before = l->n_units;
		enum cnap_err rc = row_units(l, texts, col_x, cols, header, ref, r == 0 ? gap : 0);
		if (rc)
			return rc;
		if (header)
			ref->n_header += l->n_units - before;
	}
	return CNAP_OK;
}

/* ---- blocks -------------------------------------------------------------- */

enum cnap_err sv_block(struct cnap_survey_layout *l, const struct cnap_block *b, double x, double width)
{
	switch (b->kind) {
	case CNAP_BLK_PARAGRAPH:
		return text_block(l, &b->content, SV_F_BODY, x, width, GAP_PARAGRAPH, false);
	case CNAP_BLK_HEADING:
		return text_block(l, &b->content, SV_F_SUBHEAD, x, width, GAP_SUBHEAD, true);
	case CNAP_BLK_NOTE:
		return note(l, b, x, width);
	case CNAP_BLK_LIST: {
		size_t part = 0;
		return list(l, b, 0, x, width, &part);
	}
	case CNAP_BLK_TABLE: {
		struct tsrc t = {.rows = b->rows, .cols = b->cols, .header_rows = b->header_rows, .in = b->cells};
		return table(l, &t, x, width, GAP_TABLE);
	}
	case CNAP_BLK_DATA:
		for (size_t i = 0; i < l->print->n_tables; i++)
			if (b->table && !strcmp(l->print->tables[i].code, b->table))
				return sv_data_table(l, &l->print->tables[i], x, width);
		return CNAP_OK; /* a table the form does not have: nothing to show */
	default:
		return CNAP_OK;
	}
}

enum cnap_err sv_data_table(struct cnap_survey_layout *l, const struct cnap_print_table *pt, double x, double width)
{
	enum cnap_err rc;
	l->cur_part = 0;
	cnap_buf_reset(&l->tmp);
	cnap_buf_addf(&l->tmp, "【%s】", pt->title ? pt->title : "");
	if (l->tmp.status)
		return cnap_buf_error(&l->tmp, l->err, "表の見出し");
	const struct cnap_pdf_block *cap = sv_text(l, l->tmp.data, NULL, SV_F_SUBHEAD, width, PANGO_ALIGN_LEFT);
	if (!cap)
		return l->err->code;
	if ((rc = sv_lines(l, cap, NULL, x, NULL, 0, GAP_SUBHEAD, true, SV_F_SUBHEAD)))
		return rc;
	struct tsrc t = {.rows = pt->rows, .cols = pt->cols, .header_rows = pt->header_rows, .str = pt->cells,
			 .right = pt->right, .whole = pt->whole};
	if (pt->rows && pt->cols && !pt->cells)
		return CNAP_OK;
	if ((rc = table(l, &t, x, width, 2.0)))
		return rc;
	for (size_t i = 0; i < pt->n_notes; i++) {
		l->cur_part = pt->rows;
		const struct cnap_pdf_block *n = sv_text(l, pt->notes[i], NULL, SV_F_NOTE, width, PANGO_ALIGN_LEFT);
		if (!n)
			return l->err->code;
		if ((rc = sv_lines(l, n, NULL, x, NULL, 0, i == 0 ? GAP_NOTE : 0, false, SV_F_NOTE)))
			return rc;
	}
	return CNAP_OK;
}
