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

/*
 * A run of text. href is NULL for plain text, else an http:, https: or
 * mailto: address (nothing else is accepted). text may hold '\n' (a line
 * break inside the paragraph) and no other control character.
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

/* One list item: its own text, then the blocks under it (a nested list). */
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

/* Whether an address is one cnap links to (http, https, mailto; no spaces or controls). */
bool cnap_doc_href_ok(const char *href);

/* No blocks at all, or only empty paragraphs. */
bool cnap_doc_is_empty(const struct cnap_doc *doc);

/*
 * The text as a reader would copy it: blocks separated by "\n", list items
 * one per line, table cells by "\t", rows by "\n", a note as its mark, a
 * space and its text, a DATA block as nothing. Deterministic: what quoting,
 * the comparison and search work on. Appended to out.
 */
enum cnap_err cnap_doc_plain_text(const struct cnap_doc *doc, struct cnap_buf *out);

/* Characters (code points) of text in the whole doc. */
size_t cnap_doc_chars(const struct cnap_doc *doc);

/* Whether two docs are the same text and structure. */
bool cnap_doc_equal(const struct cnap_doc *a, const struct cnap_doc *b);

/* An item's text inside one version of a survey. */
struct cnap_item_text {
	const char *item_key;
	struct cnap_doc doc;
};

#endif
