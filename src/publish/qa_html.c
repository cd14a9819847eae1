#include "base/compat.h"
#include "base/jpfmt.h"
#include "publish/qa_render.h"

#include <stdio.h>
#include <string.h>

/*
 * Print layout, the PDF's (qa_pdf.h): A4 landscape, the same margins, type
 * size and column widths in points, IPAexGothic first. The WG and
 * association names stand vertically in the left page margin (a margin box
 * of the section's named page, so each association has its own), the footer
 * is 「<association> - n」 numbered through the bundle (the cover and the
 * contents do not count, as in the PDF), the header row repeats, short
 * entries are never split and long ones keep two lines on each side.
 * On screen: a readable width, the labels in a fixed column at the left.
 */
static const char qa_css[] =
	"@page{size:A4 landscape;margin:26pt 22pt 42pt 58pt}"
	"@page front{counter-increment:page 0}"
	"*{box-sizing:border-box}"
	"body{font-family:'IPAexGothic','IPAexゴシック','Noto Sans CJK JP','Noto Sans JP',sans-serif;"
	"color:#000;margin:0}"
	".assoc,.front{break-after:page}section.assoc:last-of-type{break-after:auto}"
	".front{page:front}"
	"h1{font-weight:400;margin:0 0 6pt;text-align:center}"
	"table{border-collapse:collapse;table-layout:fixed}"
	"thead{display:table-header-group}"
	"th,td{border:.6pt solid #000;vertical-align:top;text-align:left;"
	"word-break:normal;overflow-wrap:anywhere;line-break:strict;orphans:2;widows:2}"
	"thead th{background:#e8e8e8;text-align:center;font-weight:700}"
	"td.page{text-align:center;white-space:nowrap}"
	"th.item{font-weight:400}"
	"tr{break-inside:auto}tr.short,tr.outline{break-inside:avoid}td.q,td.a{white-space:pre-wrap}"
	".empty{margin:0 0 6pt}"
	".cover{text-align:center;padding-top:144pt}.cover p{margin:0}"
	".cover .plan{font-size:14pt;margin-bottom:14pt}.cover .big{font-size:20pt;margin-bottom:16pt}"
	".cover .wg{margin-bottom:40pt}.cover .list{margin-bottom:70pt}.cover .date{font-size:14pt}"
	".contents h1{font-size:11pt}.contents h2{font-size:14pt;font-weight:400;text-align:center;margin:0 0 16pt}"
	".contents ol{list-style:none;margin:0 120pt;padding:0;font-size:11pt}"
	".contents li{line-height:22pt}.contents a{color:#000;text-decoration:none}"
	"@media print{"
	"body{font-size:7.5pt;line-height:9pt}h1{font-size:11pt;line-height:1.3}.empty{font-size:9pt}"
	"table{width:762pt}thead th{font-size:8pt}"
	"th,td{padding:2.5pt 4pt}th.item.d1{padding-left:11.5pt}th.item.d2{padding-left:19pt}"
	"col.item{width:126.5pt}col.page{width:40pt}col.q{width:286.5pt}col.a{width:309pt}"
	".side{display:none}}"
	"@media screen{body{font-size:9.5pt;line-height:1.45;margin:16px 16px 16px 64px;max-width:1400px}"
	"h1{font-size:12pt;font-weight:700;text-align:left}table{width:100%}th.item.d0{font-weight:700}"
	"th,td{padding:1.2mm 1.6mm}th.item.d1{padding-left:4mm}th.item.d2{padding-left:7mm}"
	"col.item{width:17%}col.page{width:6%}col.q{width:37%}col.a{width:40%}"
	".side{position:fixed;left:8px;top:16px;writing-mode:vertical-rl;white-space:pre;font-size:9pt;"
	"color:#333;letter-spacing:.1em}"
	".front{border-bottom:1px solid #999;margin-bottom:16px;padding-bottom:16px}"
	".cover{padding-top:16px}.contents ol{margin:0 auto;max-width:40em}}";

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

/* Lines a text takes in a column of `units` half-width units (full-width counts 2). */
static size_t text_lines(const char *s, size_t units)
{
	size_t lines = 0, w = 0;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p == '\n') {
			lines++;
			w = 0;
			continue;
		}
		if ((*p & 0xC0) == 0x80)
			continue;
		w += *p < 0x80 ? 1 : 2;
		if (w > units) {
			lines++;
			w = *p < 0x80 ? 1 : 2;
		}
	}
	return lines + 1;
}

/* An entry the PDF would never split: fewer lines than two on each side plus a few. */
#define SHORT_ENTRY_LINES 6

static void render_row(struct cnap_buf *b, const struct cnap_qa_row *row)
{
	size_t span = row->n_entries ? row->n_entries : 1;
	int depth = row->depth > 2 ? 2 : row->depth;
	for (size_t i = 0; i < span; i++) {
		const struct cnap_qa_entry *e = row->n_entries ? &row->entries[i] : NULL;
		cnap_buf_adds(b, "<tr");
		if (!i) {
			cnap_buf_adds(b, " id=\"item-");
			cnap_buf_add_html(b, row->item_key);
			cnap_buf_addc(b, '"');
		}
		if (!e)
			cnap_buf_adds(b, " class=\"outline\"");
		else {
			size_t q = text_lines(e->question, 74), a = text_lines(e->answer, 80);
			if ((q > a ? q : a) <= SHORT_ENTRY_LINES)
				cnap_buf_adds(b, " class=\"short\"");
			/* the question's number in its association, as NO. in the CSV and JSON */
			cnap_buf_addf(b, " data-no=\"%d\"", e->no);
		}
		cnap_buf_addc(b, '>');
		if (!i) {
			cnap_buf_addf(b, "<th scope=\"row\" class=\"item d%d\"", depth);
			if (span > 1)
				cnap_buf_addf(b, " rowspan=\"%zu\"", span);
			cnap_buf_addc(b, '>');
			cnap_buf_add_html(b, row->item_code);
			if (row->item_code[0])
				cnap_buf_addc(b, ' ');
			cnap_buf_add_html(b, row->item_title);
			cnap_buf_adds(b, "</th>");
		}
		add_text_cell(b, "page", e ? e->page_label : NULL);
		add_text_cell(b, "q", e ? e->question : NULL);
		add_text_cell(b, "a", e ? e->answer : NULL);
		cnap_buf_adds(b, "</tr>\n");
	}
}

/* One named page per association: its labels in the left margin, its footer. */
static void page_rules(struct cnap_buf *b, const struct cnap_qa_doc *doc, struct cnap_arena *a)
{
	for (size_t i = 0; i < doc->n_sections; i++) {
		const struct cnap_qa_section *s = &doc->sections[i];
		cnap_buf_addf(b, ".s%zu{page:s%zu}@page s%zu{@left-top{content:", i, i, i);
		/* vertical-rl: the first line (the WG, read first) is the right column */
		const char *labels = cnap_arena_printf(a, "%s\n%s", doc->wg_name, s->association_name);
		add_css_string(b, labels ? labels : "");
		cnap_buf_adds(b, ";writing-mode:vertical-rl;text-orientation:upright;white-space:pre;font-size:10.5pt;"
				 "line-height:17pt;letter-spacing:.25em;"
				 "text-align:left;vertical-align:top;padding:0 6pt 0 0}@bottom-center{content:");
		add_css_string(b, s->association_name);
		cnap_buf_adds(b, " \" - \" counter(page);font-size:9pt;vertical-align:top;padding-top:10pt}}");
	}
}

/* The WG bundle's cover and contents, as the PDF's (not counted in the page numbers). */
static void front_matter(struct cnap_buf *b, const struct cnap_qa_doc *doc, const char *title, const char *date)
{
	char day[96];
	cnap_buf_adds(b, "<section class=\"front cover\">\n<p class=\"plan\">カーボンニュートラル行動計画</p>\n"
			 "<p class=\"big\">");
	cnap_buf_add_html(b, doc->era_year);
	cnap_buf_adds(b, "評価・検証WG</p>\n<p class=\"big wg\">");
	cnap_buf_add_html(b, doc->wg_name);
	cnap_buf_adds(b, "</p>\n<p class=\"big list\">事前質問・回答一覧</p>\n");
	if (cnap_jp_era_date(date, day, sizeof(day))) {
		cnap_buf_adds(b, "<p class=\"date\">");
		cnap_buf_add_html(b, day);
		cnap_buf_adds(b, "</p>\n");
	}
	cnap_buf_adds(b, "</section>\n<nav class=\"front contents\" aria-label=\"目次\">\n<h1>");
	cnap_buf_add_html(b, title);
	cnap_buf_adds(b, "</h1>\n<h2>目次</h2>\n<ol>\n");
	for (size_t i = 0; i < doc->n_sections; i++) {
		cnap_buf_adds(b, "<li><a href=\"#");
		cnap_buf_add_html(b, doc->sections[i].association_code);
		cnap_buf_adds(b, "\">");
		cnap_buf_add_html(b, doc->sections[i].association_name);
		cnap_buf_adds(b, "</a></li>\n");
	}
	cnap_buf_adds(b, "</ol>\n</nav>\n");
}

enum cnap_err cnap_qa_render_html(const struct cnap_qa_doc *doc, const char *date, struct cnap_buf *b,
				  struct cnap_error *err)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	const char *title = cnap_qa_doc_title(&a, doc);
	if (!title) { /* a list without its title is not the list: out of memory, not an empty <title> */
		cnap_arena_release(&a);
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	}
	cnap_buf_adds(b, "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	cnap_buf_add_html(b, title);
	cnap_buf_adds(b, "</title>\n<style>");
	cnap_buf_adds(b, qa_css);
	page_rules(b, doc, &a);
	cnap_buf_adds(b, "</style>\n</head>\n<body>\n<div class=\"side\" aria-hidden=\"true\">");
	cnap_buf_add_html(b, doc->wg_name);
	if (doc->n_sections == 1) {
		cnap_buf_adds(b, "\n");
		cnap_buf_add_html(b, doc->sections[0].association_name);
	}
	cnap_buf_adds(b, "</div>\n");
	if (!doc->n_sections) {
		cnap_buf_adds(b, "<h1>");
		cnap_buf_add_html(b, title);
		cnap_buf_adds(b, "</h1>\n<p class=\"empty\">事前質問はありません。</p>\n");
	}
	if (doc->n_sections > 1)
		front_matter(b, doc, title, date);
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
