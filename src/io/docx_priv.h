/*
 * Internal to the Word reader (docx_*.c): the state of one cnap_docx_open
 * on the package reader (ooxml_pkg.h). Nothing here is seen outside src/io.
 */
#ifndef CNAP_IO_DOCX_PRIV_H
#define CNAP_IO_DOCX_PRIV_H

#include "base/buf.h"
#include "io/docx_read.h"
#include "io/ooxml_pkg.h"

/* Word's list levels, w:ilvl 0..8. */
#define DOCX_LEVELS 9

/* A paragraph style of word/styles.xml. */
struct dx_style {
	const char *id, *name, *based_on; /* in the pool; name and based_on may be NULL */
	int outline;                      /* w:outlineLvl 0..9, -1 when not set */
	long num_id;                      /* w:numPr/w:numId, -1 when not set */
	int ilvl;                         /* w:numPr/w:ilvl, -1 when not set */
	bool is_default;
};

/* Number formats of word/numbering.xml (ST_NumberFormat) that cnap draws. */
enum dx_fmt {
	FMT_DECIMAL, FMT_DECIMAL_ZERO, FMT_FULL_WIDTH, FMT_UPPER_ROMAN, FMT_LOWER_ROMAN, FMT_UPPER_LETTER,
	FMT_LOWER_LETTER, FMT_CIRCLED, FMT_FULLSTOP, FMT_PAREN, FMT_KANJI, FMT_AIUEO, FMT_AIUEO_HALF, FMT_IROHA,
	FMT_IROHA_HALF, FMT_BULLET, FMT_NONE
};

struct dx_level {
	long start;
	enum dx_fmt fmt;
	const char *text; /* w:lvlText ("（%1）"), NULL when none */
};

struct dx_abstract {
	long id;
	struct dx_level lvl[DOCX_LEVELS];
	long counter[DOCX_LEVELS];  /* the number last drawn at each level; 0 before the first */
	bool started[DOCX_LEVELS];
};

struct dx_num {
	long id, abstract_id;
	long start_override[DOCX_LEVELS]; /* -1 when none */
	bool used;                        /* an override restarts the list where the num is first used */
	struct dx_abstract *abs;          /* resolved once numbering is read */
};

/* Spans being put together: a paragraph's, a table cell's or a note's. */
struct dx_spans {
	struct cnap_span *v;   /* malloc'd, reused; strings in the pool */
	size_t n, cap;
	struct cnap_buf run;   /* the text of the span being built */
	const char *run_href;  /* its link, or NULL */
	bool any;              /* anything was added since the last reset */
	bool pending_break;    /* a new line starts before the next text (a cell's or note's next paragraph) */
};

/* A table cell's content while the table is read. */
struct dx_row {
	size_t first, n;       /* cells[first .. first + n) */
	bool header;
};

struct dx_ref {
	unsigned number;       /* ※number */
	long id;               /* the w:footnote it refers to */
};

struct dx_note {
	long id;
	struct cnap_inline content;
};

/* What a paragraph's properties make of it (dx_para_kind). */
struct dx_para_kind {
	const char *style;   /* its name, "" for none */
	int heading;         /* 1..9, 0 */
	bool numbered;       /* has a list number or bullet */
	int level;
	bool ordered;
	unsigned list;
	const char *label;   /* in the pool, "" for none */
};
struct dx {
	struct ooxml_pkg pk;        /* first: dx_of() */
	struct cnap_docx *d;
	struct cnap_docx_limits lim;

	const char *document_part;
	struct ooxml_rels doc_rels;
	const struct ooxml_rels *rels; /* of the part being read: hyperlinks resolve through it */

	struct dx_style *styles;    /* sorted by id */
	size_t n_styles, cap_styles;
	const struct dx_style *default_style;
	struct dx_abstract *abstracts;
	size_t n_abstracts, cap_abstracts;
	struct dx_num *nums;        /* sorted by id */
	size_t n_nums, cap_nums;

	/* reading a part */
	bool in_notes;              /* word/footnotes.xml */
	size_t tbl_depth;           /* tables open; the cells of the outermost are built */
	size_t link_depth;
	const char *href;           /* the open hyperlink's target when it is one cnap keeps */
	bool hidden;                /* the run has w:vanish */
	struct dx_spans *target;    /* where the open paragraph's text goes */
	struct dx_spans para, cell, note;
	/* the paragraph's properties */
	const struct dx_style *p_style; /* w:pStyle, NULL for the default */
	int p_outline, p_ilvl;
	long p_num;
	struct dx_para_kind p_kind;
	bool p_kind_done;           /* p_kind is worked out once: it counts the list's numbers */
	size_t paragraphs;          /* all, for the limit */
	size_t text_bytes;
	/* the outermost table */
	struct cnap_inline *cells;
	size_t n_cells, cap_cells;
	struct dx_row *rows;
	size_t n_rows, cap_rows;
	long row_before, cell_span;
	bool row_header, cell_continues;
	/* footnotes */
	long note_id;
	struct dx_note *notes;      /* sorted by id once read */
	size_t n_notes, cap_notes;
	struct dx_ref *refs;        /* referred to by the element being read */
	size_t n_refs, cap_refs;
	unsigned next_mark;

	struct cnap_docx_element *elements;
	size_t n_elements, cap_elements;
	size_t n_paragraphs, n_tables, n_marks;
	const char **warnings;
	size_t n_warnings, cap_warnings;
};

static inline struct dx *dx_of(struct ooxml_pkg *pk)
{
	return (struct dx *)pk;
}

/* Adds a warning (Japanese, printf-style), at most CNAP_DOCX_MAX_WARNINGS of them. */
void dx_warn(struct dx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* word/styles.xml and word/numbering.xml (docx_styles.c); absent parts are none. */
enum cnap_err dx_read_styles(struct dx *x, const char *part);
enum cnap_err dx_read_numbering(struct dx *x, const char *part);
/* The style with w:styleId id, or NULL. */
const struct dx_style *dx_style(const struct dx *x, const char *id);

/* What the open paragraph's properties make of it (docx_styles.c); counts its list number. */
void dx_para_kind(struct dx *x, struct dx_para_kind *out);

/* word/document.xml and word/footnotes.xml (docx_body.c). */
enum cnap_err dx_read_notes(struct dx *x, const char *part);
enum cnap_err dx_read_document(struct dx *x);

#endif
