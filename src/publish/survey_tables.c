#include "base/compat.h"
#include "publish/survey_tables.h"

#include "base/jpfmt.h"

#define NONE "－"
#define NO_RECORDS "（記載なし）"

#define NOMEM(err) cnap_fail((err), CNAP_ENOMEM, "pdf", "out of memory")

/* Digits after the point of a number as typed ("12.50" → 2). */
static int typed_decimals(const char *s)
{
	const char *dot = s ? strchr(s, '.') : NULL;
	if (!dot)
		return 0;
	int n = 0;
	for (const char *p = dot + 1; *p >= '0' && *p <= '9' && n < CNAP_JP_MAX_DECIMALS; p++)
		n++;
	return n;
}

/* One cell as printed; *right when it is a number. */
static const char *cell_text(struct cnap_arena *a, const struct cnap_form_line *l, const struct cnap_form_cell *c,
			     bool *right)
{
	*right = false;
	if (c->disabled)
		return NONE;
	if (!c->text || !*c->text)
		return c->computed ? NONE : "";
	if (c->computed) { /* calc/form_calc.h already wrote it for display: 1,234.5, ▲0.0258 */
		*right = c->has_num;
		return c->text;
	}
	switch (l ? l->type : CNAP_FT_TEXT) {
	case CNAP_FT_NUMBER: {
		if (!c->has_num)
			return c->text;
		char buf[CNAP_JP_NUMBER_BUFSZ];
		int dec = l->decimals >= 0 ? l->decimals : typed_decimals(c->text);
		if (cnap_jp_format_number(c->num, dec, CNAP_JP_NUM_THOUSANDS | CNAP_JP_NUM_DASH_INVALID, buf,
					  sizeof(buf)) != CNAP_OK)
			return c->text;
		*right = true;
		return cnap_arena_strdup(a, buf);
	}
	case CNAP_FT_YEAR:
		*right = true;
		return cnap_arena_printf(a, "%s年度", c->text);
	case CNAP_FT_CHOICE:
	case CNAP_FT_BOOL:
		for (size_t i = 0; i < l->n_choices; i++)
			if (!strcmp(l->choices[i].code, c->text))
				return l->choices[i].label;
		return c->text;
	default:
		return c->text;
	}
}

static bool record_empty(const struct cnap_form_grid *g, size_t r)
{
	for (size_t c = 0; c < g->n_cols; c++) {
		const struct cnap_form_cell *cell = &g->cells[r * g->n_cols + c];
		if (!cell->computed && cell->text && *cell->text)
			return false;
	}
	return true;
}

static const char *label_with_unit(struct cnap_arena *a, const struct cnap_form_line *l,
				   const struct cnap_survey_data *d)
{
	const char *unit = cnap_form_unit(a, l, d);
	if (unit && *unit)
		return cnap_arena_printf(a, "%s\n（%s）", l->label ? l->label : "", unit);
	return l->label ? l->label : "";
}

enum cnap_err cnap_survey_print_table(struct cnap_arena *a, const struct cnap_form_grid *g,
				      const struct cnap_survey_data *d, struct cnap_print_table *out,
				      struct cnap_error *err)
{
	const struct cnap_form_table *t = g->table;
	memset(out, 0, sizeof(*out));
	out->code = t->code;
	out->item_key = t->item;
	out->title = t->title;
	out->header_rows = 1;
	size_t body = 0;
	switch (t->layout) {
	case CNAP_FORM_YEARS:
		out->cols = 2 + g->n_cols;
		body = g->n_rows;
		break;
	case CNAP_FORM_RECORDS:
		out->cols = g->n_cols;
		for (size_t r = 0; r < g->n_rows; r++)
			body += !record_empty(g, r);
		if (!body)
			body = 1;
		break;
	default:
		out->cols = 2;
		body = g->n_rows;
		break;
	}
	out->rows = 1 + body;
	size_t n = out->rows * out->cols;
	const char **cells = cnap_arena_calloc(a, n + 1, sizeof(*cells));
	bool *right = cnap_arena_calloc(a, n + 1, sizeof(*right));
	const char **notes = cnap_arena_calloc(a, t->n_lines + 1, sizeof(*notes));
	if (!cells || !right || !notes)
		return NOMEM(err);
	out->cells = cells;
	out->right = right;
	out->notes = notes;
	for (size_t i = 0; i < t->n_lines; i++)
		if (t->lines[i].note && *t->lines[i].note)
			notes[out->n_notes++] = t->lines[i].note;

	size_t cols = out->cols;
	if (t->layout == CNAP_FORM_YEARS) {
		bool *whole = cnap_arena_calloc(a, cols, sizeof(*whole));
		if (!whole)
			return NOMEM(err);
		whole[1] = true; /* 「万t-CO2」 reads badly broken at its hyphen */
		out->whole = whole;
		cells[0] = "項目";
		cells[1] = "単位";
		for (size_t c = 0; c < g->n_cols; c++)
			if (!(cells[2 + c] = cnap_form_year_heading(a, t->years[c], &g->years)))
				return NOMEM(err);
		for (size_t r = 0; r < g->n_rows; r++) {
			const struct cnap_form_line *l = cnap_form_grid_line(g, r, 0);
			const char *unit = l ? cnap_form_unit(a, l, d) : NULL;
			cells[(r + 1) * cols] = l && l->label ? l->label : "";
			cells[(r + 1) * cols + 1] = unit ? unit : "";
			for (size_t c = 0; c < g->n_cols; c++) {
				size_t i = (r + 1) * cols + 2 + c;
				if (!(cells[i] = cell_text(a, l, &g->cells[r * g->n_cols + c], &right[i])))
					return NOMEM(err);
			}
		}
	} else if (t->layout == CNAP_FORM_RECORDS) {
		for (size_t c = 0; c < cols; c++) {
			const struct cnap_form_line *l = cnap_form_grid_line(g, 0, c);
			if (!(cells[c] = l ? label_with_unit(a, l, d) : ""))
				return NOMEM(err);
		}
		size_t row = 1;
		for (size_t r = 0; r < g->n_rows; r++) {
			if (record_empty(g, r))
				continue;
			for (size_t c = 0; c < cols; c++) {
				size_t i = row * cols + c;
				if (!(cells[i] = cell_text(a, cnap_form_grid_line(g, r, c), &g->cells[r * g->n_cols + c],
							   &right[i])))
					return NOMEM(err);
			}
			row++;
		}
		if (row == 1)
			cells[cols] = NO_RECORDS;
	} else {
		cells[0] = "項目";
		cells[1] = "内容";
		for (size_t r = 0; r < g->n_rows; r++) {
			const struct cnap_form_line *l = cnap_form_grid_line(g, r, 0);
			bool num = false;
			const char *v = g->n_cols ? cell_text(a, l, &g->cells[r * g->n_cols], &num) : "";
			const char *unit = l && v && *v && strcmp(v, NONE) ? cnap_form_unit(a, l, d) : NULL;
			if (!v)
				return NOMEM(err);
			cells[(r + 1) * cols] = l && l->label ? l->label : "";
			cells[(r + 1) * cols + 1] = unit && *unit ? cnap_arena_printf(a, "%s %s", v, unit) : v;
			if (!cells[(r + 1) * cols + 1])
				return NOMEM(err);
		}
	}
	for (size_t i = 0; i < n; i++)
		if (!cells[i])
			cells[i] = "";
	return CNAP_OK;
}
