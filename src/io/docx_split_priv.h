/*
 * Internal to the Word splitter (docx_split.c, docx_match.c, docx_build.c).
 */
#ifndef CNAP_IO_DOCX_SPLIT_PRIV_H
#define CNAP_IO_DOCX_SPLIT_PRIV_H

#include "io/docx_split.h"

/* How a heading's title compares with an item's (both as cnap_docx_title_key gives them). */
enum docx_likeness { LIKE_DIFFERENT, LIKE_SIMILAR, LIKE_EQUAL };
/* doc is the heading's, item the item's; an empty doc title (a number alone) is SIMILAR. */
enum docx_likeness docx_title_likeness(const char *doc, const char *item);

/* The split being made: what the builder needs to report a table it cannot place. */
struct docx_splitter {
	const struct cnap_docx *d;
	struct cnap_arena *a;
	struct cnap_error *err;
	struct cnap_docx_split *out;
	size_t cap_placed, cap_unplaced, cap_warnings;
};

/* Lists elements[i] as not placed, for reason (a static string); runs of one reason are joined. */
enum cnap_err docx_unplaced(struct docx_splitter *s, size_t i, const char *reason);
enum cnap_err docx_warn(struct docx_splitter *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * The item text made of elements[from, to) (docx_build.c), into *doc in s->a;
 * number names the item in the messages ("Ⅱ．（５）").
 */
enum cnap_err docx_build_doc(struct docx_splitter *s, size_t from, size_t to, const char *number,
			     struct cnap_doc *doc);

/*
 * A span array copied into a, with prefix (may be NULL) as a first plain
 * span; line breaks become spaces unless newline_ok (a paragraph's plain
 * text is the only one that may break, model/doc.h).
 */
struct cnap_inline docx_copy_inline(struct cnap_arena *a, const struct cnap_inline *in, const char *prefix,
				     bool newline_ok);

#endif
