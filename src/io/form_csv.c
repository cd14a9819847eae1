#include "base/compat.h"
#include "base/jpfmt.h"
#include "base/csv_write.h"
#include "io/csv_read.h"
#include "io/form_csv.h"

#include <math.h>
#include <string.h>

#define COMPUTED_MARK "（自動計算）"

static const char *records_heading(struct cnap_arena *a, const struct cnap_form_line *l,
				   const struct cnap_survey_data *d)
{
	const char *unit = cnap_form_unit(a, l, d);
	return cnap_arena_printf(a, "%s%s%s%s%s", l->label, unit ? "（" : "", unit ? unit : "", unit ? "）" : "",
				 l->computed ? COMPUTED_MARK : "");
}

/*
 * A computed value as the form shows it, without grouping: rounded 四捨五入
 * to the line's decimals, widened until three significant digits show (as
 * the web and the workbook do), so Excel opens 0.0125, not 0.012499999999999999.
 */
static const char *computed_field(struct cnap_arena *a, const struct cnap_form_line *l, double v)
{
	int decimals = l->decimals >= 0 ? l->decimals : 3;
	if (v != 0 && fabs(v) < 1.0)
		while (decimals < CNAP_JP_MAX_DECIMALS && fabs(v) * pow(10, decimals) < 100)
			decimals++;
	char buf[CNAP_JP_NUMBER_BUFSZ];
	if (cnap_jp_round_str(v, decimals, buf, sizeof(buf)))
		return "";
	return cnap_arena_strdup(a, buf);
}

/* What a cell holds as a person would type it back: choices by label, computed values as shown. */
static const char *cell_field(struct cnap_arena *a, const struct cnap_form_line *l, const struct cnap_form_cell *c)
{
	if (c->disabled)
		return "";
	if (l->computed)
		return c->has_num ? computed_field(a, l, c->num) : "";
	return c->text ? cnap_form_choice_label(l, c->text) : "";
}

enum cnap_err cnap_form_csv_write(const struct cnap_form_grid *g, const struct cnap_survey_data *d,
				  struct cnap_arena *a, struct cnap_buf *out, struct cnap_error *err)
{
	const struct cnap_form_table *t = g->table;
	cnap_csv_write_bom(out);
	if (t->layout == CNAP_FORM_RECORDS) {
		for (size_t c = 0; c < t->n_lines; c++)
			cnap_csv_write_field(out, records_heading(a, &t->lines[c], d), c + 1 == t->n_lines);
		for (size_t r = 0; r < g->n_rows; r++) {
			bool any = false;
			for (size_t c = 0; c < g->n_cols && !any; c++)
				any = !g->cells[r * g->n_cols + c].computed && g->cells[r * g->n_cols + c].text;
			for (size_t c = 0; any && c < g->n_cols; c++)
				cnap_csv_write_field(out, cell_field(a, &t->lines[c], &g->cells[r * g->n_cols + c]),
						     c + 1 == g->n_cols);
		}
	} else {
		cnap_csv_write_field(out, "項目", false);
		cnap_csv_write_field(out, "単位", false);
		if (t->layout == CNAP_FORM_FIELDS)
			cnap_csv_write_field(out, "入力欄", true);
		for (size_t c = 0; t->layout == CNAP_FORM_YEARS && c < t->n_years; c++)
			cnap_csv_write_field(out, cnap_form_year_heading(a, t->years[c], &g->years), c + 1 == t->n_years);
		for (size_t r = 0; r < g->n_rows; r++) {
			const struct cnap_form_line *l = &t->lines[r];
			const char *unit = cnap_form_unit(a, l, d);
			cnap_csv_write_field(out, l->computed ? cnap_arena_printf(a, "%s%s", l->label, COMPUTED_MARK)
							      : l->label,
					     false);
			cnap_csv_write_field(out, unit ? unit : "", false);
			for (size_t c = 0; c < g->n_cols; c++)
				cnap_csv_write_field(out, cell_field(a, l, &g->cells[r * g->n_cols + c]), c + 1 == g->n_cols);
		}
	}
	return out->status ? cnap_buf_error(out, err, "the CSV file") : CNAP_OK;
}

/* ---- reading ---- */

static bool is(const char *field, const char *want)
{
	const char *s, *w;
	size_t n = cnap_form_trim(field, &s), m = cnap_form_trim(want, &w);
	return n == m && memcmp(s, w, n) == 0;
}

/* A heading names a line when it is its label, or its label then "（…": "投資額（百万円）". */
static bool heading_names(const char *field, const char *label)
{
	const char *s, *l;
	size_t n = cnap_form_trim(field, &s), m = cnap_form_trim(label, &l);
	if (n < m || memcmp(s, l, m) != 0)
		return false;
	return n == m || strncmp(s + m, "（", strlen("（")) == 0;
}

static const char *line_where(struct cnap_arena *a, const char *file, size_t line)
{
	return cnap_arena_printf(a, "%s %zu行目", file, line);
}

struct csv_rd {
	struct cnap_arena *a;
	struct cnap_form_problems *p;
	const char *file;
	struct cnap_form_csv_table *out;
	bool oom;
};

static bool alloc_out(struct csv_rd *r, size_t n_rows, size_t n_cols)
{
	struct cnap_form_csv_table *o = r->out;
	o->n_rows = n_rows;
	o->n_cols = n_cols;
	o->texts = cnap_arena_calloc(r->a, n_rows * n_cols + 1, sizeof(*o->texts));
	size_t *lines = cnap_arena_calloc(r->a, n_rows + 1, sizeof(*lines));
	size_t *cols = cnap_arena_calloc(r->a, n_cols + 1, sizeof(*cols));
	o->lines = lines;
	o->columns = cols;
	r->oom = !o->texts || !lines || !cols;
	return !r->oom;
}

static const char *field_at(const struct cnap_csv_row *row, size_t i)
{
	return i < row->n_fields && row->fields[i][0] ? row->fields[i] : NULL;
}

/* YEARS and FIELDS: rows by label, columns by heading; what the file lacks keeps the current value. */
static void read_lines(struct csv_rd *r, const struct cnap_csv *csv, const struct cnap_form_grid *cur)
{
	const struct cnap_form_table *t = cur->table;
	size_t n_cols = cur->n_cols;
	if (!alloc_out(r, t->n_lines, n_cols))
		return;
	size_t *cols = (size_t *)r->out->columns, *lines = (size_t *)r->out->lines;
	const struct cnap_csv_row *head = &csv->rows[0];
	if (head->n_fields < 2 || !is(head->fields[0], "項目")) {
		cnap_form_problem_add(r->a, r->p, line_where(r->a, r->file, head->line),
				      "1行目は見出し（「項目」「単位」と各列の見出し）にしてください");
		return;
	}
	for (size_t f = 2; f < head->n_fields; f++) {
		const char *h = head->fields[f];
		const char *hs;
		if (!cnap_form_trim(h, &hs))
			continue; /* an empty heading: a column of nothing */
		bool known = false;
		for (size_t c = 0; c < n_cols && !known; c++) {
			const char *want = t->layout == CNAP_FORM_FIELDS ? "入力欄" : cnap_year_role_label_ja(t->years[c]);
			if (t->layout == CNAP_FORM_FIELDS ? is(h, want) : strncmp(hs, want, strlen(want)) == 0) {
				if (cols[c])
					cnap_form_problem_add(r->a, r->p,
							      cnap_arena_printf(r->a, "%s %zu行目 %zu列目", r->file,
										head->line, f + 1),
							      "「%s」の列が二つあります", want);
				cols[c] = f + 1;
				known = true;
			}
		}
		if (!known)
			cnap_form_problem_add(r->a, r->p, cnap_arena_printf(r->a, "%s %zu行目 %zu列目", r->file, head->line, f + 1),
					      "「%.60s」という列はこの表にありません", h);
	}
	for (size_t i = 1; i < csv->n_rows; i++) {
		const struct cnap_csv_row *row = &csv->rows[i];
		const char *label = field_at(row, 0);
		bool blank = true;
		for (size_t f = 0; f < row->n_fields && blank; f++)
			blank = !row->fields[f][0];
		if (blank)
			continue;
		size_t which = t->n_lines;
		for (size_t k = 0; label && k < t->n_lines && which == t->n_lines; k++) {
			const struct cnap_form_line *l = &t->lines[k];
			const char *marked = l->computed ? cnap_arena_printf(r->a, "%s%s", l->label, COMPUTED_MARK) : NULL;
			if (l->computed && !marked)
				r->oom = true;
			if (is(label, l->label) || (marked && is(label, marked)))
				which = k;
		}
		if (which == t->n_lines) {
			cnap_form_problem_add(r->a, r->p, line_where(r->a, r->file, row->line),
					      "「%.60s」という項目はこの表にありません", label ? label : "");
			continue;
		}
		if (lines[which]) {
			cnap_form_problem_add(r->a, r->p, line_where(r->a, r->file, row->line),
					      "「%s」の行が二つあります（%zu行目にもあります）", t->lines[which].label,
					      lines[which]);
			continue;
		}
		lines[which] = row->line;
	}
	for (size_t k = 0; k < t->n_lines; k++)
		for (size_t c = 0; c < n_cols; c++) {
			const char *text = cur->cells[k * n_cols + c].text;
			if (lines[k] && cols[c]) {
				const struct cnap_csv_row *row = NULL;
				for (size_t i = 1; i < csv->n_rows && !row; i++)
					if (csv->rows[i].line == lines[k])
						row = &csv->rows[i];
				text = row ? field_at(row, cols[c] - 1) : NULL;
			}
			r->out->texts[k * n_cols + c] = t->lines[k].computed ? NULL : text;
		}
}

/* RECORDS: columns by heading, every row below it a record. */
static void read_records(struct csv_rd *r, const struct cnap_csv *csv, const struct cnap_form_table *t)
{
	size_t n_rows = csv->n_rows - 1;
	if (n_rows > CNAP_FORM_MAX_RECORDS + 1) {
		cnap_form_problem_add(r->a, r->p, r->file, "行が多すぎます（%zu行）。この表は%d行までです", n_rows,
				      CNAP_FORM_MAX_RECORDS);
		return;
	}
	if (!alloc_out(r, n_rows, t->n_lines))
		return;
	size_t *cols = (size_t *)r->out->columns, *lines = (size_t *)r->out->lines;
	const struct cnap_csv_row *head = &csv->rows[0];
	for (size_t f = 0; f < head->n_fields; f++) {
		const char *h = head->fields[f], *hs;
		if (!cnap_form_trim(h, &hs))
			continue;
		bool known = false;
		/* the longest label that names it: "年度" must not take "年度当たりの…" */
		size_t best = t->n_lines, best_len = 0;
		for (size_t c = 0; c < t->n_lines; c++)
			if (heading_names(h, t->lines[c].label) && strlen(t->lines[c].label) > best_len)
				best = c, best_len = strlen(t->lines[c].label);
		if (best < t->n_lines) {
			known = true;
			if (cols[best])
				cnap_form_problem_add(r->a, r->p,
						      cnap_arena_printf(r->a, "%s %zu行目 %zu列目", r->file, head->line, f + 1),
						      "「%s」の列が二つあります", t->lines[best].label);
			cols[best] = f + 1;
		}
		if (!known)
			cnap_form_problem_add(r->a, r->p, cnap_arena_printf(r->a, "%s %zu行目 %zu列目", r->file, head->line, f + 1),
					      "「%.60s」という列はこの表にありません", h);
	}
	for (size_t i = 0; i < n_rows; i++) {
		const struct cnap_csv_row *row = &csv->rows[i + 1];
		lines[i] = row->line;
		for (size_t c = 0; c < t->n_lines; c++)
			r->out->texts[i * t->n_lines + c] =
				!t->lines[c].computed && cols[c] ? field_at(row, cols[c] - 1) : NULL;
	}
}

enum cnap_err cnap_form_csv_read(const void *data, size_t len, const struct cnap_form_grid *current,
				 const char *file_name, struct cnap_arena *a, struct cnap_form_csv_table *out,
				 struct cnap_form_problems *problems, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	out->table = current->table;
	out->file_name = file_name && *file_name ? file_name : "CSVファイル";
	struct csv_rd r = { .a = a, .p = problems, .file = out->file_name, .out = out };
	struct cnap_csv csv;
	struct cnap_error cerr = { 0 };
	enum cnap_err rc = cnap_csv_parse(data, len, NULL, a, &csv, &cerr);
	if (rc == CNAP_ENOMEM)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	if (rc) {
		const char *where = cerr.where[0] ? cnap_arena_printf(a, "%s %s", r.file, cerr.where) : r.file;
		cnap_form_problem_add(a, problems, where, "%s", cerr.message);
		return cnap_fail(err, rc, where ? where : r.file, "%s", cerr.message);
	}
	if (!csv.n_rows) {
		cnap_form_problem_add(a, problems, r.file, "ファイルが空です");
		return cnap_fail(err, CNAP_EINVAL, r.file, "ファイルが空です");
	}
	if (current->table->layout == CNAP_FORM_RECORDS)
		read_records(&r, &csv, current->table);
	else
		read_lines(&r, &csv, current);
	return r.oom ? cnap_fail(err, CNAP_ENOMEM, "", "out of memory") : CNAP_OK;
}

const char *cnap_form_csv_where(struct cnap_arena *a, const struct cnap_form_csv_table *t, size_t row, size_t col)
{
	const char *words = cnap_form_cell_words(a, t->table, row, col);
	size_t line = t->lines && row < t->n_rows ? t->lines[row] : 0;
	size_t column = t->columns && col < t->n_cols ? t->columns[col] : 0;
	if (line && column)
		return cnap_arena_printf(a, "%s %zu行目 %zu列目（%s）", t->file_name, line, column, words);
	if (line)
		return cnap_arena_printf(a, "%s %zu行目（%s）", t->file_name, line, words);
	return cnap_arena_printf(a, "%s（%s）", t->file_name, words);
}
