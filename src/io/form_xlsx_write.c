#include "base/compat.h"
#include "base/isotime.h"
#include "base/jpfmt.h"
#include "base/tmpfile.h"
#include "base/utf8.h"
#include "io/form_xlsx_write.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define FONT "游ゴシック"
#define FILL_INPUT 0xFFF2CC    /* light yellow: type here */
#define FILL_COMPUTED 0xEDEDED /* light grey: computed, locked */
#define FILL_DISABLED 0xBFBFBF /* no year for this column */
#define FILL_HEAD 0xDDEBF7
#define MAX_DECIMALS 12 /* number formats kept per kind: decimals 0..11 */

void cnap_form_xlsx_cell(const struct cnap_form_table *t, size_t row, size_t col, uint32_t *sheet_row,
			 uint32_t *sheet_col)
{
	*sheet_row = CNAP_FORM_XLSX_HEAD_ROW + 1 + (uint32_t)row;
	*sheet_col = t->layout == CNAP_FORM_RECORDS ? 1 + (uint32_t)col
		   : t->layout == CNAP_FORM_FIELDS  ? 2
						    : 2 + (uint32_t)col;
}

/* ---- the workbook being written: the first failure sticks ---- */

struct formats {
	lxw_format *title, *sub, *intro, *legend, *head, *label, *unit, *no, *note, *end;
	lxw_format *text_in, *year_in, *choice_in, *general_in, *disabled, *mirror;
	lxw_format *cover_key, *cover_val, *cover_title, *meta;
	lxw_format *num_in[MAX_DECIMALS], *num_out[MAX_DECIMALS], *num_mirror[MAX_DECIMALS];
};

struct wb {
	lxw_workbook *wb;
	const struct cnap_form_book *book;
	struct cnap_arena a;
	struct formats f;
	lxw_error failed;
	bool oom;
};

static void put(struct wb *w, lxw_error e)
{
	if (e != LXW_NO_ERROR && w->failed == LXW_NO_ERROR)
		w->failed = e;
}

static const char *need(struct wb *w, const char *s)
{
	if (!s)
		w->oom = true;
	return s ? s : "";
}

/* What a format has beside the font: weight, border, wrapping, alignment, colours. */
enum fmt_flags { F_BOLD = 1 << 0, F_BORDER = 1 << 1, F_WRAP = 1 << 2, F_CENTER = 1 << 3, F_TOP = 1 << 4,
		 F_GREY = 1 << 5, F_HEAD = 1 << 6 };

static lxw_format *base_format(struct wb *w, int size, unsigned flags)
{
	static const struct {
		unsigned flag;
		void (*set)(lxw_format *);
	} switches[] = { { F_BOLD, format_set_bold }, { F_WRAP, format_set_text_wrap } };
	lxw_format *f = workbook_add_format(w->wb);
	if (!f) {
		w->failed = LXW_ERROR_MEMORY_MALLOC_FAILED;
		return NULL;
	}
	format_set_font_name(f, FONT);
	format_set_font_size(f, size);
	for (size_t i = 0; i < CNAP_ARRAY_LEN(switches); i++)
		if (flags & switches[i].flag)
			switches[i].set(f);
	format_set_border(f, flags & F_BORDER ? LXW_BORDER_THIN : LXW_BORDER_NONE);
	format_set_align(f, flags & F_TOP ? LXW_ALIGN_VERTICAL_TOP : LXW_ALIGN_VERTICAL_CENTER);
	if (flags & F_CENTER)
		format_set_align(f, LXW_ALIGN_CENTER);
	if (flags & F_GREY)
		format_set_font_color(f, 0x595959);
	if (flags & F_HEAD)
		format_set_bg_color(f, FILL_HEAD);
	return f;
}

static lxw_format *cell_format(struct wb *w, uint32_t fill, bool unlocked, const char *num_format)
{
	lxw_format *f = base_format(w, 10, F_BORDER);
	if (!f)
		return NULL;
	if (fill)
		format_set_bg_color(f, fill);
	if (unlocked)
		format_set_unlocked(f);
	if (num_format)
		format_set_num_format(f, num_format);
	return f;
}

/*
 * "#,##0.0#########": the line's decimals always shown, more when typed (an
 * input of 0.0258 in a line of one decimal shows as typed); negatives as
 * ▲ like the printed tables.
 */
static const char *number_format(char *buf, size_t size, int decimals, int optional)
{
	char frac[64] = "";
	size_t n = 0;
	for (int i = 0; i < decimals && n + 1 < sizeof(frac); i++)
		frac[n++] = '0';
	for (int i = 0; i < optional && n + 1 < sizeof(frac); i++)
		frac[n++] = '#';
	frac[n] = '\0';
	snprintf(buf, size, "#,##0%s%s;\"▲\"#,##0%s%s", n ? "." : "", frac, n ? "." : "", frac);
	return buf;
}

/* A number cell's format from a cache by decimals: made on first use, filled and locked as its kind is. */
static lxw_format *decimals_format(struct wb *w, lxw_format **cache, int d, int optional, uint32_t fill, bool unlocked)
{
	if (d >= MAX_DECIMALS)
		d = MAX_DECIMALS - 1;
	if (!cache[d]) {
		char buf[128];
		cache[d] = cell_format(w, fill, unlocked, number_format(buf, sizeof(buf), d, optional));
		if (cache[d])
			format_set_align(cache[d], LXW_ALIGN_RIGHT);
	}
	return cache[d];
}

/* Inputs: the line's decimals plus what was typed; a line of whole numbers without a point. */
static lxw_format *input_number_format(struct wb *w, const struct cnap_form_line *l, double v, bool has)
{
	int d = l->decimals;
	if (d < 0 || (d == 0 && has && v != floor(v)))
		return w->f.general_in;
	return decimals_format(w, w->f.num_in, d, d ? 10 - d : 0, FILL_INPUT, true);
}

/* A cell showing another table's input: shown as that input is, but grey and locked. */
static lxw_format *mirror_format(struct wb *w, const struct cnap_form_line *l)
{
	int d = l->decimals;
	return d < 0 ? w->f.mirror : decimals_format(w, w->f.num_mirror, d, d ? 10 - d : 0, FILL_COMPUTED, false);
}

/* Computed: the line's decimals, widened (as calc/form_calc.h shows them) until three digits of a small value show. */
static lxw_format *computed_format(struct wb *w, const struct cnap_form_line *l, double v, bool has)
{
	int d = l->decimals >= 0 ? l->decimals : 3;
	if (has && v != 0 && fabs(v) < 1.0)
		while (d < 10 && fabs(v) * pow(10, d) < 100)
			d++;
	return decimals_format(w, w->f.num_out, d, 0, FILL_COMPUTED, false);
}

static void make_formats(struct wb *w)
{
	struct formats *f = &w->f;
	const struct {
		lxw_format **out;
		int size;
		unsigned flags;
	} texts[] = {
		{ &f->title, 14, F_BOLD },
		{ &f->sub, 10, 0 },
		{ &f->intro, 10, F_WRAP | F_TOP },
		{ &f->legend, 9, F_WRAP | F_GREY },
		{ &f->head, 10, F_BOLD | F_BORDER | F_WRAP | F_CENTER | F_HEAD },
		{ &f->label, 10, F_BORDER | F_WRAP },
		{ &f->unit, 9, F_BORDER | F_WRAP | F_CENTER },
		{ &f->no, 10, F_BORDER | F_CENTER },
		{ &f->note, 9, F_WRAP | F_TOP },
		{ &f->end, 9, F_GREY },
		{ &f->cover_title, 16, F_BOLD },
		{ &f->cover_key, 10, F_BOLD | F_BORDER | F_WRAP | F_TOP | F_HEAD },
		{ &f->cover_val, 10, F_BORDER | F_WRAP | F_TOP },
		{ &f->meta, 10, 0 },
	};
	for (size_t i = 0; i < CNAP_ARRAY_LEN(texts) && !w->failed; i++)
		*texts[i].out = base_format(w, texts[i].size, texts[i].flags);
	f->text_in = cell_format(w, FILL_INPUT, true, "@");
	f->year_in = cell_format(w, FILL_INPUT, true, "0");
	f->choice_in = cell_format(w, FILL_INPUT, true, "@");
	f->general_in = cell_format(w, FILL_INPUT, true, NULL);
	f->disabled = cell_format(w, FILL_DISABLED, false, NULL);
	f->mirror = cell_format(w, FILL_COMPUTED, false, NULL);
	if (w->failed)
		return;
	format_set_align(f->year_in, LXW_ALIGN_CENTER);
	format_set_text_wrap(f->text_in);
}

/* ---- text helpers ---- */

/* Display width in half-width columns (East Asian wide characters take two). */
static size_t text_width(const char *s)
{
	size_t w = 0;
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
		if ((*p & 0xC0) != 0x80)
			w += *p >= 0xE0 ? 2 : 1;
	return w;
}

/* A row tall enough for text wrapped in width columns (LibreOffice and Excel do not fit merged cells). */
static double wrapped_height(const char *s, double width, double line_points)
{
	size_t lines = 0, w = 0;
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if (*p == '\n') {
			lines++;
			w = 0;
			continue;
		}
		if ((*p & 0xC0) == 0x80)
			continue;
		w += *p >= 0xE0 ? 2 : 1;
		if ((double)w > width * 1.05) { /* a character column holds a little more than one digit */
			lines++;
			w = *p >= 0xE0 ? 2 : 1;
		}
	}
	lines++;
	return (double)lines * line_points + 4;
}

/* 'name' for a formula: single quotes, a quote inside doubled. */
static const char *quoted_sheet(struct wb *w, const char *name)
{
	struct cnap_buf b;
	cnap_buf_init(&b, 1024);
	cnap_buf_addc(&b, '\'');
	for (const char *p = name; *p; p++) {
		if (*p == '\'')
			cnap_buf_addc(&b, '\'');
		cnap_buf_addc(&b, *p);
	}
	cnap_buf_addc(&b, '\'');
	const char *out = b.status ? NULL : cnap_arena_strdup(&w->a, b.data);
	cnap_buf_release(&b);
	return need(w, out);
}

/* The defined name of a table's sheet: cnap_table_<code>, anything but letters, digits and _ as _. */
static const char *table_name(struct wb *w, const char *code)
{
	char *s = cnap_arena_printf(&w->a, "%s%s", CNAP_FORM_XLSX_TABLE_NAME, code);
	for (char *p = s; p && *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_'))
			*p = '_';
	return need(w, s);
}

static const char *ref(struct wb *w, uint32_t row, uint32_t col)
{
	char buf[32];
	lxw_rowcol_to_cell(buf, (lxw_row_t)row, (lxw_col_t)col);
	return need(w, cnap_arena_strdup(&w->a, buf));
}

/* ---- formulas of computed cells ---- */

/* The row of an input line with this binding, or -1. */
static int input_row(const struct cnap_form_table *t, const char *bind)
{
	for (size_t i = 0; i < t->n_lines; i++)
		if (!t->lines[i].computed && strcmp(t->lines[i].bind, bind) == 0)
			return (int)i;
	return -1;
}

static int computed_row(const struct cnap_form_table *t, enum cnap_form_formula f)
{
	for (size_t i = 0; i < t->n_lines; i++)
		if (t->lines[i].computed && t->lines[i].binding == (int)f)
			return (int)i;
	return -1;
}

/* The column of a record field whose binding ends in ".suffix" ("size", "industry"), or -1. */
static int record_col(const struct cnap_form_table *t, const char *suffix)
{
	for (size_t i = 0; i < t->n_lines; i++) {
		const char *dot = t->lines[i].computed ? NULL : strrchr(t->lines[i].bind, '.');
		if (dot && strcmp(dot + 1, suffix) == 0)
			return (int)i;
	}
	return -1;
}

/* The sheet reference of grid cell (r, c), or NULL when r is -1. */
static const char *grid_ref(struct wb *w, const struct cnap_form_table *t, int r, size_t c)
{
	if (r < 0)
		return NULL;
	uint32_t sr, sc;
	cnap_form_xlsx_cell(t, (size_t)r, c, &sr, &sc);
	return ref(w, sr, sc);
}

static const char *ratio_formula(struct wb *w, const char *num, const char *den, const char *scale, bool num_nonneg)
{
	if (!num || !den)
		return NULL;
	return need(w, cnap_arena_printf(&w->a, "=IF(AND(ISNUMBER(%s),ISNUMBER(%s)%s%s%s,%s>0),%s%s/%s,\"\")", num, den,
					 num_nonneg ? "," : "", num_nonneg ? num : "", num_nonneg ? ">=0" : "", den,
					 num, scale, den));
}

static const char *difference_formula(struct wb *w, const char *a, const char *b)
{
	if (!a || !b)
		return NULL;
	return need(w, cnap_arena_printf(&w->a, "=IF(AND(ISNUMBER(%s),ISNUMBER(%s)),%s-%s,\"\")", a, b, a, b));
}

/* Σ quantity × heat value over the table's fuel cells of column c, when every fuel has its heat value. */
static const char *heat_formula(struct wb *w, const struct cnap_form_book_table *bt, size_t c)
{
	const struct cnap_form_table *t = bt->table;
	if (!bt->heat)
		return NULL;
	struct cnap_buf refs, sum;
	cnap_buf_init(&refs, 8192);
	cnap_buf_init(&sum, 8192);
	size_t n = 0;
	bool ok = true;
	for (size_t r = 0; r < t->n_lines && ok; r++) {
		const struct cnap_form_line *l = &t->lines[r];
		if (l->computed || strncmp(l->bind, "fuel:", 5) != 0)
			continue;
		double h = bt->heat[r * bt->grid->n_cols + c];
		ok = h > 0 && isfinite(h);
		const char *cell = grid_ref(w, t, (int)r, c);
		cnap_buf_addf(&refs, "%s%s", n ? "," : "", cell);
		cnap_buf_addf(&sum, "%sN(%s)*%s", n ? "+" : "", cell, need(w, cnap_form_number_text(&w->a, h)));
		n++;
	}
	const char *f = NULL;
	if (ok && n && !refs.status && !sum.status)
		f = cnap_arena_printf(&w->a, "=IF(COUNT(%s)=0,\"\",%s)", refs.data, sum.data);
	if (refs.status == CNAP_ENOMEM || sum.status == CNAP_ENOMEM)
		w->oom = true;
	cnap_buf_release(&refs);
	cnap_buf_release(&sum);
	return f;
}

/* The formula of a computed cell at grid (r, c), or NULL where cnap's value has none in the sheet's own cells. */
static const char *formula_of(struct wb *w, const struct cnap_form_book_table *bt, size_t r, size_t c)
{
	const struct cnap_form_table *t = bt->table;
	const struct cnap_form_line *l = cnap_form_grid_line(bt->grid, r, c);
	if (t->layout == CNAP_FORM_RECORDS) {
#define RC(suffix) (record_col(t, suffix) < 0 ? NULL : grid_ref(w, t, (int)r, (size_t)record_col(t, suffix)))
		const char *size = RC("size");
		switch ((enum cnap_form_formula)l->binding) {
		case CNAP_FF_CO2_PER_SIZE: return ratio_formula(w, RC("co2_man_t"), size, "*1000", false);
		case CNAP_FF_ENERGY_PER_SIZE: return ratio_formula(w, RC("energy_man_kl"), size, "*1000", false);
		case CNAP_FF_COVERAGE_ASSOCIATION: return ratio_formula(w, RC("association"), RC("industry"), "*100", true);
		case CNAP_FF_COVERAGE_PARTICIPATION:
			return ratio_formula(w, RC("participants"), RC("association"), "*100", true);
		case CNAP_FF_COVERAGE_INDUSTRY: return ratio_formula(w, RC("participants"), RC("industry"), "*100", true);
		default: return NULL;
		}
#undef RC
	}
	if (t->layout != CNAP_FORM_YEARS)
		return NULL;
	const char *activity = grid_ref(w, t, input_row(t, "series.activity"), c);
	switch ((enum cnap_form_formula)l->binding) {
	case CNAP_FF_ENERGY_INTENSITY:
		return ratio_formula(w, grid_ref(w, t, input_row(t, "series.energy"), c), activity, "", true);
	case CNAP_FF_CO2_INTENSITY:
		return ratio_formula(w, grid_ref(w, t, input_row(t, "series.co2"), c), activity, "*10000", true);
	case CNAP_FF_HEAT_TOTAL: return heat_formula(w, bt, c);
	case CNAP_FF_ENERGY_COMPUTED: {
		const char *heat = grid_ref(w, t, computed_row(t, CNAP_FF_HEAT_TOTAL), c);
		if (!heat || !(w->book->crude_oil_kl_per_gj > 0))
			return NULL;
		return need(w, cnap_arena_printf(&w->a, "=IF(ISNUMBER(%s),%s*%s/10000,\"\")", heat, heat,
						 need(w, cnap_form_number_text(&w->a, w->book->crude_oil_kl_per_gj))));
	}
	case CNAP_FF_ENERGY_DIFFERENCE:
		return difference_formula(w, grid_ref(w, t, input_row(t, "series.energy"), c),
					  grid_ref(w, t, computed_row(t, CNAP_FF_ENERGY_COMPUTED), c));
	case CNAP_FF_CO2_DIFFERENCE:
		return difference_formula(w, grid_ref(w, t, input_row(t, "series.co2"), c),
					  grid_ref(w, t, computed_row(t, CNAP_FF_CO2_COMPUTED), c));
	default: return NULL;
	}
}

/* ---- one table's sheet ---- */

struct sheet {
	struct wb *w;
	lxw_worksheet *ws;
	const struct cnap_form_book_table *bt;
	size_t index;         /* in book->tables */
	uint32_t last_col;    /* the layout's last column */
	lxw_row_t next_row;   /* below the table: notes */
	double widths[CNAP_FORM_MAX_LINES + 3]; /* of the columns, in Excel's character units */
};

static void set_width(struct sheet *s, uint32_t col, double width)
{
	if (col < CNAP_ARRAY_LEN(s->widths))
		s->widths[col] = width;
	put(s->w, worksheet_set_column(s->ws, (lxw_col_t)col, (lxw_col_t)col, width, NULL));
}

static double sheet_width(const struct sheet *s)
{
	double w = 0;
	for (uint32_t c = 0; c <= s->last_col && c < CNAP_ARRAY_LEN(s->widths); c++)
		w += s->widths[c];
	return w;
}

/* A row as tall as its longest wrapped text needs (no spreadsheet fits rows when it opens a file). */
static void fit_row(struct sheet *s, lxw_row_t row, const char *text, uint32_t col)
{
	double width = col < CNAP_ARRAY_LEN(s->widths) ? s->widths[col] : 10;
	double h = wrapped_height(text, width, 13.5);
	if (h > 20)
		put(s->w, worksheet_set_row(s->ws, row, h > 400 ? 400 : h, NULL));
}

/* A rule on a number or a length: BETWEEN lo and hi, or one bound (x, the other ignored); the message when broken. */
static void rule(lxw_data_validation *v, uint8_t type, uint8_t criteria, double lo, double hi, const char *message)
{
	v->validate = type;
	v->criteria = criteria;
	v->minimum_number = lo;
	v->maximum_number = hi;
	v->value_number = criteria == LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO ? hi : lo;
	v->error_message = (char *)message;
}

static void validation_for(struct sheet *s, const struct cnap_form_line *l, uint32_t r1, uint32_t c1, uint32_t r2,
			   uint32_t c2)
{
	struct wb *w = s->w;
	lxw_data_validation v = { 0 };
	char *labels[64 + 1] = { 0 };
	v.show_input = LXW_VALIDATION_OFF;
	v.show_error = LXW_VALIDATION_ON;
	v.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
	v.error_title = "入力値の確認";
	switch (l->type) {
	case CNAP_FT_NUMBER:
		if (l->min != 0 || l->max != 0)
			rule(&v, LXW_VALIDATION_TYPE_DECIMAL, LXW_VALIDATION_CRITERIA_BETWEEN, l->min, l->max,
			     need(w, cnap_arena_printf(&w->a, "%g以上%g以下の数値を入力してください。", l->min, l->max)));
		else
			rule(&v, LXW_VALIDATION_TYPE_DECIMAL, LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO, 0, 0,
			     "0以上の数値を入力してください（単位や「%」は付けません）。");
		break;
	case CNAP_FT_YEAR:
		rule(&v, LXW_VALIDATION_TYPE_INTEGER, LXW_VALIDATION_CRITERIA_BETWEEN, 1990, 2100,
		     "年度を1990〜2100の数値で入力してください（例: 2013）。");
		break;
	case CNAP_FT_TEXT:
		rule(&v, LXW_VALIDATION_TYPE_LENGTH, LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO, 0,
		     CNAP_FORM_MAX_TEXT_CHARS, "4000文字以内で入力してください。");
		break;
	case CNAP_FT_CHOICE:
	case CNAP_FT_BOOL:
		if (!l->n_choices || l->n_choices > 64)
			return;
		for (size_t i = 0; i < l->n_choices; i++)
			labels[i] = (char *)l->choices[i].label;
		v.validate = LXW_VALIDATION_TYPE_LIST;
		v.value_list = labels;
		v.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
		v.error_title = "選択肢から選んでください";
		v.error_message = "一覧にある選択肢から選んでください。";
		break;
	}
	put(w, worksheet_data_validation_range(s->ws, r1, (lxw_col_t)c1, r2, (lxw_col_t)c2, &v));
}

/* One input cell: its value as cnap holds it, unlocked, in yellow. */
static void write_input(struct sheet *s, const struct cnap_form_line *l, const struct cnap_form_cell *cell,
			lxw_row_t r, lxw_col_t c)
{
	struct wb *w = s->w;
	const char *text = cell->text;
	switch (l->type) {
	case CNAP_FT_NUMBER: {
		lxw_format *f = input_number_format(w, l, cell->num, cell->has_num);
		if (cell->has_num)
			put(w, worksheet_write_number(s->ws, r, c, cell->num, f));
		else if (text && *text)
			put(w, worksheet_write_string(s->ws, r, c, text, f));
		else
			put(w, worksheet_write_blank(s->ws, r, c, f));
		return;
	}
	case CNAP_FT_YEAR:
		if (cell->has_num)
			put(w, worksheet_write_number(s->ws, r, c, cell->num, w->f.year_in));
		else
			put(w, worksheet_write_blank(s->ws, r, c, w->f.year_in));
		return;
	case CNAP_FT_CHOICE:
	case CNAP_FT_BOOL:
		text = cnap_form_choice_label(l, text);
		/* fall through */
	case CNAP_FT_TEXT: {
		lxw_format *f = l->type == CNAP_FT_TEXT ? w->f.text_in : w->f.choice_in;
		if (text && *text)
			put(w, worksheet_write_string(s->ws, r, c, text, f));
		else
			put(w, worksheet_write_blank(s->ws, r, c, f));
		return;
	}
	}
}

static void write_computed(struct sheet *s, size_t gr, size_t gc, lxw_row_t r, lxw_col_t c)
{
	struct wb *w = s->w;
	const struct cnap_form_cell *cell = &s->bt->grid->cells[gr * s->bt->grid->n_cols + gc];
	const struct cnap_form_line *l = cnap_form_grid_line(s->bt->grid, gr, gc);
	lxw_format *f = computed_format(w, l, cell->num, cell->has_num);
	const char *formula = formula_of(w, s->bt, gr, gc);
	if (formula && cell->has_num)
		put(w, worksheet_write_formula_num(s->ws, r, c, formula, f, cell->num));
	else if (formula)
		put(w, worksheet_write_formula_str(s->ws, r, c, formula, f, ""));
	else if (cell->has_num)
		put(w, worksheet_write_number(s->ws, r, c, cell->num, f));
	else
		put(w, worksheet_write_blank(s->ws, r, c, f));
}

/* The book's tables, for cnap_form_mirror_of(); returns how many. */
static size_t book_tables(const struct cnap_form_book *b, const struct cnap_form_table *out[CNAP_FORM_MAX_TABLES])
{
	size_t n = b->n_tables < CNAP_FORM_MAX_TABLES ? b->n_tables : CNAP_FORM_MAX_TABLES;
	for (size_t i = 0; i < n; i++)
		out[i] = b->tables[i].table;
	return n;
}

/*
 * A line an earlier table of the workbook already asks for (the same
 * binding, the same year column): the cell shows that one, so the value is
 * typed once. The reader takes the earlier cell's text for it.
 */
static bool write_mirror(struct sheet *s, size_t gr, size_t gc, lxw_row_t r, lxw_col_t c)
{
	struct wb *w = s->w;
	const struct cnap_form_table *tables[CNAP_FORM_MAX_TABLES];
	size_t n = book_tables(w->book, tables);
	size_t ti, tr, tc;
	if (!cnap_form_mirror_of(tables, n, s->index, gr, gc, &ti, &tr, &tc))
		return false;
	const struct cnap_form_cell *cell = &s->bt->grid->cells[gr * s->bt->grid->n_cols + gc];
	const struct cnap_form_line *l = cnap_form_grid_line(s->bt->grid, gr, gc);
	uint32_t sr, sc;
	cnap_form_xlsx_cell(tables[ti], tr, tc, &sr, &sc);
	const char *at = need(w, cnap_arena_printf(&w->a, "%s!%s", quoted_sheet(w, tables[ti]->sheet), ref(w, sr, sc)));
	const char *formula = need(w, cnap_arena_printf(&w->a, "=IF(ISBLANK(%s),\"\",%s)", at, at));
	lxw_format *f = l->type == CNAP_FT_NUMBER ? mirror_format(w, l) : w->f.mirror;
	if (cell->has_num)
		put(w, worksheet_write_formula_num(s->ws, r, c, formula, f, cell->num));
	else
		put(w, worksheet_write_formula_str(s->ws, r, c, formula, f,
						   cell->text ? cnap_form_choice_label(l, cell->text) : ""));
	return true;
}

static const char *unit_of(struct wb *w, const struct cnap_form_line *l)
{
	const char *u = cnap_form_unit(&w->a, l, w->book->data);
	if (l->unit && !u)
		w->oom = true;
	return u;
}

static void heading_row(struct sheet *s)
{
	struct wb *w = s->w;
	const struct cnap_form_table *t = s->bt->table;
	const struct cnap_form_grid *g = s->bt->grid;
	lxw_row_t hr = CNAP_FORM_XLSX_HEAD_ROW;
	if (t->layout == CNAP_FORM_RECORDS) {
		put(w, worksheet_write_string(s->ws, hr, 0, "No.", w->f.head));
		for (size_t c = 0; c < t->n_lines; c++) {
			const char *unit = unit_of(w, &t->lines[c]);
			const char *h = unit ? cnap_arena_printf(&w->a, "%s\n（%s）", t->lines[c].label, unit)
					     : t->lines[c].label;
			put(w, worksheet_write_string(s->ws, hr, (lxw_col_t)(1 + c), need(w, h), w->f.head));
		}
		put(w, worksheet_set_row(s->ws, hr, 42, NULL));
		return;
	}
	put(w, worksheet_write_string(s->ws, hr, 0, "項目", w->f.head));
	put(w, worksheet_write_string(s->ws, hr, 1, "単位", w->f.head));
	if (t->layout == CNAP_FORM_FIELDS) {
		put(w, worksheet_write_string(s->ws, hr, 2, "入力欄", w->f.head));
		return;
	}
	for (size_t c = 0; c < t->n_years; c++) {
		const char *h = cnap_form_year_heading(&w->a, t->years[c], &g->years);
		/* "当年度実績\n（2022年度）": two lines in a narrow column */
		const char *paren = h ? strstr(h, "（") : NULL;
		if (paren)
			h = cnap_arena_printf(&w->a, "%.*s\n%s", (int)(paren - h), h, paren);
		put(w, worksheet_write_string(s->ws, hr, (lxw_col_t)(2 + c), need(w, h), w->f.head));
	}
	put(w, worksheet_set_row(s->ws, hr, 30, NULL));
}

static void lines_rows(struct sheet *s)
{
	struct wb *w = s->w;
	const struct cnap_form_table *t = s->bt->table;
	const struct cnap_form_grid *g = s->bt->grid;
	for (size_t r = 0; r < t->n_lines && !w->failed && !w->oom; r++) {
		const struct cnap_form_line *l = &t->lines[r];
		uint32_t sr, sc;
		cnap_form_xlsx_cell(t, r, 0, &sr, &sc);
		put(w, worksheet_write_string(s->ws, sr, 0, l->label, w->f.label));
		const char *unit = unit_of(w, l);
		if (unit)
			put(w, worksheet_write_string(s->ws, sr, 1, unit, w->f.unit));
		else
			put(w, worksheet_write_blank(s->ws, sr, 1, w->f.unit));
		if (l->type == CNAP_FT_TEXT && t->layout == CNAP_FORM_FIELDS) {
			const char *text = g->cells[r * g->n_cols].text;
			/* room for a sentence where one is asked for, even when empty */
			fit_row(s, sr, text && *text ? text : strstr(l->bind, "text") || strstr(l->bind, "note") ? "\n\n" : "", 2);
		}
		uint32_t first = 0, last = 0;
		bool any = false;
		for (size_t c = 0; c < g->n_cols; c++) {
			const struct cnap_form_cell *cell = &g->cells[r * g->n_cols + c];
			cnap_form_xlsx_cell(t, r, c, &sr, &sc);
			if (cell->disabled) {
				put(w, worksheet_write_blank(s->ws, sr, (lxw_col_t)sc, w->f.disabled));
				continue;
			}
			if (l->computed) {
				write_computed(s, r, c, sr, (lxw_col_t)sc);
				continue;
			}
			if (write_mirror(s, r, c, sr, (lxw_col_t)sc))
				continue;
			write_input(s, l, cell, sr, (lxw_col_t)sc);
			/* one validation over each run of input cells */
			if (any && sc == last + 1) {
				last = sc;
			} else {
				if (any)
					validation_for(s, l, sr, first, sr, last);
				first = last = sc;
				any = true;
			}
		}
		if (any)
			validation_for(s, l, sr, first, sr, last);
	}
	s->next_row = CNAP_FORM_XLSX_HEAD_ROW + 1 + (lxw_row_t)t->n_lines;
}

/* The last record row of the grid with anything in it, plus one; 0 when all are empty. */
static size_t used_records(const struct cnap_form_grid *g)
{
	size_t used = 0;
	for (size_t r = 0; r < g->n_rows; r++)
		for (size_t c = 0; c < g->n_cols; c++) {
			const struct cnap_form_cell *cell = &g->cells[r * g->n_cols + c];
			if (!cell->computed && cell->text && *cell->text)
				used = r + 1;
		}
	return used;
}

static void record_rows(struct sheet *s)
{
	struct wb *w = s->w;
	const struct cnap_form_table *t = s->bt->table;
	const struct cnap_form_grid *g = s->bt->grid;
	size_t used = used_records(g);
	size_t blank = t->blank_records > CNAP_FORM_XLSX_MIN_BLANK ? t->blank_records : CNAP_FORM_XLSX_MIN_BLANK;
	size_t rows = used + blank;
	struct cnap_form_cell empty = { 0 };
	for (size_t r = 0; r < rows && !w->failed && !w->oom; r++) {
		uint32_t sr, sc;
		cnap_form_xlsx_cell(t, r, 0, &sr, &sc);
		put(w, worksheet_write_number(s->ws, sr, 0, (double)(r + 1), w->f.no));
		double tallest = 0;
		for (size_t c = 0; r < g->n_rows && c < t->n_lines; c++) {
			const char *text = g->cells[r * g->n_cols + c].text;
			double h = t->lines[c].type == CNAP_FT_TEXT && text
					   ? wrapped_height(text, s->widths[c + 1 < CNAP_ARRAY_LEN(s->widths) ? c + 1 : 0], 13.5)
					   : 0;
			if (h > tallest)
				tallest = h;
		}
		if (tallest > 20)
			put(w, worksheet_set_row(s->ws, sr, tallest > 400 ? 400 : tallest, NULL));
		for (size_t c = 0; c < t->n_lines; c++) {
			const struct cnap_form_line *l = &t->lines[c];
			cnap_form_xlsx_cell(t, r, c, &sr, &sc);
			if (r < g->n_rows && l->computed) {
				write_computed(s, r, c, sr, (lxw_col_t)sc);
			} else if (l->computed) {
				/* a row beyond the grid: the formula only, nothing to show yet */
				const char *formula = formula_of(w, s->bt, r, c);
				lxw_format *f = computed_format(w, l, 0, false);
				if (formula)
					put(w, worksheet_write_formula_str(s->ws, sr, (lxw_col_t)sc, formula, f, ""));
				else
					put(w, worksheet_write_blank(s->ws, sr, (lxw_col_t)sc, f));
			} else {
				write_input(s, l, r < g->n_rows ? &g->cells[r * g->n_cols + c] : &empty, sr, (lxw_col_t)sc);
			}
		}
	}
	uint32_t first, sc;
	cnap_form_xlsx_cell(t, 0, 0, &first, &sc);
	for (size_t c = 0; c < t->n_lines; c++) {
		if (t->lines[c].computed)
			continue;
		cnap_form_xlsx_cell(t, 0, c, &first, &sc);
		validation_for(s, &t->lines[c], first, sc, first + (uint32_t)rows - 1, sc);
	}
	lxw_row_t end = first + (lxw_row_t)rows;
	put(w, worksheet_write_string(s->ws, end, 0, CNAP_FORM_XLSX_END_MARK, w->f.end));
	put(w, worksheet_merge_range(s->ws, end, 1, end, (lxw_col_t)s->last_col,
				     "この行より上に入力してください。行が足りないときは、この行の上に行を挿入できます。",
				     w->f.end));
	s->next_row = end + 1;
}

static void notes(struct sheet *s)
{
	struct wb *w = s->w;
	const struct cnap_form_table *t = s->bt->table;
	lxw_row_t r = s->next_row + 1;
	double width = sheet_width(s);
	for (size_t i = 0; i < t->n_lines; i++) {
		const struct cnap_form_line *l = &t->lines[i];
		const char *text = NULL;
		size_t ti, tr, tc;
		const struct cnap_form_table *tables[CNAP_FORM_MAX_TABLES];
		size_t n = book_tables(w->book, tables);
		if (l->note)
			text = cnap_arena_printf(&w->a, "※ %s：%s", l->label, l->note);
		else if (!l->computed && t->layout != CNAP_FORM_RECORDS &&
			 cnap_form_mirror_of(tables, n, s->index, i, 0, &ti, &tr, &tc))
			text = cnap_arena_printf(&w->a, "※ %s：「%s」シートの値を表示しています。そちらに入力してください。",
						 l->label, tables[ti]->sheet);
		else
			continue;
		put(w, worksheet_merge_range(s->ws, r, 0, r, (lxw_col_t)s->last_col, need(w, text), w->f.note));
		put(w, worksheet_set_row(s->ws, r, wrapped_height(text, width, 13), NULL));
		r++;
	}
	if (t->layout == CNAP_FORM_YEARS)
		for (size_t i = 0; i < t->n_lines; i++)
			if (t->lines[i].computed) {
				const char *text = "※ 灰色のセルは自動で計算されます（cnapでも取り込み時に計算し直します）。";
				put(w, worksheet_merge_range(s->ws, r, 0, r, (lxw_col_t)s->last_col, text, w->f.note));
				r++;
				break;
			}
}

static void page_setup(struct sheet *s, double width)
{
	struct wb *w = s->w;
	const struct cnap_form_table *t = s->bt->table;
	worksheet_set_paper(s->ws, 9); /* A4 */
	if (width > 110)
		worksheet_set_landscape(s->ws);
	else
		worksheet_set_portrait(s->ws);
	worksheet_fit_to_pages(s->ws, 1, 0);
	worksheet_set_margins(s->ws, 0.5, 0.5, 0.6, 0.6);
	worksheet_center_horizontally(s->ws);
	put(w, worksheet_repeat_rows(s->ws, CNAP_FORM_XLSX_HEAD_ROW, CNAP_FORM_XLSX_HEAD_ROW));
	worksheet_freeze_panes(s->ws, CNAP_FORM_XLSX_HEAD_ROW + 1, t->layout == CNAP_FORM_YEARS ? 2 : 0);
	char header[600];
	size_t n = (size_t)snprintf(header, sizeof(header), "&L");
	/* '&' starts a control code in headers and footers: double it */
	for (const char *p = w->book->association_name; p && *p && n + 4 < sizeof(header); p++) {
		if (*p == '&')
			header[n++] = '&';
		header[n++] = *p;
	}
	snprintf(header + n, sizeof(header) - n, "&R&A");
	put(w, worksheet_set_header(s->ws, header));
	put(w, worksheet_set_footer(s->ws, "&C&P / &N"));
	lxw_protection prot = { 0 };
	prot.format_columns = 1;
	prot.format_rows = 1;
	if (t->layout == CNAP_FORM_RECORDS)
		prot.insert_rows = 1;
	worksheet_protect(s->ws, NULL, &prot);
}

static void write_table(struct wb *w, size_t index, const char *era)
{
	const struct cnap_form_book_table *bt = &w->book->tables[index];
	const struct cnap_form_table *t = bt->table;
	struct sheet s = { .w = w, .bt = bt, .index = index, .ws = workbook_add_worksheet(w->wb, t->sheet) };
	if (!s.ws) {
		put(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	if (t->layout == CNAP_FORM_YEARS) {
		s.last_col = 1 + (uint32_t)t->n_years;
		set_width(&s, 0, 34);
		set_width(&s, 1, 16);
		for (uint32_t c = 2; c <= s.last_col; c++)
			set_width(&s, c, 14);
	} else if (t->layout == CNAP_FORM_FIELDS) {
		s.last_col = 2;
		set_width(&s, 0, 30);
		set_width(&s, 1, 16);
		set_width(&s, 2, 60);
	} else {
		s.last_col = (uint32_t)t->n_lines;
		set_width(&s, 0, 5);
		for (size_t c = 0; c < t->n_lines; c++) {
			const struct cnap_form_line *l = &t->lines[c];
			double cw = (double)text_width(l->label) * 0.6 + 2;
			if (l->type == CNAP_FT_TEXT)
				cw = 30;
			else if (l->type == CNAP_FT_YEAR)
				cw = 8;
			else if (cw < 12)
				cw = 12;
			else if (cw > 20)
				cw = 20;
			set_width(&s, 1 + (uint32_t)c, cw);
		}
	}
	double width = sheet_width(&s);
	lxw_col_t last = (lxw_col_t)s.last_col;
	put(w, worksheet_merge_range(s.ws, 0, 0, 0, last, bt->title ? bt->title : t->title, w->f.title));
	put(w, worksheet_set_row(s.ws, 0, 24, NULL));
	const char *sub = cnap_arena_printf(&w->a, "%s　%s", w->book->association_name, era);
	put(w, worksheet_merge_range(s.ws, 1, 0, 1, last, need(w, sub), w->f.sub));
	if (t->intro) {
		put(w, worksheet_merge_range(s.ws, 2, 0, 2, last, t->intro, w->f.intro));
		put(w, worksheet_set_row(s.ws, 2, wrapped_height(t->intro, width, 14), NULL));
	}
	put(w, worksheet_merge_range(s.ws, 3, 0, 3, last,
				     "黄色のセルに入力してください。灰色のセルは自動で計算され、入力しても取り込まれません。",
				     w->f.legend));
	heading_row(&s);
	if (t->layout == CNAP_FORM_RECORDS)
		record_rows(&s);
	else
		lines_rows(&s);
	notes(&s);
	page_setup(&s, width);
	char code_ref[600];
	snprintf(code_ref, sizeof(code_ref), "%s!%s", quoted_sheet(w, t->sheet), table_name(w, t->code));
	const char *target = need(w, cnap_arena_printf(&w->a, "=%s!$A$1", quoted_sheet(w, t->sheet)));
	put(w, workbook_define_name(w->wb, code_ref, target));
}

/* ---- the cover and the cnap sheet ---- */

static void cover_row(struct wb *w, lxw_worksheet *ws, lxw_row_t *r, const char *key, const char *value)
{
	put(w, worksheet_write_string(ws, *r, 0, key, w->f.cover_key));
	put(w, worksheet_write_string(ws, *r, 1, value ? value : "", w->f.cover_val));
	put(w, worksheet_set_row(ws, *r, wrapped_height(value, 78, 15.5), NULL));
	(*r)++;
}

static const char *japanese_date(struct wb *w, const char *iso)
{
	time_t t;
	if (!iso || !cnap_iso_parse(iso, &t))
		return "";
	t += 9 * 3600; /* 日本時間 */
	struct tm tm;
	gmtime_r(&t, &tm);
	return need(w, cnap_arena_printf(&w->a, "%d年%d月%d日", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday));
}

static void write_cover(struct wb *w, const char *era)
{
	const struct cnap_form_book *b = w->book;
	lxw_worksheet *ws = workbook_add_worksheet(w->wb, CNAP_FORM_XLSX_COVER);
	if (!ws) {
		put(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	put(w, worksheet_set_column(ws, 0, 0, 18, NULL));
	put(w, worksheet_set_column(ws, 1, 1, 80, NULL));
	put(w, worksheet_write_string(ws, 0, 0, "調査票（定量データ）記入用ワークブック", w->f.cover_title));
	put(w, worksheet_set_row(ws, 0, 28, NULL));
	put(w, worksheet_write_string(ws, 1, 0, need(w, cnap_arena_printf(&w->a, "%s　%s", era, b->wg_name)), w->f.sub));
	lxw_row_t r = 3;
	cover_row(w, ws, &r, "団体名", need(w, cnap_arena_printf(&w->a, "%s（団体コード: %s）", b->association_name,
								  b->association_code)));
	cover_row(w, ws, &r, "WG", b->wg_name);
	cover_row(w, ws, &r, "対象年度",
		  need(w, cnap_arena_printf(&w->a, "%s（%d年度）フォローアップ　%d年度実績", era, b->year, b->actual_year)));
	const char *version = !b->version ? "提出版はまだありません（空欄の様式です）"
			    : b->from_draft ? cnap_arena_printf(&w->a, "第%d版に、保存中の下書きを反映した内容", b->version)
					    : cnap_arena_printf(&w->a, "第%d版", b->version);
	if (!b->version && b->from_draft)
		version = "保存中の下書きの内容";
	cover_row(w, ws, &r, "記入済みの内容", need(w, version));
	cover_row(w, ws, &r, "データの日付", need(w, cnap_arena_printf(&w->a, "%s（cnapのデータの最終更新日）",
								       japanese_date(w, b->date))));
	if (b->prefilled_prev)
		cover_row(w, ws, &r, "前年度実績",
			  need(w, cnap_arena_printf(&w->a,
						    "空欄だった%zu個のセルに、前年度の調査票の実績値を記入してあります。"
						    "確認のうえ、必要なら直してください。",
						    b->prefilled_prev)));
	struct cnap_buf list;
	cnap_buf_init(&list, 64 * 1024);
	for (size_t i = 0; i < b->n_tables; i++)
		cnap_buf_addf(&list, "%s%s（シート「%s」）", i ? "\n" : "",
			      b->tables[i].title ? b->tables[i].title : b->tables[i].table->title, b->tables[i].table->sheet);
	cover_row(w, ws, &r, "シート", list.status ? need(w, NULL) : list.data ? list.data : "");
	cnap_buf_release(&list);
	static const char *const how =
		"1. 各シートの黄色のセルに入力してください。灰色のセルは自動で計算され、入力しても取り込まれません。\n"
		"2. 数値は全角・半角どちらでも、桁区切りのカンマ付きでも入力できます。マイナスは「-」または「▲」「△」です。"
		"「%」や単位は付けないでください。\n"
		"3. 選択肢のあるセルは、セルの右の▼から選んでください。\n"
		"4. 表の行や列は挿入・削除しないでください。件数の決まっていない表（BAT、対策など）は、"
		"「（以上）」の行の上に行を挿入して増やせます。シート名は変えてもかまいません。\n"
		"5. シートは誤って書き換えないよう保護してあります（パスワードはありません）。"
		"［校閲］→［シート保護の解除］で解除できますが、黄色以外のセルへの入力は取り込まれません。\n"
		"6. 入力が終わったら保存し、cnapの団体のページの「Excelファイルから取り込む」からアップロードしてください。"
		"誤りがあれば、すべての誤りをセルの位置（例: 実績の総括表!F12）と内容で一度にお知らせします。"
		"誤りが一つでもあるうちは何も取り込まれません。直してからもう一度アップロードしてください。\n"
		"7. 非表示の「cnap」シートと「cnap_」で始まる名前の定義は、取り込みのときの照合に使います。"
		"削除・変更しないでください。別の団体・年度のワークブックは取り込めません。";
	cover_row(w, ws, &r, "記入のしかた", how);
	worksheet_set_paper(ws, 9);
	worksheet_set_portrait(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_activate(ws);
	lxw_protection prot = { 0 };
	prot.format_columns = 1;
	prot.format_rows = 1;
	worksheet_protect(ws, NULL, &prot);
}

static void meta_row(struct wb *w, lxw_worksheet *ws, lxw_row_t r, const char *key, const char *value)
{
	put(w, worksheet_write_string(ws, r, 0, key, w->f.meta));
	put(w, worksheet_write_string(ws, r, 1, value ? value : "", w->f.meta));
}

static void write_meta(struct wb *w)
{
	const struct cnap_form_book *b = w->book;
	lxw_worksheet *ws = workbook_add_worksheet(w->wb, CNAP_FORM_XLSX_META);
	if (!ws) {
		put(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	put(w, worksheet_set_column(ws, 0, 3, 24, NULL));
	meta_row(w, ws, 0, "format", CNAP_FORM_XLSX_FORMAT);
	meta_row(w, ws, 1, "layout", need(w, cnap_arena_printf(&w->a, "%d", CNAP_FORM_XLSX_LAYOUT)));
	meta_row(w, ws, 2, "cycle", need(w, cnap_arena_printf(&w->a, "%d", b->year)));
	meta_row(w, ws, 3, "actual_year", need(w, cnap_arena_printf(&w->a, "%d", b->actual_year)));
	meta_row(w, ws, 4, "wg", b->wg_code);
	meta_row(w, ws, 5, "association", b->association_code);
	meta_row(w, ws, 6, "template", b->template_code);
	meta_row(w, ws, 7, "version", need(w, cnap_arena_printf(&w->a, "%d", b->version)));
	meta_row(w, ws, 8, "note", "このシートはcnapが取り込みの照合に使います。変更しないでください。");
	meta_row(w, ws, 9, "association_name", b->association_name); /* for a person reading a refusal */
	put(w, worksheet_write_string(ws, 10, 0, "table", w->f.meta));
	put(w, worksheet_write_string(ws, 10, 1, "sheet", w->f.meta));
	put(w, worksheet_write_string(ws, 10, 2, "fingerprint", w->f.meta));
	for (size_t i = 0; i < b->n_tables; i++) {
		char fp[9];
		cnap_form_fingerprint(b->tables[i].table, fp);
		lxw_row_t r = 11 + (lxw_row_t)i;
		put(w, worksheet_write_string(ws, r, 0, b->tables[i].table->code, w->f.meta));
		put(w, worksheet_write_string(ws, r, 1, b->tables[i].table->sheet, w->f.meta));
		put(w, worksheet_write_string(ws, r, 2, fp, w->f.meta));
	}
	worksheet_hide(ws);
	worksheet_protect(ws, NULL, NULL);
	char name[256];
	snprintf(name, sizeof(name), "%s!%s", CNAP_FORM_XLSX_META, CNAP_FORM_XLSX_META_NAME);
	put(w, workbook_define_name(w->wb, name, "=" CNAP_FORM_XLSX_META "!$A$1"));
}

enum cnap_err cnap_form_xlsx_write(const struct cnap_form_book *book, struct cnap_buf *out, struct cnap_error *err)
{
	char path[4096];
	enum cnap_err rc = cnap_tmpfile_make("cnap-workbook", path, sizeof(path), err);
	if (rc)
		return rc;
	struct wb w = { .book = book, .wb = workbook_new(path) };
	if (!w.wb) {
		unlink(path);
		return cnap_fail(err, CNAP_EIO, "", "cannot start the workbook");
	}
	cnap_arena_init(&w.a);
	char era[64];
	if (!cnap_jp_era_fiscal_year(book->year, false, era, sizeof(era)))
		snprintf(era, sizeof(era), "%d年度", book->year);
	lxw_doc_properties props = { 0 };
	props.title = (char *)need(&w, cnap_arena_printf(&w.a, "調査票データ（%s・%s）", book->association_name, era));
	props.subject = "カーボンニュートラル行動計画 フォローアップ調査票";
	props.author = "cnap";
	time_t created = 0;
	cnap_iso_parse(book->date, &created);
	props.created = created;
	if (!w.oom)
		put(&w, workbook_set_properties(w.wb, &props));
	make_formats(&w);
	if (!w.failed && !w.oom)
		write_cover(&w, era);
	for (size_t i = 0; i < book->n_tables && !w.failed && !w.oom; i++)
		write_table(&w, i, era);
	if (!w.failed && !w.oom)
		write_meta(&w);
	lxw_error closed = workbook_close(w.wb);
	cnap_arena_release(&w.a);
	if (w.oom || w.failed == LXW_ERROR_MEMORY_MALLOC_FAILED || closed == LXW_ERROR_MEMORY_MALLOC_FAILED)
		rc = cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	else if (w.failed || closed != LXW_NO_ERROR)
		rc = cnap_fail(err, CNAP_EIO, "", "writing the workbook failed: %s",
			       lxw_strerror(w.failed ? w.failed : closed));
	if (rc) {
		unlink(path);
		return rc;
	}
	size_t before = out->len;
	rc = cnap_tmpfile_take(path, out, "the workbook", err);
	if (rc && out->len >= before)
		cnap_buf_reset(out);
	return rc;
}
