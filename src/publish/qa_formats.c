#include "base/compat.h"
#include "publish/qa_formats.h"
#include "publish/qa_pdf.h"
#include "publish/qa_render.h"
#include "publish/qa_xlsx.h"

#include <string.h>

static enum cnap_err html(const struct cnap_qa_doc *doc, const char *date, struct cnap_buf *out, struct cnap_error *err)
{
	return cnap_qa_render_html(doc, date, out, err);
}

static enum cnap_err csv(const struct cnap_qa_doc *doc, const char *date, struct cnap_buf *out, struct cnap_error *err)
{
	return cnap_qa_render_csv(doc, out, err);
}

static enum cnap_err json(const struct cnap_qa_doc *doc, const char *date, struct cnap_buf *out, struct cnap_error *err)
{
	return cnap_qa_render_json(doc, out, err);
}

static const struct cnap_qa_format formats[] = {
	{ "pdf", "application/pdf", true, cnap_qa_pdf_write },
	{ "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true, cnap_qa_render_xlsx },
	{ "html", "text/html; charset=utf-8", false, html },
	{ "csv", "text/csv; charset=utf-8", false, csv },
	{ "json", "application/json; charset=utf-8", false, json },
};

const struct cnap_qa_format *cnap_qa_format_find(const char *name)
{
	for (size_t i = 0; name && i < CNAP_ARRAY_LEN(formats); i++)
		if (strcmp(name, formats[i].name) == 0)
			return &formats[i];
	return NULL;
}

const struct cnap_qa_format *cnap_qa_formats(size_t *n)
{
	*n = CNAP_ARRAY_LEN(formats);
	return formats;
}
