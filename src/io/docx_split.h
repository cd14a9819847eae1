/*
 * An association's Word file split into the items of its survey outline
 * (issue 12 item 2): the elements read by io/docx_read.h are cut at the
 * headings that name an outline item, and what lies between two of them
 * becomes that item's text (model/doc.h). Pure: no SQL, nothing saved.
 *
 * A heading names an item by its number and its title, written as people
 * write them: the chapter's 「Ⅱ．」 also as 「II.」「2.」「２．」「第2章」, the
 * section's 「（５）」 also as 「(5)」「（5）」, both together 「Ⅱ．（５）」「2.5」,
 * ① for a numbered sub-item; the number may be Word's own list numbering.
 * Titles are compared after folding widths and case and dropping spaces
 * and punctuation (NFKC through utf8proc): 「ＣＯ２」 is 「CO2」, half-width
 * katakana are full-width. A section number belongs to the chapter it
 * follows, so under Ⅱ．a heading （５） is II.5 even when its title differs
 * (reported); a heading may also be a plain paragraph that reads exactly
 * like the item (its number and title). An item without a number (the
 * front matter, 「その他」) is found by its title.
 *
 * Inside an item: Word headings deeper than the item's own, and paragraphs
 * that are ① … or 【…】 alone, become sub-headings (CNAP_BLK_HEADING); list
 * paragraphs become lists nested by their Word level; tables, links and
 * footnotes (CNAP_BLK_NOTE) are kept, a paragraph starting with ※1 is a
 * note too. Empty paragraphs are left out.
 *
 * What cannot be placed is listed, not dropped silently: what comes before
 * the first item's heading, a heading that looks like an item but names
 * none (and what follows it, up to the next item), the second heading of
 * an item already placed (and what follows it), a table too large for an
 * item. A document with no heading at all, or none that names an item, is
 * refused with a message saying so; so is an item with more text than an
 * item holds (model/doc.h's limits).
 */
#ifndef CNAP_IO_DOCX_SPLIT_H
#define CNAP_IO_DOCX_SPLIT_H

#include "base/arena.h"
#include "base/err.h"
#include "io/docx_read.h"
#include "model/doc.h"
#include "model/model.h"

/* At most this many unplaced runs and warnings are listed; the rest are counted. */
#define CNAP_DOCX_MAX_UNPLACED 200
#define CNAP_DOCX_MAX_SPLIT_WARNINGS 100
/* An unplaced run shows this many characters of its first text. */
#define CNAP_DOCX_UNPLACED_CHARS 80

struct cnap_docx_placed {
	const struct cnap_survey_item *item; /* borrowed from the template */
	const char *number;      /* 「Ⅱ．（５）」, "" for an item without one */
	const char *title;       /* the item's title for the association ({industry} filled) */
	const char *heading;     /* the heading as the document writes it, its list number included */
	size_t paragraph;        /* the heading's paragraph number (cnap_docx_element.number) */
	struct cnap_doc doc;     /* what follows it up to the next item; may have no blocks */
};

struct cnap_docx_unplaced {
	size_t first;            /* index of its first element in the document */
	size_t n_paragraphs, n_tables;
	const char *where;       /* 「12番目の段落から」「2番目の表」 */
	const char *text;        /* its first text, cut at CNAP_DOCX_UNPLACED_CHARS characters with "…" */
	const char *reason;      /* why, in Japanese */
};

struct cnap_docx_split {
	struct cnap_docx_placed *placed;       /* in the document's order */
	size_t n_placed;
	struct cnap_docx_unplaced *unplaced;   /* in the document's order */
	size_t n_unplaced, n_unplaced_omitted;
	const char **warnings;                 /* the reader's first, then the split's */
	size_t n_warnings, n_warnings_omitted;
};

/*
 * Splits d along the items of outline t, whose titles are filled for assoc
 * (NULL: left as written). Everything in *out is allocated in a (strings
 * copied: d may be freed afterwards), except the items, which are t's.
 */
enum cnap_err cnap_docx_split(const struct cnap_docx *d, const struct cnap_template *t,
			      const struct cnap_association *assoc, struct cnap_arena *a, struct cnap_docx_split *out,
			      struct cnap_error *err);

/*
 * The number at the start of a heading (exposed for the tests): chapter
 * (Ⅱ．, II., 2., 第2章), section ((5), （５）, the 5 of 2.5) and circled (①)
 * values, 0 where absent, and the byte offset where the title starts.
 */
struct cnap_docx_number {
	int chapter, section, circled;
	bool chapter_roman;      /* Ⅱ or II, not 2. */
	size_t title_at;
};
void cnap_docx_heading_number(const char *s, struct cnap_docx_number *out);

/*
 * A title as it is compared: NFKC, case folded, only letters and digits
 * kept. Allocated in a; NULL when out of memory.
 */
const char *cnap_docx_title_key(struct cnap_arena *a, const char *s);

#endif
