#include "base/compat.h"
#include "base/csv_write.h"
#include "publish/errata.h"

#include <stdio.h>

/* Nothing half-written reaches the caller. */
static enum cnap_err finish(struct cnap_buf *out, size_t before, struct cnap_error *err)
{
	if (!out->status)
		return CNAP_OK;
	enum cnap_err rc = cnap_buf_error(out, err, "正誤表");
	out->len = before;
	if (out->data)
		out->data[before] = '\0';
	return rc;
}

static void cell(struct cnap_buf *b, const char *cls, const char *text)
{
	cnap_buf_adds(b, cls ? "<td class=\"" : "<td");
	if (cls) {
		cnap_buf_adds(b, cls);
		cnap_buf_adds(b, "\"");
	}
	cnap_buf_adds(b, ">");
	cnap_buf_add_html(b, text ? text : "");
	cnap_buf_adds(b, "</td>");
}

enum cnap_err cnap_errata_html(const struct cnap_errata *e, struct cnap_buf *out, struct cnap_error *err)
{
	size_t before = out->len;
	cnap_buf_adds(out, "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	cnap_buf_add_html(out, e->title);
	cnap_buf_adds(out, "</title>\n<style>body{font-family:\"IPAexGothic\",\"Noto Sans CJK JP\",sans-serif;margin:2em}"
			   "table{border-collapse:collapse;width:100%}th,td{border:1px solid #444;padding:4px 6px;"
			   "vertical-align:top;text-align:left}th{background:#eee}td.t{white-space:pre-wrap}"
			   "td.n{white-space:nowrap}</style>\n</head>\n<body>\n<h1>");
	cnap_buf_add_html(out, e->title);
	cnap_buf_adds(out, "</h1>\n<p>");
	cnap_buf_add_html(out, e->date);
	cnap_buf_adds(out, "</p>\n");
	if (e->note && *e->note) {
		cnap_buf_adds(out, "<p class=\"note\">");
		cnap_buf_add_html(out, e->note);
		cnap_buf_adds(out, "</p>\n");
	}
	if (!e->n_rows) {
		cnap_buf_adds(out, "<p>前の版からの訂正はありません。</p>\n");
	} else {
		cnap_buf_adds(out, "<table>\n<thead><tr><th>団体</th><th>項目番号</th><th>NO</th><th>箇所</th>"
				   "<th>訂正前</th><th>訂正後</th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < e->n_rows; i++) {
			const struct cnap_errata_row *r = &e->rows[i];
			char no[16];
			snprintf(no, sizeof(no), "%d", r->no);
			cnap_buf_adds(out, "<tr>");
			cell(out, "n", r->association_name);
			cell(out, "n", r->item_number);
			cell(out, "n", no);
			cell(out, "n", r->part);
			cell(out, "t", r->before);
			cell(out, "t", r->after);
			cnap_buf_adds(out, "</tr>\n");
		}
		cnap_buf_adds(out, "</tbody>\n</table>\n");
	}
	cnap_buf_adds(out, "</body>\n</html>\n");
	return finish(out, before, err);
}

enum cnap_err cnap_errata_csv(const struct cnap_errata *e, struct cnap_buf *out, struct cnap_error *err)
{
	size_t before = out->len;
	cnap_csv_write_bom(out);
	static const char *const head[] = { "団体", "項目番号", "NO", "箇所", "訂正前", "訂正後" };
	for (size_t i = 0; i < CNAP_ARRAY_LEN(head); i++)
		cnap_csv_write_field(out, head[i], i + 1 == CNAP_ARRAY_LEN(head));
	for (size_t i = 0; i < e->n_rows; i++) {
		const struct cnap_errata_row *r = &e->rows[i];
		char no[16];
		snprintf(no, sizeof(no), "%d", r->no);
		cnap_csv_write_field(out, r->association_name, false);
		cnap_csv_write_field(out, r->item_number, false);
		cnap_csv_write_field(out, no, false);
		cnap_csv_write_field(out, r->part, false);
		cnap_csv_write_field(out, r->before, false);
		cnap_csv_write_field(out, r->after, true);
	}
	return finish(out, before, err);
}
