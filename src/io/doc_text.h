/*
 * An item's text as a person types it (the browser's text box, the CLI's
 * `cnap survey text set --file`): plain text with a few conventions that
 * Japanese documents already follow, so nobody types markup or JSON.
 *
 *   a blank line            ends a paragraph (and a list or a table); a single line break stays a line break in it
 *   【背景】 / ① 生産活動量   a line alone that is 【…】, or starts with ①…⑳: a sub-heading (the whole line)
 *   # 目標                   a sub-heading without a mark of its own
 *   ・ / - / *  at the start  a bulleted item; two spaces (or one full-width space) per level nest it (4 levels)
 *   1. / 1． / (1) / （1）    a numbered item (digits half- or full-width), nested the same way
 *   ※1 本文 / ※ 本文 / 注1 本文  a note
 *   a|b|c  or  a<TAB>b<TAB>c  consecutive lines of cells: a table, its first row the heading
 *                             (a block pasted from Excel arrives tab-separated); "|a|b|" framed as well;
 *                             cells trimmed; shorter rows padded; a "|---|---|" line puts the heading rows above it
 *   [表:summary]             where the data table "summary" of the form is shown
 *   https://…                a link, ending at a space, a full-width character or the end of the line (a
 *                             trailing . , ; : ! ? ' or unmatched ')' left out); [経済産業省](https://www.meti.go.jp/)
 *                             a link with its own text: only http, https and mailto, anything else refused
 *   \ at the start of a line  the line is plain text even if it looks like one of the above
 *   \[ \| \\ \: …           inside text, a backslash before ASCII punctuation or a space makes it plain
 *                             ("\[1](2)" is not a link, "a\|b" not a table, "http\://…" not a link)
 *
 * Only a paragraph holds line breaks. A tab separates cells: a paragraph's
 * line with one is a table row, and a heading, an item or a note with one is
 * refused. cnap_doc_check()'s rules apply to what is read.
 *
 * cnap_doc_text_write() gives text that cnap_doc_text_parse() reads back
 * into an equal doc (cnap_doc_equal) for every doc that passes
 * cnap_doc_check(), escaping only what would read otherwise, so the box
 * shows what is stored. Messages name the line ("II.5の12行目: …").
 */
#ifndef CNAP_IO_DOC_TEXT_H
#define CNAP_IO_DOC_TEXT_H

#include "model/doc.h"

/* Largest typed text of one item that is read (bytes). */
#define CNAP_DOC_MAX_TEXT_BYTES ((size_t)1024 * 1024)

/* Parse typed text (UTF-8, \n or \r\n) into *out, allocated in a; where_prefix names the item. */
enum cnap_err cnap_doc_text_parse(const char *text, size_t len, const char *where_prefix, struct cnap_arena *a,
				  struct cnap_doc *out, struct cnap_error *err);
/* The typed form of doc (one that passes cnap_doc_check), appended to out. */
enum cnap_err cnap_doc_text_write(const struct cnap_doc *doc, struct cnap_buf *out);

#endif
