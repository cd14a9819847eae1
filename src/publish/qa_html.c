#include "base/compat.h"
#include "publish/qa_render.h"

#include <stdio.h>
#include <string.h>

/* Print layout: A4 landscape, header row repeated, one association per page run. */
static const char qa_css[] =
	"@page{size:A4 landscape;margin:12mm 12mm 14mm 22mm}"
	"*{box-sizing:border-box}"
	"body{font-family:'Noto Sans CJK JP','Noto Sans JP',sans-serif;font-size:9.5pt;line-height:1.45;"
	"color:#000;margin:0}"
	".side{position:fixed;left:-16mm;top:0;writing-mode:vertical-rl;font-size:9pt;color:#333;"
	"letter-spacing:.1em}"
	"section.assoc{break-after:page}section.assoc:last-of-type{break-after:auto}"
	"h1{font-size:12pt;font-weight:700;margin:0 0 3mm;text-align:left}"
	"table{width:100%;border-collapse:collapse;table-layout:fixed}"
	"thead{display:table-header-group}"
	"th,td{border:.6pt solid #000;padding:1.2mm 1.6mm;vertical-align:top;text-align:left;"
	"word-break:normal;overflow-wrap:anywhere;line-break:strict}"
	"thead th{background:#e8e8e8;text-align:center;font-weight:700}"
	"col.item{width:20%}col.page{width:7%}col.q{width:33%}col.a{width:40%}"
	"td.page{text-align:center;white-space:nowrap}"
	"th.item{font-weight:400}th.item.d0{font-weight:700}"
	"th.item.d1{padding-left:4mm}th.item.d2{padding-left:7mm}"
	"tr{break-inside:auto}td.q,td.a{white-space:pre-wrap}"
	".empty{margin:3mm 0;font-size:10pt}"
	"footer{text-align:center;font-size:9pt;margin-top:3mm}"
	"@media screen{body{margin:16px 16px 16px 48px;max-width:1400px}.side{left:8px;top:16px}}";

/* Escape a string for a CSS string literal: everything but ASCII letters and digits as \hex. */
static void add_css_string(struct cnap_buf *b, const char *s)
{
	cnap_buf_addc(b, '"');
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned c = *p;
		unsigned cp;
		int len;
		if (c < 0x80) { cp = c; len = 1; }
		else if ((c & 0xE0) == 0xC0) { cp = c & 0x1F; len = 2; }
		else if ((c & 0xF0) == 0xE0) { cp = c & 0x0F; len = 3; }
		else { cp = c & 0x07; len = 4; }
		for (int i = 1; i < len && p[i]; i++)
			cp = (cp << 6) | (p[i] & 0x3F);
		if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
			cnap_buf_addc(b, (char)cp);
		else
			cnap_buf_addf(b, "\\%06X", cp);
		for (int i = 0; i < len && *p; i++)
			p++;
	}
	cnap_buf_addc(b, '"');
}

const char *cnap_qa_doc_title(struct cnap_arena *a, const struct cnap_qa_doc *doc)
{
	if (doc->n_sections == 1)
		return doc->sections[0].title;
	return cnap_arena_printf(a, "%s評価・検証WG 事前質問・回答一覧（%s）", doc->era_year, doc->wg_name);
}

static void add_text_cell(struct cnap_buf *b, const char *cls, const char *text)
{
	cnap_buf_addf(b, "<td class=\"%s\">", cls);
	cnap_buf_add_html(b, text ? text : "");
	cnap_buf_adds(b, "</td>");
}

static void render_row(struct cnap_buf *b, const struct cnap_qa_row *row)
{
	size_t span = row->n_entries ? row->n_entries : 1;
	int depth = row->depth > 2 ? 2 : row->depth;
	cnap_buf_addf(b, "<tr id=\"item-");
	cnap_buf_add_html(b, row->item_key);
	cnap_buf_addf(b, "\"><th scope=\"row\" class=\"item d%d\"", depth);
	if (span > 1)
		cnap_buf_addf(b, " rowspan=\"%zu\"", span);
	cnap_buf_addc(b, '>');
	cnap_buf_add_html(b, row->item_code);
	if (row->item_code[0])
		cnap_buf_addc(b, ' ');
	cnap_buf_add_html(b, row->item_title);
	cnap_buf_adds(b, "</th>");
	if (!row->n_entries) {
		cnap_buf_adds(b, "<td class=\"page\"></td><td class=\"q\"></td><td class=\"a\"></td></tr>\n");
		return;
	}
	for (size_t i = 0; i < row->n_entries; i++) {
		const struct cnap_qa_entry *e = &row->entries[i];
		if (i)
			cnap_buf_adds(b, "<tr>");
		add_text_cell(b, "page", e->page_label);
		add_text_cell(b, "q", e->question);
		add_text_cell(b, "a", e->answer);
		cnap_buf_adds(b, "</tr>\n");
	}
}

enum cnap_err cnap_qa_render_html(const struct cnap_qa_doc *doc, struct cnap_buf *b, struct cnap_error *err)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	const char *title = cnap_qa_doc_title(&a, doc);
	cnap_buf_adds(b, "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	cnap_buf_add_html(b, title ? title : "");
	cnap_buf_adds(b, "</title>\n<style>");
	cnap_buf_adds(b, qa_css);
	/* Footer 「<association> - n」 on printed pages, one named page per association. */
	for (size_t i = 0; i < doc->n_sections; i++) {
		cnap_buf_addf(b, ".s%zu{page:s%zu}@page s%zu{@bottom-center{content:", i, i, i);
		add_css_string(b, doc->sections[i].association_name);
		cnap_buf_adds(b, " \" - \" counter(page);font-size:9pt}}");
	}
	cnap_buf_adds(b, "</style>\n</head>\n<body>\n<div class=\"side\" aria-hidden=\"true\">");
	cnap_buf_add_html(b, doc->wg_name);
	if (doc->n_sections == 1) {
		cnap_buf_adds(b, "　");
		cnap_buf_add_html(b, doc->sections[0].association_name);
	}
	cnap_buf_adds(b, "</div>\n");
	if (!doc->n_sections) {
		cnap_buf_adds(b, "<h1>");
		cnap_buf_add_html(b, title);
		cnap_buf_adds(b, "</h1>\n<p class=\"empty\">事前質問はありません。</p>\n");
	}
	for (size_t i = 0; i < doc->n_sections; i++) {
		const struct cnap_qa_section *s = &doc->sections[i];
		cnap_buf_addf(b, "<section class=\"assoc s%zu\" id=\"", i);
		cnap_buf_add_html(b, s->association_code);
		cnap_buf_adds(b, "\">\n<h1>");
		cnap_buf_add_html(b, s->title);
		cnap_buf_adds(b, "</h1>\n");
		if (!s->n_questions)
			cnap_buf_adds(b, "<p class=\"empty\">事前質問はありません。</p>\n");
		cnap_buf_adds(b, "<table>\n<colgroup><col class=\"item\"><col class=\"page\"><col class=\"q\">"
				 "<col class=\"a\"></colgroup>\n<thead><tr><th scope=\"col\">調査票</th>"
				 "<th scope=\"col\">頁番号</th><th scope=\"col\">指摘</th><th scope=\"col\">回答</th>"
				 "</tr></thead>\n<tbody>\n");
		for (size_t r = 0; r < s->n_rows; r++)
			render_row(b, &s->rows[r]);
		cnap_buf_adds(b, "</tbody>\n</table>\n</section>\n");
	}
	cnap_buf_adds(b, "</body>\n</html>\n");
	cnap_arena_release(&a);
	return b->status ? cnap_buf_error(b, err, "the output") : CNAP_OK;
}
