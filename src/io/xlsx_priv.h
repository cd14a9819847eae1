/*
 * Internal to the xlsx reader (xlsx_*.c): the reading state of one
 * cnap_xlsx_open on the package reader (ooxml_pkg.h) and the helpers the
 * part parsers share. Nothing here is seen outside src/io.
 */
#ifndef CNAP_IO_XLSX_PRIV_H
#define CNAP_IO_XLSX_PRIV_H

#include "base/arena.h"
#include "base/buf.h"
#include "io/ooxml_pkg.h"
#include "io/xlsx_read.h"

/* One style of cellXfs: what a cell with s="i" shows its number as. */
struct xlsx_xf {
	const char *format; /* in the arena or static; never NULL */
	bool is_date;
};

struct cnap_xlsx {
	struct cnap_arena arena;   /* everything below points into it */
	struct cnap_xlsx_sheet *sheets;
	size_t n_sheets;
	struct cnap_xlsx_name *names;
	size_t n_names;
	bool date1904;
};

/* What xl/workbook.xml says of a sheet before its part is read. */
struct xlsx_sheet_ref {
	const char *rid;   /* r:id */
	const char *part;  /* zip entry name, once the relationships are read */
	bool is_worksheet; /* a chart or dialog sheet has no cells to read */
};

/*
 * The state of one open: the package (ooxml_pkg.h), whose arena is the
 * workbook's, and what the parts give on the way. The part parsers keep
 * their own state in pk.state; their callbacks get &r->pk back as
 * xr_of(pk).
 */
struct xr {
	struct ooxml_pkg pk;        /* first: xr_of() */
	struct cnap_xlsx *x;
	struct cnap_xlsx_limits lim;

	/* from the workbook, its relationships and parts */
	const char *workbook_part;
	struct xlsx_sheet_ref *sheet_refs;
	const char *sst_part, *styles_part;
	const char **sst;           /* shared strings (in the pool), freed after the sheets */
	size_t n_sst, cap_sst;
	struct xlsx_xf *xfs;        /* cellXfs, in the arena */
	size_t n_xfs;

	/* the growable arrays a sheet fills, reused for every sheet */
	struct cnap_xlsx_cell *cells;
	size_t n_cells, cap_cells, total_cells;
	struct cnap_xlsx_merge *merges;
	size_t n_merges, cap_merges;
};

static inline struct xr *xr_of(struct ooxml_pkg *pk)
{
	return (struct xr *)pk;
}

/*
 * The collected text as a string value: _xHHHH_ escapes decoded in place,
 * checked to be valid UTF-8 of at most max_string_chars characters, then
 * copied to the pool. NULL on failure, whose message is about the cell
 * (row, col) of sheet, or about the part when sheet is NULL.
 */
const char *xr_text_value(struct xr *r, const struct cnap_xlsx_sheet *sheet, uint32_t row, uint32_t col);

/* Decodes Excel's _xHHHH_ escapes in s[0..n) in place; returns the new length. */
size_t xlsx_unescape(char *s, size_t n);

/* Parsers of the workbook's parts (xlsx_book.c, xlsx_styles.c). */
enum cnap_err xr_read_package(struct xr *r);      /* that the package is a workbook, and which part it is */
enum cnap_err xr_read_workbook(struct xr *r);     /* xl/workbook.xml and its relationships */
enum cnap_err xr_read_styles(struct xr *r);       /* xl/styles.xml (absent: every cell is General) */
enum cnap_err xr_read_shared_strings(struct xr *r);
/* The number format of the style index s (from a cell's s attribute). */
const struct xlsx_xf *xr_xf(const struct xr *r, size_t s);

/* One worksheet into sheet (xlsx_sheet.c). */
enum cnap_err xr_read_sheet(struct xr *r, struct cnap_xlsx_sheet *sheet, const char *part);

/*
 * A cell reference at *s ("B3", "$B$3", lower case too), 0-based; *s is
 * moved past it. REF_OUTSIDE: well formed but beyond Excel's rows or
 * columns.
 */
enum xlsx_ref { REF_OK, REF_JUNK, REF_OUTSIDE };
enum xlsx_ref xlsx_ref_scan(const char **s, uint32_t *row, uint32_t *col);

/* Days from 1970-01-01 to a proleptic Gregorian date, and back. */
int64_t xlsx_days_from_civil(int64_t y, int m, int d);
void xlsx_civil_from_days(int64_t days, int64_t *y, int *m, int *d);

/* A decimal in XML number syntax ([-+]digits[.digits][E[-+]digits]) to a finite double. */
bool xlsx_parse_number(const char *s, size_t n, double *out);

#endif
