/*
 * The association's workbook (io/form_xlsx_write.h) read back: the input
 * cells of every table as typed, ready for cnap_form_apply() (model/form.h),
 * and every problem of the file named by its cell.
 *
 * The workbook must be cnap's, for the cycle, WG and association expected:
 * its hidden 「cnap」 sheet (found by the sheet-scoped defined name
 * cnap_workbook, else by its name) says so, and its layout version is one
 * this reader knows; otherwise the whole file is refused. A table's sheet is
 * found by its sheet-scoped defined name cnap_table_<code> (a renamed sheet
 * is still found), else by the defined name's reference, else by the sheet
 * name the cnap sheet recorded, else by the table's own sheet name; a table
 * whose sheet is not there is left out (found false: its data stays as it
 * was). A table whose fingerprint (io/form_file.h) differs from the spec's
 * is refused with a message saying to download a new workbook.
 *
 * Cells: a number is read from its XML text (0.1 stays "0.1"; more than 15
 * significant digits, which only binary noise gives, are cut to Excel's
 * 15); a string as it is (base/jpnum.h reads "▲12.3" typed as text later);
 * a boolean as 「TRUE」/「FALSE」 (for a 実績/予定 cell: its choice); a
 * formula by its cached value. An error value (#DIV/0!, #N/A, ...) is a
 * problem naming the cell, and so is a date in a number or year cell (a
 * date in a text cell reads as YYYY-MM-DD). Rows and columns outside the
 * layout are not read. YEARS and FIELDS tables must have their labels in
 * column A where they were written (a row inserted or deleted moves every
 * value); RECORDS tables are read down to their end row (「（以上）」) or,
 * without one, to the sheet's last row.
 *
 * A line that an earlier table already asks for (io/form_file.h
 * cnap_form_mirror_of) takes that table's text when that sheet was read.
 */
#ifndef CNAP_IO_FORM_XLSX_READ_H
#define CNAP_IO_FORM_XLSX_READ_H

#include "io/form_file.h"
#include "io/xlsx_read.h"

/* What the workbook must be for. */
struct cnap_form_xlsx_expect {
	int year;                     /* the cycle */
	const char *wg_code;
	const char *association_code;
	const char *association_name; /* for messages; NULL: the code */
	const char *file_name;        /* for a problem about the whole file: "bearing.xlsx" (NULL: 「ファイル」) */
};

struct cnap_form_xlsx_table {
	const struct cnap_form_table *table;
	bool found;
	const char *sheet;       /* the sheet's name in the workbook (after any renaming) */
	const char **texts;      /* n_rows * n_cols, row-major as model/form.h's grids; NULL = empty */
	size_t n_rows, n_cols;
	const uint32_t *sheet_rows; /* the sheet row (0-based) of each row of texts: RECORDS keep only rows with input */
};

struct cnap_form_xlsx_book {
	struct cnap_form_xlsx_table *tables; /* one per table of the spec, in its order */
	size_t n_tables;
	int version;                         /* the version the workbook was filled from (its cnap sheet) */
};

/*
 * Reads data[0..len) (limits NULL = the reader's defaults) against spec.
 * Problems with cells go to problems (the function still returns CNAP_OK
 * when it could read the rest: callers check problems->n); a file that
 * cannot be taken at all (not an xlsx, a zip bomb, not cnap's, another
 * association's) is one problem and its error code (CNAP_EFORMAT,
 * CNAP_ETOOBIG, CNAP_EINVAL). CNAP_ENOMEM as usual. Everything lives in a.
 */
enum cnap_err cnap_form_xlsx_read(const void *data, size_t len, const struct cnap_xlsx_limits *limits,
				  const struct cnap_form_spec *spec, const struct cnap_form_xlsx_expect *expect,
				  struct cnap_arena *a, struct cnap_form_xlsx_book *out,
				  struct cnap_form_problems *problems, struct cnap_error *err);

/* "実績の総括表!F12": grid cell (row, col) of a table that was read, in the workbook's own sheet name. Into a. */
const char *cnap_form_xlsx_where(struct cnap_arena *a, const struct cnap_form_xlsx_table *t, size_t row, size_t col);

#endif
