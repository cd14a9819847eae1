/*
 * Internal to the xlsx reader (xlsx_*.c): the reading state of one
 * cnap_xlsx_open, the streaming part reader over libzip and expat, and the
 * helpers the part parsers share. Nothing here is seen outside src/io.
 */
#ifndef CNAP_IO_XLSX_PRIV_H
#define CNAP_IO_XLSX_PRIV_H

#include "base/arena.h"
#include "base/buf.h"
#include "io/xlsx_read.h"

#include <expat.h>
#include <zip.h>

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

/* A string being packed into the arena: chunks hold many strings end to end. */
struct xlsx_pool {
	char *at;
	size_t left;
};

/* The namespaces an element name can be in (expat's "URI local" form split apart). */
enum xml_ns { NS_NONE, NS_MAIN, NS_REL, NS_PKG_REL, NS_CT, NS_OTHER };

struct xr;

/*
 * What a part parser reads of its XML, as a little grammar. The parse is
 * in a state r->at (0 outside the root); a step says that an element named
 * local, in state from, is a container to go into: the state is to while
 * inside it (and with text, its character data goes to r->text). enter is
 * called on the way in, and may xr_skip() to refuse the element after all;
 * leave on the way out. Any other element of the part's namespace is a
 * leaf: leaf sees it in the current state, and it is then ignored with all
 * it holds, as is everything of another namespace. Each state is reached
 * by one step only, so the way out is known.
 */
struct xr_step {
	unsigned char from, to;
	bool text;
	const char *local;
};
struct xr_grammar {
	enum xml_ns ns; /* NS_MAIN: SpreadsheetML, transitional or strict; elements of no namespace count too */
	const struct xr_step *steps;
	size_t n_steps;
	void (*enter)(struct xr *r, const XML_Char **atts);
	void (*leaf)(struct xr *r, const char *local, const XML_Char **atts);
	void (*leave)(struct xr *r);
};

/* The state of one open. The part parsers keep their own state in part_state. */
struct xr {
	struct cnap_xlsx *x;
	struct cnap_xlsx_limits lim;
	struct cnap_error *err;
	enum cnap_err rc;
	const void *data;           /* the file, the caller's */
	size_t len;
	zip_t *za;
	size_t inflated;            /* bytes inflated so far, all parts */
	struct xlsx_pool pool;

	/* the part being parsed */
	const char *part;
	XML_Parser p;
	const struct xr_grammar *g;
	unsigned at;                /* the grammar's state */
	unsigned skip;              /* > 0 inside an element we ignore, with its depth */
	bool collect;               /* character data goes to text */
	struct cnap_buf text;       /* reused for every value */
	void *part_state;

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

/* Fail once: the first error sticks; stops the parser when one runs. Returns r->rc. */
enum cnap_err xr_fail(struct xr *r, enum cnap_err code, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
enum cnap_err xr_oom(struct xr *r);

/*
 * The zip entry of a part name ("xl/workbook.xml"), looked up exactly and
 * then ignoring case (OPC part names are case-insensitive); -1 if absent.
 */
zip_int64_t xr_locate(struct xr *r, const char *part);

/*
 * Streams the entry of part through a hardened expat parser, reading it
 * with the grammar g. Counts the bytes inflated against the limits, turns
 * expat's errors into messages naming the part. r->at, r->skip,
 * r->collect and r->text are reset first.
 */
enum cnap_err xr_parse_part(struct xr *r, const char *part, const struct xr_grammar *g);

/* The value of the un-namespaced attribute local, or NULL. */
const char *xml_attr(const XML_Char **atts, const char *local);
/* The r:id attribute (officeDocument relationships namespace), or NULL. */
const char *xml_attr_rid(const XML_Char **atts);

/* From an enter handler: refuse the element, its end and all it holds. */
static inline void xr_skip(struct xr *r)
{
	r->skip = 1;
}

/* Grows a malloc'd array of elements of size sz to hold n + 1; false (and r->rc) when out of memory. */
bool xr_grow(struct xr *r, void **v, size_t *cap, size_t n, size_t sz);
/* Copies n elements of size sz from a malloc'd array into the arena (NULL for none or on failure). */
void *xr_to_arena(struct xr *r, const void *v, size_t n, size_t sz);
/* An xsd:boolean attribute value that is true ("1", "true"). */
bool xml_true(const char *v);
/* A non-negative decimal integer of at most 9 digits; -1 for anything else (NULL too). */
long xlsx_small_uint(const char *v);

/* Copies s[0..n) NUL-terminated into the string pool; NULL (and r->rc) on exhaustion. */
const char *xr_strndup(struct xr *r, const char *s, size_t n);
static inline const char *xr_strdup(struct xr *r, const char *s)
{
	return xr_strndup(r, s, strlen(s));
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

/* Part names: target resolved against the folder of the part source (absolute targets start with '/'). */
const char *xr_resolve(struct xr *r, const char *source, const char *target);

/* Parsers of the workbook's parts (xlsx_book.c, xlsx_styles.c). */
enum cnap_err xr_read_package(struct xr *r);      /* [Content_Types].xml and _rels/.rels */
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
