/*
 * The text of one survey item (issue 12): what an association writes under
 * an outline item of its 調査票 — paragraphs, a sub-heading (①, 【…】),
 * bulleted and numbered lists (nested a few levels), simple tables, links
 * and footnote-style notes (※1). No HTML: every string is plain text that
 * each output escapes for itself.
 *
 * A struct cnap_doc is a tree of blocks; inline content is a run of spans,
 * each plain text or a link. The tree is built by io (io/doc_json.h from the
 * stored JSON, io/doc_text.h from what a person types, io/docx_read.h from a
 * Word file) and read by publish (HTML, PDF) and calc (the comparison).
 *
 * Strings and arrays are borrowed from the arena that built the struct.
 */
#ifndef CNAP_MODEL_DOC_H
#define CNAP_MODEL_DOC_H

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"

#include <stdbool.h>
#include <stddef.h>

/* Limits; every reader checks them, cnap_doc_check() again. */
#define CNAP_DOC_MAX_CHARS 100000   /* characters of text in one item */
#define CNAP_DOC_MAX_BLOCKS 2000    /* blocks in one item, nested ones counted */
#define CNAP_DOC_MAX_DEPTH 4        /* list nesting */
#define CNAP_DOC_MAX_SPANS 20000    /* spans in one item */
#define CNAP_DOC_MAX_TABLE_ROWS 200
#define CNAP_DOC_MAX_TABLE_COLS 20
#define CNAP_DOC_MAX_HREF 2000      /* bytes of one link target */
#define CNAP_DOC_MAX_MARK 16        /* bytes of a note mark (※1, ※2, 注1) */
#define CNAP_DOC_MAX_CODE 32        /* bytes of a data block's table code (as CNAP_MAX_CODE_CHARS) */

/*
 * A run of text. href is NULL for plain text, else an http:, https: or
 * mailto: address (nothing else is accepted) and text is what the link
 * shows (not empty). Only a paragraph's plain text may hold '\n' (a line
 * break inside the paragraph); no text holds any other control character.
 * Adjacent plain spans mean the same as one span of their joined text, and
 * an empty plain span means nothing: cnap_doc_equal() compares so, and the
 * writers join them.
 */
struct cnap_span {
	const char *text;
	const char *href;
};

struct cnap_inline {
	struct cnap_span *spans;
	size_t n_spans;
};

struct cnap_block;

/*
 * One list item: its own text, then the blocks under it. Those are lists
 * (nested one level deeper), never two of the same kind (ordered or not) in
 * a row, which would read as one.
 */
struct cnap_list_item {
	struct cnap_inline content;
	struct cnap_block *children;
	size_t n_children;
};

enum cnap_block_kind {
	CNAP_BLK_PARAGRAPH,
	CNAP_BLK_HEADING, /* a sub-heading inside the item (① 生産活動量, 【背景】) */
	CNAP_BLK_LIST,
	CNAP_BLK_TABLE,
	CNAP_BLK_NOTE,    /* ※1 …: mark and content */
	CNAP_BLK_DATA,    /* where one of the form's data tables (model/form.h) is shown */
	CNAP_BLK_COUNT
};

/*
 * What each kind must hold (cnap_doc_check): a heading some text; a list at
 * least one item; a table at least one row and one column; a note a mark
 * as cnap_doc_mark_ok() says; a data block a code as
 * cnap_doc_table_code_ok() says.
 */
struct cnap_block {
	enum cnap_block_kind kind;
	/* PARAGRAPH, HEADING, NOTE */
	struct cnap_inline content;
	/* NOTE: "※1" */
	const char *mark;
	/* LIST */
	bool ordered;
	struct cnap_list_item *items;
	size_t n_items;
	/* TABLE: rows × cols cells, row-major; the first header_rows rows are headings */
	size_t rows, cols, header_rows;
	struct cnap_inline *cells;
	/* DATA: the table's code in the template's form spec ("summary", "fuels") */
	const char *table;
};

struct cnap_doc {
	struct cnap_block *blocks;
	size_t n_blocks;
};

/* "paragraph", "heading", "list", "table", "note", "data"; NULL when out of range. */
const char *cnap_block_kind_name(enum cnap_block_kind k);
bool cnap_block_kind_parse(const char *s, enum cnap_block_kind *out);

/*
 * Every rule above: limits, UTF-8, control characters, link schemes, table
 * shape, nesting. where_prefix names the item in the message ("II.5"); the
 * message is Japanese and says which block ("3番目の段落", …).
 */
enum cnap_err cnap_doc_check(const struct cnap_doc *doc, const char *where_prefix, struct cnap_error *err);

/*
 * Whether an address is one cnap links to: http://, https:// (something
 * after the two slashes) or mailto: (something after the colon), scheme in
 * any case; at most CNAP_DOC_MAX_HREF bytes of valid UTF-8 without spaces
 * (full-width ones too), controls, direction overrides or any of \ " < > `.
 */
bool cnap_doc_href_ok(const char *href);

/* A note's mark: "※", or "※" or "注" followed by digits (half- or full-width: ※1, ※１２, 注3). */
bool cnap_doc_mark_ok(const char *mark);

/* A data block's table code: 1 to CNAP_DOC_MAX_CODE letters, digits, '.', '_' or '-' (as form table codes). */
bool cnap_doc_table_code_ok(const char *code);

/*
 * Whether s[0..n) may be the text of a span: valid UTF-8 and no control
 * character (C0, DEL, C1) but '\n' when newline_ok. On false, why (of
 * why_cap bytes, if non-NULL) says what is wrong in Japanese
 * ("制御文字（U+0007）が含まれています"), for a message that names the place.
 * *chars (if non-NULL) gets the number of code points when true.
 */
bool cnap_doc_text_ok(const char *s, size_t n, bool newline_ok, size_t *chars, char *why, size_t why_cap);

/*
 * At most max_bytes of s for a message: cut on a character boundary, with
 * "…" when cut, bad bytes and control characters shown as '?'. out has cap
 * bytes and is always NUL-terminated (cap > 0).
 */
void cnap_doc_excerpt(const char *s, size_t max_bytes, char *out, size_t cap);

/* No blocks at all, or only paragraphs whose text is empty or only spaces and line breaks. */
bool cnap_doc_is_empty(const struct cnap_doc *doc);

/*
 * The text as a reader would copy it: blocks separated by "\n", list items
 * one per line, table cells by "\t", rows by "\n", a note as its mark, a
 * space and its text, a DATA block as nothing. Deterministic: what quoting,
 * the comparison and search work on. Appended to out.
 */
enum cnap_err cnap_doc_plain_text(const struct cnap_doc *doc, struct cnap_buf *out);

/* Characters (code points) of text in the whole doc: every span's text and every note's mark. */
size_t cnap_doc_chars(const struct cnap_doc *doc);

/* Whether two docs are the same text and structure (adjacent plain spans joined, empty ones ignored). */
bool cnap_doc_equal(const struct cnap_doc *a, const struct cnap_doc *b);

/* An item's text inside one version of a survey. */
struct cnap_item_text {
	const char *item_key;
	struct cnap_doc doc;
};

#endif
