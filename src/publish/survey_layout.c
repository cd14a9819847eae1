/*
 * The printed 調査票's page breaker: the title block and every item's
 * heading and text as units (survey_blocks.c measures them), then placed
 * page by page, keeping what must stay together and repeating a table's
 * heading rows where it continues. The same placement is what survey_pdf.c
 * draws and what the page map reports.
 */
#include "base/compat.h"
#include "publish/survey_layout_int.h"

#include "base/utf8.h"

#define INDENT 10.5 /* one character of the body: the text under an item's heading */
#define GAP_CHAPTER 20.0
#define GAP_ITEM 14.0
#define GAP_TITLE_AFTER 22.0
#define EPS 0.01
#define SHORT_LAST_LINE 2 /* characters on a heading's last line that look left behind */

enum cnap_err sv_nomem(struct cnap_survey_layout *l)
{
	return cnap_fail(l->err, CNAP_ENOMEM, "pdf", "out of memory");
}

static const char *str(const char *s)
{
	return s ? s : "";
}

/* ---- fonts ------------------------------------------------------------------ */

static const struct {
	const char *family;
	double size;
} FONTS[SV_F_COUNT] = {
	[SV_F_BODY] = {"IPAexMincho", 10.5},  [SV_F_NOTE] = {"IPAexMincho", 9.0},
	[SV_F_TABLE] = {"IPAexGothic", 9.0},  [SV_F_SUBHEAD] = {"IPAexGothic", 10.5},
	[SV_F_ITEM] = {"IPAexGothic", 11.0},  [SV_F_CHAPTER] = {"IPAexGothic", 13.0},
	[SV_F_TITLE] = {"IPAexGothic", 17.0}, [SV_F_TITLE2] = {"IPAexGothic", 12.0},
	[SV_F_FOOTER] = {"IPAexMincho", 9.0},
};

static enum cnap_err fonts_init(struct cnap_survey_layout *l)
{
	for (int f = 0; f < SV_F_COUNT; f++) {
		PangoFontDescription *d = pango_font_description_new();
		if (!d)
			return sv_nomem(l);
		pango_font_description_set_family(d, FONTS[f].family);
		pango_font_description_set_size(d, (int)(FONTS[f].size * PANGO_SCALE));
		pango_font_description_set_weight(d, PANGO_WEIGHT_NORMAL);
		l->font[f] = d;
		/* One line's height, and the pitch of lines with the font's spacing. */
		const struct cnap_pdf_block *t = sv_text(l, "調\n調", NULL, (enum sv_font)f, 0, PANGO_ALIGN_LEFT);
		if (!t)
			return l->err->code;
		l->line_h[f] = t->n_lines ? t->bottom[0] - t->top[0] : FONTS[f].size;
		l->pitch[f] = t->n_lines > 1 ? t->top[1] - t->top[0] : l->line_h[f];
	}
	return CNAP_OK;
}

/* ---- checks --------------------------------------------------------------- */

static enum cnap_err check_str(struct cnap_survey_layout *l, const char *s, const char *where)
{
	if (cnap_pdf_text_ok(s))
		return CNAP_OK;
	return cnap_fail(l->err, CNAP_EINVAL, where, "文字がUTF-8として正しくありません");
}

static enum cnap_err check_print(struct cnap_survey_layout *l, const struct cnap_survey_print *p)
{
	enum cnap_err rc;
	if ((rc = check_str(l, p->era_year, "era_year")) || (rc = check_str(l, p->association_name, "association")) ||
	    (rc = check_str(l, p->wg_name, "wg")) || (rc = check_str(l, p->version_label, "version")))
		return rc;
	if ((p->n_items && !p->items) || (p->n_tables && !p->tables))
		return cnap_fail(l->err, CNAP_EINVAL, "items", "印刷する項目がありません");
	for (size_t i = 0; i < p->n_items; i++) {
		const struct cnap_print_item *it = &p->items[i];
		const char *where = str(it->key);
		if ((rc = check_str(l, it->key, "item")) || (rc = check_str(l, it->number, where)) ||
		    (rc = check_str(l, it->title, where)))
			return rc;
	}
	for (size_t i = 0; i < p->n_tables; i++) {
		const struct cnap_print_table *t = &p->tables[i];
		const char *where = str(t->code);
		if ((rc = check_str(l, t->code, "table")) || (rc = check_str(l, t->title, where)))
			return rc;
		size_t cells;
		if (!cnap_st_mult(t->rows, t->cols, &cells) || (cells && !t->cells))
			return cnap_fail(l->err, CNAP_EINVAL, where, "表「%s」のセルがありません", str(t->title));
		for (size_t c = 0; c < cells; c++)
			if ((rc = check_str(l, t->cells[c], where)))
				return rc;
		for (size_t n = 0; n < t->n_notes; n++)
			if ((rc = check_str(l, t->notes[n], where)))
				return rc;
	}
	return CNAP_OK;
}

/* ---- what goes where ---------------------------------------------------------- */

static void mark_data_blocks(struct cnap_survey_layout *l, const struct cnap_block *b, size_t n, int depth)
{
	for (size_t i = 0; i < n && depth <= CNAP_DOC_MAX_DEPTH + 1; i++) {
		if (b[i].kind == CNAP_BLK_DATA && b[i].table)
			for (size_t t = 0; t < l->print->n_tables; t++)
				if (!strcmp(str(l->print->tables[t].code), b[i].table))
					l->table_placed[t] = true;
		for (size_t k = 0; b[i].kind == CNAP_BLK_LIST && k < b[i].n_items; k++)
			mark_data_blocks(l, b[i].items[k].children, b[i].items[k].n_children, depth + 1);
	}
}

/* The tables no DATA block shows, printed after the text of item (or after the last item: item SIZE_MAX). */
static bool appended(const struct cnap_survey_layout *l, size_t t, size_t item)
{
	const struct cnap_survey_print *p = l->print;
	if (l->table_placed[t])
		return false;
	const char *key = str(p->tables[t].item_key);
	size_t found = SIZE_MAX;
	for (size_t i = 0; i < p->n_items && found == SIZE_MAX; i++)
		if (!strcmp(str(p->items[i].key), key))
			found = i;
	if (found == SIZE_MAX && p->n_items)
		found = p->n_items - 1;
	return found == item;
}

static bool has_content(const struct cnap_survey_layout *l, size_t item)
{
	const struct cnap_doc *d = l->print->items[item].doc;
	if (d && d->n_blocks)
		return true;
	for (size_t t = 0; t < l->print->n_tables; t++)
		if (appended(l, t, item))
			return true;
	return false;
}

/* ---- the title block and the items -------------------------------------- */

static enum cnap_err title_line(struct cnap_survey_layout *l, const char *s, enum sv_font f, double gap)
{
	if (!s || !*s)
		return CNAP_OK;
	const struct cnap_pdf_block *t = sv_text(l, s, NULL, f, SV_BODY_W, PANGO_ALIGN_CENTER);
	if (!t)
		return l->err->code;
	return sv_lines(l, t, NULL, SV_MARGIN_X, NULL, 0, gap, true, f);
}

static enum cnap_err title_block(struct cnap_survey_layout *l)
{
	const struct cnap_survey_print *p = l->print;
	enum cnap_err rc;
	l->cur_item = SV_NO_ITEM;
	if ((rc = title_line(l, p->era_year, SV_F_TITLE2, 0)) ||
	    (rc = title_line(l, "カーボンニュートラル行動計画", SV_F_TITLE, 6)) ||
	    (rc = title_line(l, "フォローアップ調査票", SV_F_TITLE, 2)) ||
	    (rc = title_line(l, p->association_name, SV_F_TITLE2, 18)) ||
	    (rc = title_line(l, p->wg_name, SV_F_BODY, 4)) || (rc = title_line(l, p->version_label, SV_F_BODY, 2)))
		return rc;
	if (l->n_units) {
		l->units[l->n_units - 1].rule_below = true;
		l->units[l->n_units - 1].keep_with_next = false;
	}
	return CNAP_OK;
}

static enum cnap_err item_heading(struct cnap_survey_layout *l, size_t i, bool content)
{
	const struct cnap_print_item *it = &l->print->items[i];
	const char *number = str(it->number), *title = str(it->title);
	size_t nlen = strlen(number);
	cnap_buf_reset(&l->tmp);
	cnap_buf_adds(&l->tmp, number);
	/* 「Ⅱ．（５）実施した…」 but 「VI. 2050年…」: a space only after an ASCII number. */
	if (nlen && (unsigned char)number[nlen - 1] < 0x80 && number[nlen - 1] != ' ' && *title)
		cnap_buf_addc(&l->tmp, ' ');
	cnap_buf_adds(&l->tmp, title);
	if (l->tmp.status)
		return cnap_buf_error(&l->tmp, l->err, str(it->key));
	bool chapter = it->depth <= 0;
	double x = SV_MARGIN_X + (it->depth > 1 ? (it->depth - 1) * INDENT : 0);
	if (x > SV_MARGIN_X + 3 * INDENT)
		x = SV_MARGIN_X + 3 * INDENT;
	enum sv_font f = chapter ? SV_F_CHAPTER : it->depth == 1 ? SV_F_ITEM : SV_F_SUBHEAD;
	double width = SV_BODY_W - (x - SV_MARGIN_X);
	const struct cnap_pdf_block *t = sv_text(l, l->tmp.data, NULL, f, width, PANGO_ALIGN_LEFT);
	if (!t)
		return l->err->code;
	/* A heading never ends on a line of one or two characters (「等）」): narrowed while it keeps its lines. */
	for (double w = width - FONTS[f].size; t->n_lines >= 2 && cnap_pdf_block_last_line_chars(t) <= SHORT_LAST_LINE &&
					       w > width / 2;
	     w -= FONTS[f].size) {
		const struct cnap_pdf_block *n = sv_text(l, l->tmp.data, NULL, f, w, PANGO_ALIGN_LEFT);
		if (!n)
			return l->err->code;
		if (n->n_lines != t->n_lines)
			break;
		t = n;
	}
	size_t first = l->n_units;
	enum cnap_err rc = sv_lines(l, t, NULL, x, NULL, 0, chapter ? GAP_CHAPTER : GAP_ITEM, true, f);
	if (rc)
		return rc;
	if (l->n_units > first) {
		l->units[first].item_start = true;
		struct sv_unit *last = &l->units[l->n_units - 1];
		last->rule_below = chapter;
		/* A chapter keeps with its first item; an item heading with its first line of text. */
		last->keep_with_next = chapter || content;
	}
	return CNAP_OK;
}

static void mark_block_start(struct cnap_survey_layout *l, size_t from)
{
	if (l->n_units > from)
		l->units[from].block_start = true;
}

static enum cnap_err item_units(struct cnap_survey_layout *l, size_t i)
{
	const struct cnap_print_item *it = &l->print->items[i];
	enum cnap_err rc;
	l->cur_item = i;
	l->cur_block = 0;
	l->cur_part = 0;
	bool content = has_content(l, i);
	if ((rc = item_heading(l, i, content)))
		return rc;
	int depth = it->depth < 0 ? 0 : it->depth > 3 ? 3 : it->depth;
	double x = SV_MARGIN_X + depth * INDENT, width = SV_BODY_W - depth * INDENT;
	size_t n_blocks = it->doc ? it->doc->n_blocks : 0;
	for (size_t b = 0; b < n_blocks; b++) {
		l->cur_block = b;
		l->cur_part = 0;
		size_t from = l->n_units;
		if ((rc = sv_block(l, &it->doc->blocks[b], x, width)))
			return rc;
		mark_block_start(l, from);
	}
	size_t k = 0;
	for (size_t t = 0; t < l->print->n_tables; t++) {
		if (!appended(l, t, i))
			continue;
		l->cur_block = n_blocks + k++;
		size_t from = l->n_units;
		if ((rc = sv_data_table(l, &l->print->tables[t], x, width)))
			return rc;
		mark_block_start(l, from);
	}
	return CNAP_OK;
}

/* ---- pages ----------------------------------------------------------------- */

static bool place(struct cnap_survey_layout *l, size_t unit, int page, double y, bool repeated)
{
	if (l->n_places == l->cap_places) {
		size_t cap = l->cap_places ? 2 * l->cap_places : 256;
		struct sv_place *v = cnap_realloc(l->places, cap * sizeof(*v));
		if (!v)
			return false;
		l->places = v;
		l->cap_places = cap;
	}
	l->places[l->n_places++] = (struct sv_place){.unit = unit, .page = page, .y = y, .repeated = repeated};
	return true;
}

/* Height from unit i through the units it keeps with (capped a little past a page). */
static double chain_height(const struct cnap_survey_layout *l, size_t i, bool at_top)
{
	double h = 0;
	for (size_t j = i; j < l->n_units; j++) {
		const struct sv_unit *u = &l->units[j];
		h += (j == i && at_top ? 0 : u->space_before) + u->h;
		if (!u->keep_with_next || h > 2 * SV_BODY_H)
			break;
	}
	return h;
}

static enum cnap_err paginate(struct cnap_survey_layout *l)
{
	int page = 1;
	double y = SV_MARGIN_TOP;
	bool top = true;
	for (size_t i = 0; i < l->n_units; i++) {
		const struct sv_unit *u = &l->units[i];
		bool brk = false;
		if (!top) {
			double chain = chain_height(l, i, false);
			if (y + chain > SV_BODY_BOTTOM + EPS && chain_height(l, i, true) <= SV_BODY_H + EPS)
				brk = true;
			else if (y + u->space_before + u->h > SV_BODY_BOTTOM + EPS)
				brk = true;
		}
		if (brk) {
			if (++page > CNAP_SURVEY_MAX_PAGES)
				return cnap_fail(l->err, CNAP_ETOOBIG, "pdf", "調査票が%dページを超えます",
						 CNAP_SURVEY_MAX_PAGES);
			y = SV_MARGIN_TOP;
			top = true;
			/* A table that goes on: its heading rows again first. */
			if (u->kind == SV_ROW && !u->header && u->table) {
				for (size_t h = 0; h < u->table->n_header; h++) {
					size_t hu = u->table->first_header + h;
					if (!place(l, hu, page, y, true))
						return sv_nomem(l);
					y += l->units[hu].h;
				}
			}
		}
		y += top ? 0 : u->space_before;
		if (!place(l, i, page, y, false))
			return sv_nomem(l);
		y += u->h;
		top = false;
	}
	l->n_pages = page;
	return CNAP_OK;
}

/* ---- the API ---------------------------------------------------------------- */

void cnap_survey_layout_free(struct cnap_survey_layout *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n_blocks; i++)
		cnap_pdf_block_release(l->blocks[i]);
	free(l->blocks);
	free(l->units);
	free(l->places);
	for (int f = 0; f < SV_F_COUNT; f++)
		if (l->font[f])
			pango_font_description_free(l->font[f]);
	cnap_pdf_abort(&l->pdf);
	cnap_buf_release(&l->tmp);
	cnap_arena_release(&l->arena);
	free(l);
}

enum cnap_err cnap_survey_layout(const struct cnap_survey_print *print, struct cnap_survey_layout **out,
				 struct cnap_error *err)
{
	*out = NULL;
	if (!print)
		return cnap_fail(err, CNAP_EINVAL, "print", "印刷する調査票がありません");
	struct cnap_survey_layout *l = cnap_calloc(1, sizeof(*l));
	if (!l)
		return cnap_fail(err, CNAP_ENOMEM, "pdf", "out of memory");
	/* err may be NULL; the layout reports into a record of its own and copies it out. */
	struct cnap_error own;
	cnap_error_clear(&own);
	l->err = &own;
	l->print = print;
	cnap_arena_init(&l->arena);
	cnap_buf_init(&l->tmp, (size_t)4 * 1024 * 1024);
	enum cnap_err rc = check_print(l, print);
	if (!rc)
		rc = cnap_pdf_open_measure(&l->pdf, l->err);
	if (!rc)
		rc = fonts_init(l);
	if (!rc && print->n_tables && !(l->table_placed = cnap_arena_calloc(&l->arena, print->n_tables, sizeof(bool))))
		rc = sv_nomem(l);
	for (size_t i = 0; !rc && i < print->n_items; i++)
		if (print->items[i].doc)
			mark_data_blocks(l, print->items[i].doc->blocks, print->items[i].doc->n_blocks, 0);
	if (!rc)
		rc = title_block(l);
	for (size_t i = 0; !rc && i < print->n_items; i++)
		rc = item_units(l, i);
	if (!rc)
		rc = paginate(l);
	if (rc) {
		if (err)
			*err = own;
		cnap_survey_layout_free(l);
		return rc;
	}
	l->err = NULL;
	*out = l;
	return CNAP_OK;
}

int cnap_survey_layout_page_count(const struct cnap_survey_layout *l)
{
	return l ? l->n_pages : 0;
}

enum cnap_err cnap_survey_layout_pages(const struct cnap_survey_layout *l, struct cnap_arena *a,
				       struct cnap_survey_pages *out, struct cnap_error *err)
{
	const struct cnap_survey_print *p = l->print;
	memset(out, 0, sizeof(*out));
	out->n_pages = l->n_pages;
	out->n_items = p->n_items;
	out->items = cnap_arena_calloc(a, p->n_items + 1, sizeof(*out->items));
	if (!out->items)
		return cnap_fail(err, CNAP_ENOMEM, "pdf", "out of memory");
	/* Blocks per item: the text's, then the appended tables. */
	size_t *breaks = cnap_arena_calloc(a, p->n_items + 1, sizeof(size_t));
	if (!breaks)
		return cnap_fail(err, CNAP_ENOMEM, "pdf", "out of memory");
	for (size_t i = 0; i < p->n_items; i++) {
		struct cnap_survey_item_pages *ip = &out->items[i];
		ip->key = p->items[i].key;
		size_t nb = p->items[i].doc ? p->items[i].doc->n_blocks : 0;
		for (size_t t = 0; t < p->n_tables; t++)
			nb += appended(l, t, i);
		ip->n_blocks = nb;
		ip->block_page = cnap_arena_calloc(a, nb + 1, sizeof(int));
		if (!ip->block_page)
			return cnap_fail(err, CNAP_ENOMEM, "pdf", "out of memory");
	}
	/* Count the breaks (pass 0), then fill them (pass 1). */
	int prev_page;
	bool page_open = false; /* the current page got its first own unit */
	for (int pass = 0; pass < 2; pass++) {
		prev_page = 0;
		for (size_t k = 0; k < l->n_places; k++) {
			const struct sv_place *pl = &l->places[k];
			if (pl->page != prev_page) {
				prev_page = pl->page;
				page_open = false;
			}
			if (pl->repeated)
				continue;
			const struct sv_unit *u = &l->units[pl->unit];
			bool first = !page_open;
			page_open = true;
			if (u->item == SV_NO_ITEM || u->item >= p->n_items)
				continue;
			struct cnap_survey_item_pages *ip = &out->items[u->item];
			if (pass == 0) {
				if (u->item_start)
					ip->page = pl->page;
				ip->last_page = pl->page;
				if (u->block_start && u->block < ip->n_blocks && !ip->block_page[u->block])
					ip->block_page[u->block] = pl->page;
				if (first && !u->item_start)
					breaks[u->item]++;
			} else if (first && !u->item_start) {
				ip->breaks[ip->n_breaks++] = (struct cnap_survey_break){
					.block = u->block, .part = u->part, .offset = u->offset, .page = pl->page};
			}
		}
		if (pass == 0)
			for (size_t i = 0; i < p->n_items; i++) {
				out->items[i].breaks = cnap_arena_calloc(a, breaks[i] + 1, sizeof(struct cnap_survey_break));
				if (!out->items[i].breaks)
					return cnap_fail(err, CNAP_ENOMEM, "pdf", "out of memory");
			}
	}
	/* A block that printed nothing (an empty paragraph) is on the page of what came before it. */
	for (size_t i = 0; i < p->n_items; i++) {
		struct cnap_survey_item_pages *ip = &out->items[i];
		int last = ip->page;
		for (size_t b = 0; b < ip->n_blocks; b++) {
			if (!ip->block_page[b])
				ip->block_page[b] = last;
			last = ip->block_page[b];
		}
	}
	return CNAP_OK;
}
