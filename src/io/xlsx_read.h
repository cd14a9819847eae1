/*
 * cnap's xlsx reader: a whole workbook parsed from memory into cells.
 *
 * Design. The container is the package reader shared with the Word reader
 * (ooxml_pkg.h): opened with libzip straight from the caller's
 * bytes (zip_source_buffer_create + zip_open_from_source, nothing copied);
 * every XML part is inflated in 64 KiB chunks into expat's own buffer and
 * parsed as it streams, so no part ever sits in memory whole. The parts are
 * found as Excel finds them, never by guessing names: [Content_Types].xml
 * must call the office document a spreadsheet, _rels/.rels names that
 * document (xl/workbook.xml as a fallback), its relationships
 * (xl/_rels/workbook.xml.rels, targets absolute or relative) name the
 * sheets, the shared strings and the styles. Elements are matched by
 * namespace and local name (expat's namespace mode), so prefixed writers
 * (<x:c>) read the same, and anything unknown is skipped with its whole
 * subtree: that is how phonetic runs (<rPh>, <phoneticPr>) and extension
 * lists never reach a value.
 *
 * Memory. Everything a workbook returns lives in one arena (base/arena.h)
 * owned by struct cnap_xlsx: strings are packed end to end into arena
 * chunks, a cell's text points at its shared string instead of a copy, and
 * a cell's number format at its style's. Cells are appended to one growable
 * array reused for every sheet, sorted only when a writer put them out of
 * order, and copied once into the arena at the end of the sheet. There is
 * no allocation per cell.
 *
 * Hostile input. Every size is bounded before and while it is read: the
 * file, the number of zip entries, each entry's declared size and
 * compression ratio (zip_stat) and then the bytes really inflated (the
 * headers may lie), the sum over the workbook, cells, shared strings and
 * the length of one string. A DOCTYPE stops the parser at once (no DTD, no
 * entity declarations, no external entities: parameter entity parsing is
 * NEVER), which also shuts out billion laughs. Strings are checked again
 * with cnap_utf8_valid after _xHHHH_ escapes are decoded. Expat allocates
 * through base/alloc.h, so the test build's failure hook reaches it.
 *
 * Errors. Every failure is one Japanese sentence in err->message and, in
 * err->where, the part ("xl/worksheets/sheet1.xml") or the cell
 * ("実績の総括表!F12") it is about:
 *   CNAP_EFORMAT  not an xlsx (text, PNG, .xls, docx), a broken or truncated
 *                 zip, an encrypted workbook, a missing part, broken XML;
 *   CNAP_ETOOBIG  over a limit (zip bomb, huge sheet, a cell beyond Excel's
 *                 1,048,576 rows × 16,384 columns);
 *   CNAP_EINVAL   bad content: invalid UTF-8, a DTD or entity declaration,
 *                 a bad cell reference or value, a duplicate cell, a
 *                 formula cell with no cached value;
 *   CNAP_ENOMEM   out of memory.
 * A failed open leaves *out NULL and nothing allocated.
 */
#ifndef CNAP_IO_XLSX_READ_H
#define CNAP_IO_XLSX_READ_H

#include "base/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Limits; cnap_xlsx_limits_default() gives: file 20 MiB, entries 10,000, one
 * entry 64 MiB uncompressed, all entries 256 MiB uncompressed, compression
 * ratio 200:1 per entry (for entries > 1 MiB), cells 2,000,000 per workbook,
 * shared strings 1,000,000, one string 32,767 characters. Rows and columns
 * are Excel's, 1,048,576 and 16,384, always. A field left 0 takes its
 * default, so a caller may set only the ones it cares about.
 */
struct cnap_xlsx_limits {
	size_t max_file_bytes, max_entries, max_entry_bytes, max_total_bytes, max_ratio,
		max_cells, max_shared_strings, max_string_chars;
	/*
	 * A formula cell without a cached value (what openpyxl saves) refuses
	 * the workbook unless this is set; then it is a CNAP_XLSX_UNCACHED cell
	 * and the caller refuses it only where it reads it.
	 */
	bool keep_uncached_formulas;
};
struct cnap_xlsx_limits cnap_xlsx_limits_default(void);

#define CNAP_XLSX_MAX_ROWS 1048576u
#define CNAP_XLSX_MAX_COLS 16384u
/* The compression ratio is checked on entries larger than this. */
#define CNAP_XLSX_RATIO_FROM_BYTES ((size_t)1 << 20)

enum cnap_xlsx_type {
	CNAP_XLSX_EMPTY, CNAP_XLSX_NUMBER, CNAP_XLSX_STRING, CNAP_XLSX_BOOL, CNAP_XLSX_ERROR,
	CNAP_XLSX_UNCACHED, /* a formula with no cached value (limits.keep_uncached_formulas); text NULL */
};

struct cnap_xlsx_cell {
	uint32_t row, col;      /* 0-based: A1 is (0,0) */
	enum cnap_xlsx_type type;
	double num;             /* NUMBER (dates stay serial numbers, see is_date), BOOL 0/1 */
	/*
	 * STRING: the value (valid UTF-8, NUL-terminated, furigana <rPh>
	 * excluded, rich runs joined, _xHHHH_ escapes decoded); ERROR: "#DIV/0!"
	 * etc.; NUMBER: the number exactly as written in the XML (e.g. "0.1",
	 * "1E-3") so a caller can parse it decimally (a t="d" ISO date keeps its
	 * ISO text, num is its serial); else NULL.
	 */
	const char *text;
	bool is_formula;        /* the cell has <f>: the value is the cached one */
	/*
	 * NUMBER with a date/time number format: built-in 14-22, 45-47, or a
	 * custom format whose first section has y/m/d/h/s outside quotes and
	 * brackets ([h], [mm], [ss] count), or a t="d" cell.
	 */
	bool is_date;
	const char *number_format; /* the format code ("0.0", "#,##0", "General"), never NULL */
};

/*
 * Whether a number format code shows a date or time: its first section has
 * d, m, h, y or s (either case) outside "quoted text", [brackets] (but
 * [h], [mm], [ss] elapsed times count), \escaped characters and the
 * character after _ or *. What is_date says of custom formats.
 */
bool cnap_xlsx_format_is_date(const char *code);

struct cnap_xlsx_merge { uint32_t first_row, first_col, last_row, last_col; };

struct cnap_xlsx_sheet {
	const char *name;       /* as the user sees it (from xl/workbook.xml) */
	bool hidden;            /* state="hidden" or "veryHidden" */
	const struct cnap_xlsx_cell *cells; size_t n_cells;  /* sorted by (row, col), no EMPTY cells, no duplicates */
	const struct cnap_xlsx_merge *merges; size_t n_merges;
	uint32_t n_rows, n_cols; /* 1 + the largest row/col that has a cell */
};

struct cnap_xlsx;  /* an opened workbook; owns everything it returns */

/*
 * Parse the whole workbook from memory (the caller keeps data alive only
 * during the call). limits NULL = the defaults. On success *out is the
 * workbook, to be released with cnap_xlsx_free(); see the top of this file
 * for what each error means.
 */
enum cnap_err cnap_xlsx_open(const void *data, size_t len, const struct cnap_xlsx_limits *limits,
			     struct cnap_xlsx **out, struct cnap_error *err);
/* Frees the workbook and everything it returned; NULL is fine. */
void cnap_xlsx_free(struct cnap_xlsx *x);

/* Sheets in workbook (tab) order; chart and dialog sheets are there too, without cells. */
size_t cnap_xlsx_sheet_count(const struct cnap_xlsx *x);
/* NULL when i is out of range. */
const struct cnap_xlsx_sheet *cnap_xlsx_sheet(const struct cnap_xlsx *x, size_t i);
/* By exact name, else the first whose name matches ignoring ASCII case (as Excel does); NULL if none. */
const struct cnap_xlsx_sheet *cnap_xlsx_sheet_by_name(const struct cnap_xlsx *x, const char *name);
/* workbookPr date1904: serial numbers count days from 1904-01-01 instead of 1899-12-31. */
bool cnap_xlsx_date1904(const struct cnap_xlsx *x);

/*
 * Binary search; NULL when the cell is empty. For a cell inside a merged
 * range, the cell is the range's top-left one only (callers decide).
 */
const struct cnap_xlsx_cell *cnap_xlsx_cell_at(const struct cnap_xlsx_sheet *s, uint32_t row, uint32_t col);
/* The merged range that holds (row, col), or NULL; a linear search of s->merges. */
const struct cnap_xlsx_merge *cnap_xlsx_merge_at(const struct cnap_xlsx_sheet *s, uint32_t row, uint32_t col);

/*
 * "F12" from (11, 5) into buf (>= 12 bytes holds any Excel cell; a smaller
 * buf gets a truncated, NUL-terminated string); and the reverse parse:
 * letters then digits, '$' allowed before either, lower case letters
 * accepted, false on junk or outside Excel's rows and columns.
 */
void cnap_xlsx_ref_format(uint32_t row, uint32_t col, char *buf, size_t size);
bool cnap_xlsx_ref_parse(const char *ref, uint32_t *row, uint32_t *col);
/* "A1:C3" or a single "B2" (then first == last) into r, normalised so first <= last; false on junk. */
bool cnap_xlsx_range_parse(const char *ref, struct cnap_xlsx_merge *r);

/*
 * A defined name's value (e.g. "cnap_marker" -> "'実績の総括表'!$A$1") or
 * NULL. Names match ignoring ASCII case, as in Excel; a workbook-wide name
 * wins over one scoped to a sheet, else the first sheet-scoped one is
 * returned.
 */
const char *cnap_xlsx_defined_name(const struct cnap_xlsx *x, const char *name);

/* All defined names in file order. */
struct cnap_xlsx_name {
	const char *name, *value;
	int32_t sheet;          /* localSheetId: the index of the sheet it is scoped to, or -1 */
	bool hidden;
};
size_t cnap_xlsx_defined_name_count(const struct cnap_xlsx *x);
const struct cnap_xlsx_name *cnap_xlsx_defined_name_at(const struct cnap_xlsx *x, size_t i);

/*
 * A defined name that points at one cell or range ("'実績の総括表'!$A$1",
 * "Sheet1!$B$2:$C$3"): its sheet and the (top-left) cell. False when the
 * name is missing, its value is not a single reference, or the sheet does
 * not exist.
 */
bool cnap_xlsx_name_ref(const struct cnap_xlsx *x, const char *name, const struct cnap_xlsx_sheet **sheet,
			uint32_t *row, uint32_t *col);

/*
 * A date/time serial number as a calendar date and time of day, as Excel
 * shows it: with the 1900 system serial 60 is the 1900-02-29 that never was
 * (Lotus's leap year bug), 1 is 1900-01-01, and 0 is "1900-01-00"
 * (returned as 1899-12-31); with date1904, 0 is 1904-01-01. The time is
 * rounded to the millisecond. False for negative serials, NaN and beyond
 * 9999-12-31.
 */
struct cnap_xlsx_datetime { int year, month, day, hour, minute, second, millisecond; };
bool cnap_xlsx_serial_to_datetime(double serial, bool date1904, struct cnap_xlsx_datetime *out);

#endif
