#include "base/compat.h"
#include "base/buf.h"
#include "docx_fixture.h"
#include "xlsx_fixture.h"

#include <stdio.h>
#include <string.h>

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

static const char content_types[] =
	HEAD "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
	"</Types>";

static const char root_rels[] =
	HEAD "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" "
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
	"Target=\"word/document.xml\"/></Relationships>";

static const char default_styles[] =
	"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading3\"><w:name w:val=\"heading 3\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:pPr><w:outlineLvl w:val=\"2\"/></w:pPr></w:style>";

static char *join(const char *a, const char *b, const char *c)
{
	size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
	char *s = cnap_malloc(n);
	if (s)
		snprintf(s, n, "%s%s%s", a, b, c);
	return s;
}

unsigned char *docx_fixture(const char *body_xml, const char *styles_xml, const char *numbering_xml,
			    const char *rels_xml, const char *footnotes_xml, size_t *len)
{
	bool whole = strncmp(body_xml, "<?", 2) == 0 || strncmp(body_xml, "<w:document", 11) == 0;
	char *doc = whole ? NULL : join(HEAD "<w:document " DOCX_NS "><w:body>", body_xml, "</w:body></w:document>");
	char *styles = join(HEAD "<w:styles " DOCX_NS ">", styles_xml ? styles_xml : default_styles, "</w:styles>");
	char *numbering = numbering_xml ? join(HEAD "<w:numbering " DOCX_NS ">", numbering_xml, "</w:numbering>") : NULL;
	char *notes = footnotes_xml ? join(HEAD "<w:footnotes " DOCX_NS ">", footnotes_xml, "</w:footnotes>") : NULL;
	char rel_std[1024];
	snprintf(rel_std, sizeof(rel_std),
		 "<Relationship Id=\"rIdS\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
		 "Target=\"styles.xml\"/>%s%s",
		 numbering ? "<Relationship Id=\"rIdN\" "
			     "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" "
			     "Target=\"numbering.xml\"/>"
			   : "",
		 notes ? "<Relationship Id=\"rIdF\" "
			 "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes\" "
			 "Target=\"footnotes.xml\"/>"
		       : "");
	char *rels_inner = join(rel_std, rels_xml ? rels_xml : "", "");
	char *rels = rels_inner ? join(HEAD "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
				       rels_inner, "</Relationships>")
				: NULL;
	unsigned char *out = NULL;
	if ((whole || doc) && styles && rels && (!numbering_xml || numbering) && (!footnotes_xml || notes)) {
		struct xlsx_part parts[7] = {
			{ "[Content_Types].xml", content_types, 0, false },
			{ "_rels/.rels", root_rels, 0, false },
			{ "word/document.xml", whole ? body_xml : doc, 0, false },
			{ "word/_rels/document.xml.rels", rels, 0, false },
			{ "word/styles.xml", styles, 0, false },
		};
		size_t n = 5;
		if (numbering)
			parts[n++] = (struct xlsx_part){ "word/numbering.xml", numbering, 0, false };
		if (notes)
			parts[n++] = (struct xlsx_part){ "word/footnotes.xml", notes, 0, false };
		out = xlsx_fixture_zip(parts, n, true, len);
	}
	free(doc);
	free(styles);
	free(numbering);
	free(notes);
	free(rels_inner);
	free(rels);
	return out;
}

/* ---- documents as lines ---- */

static const char list_numbering[] =
	"<w:abstractNum w:abstractNumId=\"0\">"
	"<w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"・\"/></w:lvl>"
	"<w:lvl w:ilvl=\"1\"><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"・\"/></w:lvl>"
	"<w:lvl w:ilvl=\"2\"><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"・\"/></w:lvl>"
	"</w:abstractNum>"
	"<w:abstractNum w:abstractNumId=\"1\">"
	"<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/></w:lvl>"
	"<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.%2.\"/></w:lvl>"
	"<w:lvl w:ilvl=\"2\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.%2.%3.\"/></w:lvl>"
	"</w:abstractNum>"
	"<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
	"<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num>";

/* s[0..n) as XML character data. */
static void add_escaped(struct cnap_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '<')
			cnap_buf_adds(b, "&lt;");
		else if (s[i] == '&')
			cnap_buf_adds(b, "&amp;");
		else if (s[i] == '>')
			cnap_buf_adds(b, "&gt;");
		else
			cnap_buf_addc(b, s[i]);
	}
}

static void add_run(struct cnap_buf *b, const char *s, size_t n)
{
	if (n == 0)
		return;
	cnap_buf_adds(b, "<w:r><w:t xml:space=\"preserve\">");
	add_escaped(b, s, n);
	cnap_buf_adds(b, "</w:t></w:r>");
}

/* Runs of s[0..n), [text](url) as hyperlinks whose relationships go to rels. */
static void add_runs(struct cnap_buf *b, struct cnap_buf *rels, int *links, const char *s, size_t n)
{
	size_t i = 0, from = 0;
	while (i < n) {
		const char *close = s[i] == '[' ? memchr(s + i, ']', n - i) : NULL;
		if (close && (size_t)(close - s) + 1 < n && close[1] == '(') {
			const char *end = memchr(close, ')', n - (size_t)(close - s));
			if (end) {
				add_run(b, s + from, i - from);
				int id = ++*links;
				cnap_buf_addf(b, "<w:hyperlink r:id=\"rIdL%d\">", id);
				add_run(b, s + i + 1, (size_t)(close - s - (long)i - 1));
				cnap_buf_adds(b, "</w:hyperlink>");
				cnap_buf_addf(rels, "<Relationship Id=\"rIdL%d\" "
						    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" "
						    "Target=\"",
					      id);
				add_escaped(rels, close + 2, (size_t)(end - close - 2));
				cnap_buf_adds(rels, "\" TargetMode=\"External\"/>");
				i = from = (size_t)(end - s) + 1;
				continue;
			}
		}
		i++;
	}
	add_run(b, s + from, n - from);
}

static void add_table_row(struct cnap_buf *b, struct cnap_buf *rels, int *links, const char *s, size_t n)
{
	cnap_buf_adds(b, "<w:tr>");
	size_t i = 1; /* past the first | */
	while (i < n) {
		const char *bar = memchr(s + i, '|', n - i);
		size_t end = bar ? (size_t)(bar - s) : n;
		size_t a = i, z = end;
		while (a < z && s[a] == ' ')
			a++;
		while (z > a && s[z - 1] == ' ')
			z--;
		cnap_buf_adds(b, "<w:tc><w:p>");
		add_runs(b, rels, links, s + a, z - a);
		cnap_buf_adds(b, "</w:p></w:tc>");
		i = end + 1;
		if (!bar || end + 1 >= n)
			break;
	}
	cnap_buf_adds(b, "</w:tr>");
}

unsigned char *docx_fixture_lines(const char *lines, size_t *len)
{
	struct cnap_buf b, rels;
	cnap_buf_init(&b, 0);
	cnap_buf_init(&rels, 0);
	cnap_buf_adds(&rels, "");
	cnap_buf_adds(&b, "");
	int links = 0;
	bool in_table = false;
	for (const char *p = lines; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *s = p;
		p = nl ? nl + 1 : p + n;
		bool row = n > 0 && s[0] == '|';
		if (in_table && !row)
			cnap_buf_adds(&b, "</w:tbl>");
		if (row && !in_table)
			cnap_buf_adds(&b, "<w:tbl>");
		in_table = row;
		if (row) {
			add_table_row(&b, &rels, &links, s, n);
			continue;
		}
		size_t indent = 0;
		while (indent < n && s[indent] == ' ')
			indent++;
		int level = (int)indent / 2;
		cnap_buf_adds(&b, "<w:p>");
		if (n >= 2 && s[0] == '#') {
			int h = 0;
			while (h < (int)n && s[h] == '#')
				h++;
			cnap_buf_addf(&b, "<w:pPr><w:pStyle w:val=\"Heading%d\"/></w:pPr>", h);
			s += h + 1;
			n -= (size_t)h + 1;
		} else if (n >= indent + 2 && s[indent] == '-' && s[indent + 1] == ' ') {
			cnap_buf_addf(&b, "<w:pPr><w:numPr><w:ilvl w:val=\"%d\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>", level);
			s += indent + 2;
			n -= indent + 2;
		} else if (n >= indent + 3 && s[indent] >= '0' && s[indent] <= '9' && s[indent + 1] == '.' && s[indent + 2] == ' ') {
			cnap_buf_addf(&b, "<w:pPr><w:numPr><w:ilvl w:val=\"%d\"/><w:numId w:val=\"2\"/></w:numPr></w:pPr>", level);
			s += indent + 3;
			n -= indent + 3;
		}
		add_runs(&b, &rels, &links, s, n);
		cnap_buf_adds(&b, "</w:p>");
	}
	if (in_table)
		cnap_buf_adds(&b, "</w:tbl>");
	unsigned char *out = NULL;
	if (b.status == CNAP_OK && rels.status == CNAP_OK)
		out = docx_fixture(b.data, NULL, list_numbering, rels.data, NULL, len);
	cnap_buf_release(&b);
	cnap_buf_release(&rels);
	return out;
}
