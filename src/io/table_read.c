/* A bulk registration table from a CSV or a workbook (table_read.h). */
#include "base/compat.h"
#include "io/csv_read.h"
#include "io/table_read.h"
#include "io/xlsx_read.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define OOM(err) cnap_fail((err), CNAP_ENOMEM, "", "out of memory")
#define MAX_COLS 64 /* cells past these are never read: no bulk table has so many columns */

bool cnap_table_problem_add(struct cnap_table_problems *p, struct cnap_arena *a, size_t line, const char *column,
			    const char *fmt, ...)
{
	if (p->n >= CNAP_TABLE_MAX_PROBLEMS) {
		p->omitted++;
		return true;
	}
	va_list ap;
	va_start(ap, fmt);
	char *msg = cnap_arena_vprintf(a, fmt, ap);
	va_end(ap);
	if (!msg || (!p->v && !(p->v = cnap_arena_calloc(a, CNAP_TABLE_MAX_PROBLEMS, sizeof(*p->v)))))
		return false;
	p->v[p->n++] = (struct cnap_table_problem){ line, column ? column : "", msg };
	return true;
}

static size_t column_rank(const char *column, const char *const *order, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(column, order[i]) == 0)
			return i;
	return n;
}

void cnap_table_problems_sort(struct cnap_table_problems *p, const char *const *order, size_t n)
{
	/* Insertion sort: stable, and the list is short and mostly in order already. */
	for (size_t i = 1; i < p->n; i++) {
		struct cnap_table_problem x = p->v[i];
		size_t rank = column_rank(x.column, order, n), j = i;
		while (j > 0 && (p->v[j - 1].line > x.line ||
				 (p->v[j - 1].line == x.line && column_rank(p->v[j - 1].column, order, n) > rank))) {
			p->v[j] = p->v[j - 1];
			j--;
		}
		p->v[j] = x;
	}
}

static bool is_blank_at(const char *s, size_t *len)
{
	unsigned char c = (unsigned char)s[0];
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
		*len = 1;
		return true;
	}
	if (c == 0xe3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80) { /* U+3000 */
		*len = 3;
		return true;
	}
	return false;
}

char *cnap_table_trim(struct cnap_arena *a, const char *s)
{
	size_t k;
	while (*s && is_blank_at(s, &k))
		s += k;
	size_t n = strlen(s), end = 0;
	for (size_t i = 0; i < n;) {
		if (is_blank_at(s + i, &k)) {
			i += k;
			continue;
		}
		i++;
		end = i;
	}
	char *out = cnap_arena_alloc(a, end + 1);
	if (out) {
		memcpy(out, s, end);
		out[end] = '\0';
	}
	return out;
}

char *cnap_table_nfkc(struct cnap_arena *a, const char *s)
{
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &mapped,
					  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
	if (n < 0)
		return cnap_table_trim(a, s); /* not UTF-8: both readers let nothing like it through */
	char *out = cnap_table_trim(a, (const char *)mapped);
	free(mapped);
	return out;
}

bool cnap_table_row_empty(const struct cnap_table_row *r)
{
	size_t k;
	for (size_t i = 0; i < r->n; i++)
		for (const char *p = r->cells[i]; *p; p += k)
			if (!is_blank_at(p, &k))
				return false;
	return true;
}

static enum cnap_err csv_rows(const void *data, size_t len, size_t max_rows, struct cnap_arena *a,
			      struct cnap_table_row **rows, size_t *n, const char **format, struct cnap_error *err)
{
	struct cnap_csv csv;
	struct cnap_csv_limits lim = { .max_bytes = CNAP_TABLE_MAX_BYTES, .max_rows = max_rows, .max_fields = MAX_COLS,
				       .max_field_bytes = 4096 };
	enum cnap_err rc = cnap_csv_parse(data, len, &lim, a, &csv, err);
	if (rc)
		return rc;
	*rows = cnap_arena_calloc(a, csv.n_rows + 1, sizeof(**rows));
	if (!*rows)
		return OOM(err);
	for (size_t i = 0; i < csv.n_rows; i++)
		(*rows)[i] = (struct cnap_table_row){ csv.rows[i].line, csv.rows[i].n_fields, csv.rows[i].fields };
	*n = csv.n_rows;
	*format = cnap_arena_printf(a, "CSV（%s）", csv.encoding);
	return *format ? CNAP_OK : OOM(err);
}

static const char *cell_text(struct cnap_arena *a, const struct cnap_xlsx_cell *c)
{
	switch (c->type) {
	case CNAP_XLSX_STRING:
	case CNAP_XLSX_NUMBER:
	case CNAP_XLSX_ERROR:
		return cnap_arena_strdup(a, c->text ? c->text : "");
	case CNAP_XLSX_BOOL:
		return cnap_arena_strdup(a, c->num != 0 ? "TRUE" : "FALSE");
	default:
		return cnap_arena_strdup(a, "");
	}
}

/* One sheet row's cells [i, j) as a row of text up to its last cell (at most MAX_COLS); false when out of memory. */
static bool sheet_row(struct cnap_arena *a, const struct cnap_xlsx_sheet *sh, size_t i, size_t j,
		      struct cnap_table_row *r)
{
	uint32_t width = sh->cells[j - 1].col + 1;
	if (width > MAX_COLS)
		width = MAX_COLS;
	r->line = (size_t)sh->cells[i].row + 1;
	r->n = width;
	r->cells = cnap_arena_calloc(a, width, sizeof(*r->cells));
	for (uint32_t c = 0; r->cells && c < width; c++)
		r->cells[c] = "";
	for (size_t k = i; r->cells && k < j; k++)
		if (sh->cells[k].col < width && !(r->cells[sh->cells[k].col] = cell_text(a, &sh->cells[k])))
			return false;
	return r->cells != NULL;
}

static enum cnap_err xlsx_rows(const void *data, size_t len, size_t max_rows, struct cnap_arena *a,
			       struct cnap_table_row **rows, size_t *n, struct cnap_error *err)
{
	struct cnap_xlsx *x;
	struct cnap_xlsx_limits lim = { .max_file_bytes = CNAP_TABLE_MAX_BYTES, .max_cells = 200000 };
	enum cnap_err rc = cnap_xlsx_open(data, len, &lim, &x, err);
	if (rc)
		return rc;
	/* The first worksheet that has cells: a chart sheet before it holds none. */
	const struct cnap_xlsx_sheet *sh = NULL;
	for (size_t i = 0; i < cnap_xlsx_sheet_count(x) && !sh; i++)
		if (cnap_xlsx_sheet(x, i)->n_cells)
			sh = cnap_xlsx_sheet(x, i);
	/* Rows that hold cells are counted, not the sheet's extent: a stray far-away cell is no reason to refuse. */
	size_t distinct = 0, count = 0;
	for (size_t i = 0; sh && i < sh->n_cells; i++)
		distinct += i == 0 || sh->cells[i].row != sh->cells[i - 1].row;
	if (distinct > max_rows) {
		rc = cnap_fail(err, CNAP_ETOOBIG, sh->name, "行が多すぎます（最大%zu行）", max_rows);
		cnap_xlsx_free(x);
		return rc;
	}
	*rows = cnap_arena_calloc(a, distinct + 1, sizeof(**rows));
	for (size_t i = 0; *rows && sh && i < sh->n_cells;) {
		size_t j = i;
		while (j < sh->n_cells && sh->cells[j].row == sh->cells[i].row)
			j++;
		if (!sheet_row(a, sh, i, j, &(*rows)[count++]))
			*rows = NULL;
		i = j;
	}
	cnap_xlsx_free(x);
	if (!*rows)
		return OOM(err);
	*n = count;
	return CNAP_OK;
}

enum cnap_err cnap_table_read(const void *data, size_t len, size_t max_rows, struct cnap_arena *a,
			      struct cnap_table_row **rows, size_t *n, const char **format, struct cnap_error *err)
{
	*rows = NULL;
	*n = 0;
	*format = "Excel";
	if (len >= 4 && memcmp(data, "PK\3\4", 4) == 0)
		return xlsx_rows(data, len, max_rows, a, rows, n, err);
	return csv_rows(data, len, max_rows, a, rows, n, format, err);
}

static int column_of(const char *name, const struct cnap_table_column *cols, size_t n_cols, struct cnap_arena *a)
{
	for (size_t c = 0; c < n_cols; c++) {
		const char *own = cnap_table_nfkc(a, cols[c].name);
		if (!own)
			return -2;
		for (char *p = (char *)own; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		if (strcmp(name, own) == 0)
			return (int)c;
		for (const char *const *al = cols[c].aliases; al && *al; al++)
			if (strcmp(name, *al) == 0)
				return (int)c;
	}
	return -1;
}

bool cnap_table_map_header(const struct cnap_table_row *h, const struct cnap_table_column *cols, size_t n_cols,
			   int *col_at, struct cnap_arena *a, struct cnap_table_problems *p)
{
	for (size_t c = 0; c < n_cols; c++)
		col_at[c] = -1;
	const char *usable = "";
	for (size_t c = 0; c < n_cols && usable; c++)
		usable = cnap_arena_printf(a, "%s%s%s", usable, c ? "、" : "", cols[c].name);
	if (!usable)
		return false;
	for (size_t i = 0; i < h->n; i++) {
		char *name = cnap_table_nfkc(a, h->cells[i]);
		if (!name)
			return false;
		if (!*name)
			continue; /* an empty header cell (Excel's trailing columns): its column is not read */
		for (char *q = name; *q; q++)
			if (*q >= 'A' && *q <= 'Z')
				*q = (char)(*q - 'A' + 'a');
		int col = column_of(name, cols, n_cols, a);
		bool ok = true;
		if (col == -2)
			return false;
		if (col < 0)
			ok = cnap_table_problem_add(p, a, h->line, cnap_arena_strdup(a, h->cells[i]),
						    "列「%s」は使えません（使える列：%s）", h->cells[i], usable);
		else if (col_at[col] >= 0)
			ok = cnap_table_problem_add(p, a, h->line, cols[col].name, "列「%s」が2つあります", cols[col].name);
		else
			col_at[col] = (int)i;
		if (!ok)
			return false;
	}
	for (size_t c = 0; c < n_cols; c++)
		if (cols[c].required && col_at[c] < 0 &&
		    !cnap_table_problem_add(p, a, h->line, cols[c].name, "見出し行に列「%s」がありません", cols[c].name))
			return false;
	return true;
}
