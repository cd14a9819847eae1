/*
 * Internal to io: what a line and a run of inline text of the typed form
 * (io/doc_text.h) mean. The reader and the writer both decide by these
 * functions, so the writer escapes exactly what the reader would misread.
 */
#ifndef CNAP_IO_DOC_TEXT_SYNTAX_H
#define CNAP_IO_DOC_TEXT_SYNTAX_H

#include <stdbool.h>
#include <stddef.h>

enum line_kind {
	LINE_BLANK,        /* empty, or only spaces (half- or full-width); a tab makes a row */
	LINE_PARAGRAPH,    /* anything else: a line of a paragraph */
	LINE_ESCAPED,      /* "\…": a line of a paragraph, whatever it looks like; the backslash is dropped
			      unless it escapes the next character ("\[" reads "[") */
	LINE_HEADING_MARK, /* "# 見出し" */
	LINE_HEADING,      /* "【…】" alone, or starting with ①…⑳ */
	LINE_DATA,         /* "[表:code]", the code as cnap_doc_table_code_ok() wants it */
	LINE_NOTE,         /* "※1 本文", "※ 本文", "注1 本文" */
	LINE_ITEM,         /* an item of a list, with its indentation */
	LINE_ROW,          /* a row of a table: has a '|' not escaped ("\|") or a tab */
};

struct line_class {
	enum line_kind kind;
	size_t body;     /* where the text after the marker starts */
	size_t mark_len; /* NOTE: the mark is line[0..mark_len); DATA: the code is line[body..body+mark_len) */
	int level;       /* ITEM: indentation (two spaces or one full-width space a level) */
	bool ordered;    /* ITEM */
};

/* What the line s[0..n) (no line break in it) is. */
void doc_line_classify(const char *s, size_t n, struct line_class *out);

/*
 * Whether a backslash before s[0..n) escapes it: an ASCII punctuation
 * character, a space or a full-width space. The length of that character
 * (1 or 3), else 0.
 */
size_t doc_escapable(const char *s, size_t n);

/*
 * A bare address starting at s: "http://" or "https://" (any case), then
 * every character an address holds, less a trailing . , ; : ! ? ' and a ')'
 * without its '('. Its length, or 0 when s holds no such address.
 */
size_t doc_autolink_len(const char *s, size_t n);

/* Whether s starts with a space, a tab or a full-width space: its length, else 0. */
size_t doc_space_len(const char *s, size_t n);
/* The same for a space or a full-width space only. */
size_t doc_one_space(const char *s, size_t n);

/* "http://" or "https://" (any case) at s: its length, else 0. */
size_t doc_scheme_len(const char *s, size_t n);

/* Whether a cell s[0..n) reads as a heading separator: dashes, with a ':' at either end ("---", ":--:"). */
bool doc_all_dashes(const char *s, size_t n);

/* The byte order mark that a file may start with (and that the reader drops there). */
#define DOC_BOM "\xEF\xBB\xBF"

#endif
