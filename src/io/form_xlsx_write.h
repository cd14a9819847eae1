/*
 * The association's workbook of the survey's data tables (issue 10), written
 * with libxlsxwriter, and the layout io/form_xlsx_read.h reads it back by.
 *
 * Sheets, in order:
 *   「表紙」   the association, the cycle (令和N年度), the version it was
 *             filled from, the date of the data, and how to fill it in;
 *   one sheet per table (named table->sheet), laid out like the printed
 *             form: the title with its item number in A1, the association
 *             and cycle in A2, the table's intro in A3, a legend in A4, the
 *             column headings in row 6 (CNAP_FORM_XLSX_HEAD_ROW), then one
 *             row per line (YEARS, FIELDS) or per record (RECORDS), then the
 *             notes. Columns: YEARS A label, B unit, C… the year columns;
 *             FIELDS A label, B unit, C the value; RECORDS A the row number,
 *             B… the fields. A RECORDS table has its records, at least
 *             CNAP_FORM_XLSX_MIN_BLANK empty rows, and an end row (column A
 *             CNAP_FORM_XLSX_END_MARK) above which rows may be inserted;
 *   「cnap」   hidden: what the reader checks (format, layout version, cycle,
 *             WG, association, and per table its code, sheet name and
 *             fingerprint, io/form_file.h).
 *
 * Input cells are unlocked and filled light yellow, with data validation
 * (decimal ranges, whole years 1990–2100, lists of the choices' labels,
 * text length); labels, units, headings and computed cells are locked, the
 * sheets protected without a password (people may unprotect them:
 * [校閲]→[シート保護の解除]; libxlsxwriter 1.1.4 can only hide the cnap
 * sheet, not make it "very hidden"). Computed cells get an Excel formula
 * where cnap's formula has one in the sheet's own cells (intensities, heat
 * total with the coefficients of the year, 原油換算, differences, per-size
 * and coverage ratios) together with cnap's value as the cached result, so
 * readers that do not recalculate see it; otherwise the value. A line whose
 * binding an earlier table already shows (燃料別's reported energy) is a
 * formula pointing at that cell.
 *
 * Finding the sheets again: every table sheet carries a defined name
 * cnap_table_<code> scoped to that sheet (localSheetId), so a renamed sheet
 * is still found; the cnap sheet carries cnap_workbook the same way.
 *
 * The same book gives the same bytes: the workbook's creation date is
 * book->date, and libxlsxwriter dates every zip entry 1980-01-01.
 */
#ifndef CNAP_IO_FORM_XLSX_WRITE_H
#define CNAP_IO_FORM_XLSX_WRITE_H

#include "base/buf.h"
#include "io/form_file.h"

#define CNAP_FORM_XLSX_FORMAT "cnap-survey-workbook"
#define CNAP_FORM_XLSX_LAYOUT 1            /* the layout version this file describes */
#define CNAP_FORM_XLSX_HEAD_ROW 5u         /* 0-based: row 6 holds the column headings */
#define CNAP_FORM_XLSX_MIN_BLANK 20        /* empty rows offered at least in a RECORDS table */
#define CNAP_FORM_XLSX_END_MARK "（以上）"  /* column A of a RECORDS table's end row */
#define CNAP_FORM_XLSX_COVER "表紙"
#define CNAP_FORM_XLSX_META "cnap"
#define CNAP_FORM_XLSX_TABLE_NAME "cnap_table_" /* + table code: the marker of a table's sheet */
#define CNAP_FORM_XLSX_META_NAME "cnap_workbook"

/* The sheet cell (0-based) of grid cell (row, col) of a table. */
void cnap_form_xlsx_cell(const struct cnap_form_table *t, size_t row, size_t col, uint32_t *sheet_row,
			 uint32_t *sheet_col);
/* The column of a table's line labels (YEARS, FIELDS) or row numbers (RECORDS): column A. */
#define CNAP_FORM_XLSX_LABEL_COL 0u

struct cnap_form_book_table {
	const struct cnap_form_table *table;
	const struct cnap_form_grid *grid; /* inputs as they are to be prefilled, computed cells computed */
	const char *title;                 /* 「Ⅱ．（１） 実績の総括表」 */
	/*
	 * Optional, grid-sized: the heat value [GJ per unit] of each fuel input
	 * cell in its column's year, for the heat total's formula; a column
	 * whose fuel cells are not all > 0 gets the value instead.
	 */
	const double *heat;
};

struct cnap_form_book {
	int year;        /* the cycle: 2023 */
	int actual_year; /* its actuals: 2022 */
	const char *wg_code, *wg_name;
	const char *association_code, *association_name;
	const char *template_code;
	int version;           /* the version the data comes from; 0: none yet */
	bool from_draft;       /* the data is the association's draft on top of it */
	size_t prefilled_prev; /* cells of 前年度実績 taken from last year's survey */
	const char *date;      /* "YYYY-MM-DDThh:mm:ssZ": the data's last change, the workbook's date */
	const struct cnap_survey_data *data; /* for the units ({activity_unit}); may be NULL */
	double crude_oil_kl_per_gj;          /* 0.0258: the 原油換算 formula */
	const struct cnap_form_book_table *tables;
	size_t n_tables;
};

/*
 * The workbook into out (which keeps its limit). CNAP_ENOMEM, or CNAP_EIO
 * when libxlsxwriter or the temporary file fails; out is then reset.
 */
enum cnap_err cnap_form_xlsx_write(const struct cnap_form_book *book, struct cnap_buf *out, struct cnap_error *err);

#endif
