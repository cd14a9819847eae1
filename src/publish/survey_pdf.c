/*
 * Drawing a laid-out 調査票 (survey_layout.c) on a PDF surface. Every
 * position comes from the layout; this file only strokes, fills and shows
 * the lines it was given, so the file's pages are the layout's pages.
 */
#include "base/compat.h"
#include "publish/survey_pdf.h"

#include "publish/survey_layout_int.h"

#include <cairo-pdf.h>

#define HEADER_GREY 0.9

struct draw {
	const struct cnap_survey_layout *l;
	struct cnap_pdf pdf;
	int chapter_outline; /* the bookmark items go under */
	struct cnap_error *err;
};

static const char *str(const char *s)
{
	return s ? s : "";
}

const char *cnap_survey_pdf_title(struct cnap_arena *a, const struct cnap_survey_print *print)
{
	return cnap_arena_printf(a, "%s%sカーボンニュートラル行動計画 フォローアップ調査票（%s）", str(print->era_year),
				 print->era_year && *print->era_year ? " " : "", str(print->association_name));
}

/* Line i of t with its top at y, the layout's left edge at x. */
static void show_line(struct draw *d, const struct cnap_pdf_block *t, size_t i, double x, double y_top)
{
	cairo_move_to(d->pdf.cr, x + t->x[i], y_top + t->baseline[i] - t->top[i]);
	pango_cairo_show_layout_line(d->pdf.cr, t->lines[i]);
}

static void bookmark(struct draw *d, const struct sv_unit *u, int page, double y)
{
	if (!u->item_start || u->item >= d->l->print->n_items)
		return;
	const struct cnap_print_item *it = &d->l->print->items[u->item];
	char link[64];
	snprintf(link, sizeof(link), "page=%d pos=[%.2f %.2f]", page, SV_MARGIN_X, y);
	const char *name = pango_layout_get_text(u->text->layout);
	if (it->depth <= 0)
		d->chapter_outline = cairo_pdf_surface_add_outline(d->pdf.surface, CAIRO_PDF_OUTLINE_ROOT, name, link, 0);
	else
		cairo_pdf_surface_add_outline(d->pdf.surface, d->chapter_outline, name, link, 0);
}

static void draw_line(struct draw *d, const struct sv_unit *u, const struct sv_place *pl)
{
	if (u->line == 0)
		bookmark(d, u, pl->page, pl->y);
	show_line(d, u->text, u->line, u->x, pl->y);
	if (u->marker && u->marker->n_lines) {
		/* The marker sits on the first line's baseline. */
		const struct cnap_pdf_block *m = u->marker;
		double base = pl->y + u->text->baseline[0] - u->text->top[0];
		cairo_move_to(d->pdf.cr, u->marker_x + m->x[0], base);
		pango_cairo_show_layout_line(d->pdf.cr, m->lines[0]);
	}
	if (u->rule_below)
		cnap_pdf_hline(&d->pdf, SV_MARGIN_X, SV_MARGIN_X + SV_BODY_W, pl->y + u->h + 2.0);
}

/*
 * A row, or a chunk of one: shaded when a heading row, its cells' lines,
 * the column rules, and a rule above and below unless the row goes on
 * (the chunk before or after it is on the same page).
 */
static void draw_row(struct draw *d, const struct sv_unit *u, const struct sv_place *pl, bool top_rule,
		     bool bottom_rule)
{
	cairo_t *cr = d->pdf.cr;
	if (!u->n_cells)
		return;
	double x0 = u->cells[0].x, x1 = u->cells[u->n_cells - 1].x + u->cells[u->n_cells - 1].w;
	double y = pl->y, h = u->h;
	if (u->header) {
		cairo_save(cr);
		cairo_set_source_rgb(cr, HEADER_GREY, HEADER_GREY, HEADER_GREY);
		cairo_rectangle(cr, x0, y, x1 - x0, h);
		cairo_fill(cr);
		cairo_restore(cr);
	}
	for (size_t c = 0; c < u->n_cells; c++) {
		const struct sv_cell *cell = &u->cells[c];
		const struct cnap_pdf_block *t = cell->text;
		for (size_t i = cell->from; t && i < cell->from + cell->count && i < t->n_lines; i++)
			show_line(d, t, i, cell->x + SV_PAD_X, y + SV_PAD_Y + t->top[i] - t->top[cell->from]);
	}
	for (size_t c = 0; c < u->n_cells; c++)
		cnap_pdf_vline(&d->pdf, u->cells[c].x, y, y + h);
	cnap_pdf_vline(&d->pdf, x1, y, y + h);
	if (top_rule)
		cnap_pdf_hline(&d->pdf, x0, x1, y);
	if (bottom_rule)
		cnap_pdf_hline(&d->pdf, x0, x1, y + h);
}

static enum cnap_err footer(struct draw *d, int page)
{
	char num[32];
	snprintf(num, sizeof(num), "- %d -", page);
	PangoLayout *pl = cnap_pdf_layout(&d->pdf, num, d->l->font[SV_F_FOOTER], SV_BODY_W, PANGO_ALIGN_CENTER);
	if (!pl)
		return cnap_fail(d->err, CNAP_ENOMEM, "pdf", "out of memory");
	cnap_pdf_draw_layout(&d->pdf, pl, SV_MARGIN_X, SV_FOOTER_Y);
	g_object_unref(pl);
	return CNAP_OK;
}

static enum cnap_err draw_pages(struct draw *d)
{
	const struct cnap_survey_layout *l = d->l;
	enum cnap_err rc;
	int page = 1;
	for (size_t k = 0; k < l->n_places; k++) {
		const struct sv_place *pl = &l->places[k];
		while (pl->page > page) {
			if ((rc = footer(d, page)))
				return rc;
			cnap_pdf_next_page(&d->pdf);
			page++;
		}
		const struct sv_unit *u = &l->units[pl->unit];
		if (u->kind == SV_LINE) {
			draw_line(d, u, pl);
			continue;
		}
		const struct sv_place *prev = k ? &l->places[k - 1] : NULL, *next = k + 1 < l->n_places ? pl + 1 : NULL;
		bool joined_above = !u->row_first && prev && prev->page == pl->page && !prev->repeated &&
				    prev->unit + 1 == pl->unit;
		bool joined_below = !u->row_last && next && next->page == pl->page && next->unit == pl->unit + 1;
		draw_row(d, u, pl, !joined_above, !joined_below);
	}
	for (; page <= l->n_pages; page++) {
		if ((rc = footer(d, page)))
			return rc;
		if (page < l->n_pages)
			cnap_pdf_next_page(&d->pdf);
	}
	return CNAP_OK;
}

enum cnap_err cnap_survey_pdf_write(const struct cnap_survey_layout *layout, const char *pinned_date,
				    struct cnap_buf *out, struct cnap_error *err)
{
	enum cnap_err rc;
	if (!layout || !out)
		return cnap_fail(err, CNAP_EINVAL, "pdf", "印刷する調査票がありません");
	if (!cnap_pdf_date_ok(pinned_date))
		return cnap_fail(err, CNAP_EINVAL, "pinned_date", "日付は 2023-11-01T00:00:00 の形で指定してください");
	struct draw d = {.l = layout, .chapter_outline = CAIRO_PDF_OUTLINE_ROOT, .err = err};
	if ((rc = cnap_pdf_open(&d.pdf, CNAP_SURVEY_PAGE_W, CNAP_SURVEY_PAGE_H, out, err)))
		return rc;
	struct cnap_arena a;
	cnap_arena_init(&a);
	const char *title = cnap_survey_pdf_title(&a, layout->print);
	if (!title) {
		cnap_arena_release(&a);
		cnap_pdf_abort(&d.pdf);
		return cnap_fail(err, CNAP_ENOMEM, "pdf", "out of memory");
	}
	cnap_pdf_set_metadata(&d.pdf, title, layout->print->version_label, pinned_date);
	cnap_arena_release(&a);
	rc = draw_pages(&d);
	if (rc) {
		cnap_pdf_abort(&d.pdf);
		return rc;
	}
	return cnap_pdf_close(&d.pdf, err);
}
