/*
 * cnap's Word reader: a .docx from memory into the ordered elements of its
 * body, paragraphs and tables, with what cnap needs to split it into survey
 * items (io/docx_split.h): each paragraph's outline level, list level and
 * the number Word draws before it.
 *
 * The container is the package reader shared with the workbook reader
 * (ooxml_pkg.h): the same limits on the file, its entries, their declared
 * and inflated sizes and compression ratio, no DTD, UTF-8 checked. Parts
 * are found through the relationships (word/_rels/document.xml.rels), never
 * by name: the styles, the numbering and the footnotes.
 *
 * What is read:
 *   - a paragraph's style through word/styles.xml (w:basedOn followed):
 *     its outline level comes from w:outlineLvl (on the paragraph, else on
 *     its style or the styles it is based on), else from a built-in style
 *     name "heading N" (Japanese Word shows it as 見出し N; its styleId is
 *     "N") or a style named 見出し N;
 *   - lists: w:numPr (on the paragraph or its style) and word/numbering.xml:
 *     the level, bullet or numbered, and the number as Word draws it
 *     (lvlText with each level's counter in its format: （５）, ①, Ⅱ., ア);
 *   - runs: w:t, w:tab and w:ptab (a space), w:br and w:cr (a line break;
 *     page and column breaks nothing), w:noBreakHyphen, w:sym outside the
 *     symbol fonts' private range; ruby keeps its base text, never the
 *     reading (w:rt); tracked insertions are text, deletions (w:del,
 *     w:delText) and field codes (w:instrText) are not, nor hidden text
 *     (w:vanish); content controls, smart tags and custom XML are looked
 *     into; drawings, text boxes and math are left out;
 *   - hyperlinks: external targets (r:id through the relationships) that
 *     are http:, https: or mailto:; a link elsewhere (a file, a bookmark)
 *     keeps its text without the link and is reported; javascript:,
 *     vbscript: and data: links refuse the file;
 *   - tables: rows and cells, a cell's paragraphs as lines, horizontally
 *     merged cells (w:gridSpan) and vertically merged ones (w:vMerge)
 *     flattened to the grid with the text in the first cell and the others
 *     empty, rows marked as repeated headings (w:tblHeader) counted as
 *     heading rows, tables inside a cell as lines of text in it;
 *   - footnotes (word/footnotes.xml): the reference becomes ※1, ※2 … in
 *     the text and the note an element right after the paragraph or table
 *     that refers to it.
 * Empty paragraphs are left out.
 *
 * Errors are one Japanese sentence naming the part or the paragraph:
 *   CNAP_EFORMAT  not a docx (an Excel workbook, a .doc, a picture, a PDF,
 *                 no zip at all), a broken zip or XML, a missing part;
 *   CNAP_ETOOBIG  over a limit (a zip bomb, too many paragraphs, too much
 *                 text, a table too wide);
 *   CNAP_EINVAL   a DTD, invalid UTF-8, a control character in the text,
 *                 a javascript: link;
 *   CNAP_ENOMEM   out of memory.
 */
#ifndef CNAP_IO_DOCX_READ_H
#define CNAP_IO_DOCX_READ_H

#include "base/arena.h"
#include "base/err.h"
#include "model/doc.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * Limits; cnap_docx_limits_default() gives: file 20 MiB, entries 10,000,
 * one entry 64 MiB uncompressed, all 256 MiB, compression ratio 200:1 (for
 * entries over 1 MiB), 100,000 paragraphs (in tables and notes too),
 * 16 MiB of text, 200,000 table cells. A field left 0 takes its default.
 */
struct cnap_docx_limits {
	size_t max_file_bytes, max_entries, max_entry_bytes, max_total_bytes, max_ratio;
	size_t max_paragraphs, max_text_bytes, max_cells;
};
struct cnap_docx_limits cnap_docx_limits_default(void);

/* Columns of one table row, as Word allows (63) with a little room. */
#define CNAP_DOCX_MAX_COLS 64
/* What a document may report that it read differently from how Word shows it. */
#define CNAP_DOCX_MAX_WARNINGS 50

enum cnap_docx_kind { CNAP_DOCX_PARAGRAPH, CNAP_DOCX_TABLE, CNAP_DOCX_NOTE };

struct cnap_docx_para {
	const char *style;          /* the style's name ("heading 1", "Normal", "見出し 2"); "" for none */
	int heading;                /* 1..9: an outline level (1 is the top); 0: body text */
	int list_level;             /* 0..8: a list item at this level (not for headings); -1: not in a list */
	bool ordered;               /* a list item: numbered, not bulleted */
	unsigned list;              /* a list item: its w:numId, shared by the items of one list */
	const char *label;          /* the number Word draws before the text ("（５）", "①", "2."), "" for none or a bullet */
	const char *text;           /* the content's text joined: what headings are matched on */
};

struct cnap_docx_table {
	size_t rows, cols, header_rows;
	const struct cnap_inline *cells; /* rows × cols, row-major */
};

struct cnap_docx_element {
	enum cnap_docx_kind kind;
	size_t number;              /* 1-based among the paragraphs, tables or notes of the body: for messages */
	struct cnap_inline content; /* PARAGRAPH and NOTE: the text as spans (plain, or an external link) */
	struct cnap_docx_para para; /* PARAGRAPH */
	struct cnap_docx_table table; /* TABLE */
	const char *mark;           /* NOTE: "※1" */
};

/* A read document; everything it points to lives in its arena. */
struct cnap_docx {
	struct cnap_arena arena;
	const struct cnap_docx_element *elements;
	size_t n_elements;
	const char *const *warnings; /* what was read differently from how Word shows it (Japanese) */
	size_t n_warnings;
};

/*
 * Parse a .docx from memory (the caller keeps data alive only during the
 * call). limits NULL = the defaults. On success *out is the document, to be
 * released with cnap_docx_free(); a failed open leaves *out NULL.
 */
enum cnap_err cnap_docx_open(const void *data, size_t len, const struct cnap_docx_limits *limits,
			     struct cnap_docx **out, struct cnap_error *err);
void cnap_docx_free(struct cnap_docx *d);

#endif
