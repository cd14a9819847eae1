/*
 * The formats of the 事前質問・回答一覧 as one table: its name on the command
 * line and in URLs, the file extension, the media type and the renderer.
 * The front ends look formats up here rather than dispatching themselves.
 */
#ifndef CNAP_QA_FORMATS_H
#define CNAP_QA_FORMATS_H

#include "base/buf.h"
#include "publish/qa_doc.h"

struct cnap_qa_format {
	const char *name; /* "pdf": also the file extension */
	const char *media_type;
	bool binary;      /* PDF, xlsx: metadata pinned to the date given */
	/* pinned_date "YYYY-MM-DDThh:mm:ss" (the text formats carry none). Appends to out. */
	enum cnap_err (*render)(const struct cnap_qa_doc *doc, const char *pinned_date, struct cnap_buf *out,
				struct cnap_error *err);
};

/* The format called name, or NULL. */
const struct cnap_qa_format *cnap_qa_format_find(const char *name);
/* All formats in the order the publication page offers them; static storage. */
const struct cnap_qa_format *cnap_qa_formats(size_t *n);

#endif
