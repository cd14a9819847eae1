/*
 * A table for bulk registration (issue 14: users, associations), as people
 * keep one: a CSV (UTF-8 with or without a BOM, or CP932, through
 * csv_read.h) or an Excel workbook (its first sheet with cells, through
 * xlsx_read.h), a header row, then one record per row. Both become rows of
 * text numbered as the person sees them (the CSV's line, the sheet's row).
 * The header is matched by name after NFKC and trimming; every problem of
 * the file is collected with its line and column rather than the first one
 * stopping the reading: a secretariat fixing forty rows should see all that
 * is wrong at once.
 */
#ifndef CNAP_IO_TABLE_READ_H
#define CNAP_IO_TABLE_READ_H

#include "base/arena.h"
#include "base/err.h"

#include <stdbool.h>
#include <stddef.h>

/* A bulk file is at most this large; at most so many problems are listed (the rest counted). */
#define CNAP_TABLE_MAX_BYTES ((size_t)4 << 20)
#define CNAP_TABLE_MAX_PROBLEMS 500

/* One problem: where (line 1-based as the file numbers it, 0 for the file as a whole; the column's name) and what. */
struct cnap_table_problem {
	size_t line;
	const char *column;  /* 「ログインID」…, or "" */
	const char *message; /* one Japanese sentence */
};
struct cnap_table_problems {
	struct cnap_table_problem *v;
	size_t n, omitted; /* past CNAP_TABLE_MAX_PROBLEMS only counted */
};
/* Adds a problem (past the limit only counted); false when out of memory. */
bool cnap_table_problem_add(struct cnap_table_problems *p, struct cnap_arena *a, size_t line, const char *column,
			    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Orders problems by line, then by column as ranked in order[0..n) (others after), keeping their order otherwise. */
void cnap_table_problems_sort(struct cnap_table_problems *p, const char *const *order, size_t n);

struct cnap_table_row {
	size_t line, n;
	const char **cells; /* valid UTF-8, as written (not trimmed) */
};

/*
 * The file as rows (an xlsx when it starts as a zip does, else CSV), at most
 * max_rows of them, everything in a; *format is 「CSV（UTF-8（BOM付き））」,
 * 「CSV（Shift_JIS（CP932））」 or 「Excel」. A file that cannot be read (encoding,
 * quoting, a broken workbook, over the limits) is the reader's error.
 */
enum cnap_err cnap_table_read(const void *data, size_t len, size_t max_rows, struct cnap_arena *a,
			      struct cnap_table_row **rows, size_t *n, const char **format, struct cnap_error *err);

/* s without white space at either end (U+3000 too); NFKC'd and trimmed. In a, NULL when out of memory. */
char *cnap_table_trim(struct cnap_arena *a, const char *s);
char *cnap_table_nfkc(struct cnap_arena *a, const char *s);
bool cnap_table_row_empty(const struct cnap_table_row *r);

/* A column of the table: its name as shown, and the other names (lower case ASCII, NFKC'd) that mean it. */
struct cnap_table_column {
	const char *name;
	const char *const *aliases; /* NULL-terminated */
	bool required;
};
/*
 * Maps header row h to the columns: col_at[c] is the cell of column c, or -1.
 * An empty header cell is not read; an unknown name, a column twice and a
 * required one missing are problems on the header's line. False when out of memory.
 */
bool cnap_table_map_header(const struct cnap_table_row *h, const struct cnap_table_column *cols, size_t n_cols,
			   int *col_at, struct cnap_arena *a, struct cnap_table_problems *p);

#endif
