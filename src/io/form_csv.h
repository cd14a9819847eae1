/*
 * One survey table as CSV (issue 10): what Excel on Japanese Windows opens
 * and saves. Written as UTF-8 with a BOM, CRLF (base/csv_write.h); read as
 * UTF-8 with or without a BOM or as CP932 (io/csv_read.h).
 *
 * The file, by layout:
 *   YEARS   項目,単位,<year headings>…   then one row per line;
 *   FIELDS  項目,単位,入力欄             then one row per line;
 *   RECORDS <label（unit）>…             then one row per record.
 * Computed cells are written (their heading says 「（自動計算）」) and never
 * read. Reading matches rows by their label in the first column (YEARS,
 * FIELDS) and columns by their heading, so a file whose rows or columns were
 * reordered, or that lacks some, still reads: what is absent keeps the
 * current value (YEARS, FIELDS) or stays empty (a RECORDS field). An unknown
 * row or heading is a problem, not silently dropped.
 */
#ifndef CNAP_IO_FORM_CSV_H
#define CNAP_IO_FORM_CSV_H

#include "base/buf.h"
#include "io/form_file.h"

/* The grid's table (d for its units, may be NULL) appended to out as a CSV file. */
enum cnap_err cnap_form_csv_write(const struct cnap_form_grid *g, const struct cnap_survey_data *d,
				  struct cnap_arena *a, struct cnap_buf *out, struct cnap_error *err);

struct cnap_form_csv_table {
	const struct cnap_form_table *table;
	const char **texts;    /* n_rows * n_cols as model/form.h's grids, for cnap_form_apply() */
	size_t n_rows, n_cols;
	const size_t *lines;   /* per row: the file's line (1-based) where it is, 0 = not in the file */
	const size_t *columns; /* per col: the file's column (1-based), 0 = not in the file */
	const char *file_name;
};

/*
 * Reads data[0..len) as the table of current (the grid of the data as it
 * is, which gives the values of what the file leaves out). Problems with
 * rows and headings go to problems (CNAP_OK all the same); a file that
 * cannot be read as CSV at all is one problem and its code. file_name names
 * the file in every place ("燃料別エネルギー.csv"). Everything in a.
 */
enum cnap_err cnap_form_csv_read(const void *data, size_t len, const struct cnap_form_grid *current,
				 const char *file_name, struct cnap_arena *a, struct cnap_form_csv_table *out,
				 struct cnap_form_problems *problems, struct cnap_error *err);

/* "燃料別エネルギー.csv 5行目 5列目（都市ガス／当年度実績）" for grid cell (row, col). Into a. */
const char *cnap_form_csv_where(struct cnap_arena *a, const struct cnap_form_csv_table *t, size_t row, size_t col);

#endif
