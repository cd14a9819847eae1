/*
 * The Word reader (src/io/docx_read.h) against packages zipped from XML
 * strings (docx_fixture.h): styles and outline levels as Word, Japanese
 * Word and LibreOffice write them, list numbering drawn as Word draws it,
 * what a run holds and what it does not (deletions, field codes, ruby
 * readings, hidden text), links, merged and nested table cells, footnotes,
 * and hostile files (not a docx, a workbook, DTDs, bad UTF-8, control
 * characters, zip bombs, limits). Files written by python-docx and
 * LibreOffice are read in tests/cli/t0030-docx.sh.
 */
#include "base/compat.h"
#include "base/buf.h"
#include "base/utf8.h"
#include "docx_fixture.h"
#include "io/docx_read.h"
#include "test_util.h"
#include "xlsx_fixture.h"

#include <string.h>

#define P(inner) "<w:p>" inner "</w:p>"
#define R(text) "<w:r><w:t xml:space=\"preserve\">" text "</w:t></w:r>"
#define STYLE_P(id, inner) "<w:p><w:pPr><w:pStyle w:val=\"" id "\"/></w:pPr>" inner "</w:p>"
#define NUM_P(num, lvl, inner)                                                                                  \
	"<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" #lvl "\"/><w:numId w:val=\"" #num "\"/></w:numPr></w:pPr>" inner \
	"</w:p>"
#define HYPERLINK_REL(id, target)                                                                                \
	"<Relationship Id=\"" id "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" " \
	"Target=\"" target "\" TargetMode=\"External\"/>"

/* len is read after data is made: the fixture call sets it (arguments are evaluated in no set order). */
static struct cnap_docx *open_ok(unsigned char *data, const size_t *lenp, const struct cnap_docx_limits *lim)
{
	assert_non_null(data);
	size_t len = *lenp;
	struct cnap_docx *d = NULL;
	struct cnap_error err;
	enum cnap_err rc = cnap_docx_open(data, len, lim, &d, &err);
	free(data);
	if (rc != CNAP_OK)
		fail_msg("open failed (%s): %s: %s", cnap_strerror(rc), err.where, err.message);
	return d;
}

/* A refusal with code and a message holding phrase, of valid UTF-8; *out stays NULL. */
static void open_fails(unsigned char *data, const size_t *lenp, const struct cnap_docx_limits *lim,
		       enum cnap_err code, const char *phrase)
{
	assert_non_null(data);
	size_t len = *lenp;
	struct cnap_docx *d = (struct cnap_docx *)&d;
	struct cnap_error err;
	enum cnap_err rc = cnap_docx_open(data, len, lim, &d, &err);
	free(data);
	assert_null(d);
	if (rc != code || !strstr(err.message, phrase))
		fail_msg("got %s: %s: %s; expected %s with 「%s」", cnap_strerror(rc), err.where, err.message,
			 cnap_strerror(code), phrase);
	assert_true(cnap_utf8_valid(err.message, strlen(err.message), NULL));
}

static unsigned char *dup(const char *s, size_t n)
{
	unsigned char *p = cnap_malloc(n ? n : 1);
	assert_non_null(p);
	memcpy(p, s, n);
	return p;
}

/* head, unit n times, middle, close n times, tail: malloc'd. */
static char *repeat(const char *head, const char *unit, int n, const char *middle, const char *close, const char *tail)
{
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	cnap_buf_adds(&b, head);
	for (int i = 0; i < n; i++)
		cnap_buf_adds(&b, unit);
	cnap_buf_adds(&b, middle);
	for (int i = 0; i < n; i++)
		cnap_buf_adds(&b, close);
	cnap_buf_adds(&b, tail);
	char *s = cnap_buf_detach(&b, NULL);
	assert_non_null(s);
	return s;
}

static unsigned char *body(const char *xml, size_t *len)
{
	return docx_fixture(xml, NULL, NULL, NULL, NULL, len);
}

static const struct cnap_docx_element *el(const struct cnap_docx *d, size_t i)
{
	if (i >= d->n_elements)
		fail_msg("element %zu of %zu", i, d->n_elements);
	return &d->elements[i];
}

static void assert_text(const struct cnap_docx *d, size_t i, const char *text)
{
	const struct cnap_docx_element *e = el(d, i);
	assert_int_equal(e->kind, CNAP_DOCX_PARAGRAPH);
	assert_string_equal(e->para.text, text);
}

static const char *cell(const struct cnap_docx_element *e, size_t r, size_t c)
{
	static char buf[1024];
	const struct cnap_inline *in = &e->table.cells[r * e->table.cols + c];
	size_t n = 0;
	for (size_t i = 0; i < in->n_spans; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s", in->spans[i].text);
	buf[n] = '\0';
	return buf;
}

/* ---- styles ---- */

static void test_heading_styles(void **state)
{
	/* Japanese Word: styleId "1" named "heading 1"; a style of its own based on a heading; 見出し３ by name */
	const char *styles =
		"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"a\"><w:name w:val=\"Normal\"/></w:style>"
		"<w:style w:type=\"paragraph\" w:styleId=\"1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"a\"/>"
		"<w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style>"
		"<w:style w:type=\"paragraph\" w:styleId=\"2\"><w:name w:val=\"heading 2\"/></w:style>"
		"<w:style w:type=\"paragraph\" w:styleId=\"mine\"><w:name w:val=\"協会見出し\"/><w:basedOn w:val=\"1\"/></w:style>"
		"<w:style w:type=\"paragraph\" w:styleId=\"m3\"><w:name w:val=\"見出し３\"/></w:style>"
		"<w:style w:type=\"paragraph\" w:styleId=\"loop1\"><w:name w:val=\"loop\"/><w:basedOn w:val=\"loop2\"/></w:style>"
		"<w:style w:type=\"paragraph\" w:styleId=\"loop2\"><w:name w:val=\"loop\"/><w:basedOn w:val=\"loop1\"/></w:style>"
		"<w:style w:type=\"character\" w:styleId=\"c1\"><w:name w:val=\"heading 1 Char\"/></w:style>";
	const char *xml = STYLE_P("1", R("Ⅰ．業界の概要")) STYLE_P("2", R("（１）主な事業"))
		STYLE_P("mine", R("独自の見出し")) STYLE_P("m3", R("三段目")) P(R("本文"))
		"<w:p><w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr>" R("直接のレベル") "</w:p>"
		"<w:p><w:pPr><w:pStyle w:val=\"1\"/><w:outlineLvl w:val=\"9\"/></w:pPr>" R("本文レベル") "</w:p>"
		STYLE_P("loop1", R("輪")) STYLE_P("undefined", R("未定義"));
	size_t len;
	struct cnap_docx *d = open_ok(docx_fixture(xml, styles, NULL, NULL, NULL, &len), &len, NULL);
	assert_int_equal(d->n_elements, 9);
	int want[] = { 1, 2, 1, 3, 0, 2, 0, 0, 0 };
	for (size_t i = 0; i < 9; i++)
		if (el(d, i)->para.heading != want[i])
			fail_msg("element %zu (%s): heading %d, expected %d", i, el(d, i)->para.text, el(d, i)->para.heading,
				 want[i]);
	assert_string_equal(el(d, 0)->para.style, "heading 1");
	assert_string_equal(el(d, 4)->para.style, "Normal");
	assert_string_equal(el(d, 8)->para.style, "Normal"); /* an undefined style is the default */
	assert_int_equal(el(d, 4)->number, 5);
	cnap_docx_free(d);
}

/* ---- lists and their numbers ---- */

static void test_numbering(void **state)
{
	const char *numbering =
		"<w:abstractNum w:abstractNumId=\"10\">"
		"<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"upperRoman\"/><w:lvlText w:val=\"%1．\"/></w:lvl>"
		"<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimalFullWidth\"/><w:lvlText w:val=\"（%2）\"/></w:lvl>"
		"<w:lvl w:ilvl=\"2\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimalEnclosedCircle\"/><w:lvlText w:val=\"%3\"/></w:lvl>"
		"<w:lvl w:ilvl=\"3\"><w:start w:val=\"1\"/><w:numFmt w:val=\"aiueoFullWidth\"/><w:lvlText w:val=\"%4.\"/></w:lvl>"
		"</w:abstractNum>"
		"<w:abstractNum w:abstractNumId=\"11\">"
		"<w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"●\"/></w:lvl>"
		"<w:lvl w:ilvl=\"1\"><w:start w:val=\"3\"/><w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"%2)\"/></w:lvl>"
		"</w:abstractNum>"
		"<w:num w:numId=\"1\"><w:abstractNumId w:val=\"10\"/></w:num>"
		"<w:num w:numId=\"2\"><w:abstractNumId w:val=\"11\"/></w:num>"
		"<w:num w:numId=\"3\"><w:abstractNumId w:val=\"10\"/>"
		"<w:lvlOverride w:ilvl=\"1\"><w:startOverride w:val=\"5\"/></w:lvlOverride></w:num>";
	const char *xml = NUM_P(1, 0, R("業界の概要")) NUM_P(1, 1, R("主な事業")) NUM_P(1, 1, R("データについて"))
		NUM_P(1, 2, R("丸数字")) NUM_P(1, 3, R("ア行")) NUM_P(1, 3, R("イ行")) NUM_P(1, 0, R("国内の企業活動"))
		NUM_P(1, 1, R("実績の総括表")) NUM_P(2, 0, R("点")) NUM_P(2, 1, R("文字")) NUM_P(2, 1, R("文字2"))
		NUM_P(3, 1, R("五から")) NUM_P(0, 0, R("番号なし"));
	size_t len;
	struct cnap_docx *d = open_ok(docx_fixture(xml, NULL, numbering, NULL, NULL, &len), &len, NULL);
	const char *labels[] = { "I．", "（１）", "（２）", "①", "ア.", "イ.", "II．", "（１）", "", "c)", "d)", "（５）", "" };
	int levels[] = { 0, 1, 1, 2, 3, 3, 0, 1, 0, 1, 1, 1, -1 };
	assert_int_equal(d->n_elements, 13);
	for (size_t i = 0; i < 13; i++) {
		const struct cnap_docx_para *p = &el(d, i)->para;
		if (strcmp(p->label, labels[i]) != 0 || p->list_level != levels[i])
			fail_msg("element %zu (%s): label 「%s」 level %d, expected 「%s」 %d", i, p->text, p->label,
				 p->list_level, labels[i], levels[i]);
	}
	assert_true(el(d, 0)->para.ordered);
	assert_false(el(d, 8)->para.ordered);
	assert_int_equal(el(d, 8)->para.list, 2);
	cnap_docx_free(d);
}

static void test_list_styles(void **state)
{
	/* python-docx's template: "List Bullet 2" is level 0 of a list of its own, indented further */
	const char *styles =
		"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>"
		"<w:style w:type=\"paragraph\" w:styleId=\"LB\"><w:name w:val=\"List Bullet\"/>"
		"<w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>"
		"<w:style w:type=\"paragraph\" w:styleId=\"LB2\"><w:name w:val=\"List Bullet 2\"/>"
		"<w:pPr><w:numPr><w:numId w:val=\"2\"/></w:numPr></w:pPr></w:style>"
		"<w:style w:type=\"paragraph\" w:styleId=\"H\"><w:name w:val=\"heading 1\"/>"
		"<w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style>";
	const char *numbering =
		"<w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"bullet\"/></w:lvl></w:abstractNum>"
		"<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num><w:num w:numId=\"2\"><w:abstractNumId w:val=\"0\"/></w:num>";
	const char *xml = STYLE_P("LB", R("一つ目")) STYLE_P("LB2", R("入れ子")) STYLE_P("H", R("見出しは一覧でない"));
	size_t len;
	struct cnap_docx *d = open_ok(docx_fixture(xml, styles, numbering, NULL, NULL, &len), &len, NULL);
	assert_int_equal(el(d, 0)->para.list_level, 0);
	assert_int_equal(el(d, 1)->para.list_level, 1);
	assert_int_equal(el(d, 2)->para.list_level, -1);
	assert_int_equal(el(d, 2)->para.heading, 1);
	cnap_docx_free(d);
}

/* ---- runs ---- */

static void test_runs(void **state)
{
	const char *xml =
		P(R("タブ") "<w:r><w:tab/><w:t>の後</w:t><w:br/><w:t>改行</w:t><w:br w:type=\"page\"/><w:cr/>"
		  "<w:noBreakHyphen/><w:sym w:font=\"Symbol\" w:char=\"03B1\"/><w:sym w:font=\"Wingdings\" w:char=\"F0FC\"/></w:r>")
		P("<w:del><w:r><w:delText>消した</w:delText></w:r></w:del><w:ins><w:r><w:t>足した</w:t></w:r></w:ins>"
		  "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"
		  "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>" R("3") "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>")
		P("<w:ruby><w:rubyPr/><w:rt><w:r><w:t>きょうかい</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>協会</w:t></w:r>"
		  "</w:rubyBase></w:ruby>" "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隠し</w:t></w:r>"
		  "<w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t>見える</w:t></w:r>")
		P("<w:sdt><w:sdtPr><w:alias w:val=\"x\"/></w:sdtPr><w:sdtContent><w:smartTag><w:r><w:t>コントロール</w:t></w:r>"
		  "</w:smartTag></w:sdtContent></w:sdt><w:fldSimple w:instr=\"DATE\"><w:r><w:t>2024年</w:t></w:r></w:fldSimple>")
		"<w:sdt><w:sdtContent>" P(R("ブロックの中")) "</w:sdtContent></w:sdt>"
		P("<w:r><w:t>  </w:t></w:r>") P("")
		P("<w:r><w:t>改行\t入り\n</w:t></w:r><mc:AlternateContent xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\">"
		  "<mc:Choice><w:r><w:t>図形の文字</w:t></w:r></mc:Choice></mc:AlternateContent>");
	size_t len;
	struct cnap_docx *d = open_ok(body(xml, &len), &len, NULL);
	assert_int_equal(d->n_elements, 6);
	assert_text(d, 0, "タブ の後\n改行\n-α");
	assert_text(d, 1, "足した3");
	assert_text(d, 2, "協会見える");
	assert_text(d, 3, "コントロール2024年");
	assert_text(d, 4, "ブロックの中");
	assert_text(d, 5, "改行 入り ");
	cnap_docx_free(d);
}

/* ---- links ---- */

static void test_links(void **state)
{
	const char *rels = HYPERLINK_REL("rL1", "https://www.meti.go.jp/") HYPERLINK_REL("rL2", "file:///C:/社内/資料.docx")
		HYPERLINK_REL("rL3", "mailto:info@example.jp");
	const char *xml = P(R("詳しくは") "<w:hyperlink r:id=\"rL1\">" R("経済産業省") R("のサイト") "</w:hyperlink>" R("へ"))
		P("<w:hyperlink r:id=\"rL2\">" R("社内資料") "</w:hyperlink>")
		P("<w:hyperlink w:anchor=\"_Toc1\">" R("目次へ") "</w:hyperlink><w:hyperlink r:id=\"rL3\">" R("メール")
		  "</w:hyperlink><w:hyperlink r:id=\"nope\">" R("行き先なし") "</w:hyperlink>");
	size_t len;
	struct cnap_docx *d = open_ok(docx_fixture(xml, NULL, NULL, rels, NULL, &len), &len, NULL);
	const struct cnap_inline *c = &el(d, 0)->content;
	assert_int_equal(c->n_spans, 3);
	assert_string_equal(c->spans[0].text, "詳しくは");
	assert_null(c->spans[0].href);
	assert_string_equal(c->spans[1].text, "経済産業省のサイト");
	assert_string_equal(c->spans[1].href, "https://www.meti.go.jp/");
	assert_null(c->spans[2].href);
	c = &el(d, 1)->content;
	assert_int_equal(c->n_spans, 1);
	assert_null(c->spans[0].href);
	c = &el(d, 2)->content;
	assert_int_equal(c->n_spans, 3);
	assert_string_equal(c->spans[1].href, "mailto:info@example.jp");
	assert_int_equal(d->n_warnings, 1);
	assert_non_null(strstr(d->warnings[0], "file:///C:/社内"));
	assert_non_null(strstr(d->warnings[0], "文字だけを取り込みます"));
	cnap_docx_free(d);

	size_t n;
	open_fails(docx_fixture(P("<w:hyperlink r:id=\"rJ\">" R("押す") "</w:hyperlink>"), NULL, NULL,
				HYPERLINK_REL("rJ", " JavaScript:alert(1)"), NULL, &n),
		   &n, NULL, CNAP_EINVAL, "javascript:");
}

/* ---- tables ---- */

static void test_tables(void **state)
{
	const char *xml =
		"<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
		"<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc>" P(R("年度")) "</w:tc>"
		"<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>" P(R("実績")) "</w:tc></w:tr>"
		"<w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>" P(R("2022")) "</w:tc><w:tc>" P(R("1,234"))
		P(R("（見込み）")) "</w:tc><w:tc>"
		"<w:tbl><w:tr><w:tc>" P(R("内")) "</w:tc><w:tc>" P(R("訳")) "</w:tc></w:tr></w:tbl></w:tc></w:tr>"
		"<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr>" P("") "</w:tc><w:tc>" P(R("5")) "</w:tc></w:tr>"
		"<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr><w:tc>" P(R("右")) "</w:tc></w:tr>"
		"</w:tbl>" P(R("表の後"));
	size_t len;
	struct cnap_docx *d = open_ok(body(xml, &len), &len, NULL);
	assert_int_equal(d->n_elements, 2);
	const struct cnap_docx_element *t = el(d, 0);
	assert_int_equal(t->kind, CNAP_DOCX_TABLE);
	assert_int_equal(t->number, 1);
	assert_int_equal(t->table.rows, 4);
	assert_int_equal(t->table.cols, 3);
	assert_int_equal(t->table.header_rows, 1);
	assert_string_equal(cell(t, 0, 0), "年度");
	assert_string_equal(cell(t, 0, 1), "実績");
	assert_string_equal(cell(t, 0, 2), "");
	assert_string_equal(cell(t, 1, 1), "1,234\n（見込み）");
	assert_string_equal(cell(t, 1, 2), "内\n訳");
	assert_string_equal(cell(t, 2, 0), "");
	assert_string_equal(cell(t, 2, 2), "");
	assert_string_equal(cell(t, 3, 0), "");
	assert_string_equal(cell(t, 3, 1), "右");
	assert_text(d, 1, "表の後");
	assert_int_equal(el(d, 1)->number, 1);
	cnap_docx_free(d);

	/* wider than Word makes a table */
	char *wide = repeat("<w:tbl><w:tr>", "<w:tc><w:p/></w:tc>", 70, "", "", "</w:tr></w:tbl>");
	open_fails(body(wide, &len), &len, NULL, CNAP_ETOOBIG, "列が多すぎます");
	free(wide);
}

/* ---- footnotes ---- */

static void test_footnotes(void **state)
{
	const char *notes =
		"<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"
		"<w:footnote w:id=\"1\"><w:p><w:r><w:footnoteRef/></w:r>" R(" 出典：業界統計") "</w:p>" P(R("二行目")) "</w:footnote>"
		"<w:footnote w:id=\"2\">" P(R("表の注")) "</w:footnote>";
	const char *xml = P(R("生産量は増えた") "<w:r><w:footnoteReference w:id=\"1\"/></w:r>" R("。"))
		"<w:tbl><w:tr><w:tc>" P(R("値") "<w:r><w:footnoteReference w:id=\"2\"/></w:r>") "</w:tc></w:tr></w:tbl>";
	size_t len;
	struct cnap_docx *d = open_ok(docx_fixture(xml, NULL, NULL, NULL, notes, &len), &len, NULL);
	assert_int_equal(d->n_elements, 4);
	assert_text(d, 0, "生産量は増えた※1。");
	assert_int_equal(el(d, 1)->kind, CNAP_DOCX_NOTE);
	assert_string_equal(el(d, 1)->mark, "※1");
	assert_string_equal(el(d, 1)->content.spans[0].text, " 出典：業界統計\n二行目");
	assert_int_equal(el(d, 2)->kind, CNAP_DOCX_TABLE);
	assert_string_equal(cell(el(d, 2), 0, 0), "値※2");
	assert_string_equal(el(d, 3)->mark, "※2");
	cnap_docx_free(d);
}

/* ---- what is not a docx ---- */

static void test_not_docx(void **state)
{
	size_t len;
	open_fails(xlsx_fixture_book("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>", NULL, NULL, &len), &len, NULL,
		   CNAP_EFORMAT, "Excelのブックです。Wordの文書（docx）を選んでください");
	static const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0";
	open_fails(dup(ole, sizeof(ole)), &(size_t){ sizeof(ole) }, NULL, CNAP_EFORMAT,
		   "Word 97-2003形式（.doc）のファイルです。docx形式で保存し直してください");
	static const char xls[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 W\0o\0r\0k\0b\0o\0o\0k\0";
	open_fails(dup(xls, sizeof(xls)), &(size_t){ sizeof(xls) }, NULL, CNAP_EFORMAT,
		   "Excel 97-2003形式（.xls）のファイルです。Wordの文書（docx）を選んでください");
	open_fails(dup("hello", 5), &(size_t){ 5 }, NULL, CNAP_EFORMAT,
		   "Wordの文書（docx）ではありません（ZIP形式ではありません）");
	open_fails(dup("%PDF-1.4", 8), &(size_t){ 8 }, NULL, CNAP_EFORMAT, "PDFファイルです");
	open_fails(dup("{\\rtf1", 6), &(size_t){ 6 }, NULL, CNAP_EFORMAT, "リッチテキスト形式");
	open_fails((unsigned char *)cnap_malloc(1), &(size_t){ 0 }, NULL, CNAP_EFORMAT, "ファイルが空です");
	/* a package without the document its relationships name */
	struct xlsx_part parts[] = {
		{ "[Content_Types].xml",
		  "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/word/document.xml\" "
		  "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>",
		  0, false },
	};
	open_fails(xlsx_fixture_zip(parts, 1, true, &len), &len, NULL, CNAP_EFORMAT, "文書の本体（word/document.xml）がありません");
}

/* ---- hostile content ---- */

static void test_hostile_xml(void **state)
{
	size_t len;
	open_fails(body("<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY x \"x\">]><w:document " DOCX_NS
			"><w:body>" P(R("&x;")) "</w:body></w:document>",
			&len),
		   &len, NULL, CNAP_EINVAL, "DOCTYPE");
	open_fails(body(P(R("正しい\xE3\x81")), &len), &len, NULL, CNAP_EINVAL, "UTF-8");
	open_fails(body(P(R("制御\xC2\x85文字")), &len), &len, NULL, CNAP_EINVAL, "制御文字（U+0085）");
	open_fails(body(P(R("消去\x7F")), &len), &len, NULL, CNAP_EINVAL, "制御文字（U+007F）");
	open_fails(body(P(R("壊れ")) "<w:p>", &len), &len, NULL, CNAP_EFORMAT, "XMLが壊れています");
	/* nesting deeper than any document: sdt in sdt in sdt ... */
	char *deep = repeat("", "<w:sdt><w:sdtContent>", 120, P(R("深い")), "</w:sdtContent></w:sdt>", "");
	open_fails(body(deep, &len), &len, NULL, CNAP_EINVAL, "入れ子が深すぎます");
	free(deep);
}

static void test_limits(void **state)
{
	/* a zip bomb: 8 MiB of one paragraph repeated deflates to a few KiB */
	size_t big = (size_t)8 << 20;
	char *xml = cnap_malloc(big + 1);
	const char unit[] = "<w:p><w:r><w:t>あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめも"
			    "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめも</w:t></w:r></w:p>";
	size_t u = sizeof(unit) - 1, n = 0;
	while (n + u <= big) {
		memcpy(xml + n, unit, u);
		n += u;
	}
	xml[n] = '\0';
	size_t len;
	open_fails(body(xml, &len), &len, NULL, CNAP_ETOOBIG, "ZIP爆弾");
	/* the same within a generous ratio, but over the paragraph limit */
	struct cnap_docx_limits lim = { .max_ratio = 100000, .max_paragraphs = 1000 };
	free(xml);
	xml = repeat("", "<w:p><w:r><w:t>あ</w:t></w:r></w:p>", 2000, "", "", "");
	open_fails(body(xml, &len), &len, &lim, CNAP_ETOOBIG, "段落が多すぎます（1000個まで）");
	free(xml);
	xml = repeat("", unit, (int)(big / u), "", "", "");
	lim = (struct cnap_docx_limits){ .max_ratio = 100000, .max_text_bytes = (size_t)1 << 20 };
	open_fails(body(xml, &len), &len, &lim, CNAP_ETOOBIG, "文書の文字が多すぎます（1 MiBまで）");
	lim = (struct cnap_docx_limits){ .max_ratio = 100000, .max_total_bytes = (size_t)4 << 20 };
	open_fails(body(xml, &len), &len, &lim, CNAP_ETOOBIG, "文書全体の展開後の大きさが上限（4 MiB）");
	free(xml);
	lim = (struct cnap_docx_limits){ .max_file_bytes = 100 };
	open_fails(body(P(R("小さくない")), &len), &len, &lim, CNAP_ETOOBIG, "ファイルが大きすぎます（100 バイトまで）");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_heading_styles), cmocka_unit_test(test_numbering), cmocka_unit_test(test_list_styles),
		cmocka_unit_test(test_runs),           cmocka_unit_test(test_links),     cmocka_unit_test(test_tables),
		cmocka_unit_test(test_footnotes),      cmocka_unit_test(test_not_docx),  cmocka_unit_test(test_hostile_xml),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
