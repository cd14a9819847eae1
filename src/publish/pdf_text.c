#include "base/compat.h"
#include "publish/pdf_text.h"

#include "base/utf8.h"

#include <cairo-pdf.h>
#include <math.h>

static cairo_status_t pdf_write_cb(void *closure, const unsigned char *data,
				   unsigned int length)
{
	struct cnap_buf *out = closure;
	if (cnap_buf_add(out, data, length) != CNAP_OK)
		return CAIRO_STATUS_WRITE_ERROR;
	return CAIRO_STATUS_SUCCESS;
}

static void restore_out(struct cnap_buf *out, size_t len)
{
	if (out->data && out->len > len) {
		out->len = len;
		out->data[len] = '\0';
	}
}

static void pdf_release(struct cnap_pdf *p)
{
	if (p->vctx)
		g_object_unref(p->vctx);
	if (p->ctx)
		g_object_unref(p->ctx);
	if (p->fontmap)
		g_object_unref(p->fontmap);
	if (p->cr)
		cairo_destroy(p->cr);
	if (p->surface)
		cairo_surface_destroy(p->surface);
	p->vctx = p->ctx = NULL;
	p->fontmap = NULL;
	p->cr = NULL;
	p->surface = NULL;
}

static PangoContext *new_context(struct cnap_pdf *p, bool vertical)
{
	PangoContext *c = pango_font_map_create_context(p->fontmap);
	if (!c)
		return NULL;
	/* PDF user space is in points: 72 "dpi", no hinting, no rounding, so
	 * the layout does not depend on a device resolution. */
	pango_cairo_context_set_resolution(c, 72.0);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(c, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(c, FALSE);
	pango_context_set_language(c, pango_language_from_string("ja-jp"));
	if (vertical) {
		pango_context_set_base_gravity(c, PANGO_GRAVITY_EAST);
		pango_context_set_gravity_hint(c, PANGO_GRAVITY_HINT_STRONG);
	}
	if (p->cr)
		pango_cairo_update_context(p->cr, c);
	return c;
}

enum cnap_err cnap_pdf_open(struct cnap_pdf *p, double w, double h,
			    struct cnap_buf *out, struct cnap_error *err)
{
	memset(p, 0, sizeof(*p));
	p->out = out;
	p->out_start = out->len;
	p->page_no = 1;
	if (out->status != CNAP_OK)
		return cnap_fail(err, out->status, "pdf", "output buffer already failed");
	p->surface = cairo_pdf_surface_create_for_stream(pdf_write_cb, out, w, h);
	if (cairo_surface_status(p->surface) != CAIRO_STATUS_SUCCESS)
		goto fail;
	p->cr = cairo_create(p->surface);
	if (cairo_status(p->cr) != CAIRO_STATUS_SUCCESS)
		goto fail;
	p->fontmap = pango_cairo_font_map_new();
	if (!p->fontmap)
		goto fail;
	p->ctx = new_context(p, false);
	p->vctx = new_context(p, true);
	if (!p->ctx || !p->vctx)
		goto fail;
	cairo_set_line_width(p->cr, 0.5);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	return CNAP_OK;
fail:
	pdf_release(p);
	restore_out(out, p->out_start);
	if (out->status == CNAP_ETOOBIG)
		return cnap_fail(err, CNAP_ETOOBIG, "pdf", "PDF output is over its size limit");
	return cnap_fail(err, CNAP_ENOMEM, "pdf", "cannot create a PDF surface");
}

enum cnap_err cnap_pdf_open_measure(struct cnap_pdf *p, struct cnap_error *err)
{
	memset(p, 0, sizeof(*p));
	p->page_no = 1;
	p->fontmap = pango_cairo_font_map_new();
	if (p->fontmap)
		p->ctx = new_context(p, false);
	if (!p->ctx) {
		pdf_release(p);
		return cnap_fail(err, CNAP_ENOMEM, "pdf", "out of memory");
	}
	return CNAP_OK;
}

void cnap_pdf_set_metadata(struct cnap_pdf *p, const char *title,
			   const char *subject, const char *date)
{
	if (title)
		cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE, title);
	if (subject)
		cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_SUBJECT, subject);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR, "cnap");
	if (date) {
		cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
		cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_MOD_DATE, date);
	}
}

void cnap_pdf_add_outline(struct cnap_pdf *p, const char *name)
{
	char link[32];
	snprintf(link, sizeof(link), "page=%d", p->page_no);
	cairo_pdf_surface_add_outline(p->surface, CAIRO_PDF_OUTLINE_ROOT, name, link, 0);
}

void cnap_pdf_dest(struct cnap_pdf *p, const char *name, double x, double y)
{
	char attr[128];
	snprintf(attr, sizeof(attr), "name='%s' x=%.2f y=%.2f", name, x, y);
	cairo_tag_begin(p->cr, CAIRO_TAG_DEST, attr);
	cairo_tag_end(p->cr, CAIRO_TAG_DEST);
}

void cnap_pdf_link_dest(struct cnap_pdf *p, const char *name, double x, double y, double w,
			double h)
{
	char attr[160];
	snprintf(attr, sizeof(attr), "dest='%s' rect=[%.2f %.2f %.2f %.2f]", name, x, y, w, h);
	cairo_tag_begin(p->cr, CAIRO_TAG_LINK, attr);
	cairo_tag_end(p->cr, CAIRO_TAG_LINK);
}

void cnap_pdf_next_page(struct cnap_pdf *p)
{
	cairo_show_page(p->cr);
	p->page_no++;
}

enum cnap_err cnap_pdf_close(struct cnap_pdf *p, struct cnap_error *err)
{
	struct cnap_buf *out = p->out;
	size_t start = p->out_start;
	cairo_status_t st = cairo_status(p->cr);
	if (st == CAIRO_STATUS_SUCCESS) {
		cairo_show_page(p->cr);
		cairo_destroy(p->cr);
		p->cr = NULL;
		cairo_surface_finish(p->surface);
		st = cairo_surface_status(p->surface);
	}
	pdf_release(p);
	/* cairo 1.16 does not always report a failed write: ask the buffer. */
	if (st == CAIRO_STATUS_SUCCESS && out->status == CNAP_OK)
		return CNAP_OK;
	restore_out(out, start);
	if (out->status == CNAP_ETOOBIG)
		return cnap_fail(err, CNAP_ETOOBIG, "pdf",
				 "PDF output is over its size limit of %zu bytes", out->max);
	if (st == CAIRO_STATUS_NO_MEMORY)
		return cnap_fail(err, CNAP_ENOMEM, "pdf", "out of memory while writing the PDF");
	return cnap_fail(err, CNAP_EIO, "pdf", "cairo failed: %s", cairo_status_to_string(st));
}

void cnap_pdf_abort(struct cnap_pdf *p)
{
	struct cnap_buf *out = p->out;
	size_t start = p->out_start;
	pdf_release(p);
	if (out)
		restore_out(out, start);
}

bool cnap_pdf_text_ok(const char *s)
{
	return !s || cnap_utf8_valid(s, strlen(s), NULL);
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool cnap_pdf_date_ok(const char *s)
{
	/* 0123456789012345678 */
	/* YYYY-MM-DDThh:mm:ss */
	if (!s || strlen(s) < 19)
		return false;
	if (!digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
	    !digits(s + 8, 2) || s[10] != 'T' || !digits(s + 11, 2) || s[13] != ':' ||
	    !digits(s + 14, 2) || s[16] != ':' || !digits(s + 17, 2))
		return false;
	int mon = (s[5] - '0') * 10 + (s[6] - '0');
	int day = (s[8] - '0') * 10 + (s[9] - '0');
	int hh = (s[11] - '0') * 10 + (s[12] - '0');
	int mm = (s[14] - '0') * 10 + (s[15] - '0');
	int ss = (s[17] - '0') * 10 + (s[18] - '0');
	if (mon < 1 || mon > 12 || day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60)
		return false;
	const char *tz = s + 19;
	if (*tz == '\0')
		return true;
	if (tz[0] == 'Z')
		return tz[1] == '\0';
	if ((tz[0] == '+' || tz[0] == '-') && strlen(tz) == 6 && digits(tz + 1, 2) &&
	    tz[3] == ':' && digits(tz + 4, 2))
		return true;
	return false;
}

static int units(double pt)
{
	return pango_units_from_double(pt);
}

static PangoLayout *make_layout(PangoContext *c, const char *s,
				const PangoFontDescription *font, double width,
				PangoAlignment align, double spacing)
{
	PangoLayout *l = pango_layout_new(c);
	if (!l)
		return NULL;
	if (spacing > 0)
		pango_layout_set_line_spacing(l, (float)spacing);
	pango_layout_set_font_description(l, font);
	if (width > 0) {
		pango_layout_set_width(l, units(width));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_alignment(l, align);
	/* Plain text only: markup would turn user text into formatting. */
	pango_layout_set_text(l, s ? s : "", -1);
	return l;
}

PangoLayout *cnap_pdf_layout(struct cnap_pdf *p, const char *s,
			     const PangoFontDescription *font, double width,
			     PangoAlignment align)
{
	return make_layout(p->ctx, s, font, width, align, p->line_spacing);
}

void cnap_pdf_layout_size(PangoLayout *l, double *w, double *h)
{
	int iw, ih;
	pango_layout_get_size(l, &iw, &ih);
	if (w)
		*w = (double)iw / PANGO_SCALE;
	if (h)
		*h = (double)ih / PANGO_SCALE;
}

void cnap_pdf_draw_layout(struct cnap_pdf *p, PangoLayout *l, double x, double y)
{
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
}

enum cnap_err cnap_pdf_draw_vertical(struct cnap_pdf *p, const char *s,
				     const PangoFontDescription *font,
				     double x_center, double y_top, double length)
{
	if (!s || !*s)
		return CNAP_OK;
	cairo_save(p->cr);
	cairo_translate(p->cr, x_center, y_top);
	/* The line runs down the page; gravity EAST keeps the glyphs upright. */
	cairo_rotate(p->cr, M_PI / 2);
	pango_cairo_update_context(p->cr, p->vctx);
	PangoLayout *l = make_layout(p->vctx, s, font, 0, PANGO_ALIGN_LEFT, 0);
	if (!l) {
		cairo_restore(p->cr);
		return CNAP_ENOMEM;
	}
	pango_layout_set_single_paragraph_mode(l, TRUE);
	pango_layout_set_width(l, units(length));
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	double h;
	cnap_pdf_layout_size(l, NULL, &h);
	cairo_move_to(p->cr, 0, -h / 2);
	pango_cairo_show_layout(p->cr, l);
	g_object_unref(l);
	cairo_restore(p->cr);
	return CNAP_OK;
}

void cnap_pdf_hline(struct cnap_pdf *p, double x0, double x1, double y)
{
	cairo_move_to(p->cr, x0, y);
	cairo_line_to(p->cr, x1, y);
	cairo_stroke(p->cr);
}

void cnap_pdf_vline(struct cnap_pdf *p, double x, double y0, double y1)
{
	cairo_move_to(p->cr, x, y0);
	cairo_line_to(p->cr, x, y1);
	cairo_stroke(p->cr);
}

enum cnap_err cnap_pdf_block_init(struct cnap_pdf_block *b, struct cnap_pdf *p,
				  const char *s, const PangoFontDescription *font,
				  double width, PangoAlignment align,
				  struct cnap_error *err)
{
	memset(b, 0, sizeof(*b));
	if (!s || !*s)
		return CNAP_OK;
	PangoLayout *l = make_layout(p->ctx, s, font, width, align, p->line_spacing);
	if (!l)
		return cnap_fail(err, CNAP_ENOMEM, "pdf", "out of memory laying out text");
	return cnap_pdf_block_adopt(b, l, err);
}

enum cnap_err cnap_pdf_block_adopt(struct cnap_pdf_block *b, PangoLayout *layout, struct cnap_error *err)
{
	memset(b, 0, sizeof(*b));
	b->layout = layout;
	int n = pango_layout_get_line_count(b->layout);
	if (n <= 0)
		return CNAP_OK;
	size_t dbytes;
	if (!cnap_st_mult((size_t)n, 4 * sizeof(double), &dbytes))
		goto nomem;
	b->lines = cnap_calloc((size_t)n, sizeof(*b->lines));
	b->top = cnap_malloc(dbytes);
	if (!b->lines || !b->top)
		goto nomem;
	b->bottom = b->top + n;
	b->baseline = b->bottom + n;
	b->x = b->baseline + n;

	PangoLayoutIter *it = pango_layout_get_iter(b->layout);
	size_t i = 0;
	do {
		PangoRectangle logical;
		if (i >= (size_t)n)
			break;
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		b->lines[i] = pango_layout_iter_get_line_readonly(it);
		b->top[i] = (double)logical.y / PANGO_SCALE;
		b->bottom[i] = (double)(logical.y + logical.height) / PANGO_SCALE;
		b->baseline[i] = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		b->x[i] = (double)logical.x / PANGO_SCALE;
		i++;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	b->n_lines = i;
	return CNAP_OK;
nomem:
	cnap_pdf_block_release(b);
	return cnap_fail(err, CNAP_ENOMEM, "pdf", "out of memory laying out text");
}

void cnap_pdf_block_release(struct cnap_pdf_block *b)
{
	free(b->lines);
	free(b->top);
	if (b->layout)
		g_object_unref(b->layout);
	memset(b, 0, sizeof(*b));
}

double cnap_pdf_block_span(const struct cnap_pdf_block *b, size_t from, size_t count)
{
	if (count == 0 || from >= b->n_lines)
		return 0;
	size_t last = from + count - 1;
	if (last >= b->n_lines)
		last = b->n_lines - 1;
	return b->bottom[last] - b->top[from];
}

double cnap_pdf_block_rest_height(const struct cnap_pdf_block *b)
{
	if (cnap_pdf_block_done(b))
		return 0;
	return cnap_pdf_block_span(b, b->next, b->n_lines - b->next);
}

size_t cnap_pdf_block_fit(const struct cnap_pdf_block *b, double height)
{
	size_t k = 0;
	if (cnap_pdf_block_done(b))
		return 0;
	double top = b->top[b->next];
	/* Small tolerance so rounding of pango units never drops a line. */
	while (b->next + k < b->n_lines && b->bottom[b->next + k] - top <= height + 0.01)
		k++;
	return k;
}

size_t cnap_pdf_block_last_line_chars(const struct cnap_pdf_block *b)
{
	if (!b->n_lines)
		return 0;
	const char *text = pango_layout_get_text(b->layout);
	const PangoLayoutLine *l = b->lines[b->n_lines - 1];
	return (size_t)g_utf8_strlen(text + l->start_index, l->length);
}

/* A byte of a web address: printable ASCII but space, quotes, <>, \ and the brackets around one. */
static bool url_byte(unsigned char c)
{
	return c > 0x20 && c < 0x7f && !strchr("\"'<>\\()[]{}`", c);
}

/* The next web address in text[from, end): its byte range, or false. */
static bool next_url(const char *text, size_t from, size_t end, size_t *u0, size_t *u1)
{
	for (size_t i = from; i + 7 < end; i++) {
		if (text[i] != 'h')
			continue;
		size_t n = strncmp(text + i, "https://", 8) == 0 ? 8 : strncmp(text + i, "http://", 7) == 0 ? 7 : 0;
		if (!n || i + n >= end || !url_byte((unsigned char)text[i + n]))
			continue;
		size_t j = i + n;
		while (j < end && url_byte((unsigned char)text[j]))
			j++;
		/* A sentence's full stop or comma after an address is not part of it. */
		while (j > i + n && strchr(".,;:", text[j - 1]))
			j--;
		*u0 = i;
		*u1 = j;
		return true;
	}
	return false;
}

/* Links over the parts of line i that lie in web addresses. */
static void line_links(struct cnap_pdf *p, const struct cnap_pdf_block *b, size_t i, double x,
		       double y_top, const char *text, size_t len)
{
	PangoLayoutLine *l = b->lines[i];
	size_t ls = (size_t)l->start_index, le = ls + (size_t)l->length, u0, u1, from = 0;
	while (next_url(text, from, len, &u0, &u1)) {
		from = u1;
		if (u1 <= ls || u0 >= le)
			continue;
		size_t a = u0 > ls ? u0 : ls, z = u1 < le ? u1 : le;
		int xa, xz;
		pango_layout_line_index_to_x(l, (int)a, 0, &xa);
		pango_layout_line_index_to_x(l, (int)z, 0, &xz);
		char *uri = g_strndup(text + u0, u1 - u0);
		char *attr = uri ? g_strdup_printf("uri='%s' rect=[%.2f %.2f %.2f %.2f]", uri,
						   x + b->x[i] + (double)xa / PANGO_SCALE, y_top,
						   (double)(xz - xa) / PANGO_SCALE,
						   b->bottom[i] - b->top[i]) : NULL;
		if (attr) {
			cairo_tag_begin(p->cr, CAIRO_TAG_LINK, attr);
			cairo_tag_end(p->cr, CAIRO_TAG_LINK);
		}
		g_free(attr);
		g_free(uri);
	}
}

void cnap_pdf_block_draw(struct cnap_pdf *p, const struct cnap_pdf_block *b,
			 size_t from, size_t count, double x, double y)
{
	if (from >= b->n_lines)
		return;
	if (count > b->n_lines - from)
		count = b->n_lines - from;
	double top = b->top[from];
	const char *text = pango_layout_get_text(b->layout);
	bool urls = strstr(text, "://") != NULL;
	size_t len = strlen(text);
	for (size_t i = from; i < from + count; i++) {
		cairo_move_to(p->cr, x + b->x[i], y + b->baseline[i] - top);
		pango_cairo_show_layout_line(p->cr, b->lines[i]);
		if (urls)
			line_links(p, b, i, x, y + b->top[i] - top, text, len);
	}
}
