/*
 * Many items' texts in one plain-text file: what `cnap survey text show`
 * prints and `cnap survey text set --file` reads back, so a whole survey can
 * be edited in any text editor. Each item starts with a line of its own
 *
 *   === II.5 Ⅱ．（５） 実施した対策、投資額と削減効果の考察
 *
 * whose first word names the item (its key, or its number as printed:
 * 「Ⅱ．（５）」; the rest of the line is ignored), followed by the item's text
 * typed as io/doc_text.h reads it. A text line that itself starts with
 * "===" is written with a leading backslash.
 */
#ifndef CNAP_IO_SURVEY_TEXT_FILE_H
#define CNAP_IO_SURVEY_TEXT_FILE_H

#include "model/doc.h"
#include "model/model.h"

/* Largest file read (bytes). */
#define CNAP_SURVEY_TEXT_FILE_MAX ((size_t)16 * 1024 * 1024)

/*
 * Items in file order, keys resolved against t's outline; an unknown item,
 * one named twice, text before the first "===" line, each refused naming
 * its line. Allocated in a.
 */
enum cnap_err cnap_survey_text_file_parse(const char *text, size_t len, const struct cnap_template *t,
					  struct cnap_arena *a, struct cnap_item_text **out, size_t *n,
					  struct cnap_error *err);
/* The file for items (number and title from t, {industry} from as when given), appended to out. */
enum cnap_err cnap_survey_text_file_write(const struct cnap_item_text *items, size_t n, const struct cnap_template *t,
					  const struct cnap_association *as, struct cnap_arena *a,
					  struct cnap_buf *out);

#endif
