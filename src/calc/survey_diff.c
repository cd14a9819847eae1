/*
 * calc/survey_diff.h: the items of two outlines merged in order, their
 * texts compared, and the tables' cells compared and named.
 */
#include "base/compat.h"
#include "base/jpfmt.h"
#include "calc/form_calc.h"
#include "calc/survey_diff.h"

#include <math.h>
#include <string.h>

#define DASH "—"

const char *cnap_item_change_name(enum cnap_item_change c)
{
	static const char *const names[] = {"same", "changed", "added", "removed"};
	return (unsigned)c < CNAP_ARRAY_LEN(names) ? names[c] : "?";
}

const char *cnap_item_change_label_ja(enum cnap_item_change c)
{
	static const char *const labels[] = {"変更なし", "変更あり", "追加", "削除"};
	return (unsigned)c < CNAP_ARRAY_LEN(labels) ? labels[c] : "?";
}

static const char *text_of(const struct cnap_survey_diff_side *s, const char *key)
{
	for (size_t i = 0; i < s->n_texts; i++)
		if (strcmp(s->texts[i].item_key, key) == 0)
			return s->texts[i].text ? s->texts[i].text : "";
	return "";
}

static const struct cnap_survey_item *item_in(const struct cnap_template *t, const char *key)
{
	for (size_t i = 0; t && i < t->n_items; i++)
		if (strcmp(t->items[i].key, key) == 0)
			return &t->items[i];
	return NULL;
}

/* ---- cells ---- */

struct cells {
	struct cnap_cell_change *v;
	const char **item; /* the item key of each */
	size_t n, cap, cap_item;
};

struct ctx {
	struct cnap_arena *a;
	const struct cnap_survey_diff_side *old_side, *new_side;
	struct cells cells;
	bool oom;
};

static int decimals_shown(const char *s)
{
	const char *dot = s ? strchr(s, '.') : NULL;
	int n = 0;
	while (dot && dot[1 + n] >= '0' && dot[1 + n] <= '9' && n < CNAP_JP_MAX_DECIMALS)
		n++;
	return n;
}

static const char *number_text(struct ctx *c, const struct cnap_form_line *l, const struct cnap_form_cell *cell)
{
	if (cell->computed && cell->text)
		return cell->text; /* already for display */
	if (l->decimals >= 0)
		return cnap_form_display_number(c->a, l, cell->num);
	char buf[CNAP_JP_NUMBER_BUFSZ];
	if (cnap_jp_format_number(cell->num, decimals_shown(cell->text), CNAP_JP_NUM_THOUSANDS, buf, sizeof buf))
		return "";
	return cnap_arena_strdup(c->a, buf);
}

/* ▲ for a decrease (jpfmt), + for an increase, nothing for what rounds to zero. */
static const char *signed_text(struct ctx *c, double v, int decimals, unsigned flags)
{
	char buf[CNAP_JP_NUMBER_BUFSZ];
	if (cnap_jp_format_number(v, decimals, flags | CNAP_JP_NUM_THOUSANDS, buf, sizeof buf))
		return DASH;
	bool nonzero = strpbrk(buf, "123456789") != NULL;
	return v > 0 && nonzero ? cnap_arena_printf(c->a, "+%s", buf) : cnap_arena_strdup(c->a, buf);
}

static const char *choice_label(const struct cnap_form_line *l, const char *code)
{
	for (size_t i = 0; code && i < l->n_choices; i++)
		if (strcmp(l->choices[i].code, code) == 0)
			return l->choices[i].label;
	return code;
}

static bool present(const struct cnap_form_cell *cell)
{
	return cell && !cell->disabled && (cell->has_num || (cell->text && *cell->text));
}

struct cell_place {
	const struct cnap_form_table *table; /* the new side's when it has the table */
	const struct cnap_form_line *line;
	const char *row_label, *col_label;
	const char *unit;
};

static void add_change(struct ctx *c, const struct cell_place *p, const struct cnap_form_cell *o,
		       const struct cnap_form_cell *n)
{
	bool has_o = present(o), has_n = present(n);
	if (!has_o && !has_n)
		return;
	const struct cnap_form_line *l = p->line;
	bool number = l->type == CNAP_FT_NUMBER || l->type == CNAP_FT_YEAR;
	struct cnap_cell_change ch = {
		.table_code = p->table->code,
		.table_title = p->table->title,
		.row_label = p->row_label,
		.col_label = p->col_label,
		.line_code = l->code,
		.unit = p->unit,
		.kind = number ? CNAP_CELL_NUMBER : CNAP_CELL_TEXT,
		.computed = l->computed,
		.old_text = DASH,
		.new_text = DASH,
		.difference_text = DASH,
		.percent_text = DASH,
	};
	if (number) {
		ch.has_old = has_o && o->has_num;
		ch.has_new = has_n && n->has_num;
		if (ch.has_old == ch.has_new && (!ch.has_old || o->num == n->num))
			return;
		if (ch.has_old) {
			ch.old_value = o->num;
			ch.old_text = number_text(c, l, o);
		}
		if (ch.has_new) {
			ch.new_value = n->num;
			ch.new_text = number_text(c, l, n);
		}
		if (ch.has_old && ch.has_new) {
			int dec = decimals_shown(ch.old_text) > decimals_shown(ch.new_text) ? decimals_shown(ch.old_text)
											       : decimals_shown(ch.new_text);
			ch.has_difference = true;
			ch.difference = n->num - o->num;
			ch.difference_text = signed_text(c, ch.difference, dec, 0);
			if (o->num != 0) {
				ch.has_percent = true;
				ch.percent = ch.difference / fabs(o->num) * 100.0;
				ch.percent_text = signed_text(c, ch.percent, 1, CNAP_JP_NUM_PERCENT);
			}
		}
	} else {
		const char *ot = has_o ? o->text : NULL, *nt = has_n ? n->text : NULL;
		if (strcmp(ot ? ot : "", nt ? nt : "") == 0)
			return;
		ch.has_old = ot != NULL;
		ch.has_new = nt != NULL;
		if (ot)
			ch.old_text = choice_label(l, ot);
		if (nt)
			ch.new_text = choice_label(l, nt);
	}
	struct cnap_cell_change *v = cnap_arena_grow(c->a, c->cells.v, c->cells.n, &c->cells.cap, sizeof *v);
	const char **it = v ? cnap_arena_grow(c->a, c->cells.item, c->cells.n, &c->cells.cap_item, sizeof *it) : NULL;
	if (!v || !it || (ch.old_text == NULL || ch.new_text == NULL || !ch.difference_text || !ch.percent_text)) {
		c->oom = true;
		return;
	}
	c->cells.v = v;
	c->cells.item = it;
	c->cells.item[c->cells.n] = p->table->item;
	c->cells.v[c->cells.n++] = ch;
}

static const struct cnap_form_grid *grid_of(const struct cnap_survey_diff_side *s, const char *code)
{
	for (size_t i = 0; s && i < s->n_grids; i++)
		if (s->grids[i].table && strcmp(s->grids[i].table->code, code) == 0)
			return &s->grids[i];
	return NULL;
}

static size_t line_index(const struct cnap_form_table *t, const char *code)
{
	for (size_t i = 0; t && i < t->n_lines; i++)
		if (strcmp(t->lines[i].code, code) == 0)
			return i;
	return SIZE_MAX;
}

static const struct cnap_form_cell *cell_at(const struct cnap_form_grid *g, size_t row, size_t col)
{
	if (!g || row >= g->n_rows || col >= g->n_cols)
		return NULL;
	return &g->cells[row * g->n_cols + col];
}

static size_t year_col(const struct cnap_form_grid *g, enum cnap_year_role r)
{
	for (size_t c = 0; g && c < g->table->n_years; c++)
		if (g->table->years[c] == r)
			return c;
	return SIZE_MAX;
}

/* 「当年度実績（2023年度）」, or with both years when they differ (「当年度実績（2022年度→2023年度）」). */
static const char *year_label(struct ctx *c, enum cnap_year_role r, const struct cnap_form_grid *o,
			      const struct cnap_form_grid *n)
{
	int yo = o ? o->years.year[r] : 0, yn = n ? n->years.year[r] : 0;
	if (yo && yn && yo != yn)
		return cnap_arena_printf(c->a, "%s（%d年度→%d年度）", cnap_year_role_label_ja(r), yo, yn);
	return cnap_form_year_heading(c->a, r, n ? &n->years : &o->years);
}

static const char *unit_of(struct ctx *c, const struct cnap_form_line *l, bool from_new)
{
	const struct cnap_survey_data *d = from_new ? c->new_side->data : c->old_side->data;
	return l->unit ? cnap_form_unit(c->a, l, d) : NULL;
}

/* YEARS and FIELDS: rows are lines, matched by code (the new side's first, then the old side's own). */
static void compare_lines(struct ctx *c, const struct cnap_form_grid *o, const struct cnap_form_grid *n)
{
	const struct cnap_form_table *tn = n ? n->table : NULL, *to = o ? o->table : NULL;
	const struct cnap_form_table *t = tn ? tn : to;
	for (int pass = 0; pass < 2; pass++) {
		const struct cnap_form_table *walk = pass == 0 ? tn : to;
		for (size_t li = 0; walk && li < walk->n_lines; li++) {
			const struct cnap_form_line *l = &walk->lines[li];
			size_t ri_n = pass == 0 ? li : line_index(tn, l->code);
			size_t ri_o = pass == 1 ? li : line_index(to, l->code);
			if (pass == 1 && ri_n != SIZE_MAX)
				continue; /* compared in the first pass */
			struct cell_place p = {.table = t, .line = l, .row_label = l->label, .col_label = ""};
			p.unit = unit_of(c, l, pass == 0);
			if (t->layout == CNAP_FORM_FIELDS) {
				add_change(c, &p, cell_at(o, ri_o, 0), cell_at(n, ri_n, 0));
				continue;
			}
			for (int r = 0; r < CNAP_YR_COUNT; r++) {
				size_t cn = year_col(n, (enum cnap_year_role)r), co = year_col(o, (enum cnap_year_role)r);
				if (cn == SIZE_MAX && co == SIZE_MAX)
					continue;
				p.col_label = year_label(c, (enum cnap_year_role)r, co != SIZE_MAX ? o : NULL,
							 cn != SIZE_MAX ? n : NULL);
				add_change(c, &p, cell_at(o, ri_o, co), cell_at(n, ri_n, cn));
			}
		}
	}
}

/* The key of a record: its first text column, when filled. */
static const char *record_key(const struct cnap_form_grid *g, size_t row)
{
	for (size_t col = 0; col < g->n_cols; col++) {
		const struct cnap_form_line *l = &g->table->lines[col];
		if (l->type == CNAP_FT_TEXT) {
			const struct cnap_form_cell *cell = cell_at(g, row, col);
			return cell && cell->text && *cell->text ? cell->text : NULL;
		}
	}
	return NULL;
}

static bool row_empty(const struct cnap_form_grid *g, size_t row)
{
	for (size_t col = 0; g && col < g->n_cols; col++)
		if (!g->table->lines[col].computed && present(cell_at(g, row, col)))
			return false;
	return true;
}

/* One record: row ro of o against row rn of n (SIZE_MAX: none), column by column, matched by code. */
static void compare_record(struct ctx *c, const struct cnap_form_grid *o, size_t ro, const struct cnap_form_grid *n,
			   size_t rn)
{
	const struct cnap_form_grid *g = rn != SIZE_MAX ? n : o; /* the side whose row is named */
	size_t row = rn != SIZE_MAX ? rn : ro;
	const char *key = record_key(g, row);
	struct cell_place p = {.table = n ? n->table : o->table};
	p.row_label = key ? cnap_arena_printf(c->a, "%zu行目（%s）", row + 1, key)
			  : cnap_arena_printf(c->a, "%zu行目", row + 1);
	for (int pass = 0; pass < 2; pass++) {
		const struct cnap_form_grid *walk = pass == 0 ? n : o;
		for (size_t col = 0; walk && col < walk->table->n_lines; col++) {
			const struct cnap_form_line *l = &walk->table->lines[col];
			if (pass == 1 && n && line_index(n->table, l->code) != SIZE_MAX)
				continue; /* compared in the first pass */
			p.line = l;
			p.col_label = l->label;
			p.unit = unit_of(c, l, pass == 0);
			const struct cnap_form_cell *oc = ro == SIZE_MAX ? NULL : cell_at(o, ro, line_index(o->table, l->code));
			const struct cnap_form_cell *nc = rn == SIZE_MAX ? NULL : cell_at(n, rn, line_index(n->table, l->code));
			add_change(c, &p, oc, nc);
		}
	}
}

/* RECORDS: rows matched by key, then the keyless ones by their order. */
static void compare_records(struct ctx *c, const struct cnap_form_grid *o, const struct cnap_form_grid *n)
{
	size_t no = o ? o->n_rows : 0, nn = n ? n->n_rows : 0;
	size_t *match = cnap_arena_calloc(c->a, nn + 1, sizeof *match);
	bool *used = cnap_arena_calloc(c->a, no + 1, sizeof *used);
	if (!match || !used) {
		c->oom = true;
		return;
	}
	size_t next_keyless = 0;
	for (size_t r = 0; r < nn; r++) {
		match[r] = SIZE_MAX;
		if (row_empty(n, r))
			continue;
		const char *k = record_key(n, r);
		for (size_t q = 0; q < no && match[r] == SIZE_MAX; q++) {
			if (used[q] || row_empty(o, q))
				continue;
			const char *kq = record_key(o, q);
			if (k ? kq && strcmp(k, kq) == 0 : !kq && q >= next_keyless) {
				match[r] = q;
				used[q] = true;
				if (!k)
					next_keyless = q + 1;
			}
		}
	}
	for (size_t r = 0; r < nn; r++)
		if (!row_empty(n, r))
			compare_record(c, o, match[r], n, r);
	for (size_t q = 0; q < no; q++)
		if (!used[q] && !row_empty(o, q))
			compare_record(c, o, q, n, SIZE_MAX);
}

static void compare_tables(struct ctx *c)
{
	const struct cnap_survey_diff_side *sides[2] = {c->new_side, c->old_side};
	for (int s = 0; s < 2; s++)
		for (size_t i = 0; i < sides[s]->n_grids && !c->oom; i++) {
			const struct cnap_form_grid *g = &sides[s]->grids[i];
			const char *code = g->table->code;
			if (s == 1 && grid_of(c->new_side, code))
				continue; /* done with the new side's */
			const struct cnap_form_grid *n = s == 0 ? g : NULL, *o = s == 0 ? grid_of(c->old_side, code) : g;
			if (o && n && o->table->layout != n->table->layout)
				o = NULL; /* a table that changed its shape is compared with nothing */
			if (g->table->layout == CNAP_FORM_RECORDS)
				compare_records(c, o, n);
			else
				compare_lines(c, o, n);
		}
}

/* ---- items ---- */

struct pair {
	const struct cnap_survey_item *o, *n;
};

/* The new outline's items in order, each old-only item after the old item it followed. */
static struct pair *merge_items(struct cnap_arena *a, const struct cnap_template *to, const struct cnap_template *tn,
				size_t *count)
{
	size_t no = to ? to->n_items : 0, nn = tn ? tn->n_items : 0, k = 0;
	struct pair *v = cnap_arena_calloc(a, no + nn + 1, sizeof *v);
	if (!v)
		return NULL;
	/* old-only items before the first one the new outline has */
	for (size_t q = 0; q < no && !item_in(tn, to->items[q].key); q++)
		v[k++] = (struct pair){&to->items[q], NULL};
	for (size_t i = 0; i < nn; i++) {
		const struct cnap_survey_item *it = &tn->items[i];
		v[k++] = (struct pair){item_in(to, it->key), it};
		for (size_t q = 0; q < no; q++)
			if (strcmp(to->items[q].key, it->key) == 0) {
				for (size_t r = q + 1; r < no && !item_in(tn, to->items[r].key); r++)
					v[k++] = (struct pair){&to->items[r], NULL};
				break;
			}
	}
	*count = k;
	return v;
}

static enum cnap_err diff_item(struct ctx *c, const struct pair *p, const struct cnap_diff_options *opt,
			       struct cnap_item_diff *out, struct cnap_error *err)
{
	const struct cnap_survey_item *it = p->n ? p->n : p->o;
	const struct cnap_survey_diff_side *side = p->n ? c->new_side : c->old_side;
	out->key = it->key;
	out->depth = it->depth;
	out->number = cnap_item_number(c->a, side->tmpl, it);
	out->title = cnap_item_title(c->a, it, side->as);
	if (!out->number || !out->title)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	out->old_text = p->o ? text_of(c->old_side, it->key) : "";
	out->new_text = p->n ? text_of(c->new_side, it->key) : "";
	enum cnap_err rc = cnap_text_diff(c->a, out->old_text, strlen(out->old_text), out->new_text,
					  strlen(out->new_text), opt, &out->text, err);
	if (rc) {
		if (*err->where == 'A' || *err->where == 'B')
			snprintf(err->where, sizeof err->where, "%s", it->key);
		return rc;
	}
	out->text_changed = cnap_text_diff_changed(&out->text);
	return CNAP_OK;
}

enum cnap_err cnap_survey_diff(struct cnap_arena *a, const struct cnap_survey_diff_side *old_side,
			       const struct cnap_survey_diff_side *new_side, const struct cnap_diff_options *opt,
			       struct cnap_survey_diff *out, struct cnap_error *err)
{
	memset(out, 0, sizeof *out);
	struct cnap_error local;
	if (!err)
		err = &local;
	struct ctx c = {.a = a, .old_side = old_side, .new_side = new_side};
	size_t n = 0;
	struct pair *pairs = merge_items(a, old_side->tmpl, new_side->tmpl, &n);
	out->items = cnap_arena_calloc(a, n + 1, sizeof *out->items);
	if (!pairs || !out->items)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	out->n_items = n;
	for (size_t i = 0; i < n; i++) {
		enum cnap_err rc = diff_item(&c, &pairs[i], opt, &out->items[i], err);
		if (rc)
			return rc;
		if (out->items[i].text.level != CNAP_DIFF_LEVEL_CHARS)
			out->coarse = true;
	}
	compare_tables(&c);
	if (c.oom)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	out->n_cells = c.cells.n;
	/* each cell to its table's item; a table of no item of the outline to the loose ones */
	bool *placed = cnap_arena_calloc(a, c.cells.n + 1, sizeof *placed);
	if (!placed)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < n; i++) {
		struct cnap_item_diff *d = &out->items[i];
		size_t k = 0;
		for (size_t j = 0; j < c.cells.n; j++)
			k += c.cells.item[j] && strcmp(c.cells.item[j], d->key) == 0;
		d->cells = cnap_arena_calloc(a, k + 1, sizeof *d->cells);
		if (!d->cells)
			return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
		for (size_t j = 0; j < c.cells.n; j++)
			if (c.cells.item[j] && strcmp(c.cells.item[j], d->key) == 0) {
				d->cells[d->n_cells++] = c.cells.v[j];
				placed[j] = true;
			}
		d->change = !pairs[i].o   ? CNAP_ITEM_ADDED
			    : !pairs[i].n ? CNAP_ITEM_REMOVED
			    : d->text_changed || d->n_cells ? CNAP_ITEM_CHANGED
							    : CNAP_ITEM_SAME;
		out->n_changed += d->change != CNAP_ITEM_SAME;
	}
	out->loose_cells = cnap_arena_calloc(a, c.cells.n + 1, sizeof *out->loose_cells);
	if (!out->loose_cells)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	for (size_t j = 0; j < c.cells.n; j++)
		if (!placed[j])
			out->loose_cells[out->n_loose_cells++] = c.cells.v[j];
	return CNAP_OK;
}
