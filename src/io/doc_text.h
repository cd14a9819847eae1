/*
 * An item's text as a person types it (the browser's text box, the CLI's
 * `cnap survey text set --file`): plain text with a few conventions that
 * Japanese documents already follow, so nobody types markup or JSON.
 *
 *   a blank line            ends a paragraph; a single line break stays a line break in it
 *   【背景】 / ① 生産活動量   a line alone that is 【…】, or starts with ①…⑳: a sub-heading
 *   ・ / - / *  at the start  a bulleted item; two spaces (or one full-width space) per level nest it
 *   1. / 1． / (1) / （1）    a numbered item, nested the same way
 *   ※1 本文 / ※ 本文         a note
 *   a|b|c  or  a<TAB>b<TAB>c  consecutive lines of cells: a table, its first row the heading
 *                             (a block pasted from Excel arrives tab-separated)
 *   [表:summary]             where the data table "summary" of the form is shown
 *   https://…                a link; [経済産業省](https://www.meti.go.jp/) a link with its own text
 *   \ at the start of a line  the line is plain text even if it looks like one of the above
 *
 * cnap_doc_text_write() gives text that cnap_doc_text_parse() reads back
 * into an equal doc (cnap_doc_equal), so the box shows what is stored.
 * Messages name the line ("12行目").
 */
#ifndef CNAP_IO_DOC_TEXT_H
#define CNAP_IO_DOC_TEXT_H

#include "model/doc.h"

/* Largest typed text of one item that is read (bytes). */
#define CNAP_DOC_MAX_TEXT_BYTES ((size_t)1024 * 1024)

/* Parse typed text (UTF-8, \n or \r\n) into *out, allocated in a; where_prefix names the item. */
enum cnap_err cnap_doc_text_parse(const char *text, size_t len, const char *where_prefix, struct cnap_arena *a,
				  struct cnap_doc *out, struct cnap_error *err);
/* The typed form of doc, appended to out. */
enum cnap_err cnap_doc_text_write(const struct cnap_doc *doc, struct cnap_buf *out);

#endif
