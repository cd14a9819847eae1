/*
 * The xlsx reader (src/io/xlsx_read.h) against workbooks built here: one
 * written by libxlsxwriter, and packages zipped from XML strings for what
 * Excel-style writers do (furigana, rich runs, inline strings, rows without
 * r, absolute relationships, prefixes) and for hostile files (zip bombs,
 * DTDs, bad UTF-8, broken zips). openpyxl and LibreOffice are compared in
 * tests/cli/t0014-xlsx-read.sh.
 */
#include "base/compat.h"
#include "base/buf.h"
#include "base/utf8.h"
#include "io/xlsx_read.h"
#include "test_util.h"
#include "xlsx_fixture.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define RELNS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define PKGREL "http://schemas.openxmlformats.org/package/2006/relationships"
#define CT_NS "http://schemas.openxmlformats.org/package/2006/content-types"
#define WB_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"

#define CT_XML                                                                                       \
	"<Types xmlns=\"" CT_NS "\"><Default Extension=\"xml\" ContentType=\"application/xml\"/>"     \
	"<Override PartName=\"/xl/workbook.xml\" ContentType=\"" WB_TYPE "\"/></Types>"
#define ROOT_RELS                                                                                    \
	"<Relationships xmlns=\"" PKGREL "\"><Relationship Id=\"rId1\" Type=\"" RELNS                \
	"/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
#define REL(id, kind, target) "<Relationship Id=\"" id "\" Type=\"" RELNS "/" kind "\" Target=\"" target "\"/>"
#define WB_RELS(rels) "<Relationships xmlns=\"" PKGREL "\">" rels "</Relationships>"
#define WORKBOOK(inner) "<workbook xmlns=\"" MAIN "\" xmlns:r=\"" RELNS "\">" inner "</workbook>"
#define SHEET(inner) "<worksheet xmlns=\"" MAIN "\"><sheetData>" inner "</sheetData></worksheet>"

static const char phrase[] = "数式の計算結果が保存されていません。Excelで開いて保存し直してください";

/* ---- helpers ---- */

static struct cnap_xlsx *open_ok(const unsigned char *data, size_t len, const struct cnap_xlsx_limits *lim)
{
	struct cnap_xlsx *x = NULL;
	struct cnap_error err;
	enum cnap_err rc = cnap_xlsx_open(data, len, lim, &x, &err);
	if (rc != CNAP_OK)
		fail_msg("open failed (%s): %s: %s", cnap_strerror(rc), err.where, err.message);
	assert_non_null(x);
	return x;
}

/* A failed open: *out stays NULL, the message is one non-empty line of valid UTF-8. */
static enum cnap_err open_fails(const unsigned char *data, size_t len, const struct cnap_xlsx_limits *lim,
				struct cnap_error *err)
{
	struct cnap_xlsx *x = (struct cnap_xlsx *)&x; /* must be reset to NULL */
	enum cnap_err rc = cnap_xlsx_open(data, len, lim, &x, err);
	if (rc == CNAP_OK)
		fail_msg("open succeeded where it must fail");
	assert_null(x);
	assert_int_equal(err->code, rc);
	assert_true(err->message[0] != '\0');
	assert_true(cnap_utf8_valid(err->message, strlen(err->message), NULL));
	assert_true(cnap_utf8_valid(err->where, strlen(err->where), NULL));
	assert_null(strchr(err->message, '\n'));
	return rc;
}

static unsigned char *zip_parts(const struct xlsx_part *parts, size_t n, size_t *len)
{
	unsigned char *z = xlsx_fixture_zip(parts, n, true, len);
	assert_non_null(z);
	return z;
}

static struct cnap_xlsx *book_ok(const char *sheet, const char *sst, const char *styles)
{
	size_t len;
	unsigned char *z = xlsx_fixture_book(sheet, sst, styles, &len);
	assert_non_null(z);
	struct cnap_xlsx *x = open_ok(z, len, NULL);
	free(z);
	return x;
}

static enum cnap_err book_fails(const char *sheet, const char *sst, const char *styles,
				const struct cnap_xlsx_limits *lim, struct cnap_error *err)
{
	size_t len;
	unsigned char *z = xlsx_fixture_book(sheet, sst, styles, &len);
	assert_non_null(z);
	enum cnap_err rc = open_fails(z, len, lim, err);
	free(z);
	return rc;
}

/* Each of the sheets (as xlsx_fixture_book takes them) is refused with code. */
static void sheets_refused(enum cnap_err code, const char *const *sheets, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct cnap_error err;
		enum cnap_err rc = book_fails(sheets[i], NULL, NULL, NULL, &err);
		if (rc != code)
			fail_msg("%s: %s, expected %s", sheets[i], cnap_strerror(rc), cnap_strerror(code));
	}
}

/* The cell at a reference like "F12" of sheet s (NULL when empty). */
static const struct cnap_xlsx_cell *at(const struct cnap_xlsx_sheet *s, const char *ref)
{
	uint32_t row, col;
	assert_true(cnap_xlsx_ref_parse(ref, &row, &col));
	return cnap_xlsx_cell_at(s, row, col);
}

static void want_string(const struct cnap_xlsx_sheet *s, const char *ref, const char *text)
{
	const struct cnap_xlsx_cell *c = at(s, ref);
	if (!c)
		fail_msg("%s is empty, expected \"%s\"", ref, text);
	assert_int_equal(c->type, CNAP_XLSX_STRING);
	assert_string_equal(c->text, text);
}

static void want_number(const struct cnap_xlsx_sheet *s, const char *ref, double v, const char *text)
{
	const struct cnap_xlsx_cell *c = at(s, ref);
	if (!c)
		fail_msg("%s is empty, expected %g", ref, v);
	assert_int_equal(c->type, CNAP_XLSX_NUMBER);
	assert_dbl_near(c->num, v, 1e-12);
	if (text)
		assert_string_equal(c->text, text);
}

/* Every sheet keeps the promises of the header: sorted, unique, no EMPTY, inside n_rows × n_cols. */
static void check_invariants(const struct cnap_xlsx *x)
{
	for (size_t i = 0; i < cnap_xlsx_sheet_count(x); i++) {
		const struct cnap_xlsx_sheet *s = cnap_xlsx_sheet(x, i);
		assert_non_null(s->name);
		for (size_t k = 0; k < s->n_cells; k++) {
			const struct cnap_xlsx_cell *c = &s->cells[k];
			assert_true(c->type != CNAP_XLSX_EMPTY);
			assert_true(c->row < s->n_rows && c->col < s->n_cols);
			assert_non_null(c->number_format);
			if (k > 0)
				assert_true(c->row > c[-1].row || (c->row == c[-1].row && c->col > c[-1].col));
			if (c->type == CNAP_XLSX_STRING)
				assert_true(cnap_utf8_valid(c->text, strlen(c->text), NULL));
			assert_ptr_equal(cnap_xlsx_cell_at(s, c->row, c->col), c);
		}
	}
}

static unsigned char *xlsxwriter_book(size_t *len)
{
	char path[] = "/tmp/cnap-xlsx-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_true(xlsx_fixture_xlsxwriter(path));
	unsigned char *data = xlsx_fixture_read_file(path, len);
	unlink(path);
	assert_non_null(data);
	return data;
}

/* ---- workbooks as writers make them ---- */

static void test_xlsxwriter_workbook(void **state)
{
	(void)state;
	size_t len;
	unsigned char *data = xlsxwriter_book(&len);
	struct cnap_xlsx *x = open_ok(data, len, NULL);
	free(data);
	check_invariants(x);
	assert_int_equal(cnap_xlsx_sheet_count(x), 3);
	const struct cnap_xlsx_sheet *s = cnap_xlsx_sheet(x, 0);
	assert_string_equal(s->name, "実績の総括表");
	assert_false(s->hidden);
	assert_true(cnap_xlsx_sheet(x, 1)->hidden);
	assert_string_equal(cnap_xlsx_sheet(x, 1)->name, "Hidden");
	assert_null(cnap_xlsx_sheet(x, 3));
	assert_ptr_equal(cnap_xlsx_sheet_by_name(x, "Data"), cnap_xlsx_sheet(x, 2));
	assert_ptr_equal(cnap_xlsx_sheet_by_name(x, "data"), cnap_xlsx_sheet(x, 2));
	assert_null(cnap_xlsx_sheet_by_name(x, "Sheet1"));
	assert_false(cnap_xlsx_date1904(x));

	want_string(s, "A1", "令和5年度 実績の総括表");
	want_string(s, "A3", "CO2排出量（万t-CO2）");
	want_number(s, "B3", 123.456, "123.456");
	assert_string_equal(at(s, "B3")->number_format, "#,##0.0");
	assert_false(at(s, "B3")->is_formula);
	const struct cnap_xlsx_cell *c = at(s, "C3");
	want_number(s, "C3", 246.912, NULL);
	assert_true(c->is_formula);
	c = at(s, "D3");
	want_number(s, "D3", 45017, NULL); /* 2023-04-01 */
	assert_true(c->is_date);
	assert_string_equal(c->number_format, "yyyy/mm/dd");
	assert_false(at(s, "B3")->is_date);
	want_number(s, "B4", 0.1, "0.1");
	assert_string_equal(at(s, "B4")->number_format, "0.0%");
	c = at(s, "C4");
	assert_int_equal(c->type, CNAP_XLSX_BOOL);
	assert_dbl_near(c->num, 1, 0);
	assert_null(c->text);
	want_string(s, "D4", "比率です");
	assert_true(at(s, "D4")->is_formula);
	want_string(s, "A5", "CO2削減");
	want_number(s, "B5", -0.001, NULL);
	assert_string_equal(at(s, "A1")->number_format, "General");
	want_string(s, "C5", "A&B <タグ> \"引用\"");
	want_string(s, "AX100", "遠いセル");
	assert_int_equal(s->n_rows, 100);
	assert_int_equal(s->n_cols, 50);
	/* the merged range's other cells are not cells */
	assert_int_equal(s->n_merges, 1);
	assert_int_equal(s->merges[0].first_row, 0);
	assert_int_equal(s->merges[0].last_col, 3);
	assert_null(at(s, "B1"));
	assert_ptr_equal(cnap_xlsx_merge_at(s, 0, 2), &s->merges[0]);
	assert_null(cnap_xlsx_merge_at(s, 1, 0));
	want_number(cnap_xlsx_sheet(x, 1), "A1", 42, "42");
	const struct cnap_xlsx_sheet *d = cnap_xlsx_sheet(x, 2);
	assert_int_equal(d->n_cells, 161);
	want_number(d, "H20", 1907.25, "1907.25");
	want_string(d, "A21", "合計");

	assert_string_equal(cnap_xlsx_defined_name(x, "cnap_marker"), "'実績の総括表'!$A$1");
	assert_string_equal(cnap_xlsx_defined_name(x, "CNAP_MARKER"), "'実績の総括表'!$A$1");
	assert_null(cnap_xlsx_defined_name(x, "nothing"));
	const struct cnap_xlsx_sheet *ms;
	uint32_t row = 9, col = 9;
	assert_true(cnap_xlsx_name_ref(x, "cnap_marker", &ms, &row, &col));
	assert_ptr_equal(ms, s);
	assert_int_equal(row, 0);
	assert_int_equal(col, 0);
	cnap_xlsx_free(x);
}

static const char furigana_sst[] =
	"<sst xmlns=\"" MAIN "\" count=\"7\" uniqueCount=\"7\">"
	"<si><t>年度</t><rPh sb=\"0\" eb=\"2\"><t>ネンド</t></rPh><phoneticPr fontId=\"1\"/></si>"
	"<si><r><rPr><b/><sz val=\"11\"/></rPr><t>CO</t></r><r><rPr><vertAlign val=\"subscript\"/></rPr><t>2</t></r>"
	"<r><t>排出量</t></r><rPh sb=\"2\" eb=\"5\"><t>ハイシュツリョウ</t></rPh>"
	"<phoneticPr fontId=\"1\" type=\"noConversion\"/></si>"
	"<si><t>A &amp; B &lt;C&gt; &quot;&apos; &#x3042;&#12354;</t></si>"
	"<si><t xml:space=\"preserve\">  前後の空白  </t></si>"
	"<si><t>一行目_x000D__x000A_二行目 _x005F_x000D_ _x0000_ _xD800_ _xD83D__xDE00_ _x00e9_ _x12_</t></si>"
	"<si><t/></si>"
	"<si><phoneticPr fontId=\"1\"/><t>後ろの本文</t><extLst><ext uri=\"x\"><t>no</t></ext></extLst></si>"
	"</sst>";

static void test_shared_strings(void **state)
{
	(void)state;
	struct cnap_xlsx *x = book_ok("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
				      "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c>"
				      "<c r=\"E1\" t=\"s\"><v>4</v></c><c r=\"F1\" t=\"s\"><v>5</v></c>"
				      "<c r=\"G1\" t=\"s\"><v> 6 </v></c><c r=\"H1\" t=\"s\"><v>0</v></c></row>",
				      furigana_sst, NULL);
	const struct cnap_xlsx_sheet *s = cnap_xlsx_sheet(x, 0);
	check_invariants(x);
	want_string(s, "A1", "年度"); /* not 年度ネンド */
	want_string(s, "B1", "CO2排出量");
	want_string(s, "C1", "A & B <C> \"' ああ");
	want_string(s, "D1", "  前後の空白  ");
	want_string(s, "E1", "一行目\r\n二行目 _x000D_ _x0000_ _xD800_ \xF0\x9F\x98\x80 é _x12_");
	want_string(s, "F1", "");
	want_string(s, "G1", "後ろの本文"); /* an index with blanks around it, as openpyxl takes it */
	assert_ptr_equal(at(s, "A1")->text, at(s, "H1")->text); /* one copy per shared string */
	cnap_xlsx_free(x);
	struct cnap_error err;
	assert_int_equal(book_fails("<row><c r=\"A1\" t=\"s\"><v>7</v></c></row>", furigana_sst, NULL, NULL, &err),
			 CNAP_EINVAL);
	assert_string_equal(err.where, "Sheet1!A1");
	assert_int_equal(book_fails("<row><c r=\"A1\" t=\"s\"><v>0</v></c></row>", NULL, NULL, NULL, &err),
			 CNAP_EINVAL);
}

static void test_cell_types(void **state)
{
	(void)state;
	struct cnap_xlsx *x = book_ok(
		"<row r=\"2\">"
		"<c r=\"A2\" t=\"inlineStr\"><is><t>インライン</t></is></c>"
		"<c r=\"B2\" t=\"inlineStr\"><is><r><t>リッチ</t></r><r><rPr><i/></rPr><t>な文</t></r>"
		"<rPh sb=\"0\" eb=\"1\"><t>リッチ</t></rPh></is></c>"
		"<c r=\"C2\" t=\"str\"><f>A2&amp;\"!\"</f><v>インライン!</v></c>"
		"<c r=\"D2\" t=\"b\"><v>0</v></c><c r=\"E2\" t=\"b\"><v>1</v></c>"
		"<c r=\"F2\" t=\"n\"><v>0.1</v></c><c r=\"G2\"><v>1E-3</v></c><c r=\"H2\"><v>-12.50</v></c>"
		"<c r=\"I2\"><v>\n 7 </v></c><c r=\"J2\" s=\"0\"/><c r=\"K2\"><v></v></c>"
		"<c r=\"L2\" t=\"inlineStr\"><v>ignored</v><is><t>is wins</t></is></c>"
		"</row><row r=\"3\">"
		"<c r=\"A3\" t=\"e\"><v>#NUM!</v></c><c r=\"B3\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"
		"<c r=\"C3\" t=\"e\"><v>#N/A</v></c><c r=\"D3\" t=\"e\"><v>#VALUE!</v></c>"
		"<c r=\"E3\" t=\"e\"><v>#REF!</v></c><c r=\"F3\" t=\"e\"><v>#NAME?</v></c>"
		"<c r=\"G3\" t=\"e\"><v>#NULL!</v></c>"
		"<c r=\"H3\" t=\"str\"><f>\"\"</f><v></v></c>"
		"<c r=\"I3\"><f t=\"shared\" ref=\"I3:I4\" si=\"0\">A1*2</f><v>4</v></c>"
		"</row>",
		NULL, NULL);
	const struct cnap_xlsx_sheet *s = cnap_xlsx_sheet(x, 0);
	check_invariants(x);
	want_string(s, "A2", "インライン");
	want_string(s, "B2", "リッチな文");
	want_string(s, "C2", "インライン!");
	assert_true(at(s, "C2")->is_formula);
	assert_int_equal(at(s, "D2")->type, CNAP_XLSX_BOOL);
	assert_dbl_near(at(s, "D2")->num, 0, 0);
	assert_dbl_near(at(s, "E2")->num, 1, 0);
	want_number(s, "F2", 0.1, "0.1");
	want_number(s, "G2", 0.001, "1E-3");
	want_number(s, "H2", -12.5, "-12.50");
	want_number(s, "I2", 7, "7");
	assert_null(at(s, "J2")); /* styled but empty */
	assert_null(at(s, "K2"));
	want_string(s, "L2", "is wins");
	static const char *const errors[] = { "#NUM!", "#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NULL!" };
	for (uint32_t i = 0; i < CNAP_ARRAY_LEN(errors); i++) {
		const struct cnap_xlsx_cell *c = cnap_xlsx_cell_at(s, 2, i);
		assert_non_null(c);
		assert_int_equal(c->type, CNAP_XLSX_ERROR);
		assert_string_equal(c->text, errors[i]);
	}
	assert_true(at(s, "B3")->is_formula);
	assert_null(at(s, "H3")); /* a formula that returns "" shows nothing */
	want_number(s, "I3", 4, "4");
	assert_int_equal(s->n_rows, 3);
	assert_int_equal(s->n_cols, 12);
	cnap_xlsx_free(x);

	struct cnap_error err;
	assert_int_equal(book_fails("<row><c r=\"B7\"><v>1..2</v></c></row>", NULL, NULL, NULL, &err), CNAP_EINVAL);
	assert_string_equal(err.where, "Sheet1!B7");
	static const char *const bad[] = {
		"<row><c><v>1e999</v></c></row>", "<row><c><v>nan</v></c></row>", "<row><c><v>0x10</v></c></row>",
		"<row><c t=\"b\"><v>2</v></c></row>", "<row><c t=\"x\"><v>2</v></c></row>",
	};
	sheets_refused(CNAP_EINVAL, bad, CNAP_ARRAY_LEN(bad));
}

/* Numbers come out as strtod reads their text, the fast path for short decimals included. */
static void test_number_values(void **state)
{
	(void)state;
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	static const char *const fixed[] = { "0", "-0", "0.1", "0.3", "1E-3", "123456789012345", "1234567890123456",
					     "12345678901234567890", "9007199254740993", "1e22", "1e23", "4.35",
					     "2.2250738585072014E-308", "1.7976931348623157E308", "0.000001", "+5",
					     "1.", ".5", "00012.5000", "123.456e-7", "1e-22", "3e-23" };
	unsigned long seed = 12345;
	cnap_buf_adds(&b, "<row>");
	for (size_t i = 0; i < CNAP_ARRAY_LEN(fixed); i++)
		cnap_buf_addf(&b, "<c><v>%s</v></c>", fixed[i]);
	cnap_buf_adds(&b, "</row>");
	for (int r = 0; r < 200; r++) {
		cnap_buf_adds(&b, "<row>");
		for (int k = 0; k < 10; k++) {
			char num[64];
			size_t n = 0;
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			unsigned long v = seed >> 11;
			if (v & 1)
				num[n++] = '-';
			int ndig = 1 + (int)((v >> 1) % 18), point = (int)((v >> 6) % (unsigned long)(ndig + 1));
			for (int d = 0; d < ndig; d++) {
				if (d == point && d > 0)
					num[n++] = '.';
				seed = seed * 6364136223846793005UL + 1442695040888963407UL;
				num[n++] = (char)('0' + (seed >> 33) % 10);
			}
			if (v & (1ul << 12))
				n += (size_t)snprintf(num + n, sizeof(num) - n, "E%d", (int)((v >> 13) % 61) - 30);
			num[n] = '\0';
			cnap_buf_addf(&b, "<c><v>%s</v></c>", num);
		}
		cnap_buf_adds(&b, "</row>");
	}
	assert_int_equal(b.status, CNAP_OK);
	struct cnap_xlsx *x = book_ok(b.data, NULL, NULL);
	cnap_buf_release(&b);
	const struct cnap_xlsx_sheet *s = cnap_xlsx_sheet(x, 0);
	assert_int_equal(s->n_cells, CNAP_ARRAY_LEN(fixed) + 2000);
	for (size_t i = 0; i < s->n_cells; i++) {
		const struct cnap_xlsx_cell *c = &s->cells[i];
		double want = strtod(c->text, NULL);
		if (memcmp(&want, &c->num, sizeof(want)) != 0)
			fail_msg("\"%s\" read as %.17g, strtod says %.17g", c->text, c->num, want);
	}
	assert_string_equal(s->cells[1].text, "-0");
	cnap_xlsx_free(x);
}

static void test_formula_without_cached_value(void **state)
{
	(void)state;
	const char *wb = WORKBOOK("<sheets><sheet name=\"実績の総括表\" sheetId=\"1\" r:id=\"rId1\"/></sheets>");
	const char *rels = WB_RELS(REL("rId1", "worksheet", "worksheets/sheet1.xml"));
	/* Excel's own form: no <v>; openpyxl's: an empty <v/> */
	const char *sheets[] = {
		SHEET("<row r=\"12\"><c r=\"E12\"><v>1</v></c><c r=\"F12\"><f>SUM(A1:A2)</f></c></row>"),
		SHEET("<row r=\"12\"><c r=\"F12\"><f>SUM(A1:A2)</f><v></v></c></row>"),
		SHEET("<row r=\"12\"><c r=\"F12\" t=\"b\"><f>TRUE()</f><v/></c></row>"),
	};
	for (size_t i = 0; i < CNAP_ARRAY_LEN(sheets); i++) {
		const struct xlsx_part parts[] = {
			{ "[Content_Types].xml", CT_XML, 0, false }, { "_rels/.rels", ROOT_RELS, 0, false },
			{ "xl/workbook.xml", wb, 0, false }, { "xl/_rels/workbook.xml.rels", rels, 0, false },
			{ "xl/worksheets/sheet1.xml", sheets[i], 0, false },
		};
		size_t len;
		unsigned char *z = zip_parts(parts, CNAP_ARRAY_LEN(parts), &len);
		struct cnap_error err;
		assert_int_equal(open_fails(z, len, NULL, &err), CNAP_EINVAL);
		assert_string_equal(err.where, "実績の総括表!F12");
		assert_non_null(strstr(err.message, phrase));
		assert_non_null(strstr(err.message, "F12"));
		/* kept when the caller asks: a cell of its own type, the others read as usual */
		struct cnap_xlsx_limits keep = cnap_xlsx_limits_default();
		keep.keep_uncached_formulas = true;
		struct cnap_xlsx *x = NULL;
		assert_int_equal(cnap_xlsx_open(z, len, &keep, &x, &err), CNAP_OK);
		const struct cnap_xlsx_cell *c = cnap_xlsx_cell_at(cnap_xlsx_sheet(x, 0), 11, 5);
		assert_non_null(c);
		assert_int_equal(c->type, CNAP_XLSX_UNCACHED);
		assert_true(c->is_formula);
		assert_null(c->text);
		if (i == 0)
			assert_int_equal(cnap_xlsx_cell_at(cnap_xlsx_sheet(x, 0), 11, 4)->type, CNAP_XLSX_NUMBER);
		cnap_xlsx_free(x);
		free(z);
	}
}

static void test_positions_without_r(void **state)
{
	(void)state;
	struct cnap_xlsx *x = book_ok("<row><c><v>1</v></c><c><v>2</v></c></row>"
				      "<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>"
				      "<row r=\"5\"><c><v>5</v></c><c r=\"D5\"><v>4</v></c><c><v>6</v></c></row>"
				      "<row><c><v>7</v></c></row>"
				      "<row spans=\"1:2\"/><row r=\"9\"><c r=\"XFD9\"><v>9</v></c></row>"
				      "<row r=\"1048576\"><c r=\"A1048576\"><v>10</v></c></row>",
				      NULL, NULL);
	const struct cnap_xlsx_sheet *s = cnap_xlsx_sheet(x, 0);
	check_invariants(x);
	want_number(s, "A1", 1, "1");
	want_number(s, "B1", 2, "2");
	want_string(s, "A2", "x");
	want_number(s, "A5", 5, NULL);
	want_number(s, "D5", 4, NULL);
	want_number(s, "E5", 6, NULL);
	want_number(s, "A6", 7, NULL);
	want_number(s, "XFD9", 9, NULL);
	want_number(s, "A1048576", 10, NULL);
	assert_int_equal(s->n_cells, 9);
	assert_int_equal(s->n_rows, 1048576);
	assert_int_equal(s->n_cols, 16384);
	cnap_xlsx_free(x);

	/* out of order is sorted; twice the same cell is refused */
	x = book_ok("<row r=\"3\"><c r=\"C3\"><v>33</v></c><c r=\"A3\"><v>31</v></c></row>"
		    "<row r=\"1\"><c r=\"B1\"><v>12</v></c></row>",
		    NULL, NULL);
	s = cnap_xlsx_sheet(x, 0);
	check_invariants(x);
	assert_int_equal(s->n_cells, 3);
	assert_int_equal(s->cells[0].row, 0);
	want_number(s, "A3", 31, NULL);
	cnap_xlsx_free(x);
	struct cnap_error err;
	assert_int_equal(book_fails("<row r=\"2\"><c r=\"B2\"><v>1</v></c></row><row r=\"1\"><c r=\"A1\"><v>1</v></c>"
				    "</row><row r=\"2\"><c r=\"B2\"><v>2</v></c></row>",
				    NULL, NULL, NULL, &err),
			 CNAP_EINVAL);
	assert_string_equal(err.where, "Sheet1!B2");
	static const char *const outside[] = {
		"<row r=\"1048577\"><c><v>1</v></c></row>",
		"<row><c r=\"XFE1\"><v>1</v></c></row>",
		"<row r=\"1048576\"/><row><c><v>1</v></c></row>",
		"<row><c r=\"XFD1\"><v>1</v></c><c><v>1</v></c></row>",
	};
	sheets_refused(CNAP_ETOOBIG, outside, CNAP_ARRAY_LEN(outside));
	static const char *const junk[] = {
		"<row><c r=\"A0\"><v>1</v></c></row>",
		"<row><c r=\"A1B\"><v>1</v></c></row>",
		"<row r=\"x\"><c><v>1</v></c></row>",
		"<row r=\"0\"><c><v>1</v></c></row>",
	};
	sheets_refused(CNAP_EINVAL, junk, CNAP_ARRAY_LEN(junk));
}

/* The sheet a user renamed, with no sheet1.xml, in workbook order, through absolute and relative targets. */
static void test_relationships(void **state)
{
	(void)state;
	const char *ct = "<Types xmlns=\"" CT_NS "\"><Override PartName=\"/xl/book.xml\" ContentType=\"" WB_TYPE
			 "\"/></Types>";
	const char *root = "<Relationships xmlns=\"" PKGREL "\"><Relationship Id=\"a\" Type=\"" RELNS
			   "/officeDocument\" Target=\"/xl/book.xml\"/></Relationships>";
	const char *wb = WORKBOOK("<workbookPr date1904=\"true\"/><bookViews/><sheets>"
				  "<sheet name=\"実績の総括表\" sheetId=\"7\" r:id=\"rId7\"/>"
				  "<sheet name=\"目次\" sheetId=\"2\" state=\"veryHidden\" r:id=\"rId2\"/>"
				  "<sheet name=\"グラフ\" sheetId=\"3\" r:id=\"rId3\"/></sheets>");
	const char *rels = WB_RELS(REL("rId2", "worksheet", "../xl/worksheets/../worksheets/toc.xml")
				   REL("rId7", "worksheet", "/xl/worksheets/sheet7.xml")
				   REL("rId3", "chartsheet", "chartsheets/sheet1.xml")
				   REL("rId9", "sharedStrings", "/xl/strings.xml")
				   "<Relationship Id=\"rId10\" Type=\"" RELNS "/hyperlink\" Target=\"http://example.com/\" "
				   "TargetMode=\"External\"/>");
	const struct xlsx_part parts[] = {
		{ "[Content_Types].xml", ct, 0, false },
		{ "_rels/.rels", root, 0, false },
		{ "xl/book.xml", wb, 0, false },
		{ "xl/_rels/book.xml.rels", rels, 0, false },
		{ "xl/worksheets/toc.xml", SHEET("<row><c t=\"s\"><v>0</v></c></row>"), 0, false },
		{ "XL/Worksheets/Sheet7.xml", SHEET("<row r=\"12\"><c r=\"F12\"><v>3.5</v></c></row>"), 0, false },
		{ "xl/chartsheets/sheet1.xml", "<chartsheet xmlns=\"" MAIN "\"/>", 0, false },
		{ "xl/strings.xml", "<sst xmlns=\"" MAIN "\"><si><t>目次です</t></si></sst>", 0, false },
	};
	size_t len;
	unsigned char *z = zip_parts(parts, CNAP_ARRAY_LEN(parts), &len);
	struct cnap_xlsx *x = open_ok(z, len, NULL);
	free(z);
	check_invariants(x);
	assert_true(cnap_xlsx_date1904(x));
	assert_int_equal(cnap_xlsx_sheet_count(x), 3);
	const struct cnap_xlsx_sheet *s = cnap_xlsx_sheet(x, 0);
	assert_string_equal(s->name, "実績の総括表");
	want_number(s, "F12", 3.5, "3.5");
	s = cnap_xlsx_sheet(x, 1);
	assert_string_equal(s->name, "目次");
	assert_true(s->hidden);
	want_string(s, "A1", "目次です");
	s = cnap_xlsx_sheet(x, 2);
	assert_string_equal(s->name, "グラフ");
	assert_int_equal(s->n_cells, 0);
	assert_int_equal(s->n_rows, 0);
	assert_null(cnap_xlsx_cell_at(s, 0, 0));
	cnap_xlsx_free(x);
}

/* Prefixed and strict SpreadsheetML read the same; elements of other namespaces are not cells. */
static void test_namespaces(void **state)
{
	(void)state;
	struct cnap_xlsx *x = book_ok(
		"<x:worksheet xmlns:x=\"" MAIN "\" xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\">"
		"<x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>p</x:t></x:is></x:c>"
		"<o:c xmlns:o=\"urn:other\" r=\"B1\"><o:v>9</o:v></o:c><x:c r=\"C1\"><x:v>3</x:v></x:c></x:row>"
		"</x:sheetData><mc:AlternateContent><mc:Choice><x:sheetData><x:row><x:c><x:v>1</x:v></x:c></x:row>"
		"</x:sheetData></mc:Choice></mc:AlternateContent></x:worksheet>",
		NULL, NULL);
	const struct cnap_xlsx_sheet *s = cnap_xlsx_sheet(x, 0);
	want_string(s, "A1", "p");
	assert_null(at(s, "B1"));
	want_number(s, "C1", 3, "3");
	assert_int_equal(s->n_cells, 2);
	cnap_xlsx_free(x);
	x = book_ok("<worksheet xmlns=\"http://purl.oclc.org/ooxml/spreadsheetml/main\"><sheetData><row>"
		    "<c><v>8</v></c></row></sheetData></worksheet>",
		    NULL, NULL);
	want_number(cnap_xlsx_sheet(x, 0), "A1", 8, "8");
	cnap_xlsx_free(x);
}

static const char styles[] =
	"<styleSheet xmlns=\"" MAIN "\"><numFmts count=\"8\">"
	"<numFmt numFmtId=\"164\" formatCode=\"0.000\"/><numFmt numFmtId=\"164\" formatCode=\"yyyy/mm/dd\"/>"
	"<numFmt numFmtId=\"165\" formatCode=\"0.0&quot;年度&quot;\"/>"
	"<numFmt numFmtId=\"166\" formatCode=\"[h]:mm\"/>"
	"<numFmt numFmtId=\"167\" formatCode=\"[Red]#,##0;[Blue]\\-#,##0\"/>"
	"<numFmt numFmtId=\"168\" formatCode=\"\\d0_m* \"/>"
	"<numFmt numFmtId=\"170\" formatCode=\"[$-411]ggge&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
	"<numFmt numFmtId=\"171\" formatCode=\"General;[Red]yyyy\"/>"
	"<numFmt numFmtId=\"172\" formatCode=\"[ss].00\"/>"
	"</numFmts><fonts count=\"1\"><font/></fonts>"
	"<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
	"<cellXfs count=\"15\"><xf numFmtId=\"0\" xfId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/>"
	"<xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"166\"/><xf numFmtId=\"167\"/>"
	"<xf numFmtId=\"168\"/><xf numFmtId=\"170\"/><xf numFmtId=\"171\"/><xf numFmtId=\"3\"/>"
	"<xf numFmtId=\"46\"/><xf numFmtId=\"22\"/><xf numFmtId=\"23\"/><xf numFmtId=\"172\"/><xf/>"
	"</cellXfs></styleSheet>";

static void test_number_formats(void **state)
{
	(void)state;
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	for (int i = 0; i <= 15; i++)
		cnap_buf_addf(&b, "<row><c s=\"%d\"><v>45017</v></c><c s=\"%d\" t=\"inlineStr\"><is><t>s</t></is></c></row>",
			      i == 15 ? 99 : i, i);
	assert_int_equal(b.status, CNAP_OK);
	struct cnap_xlsx *x = book_ok(b.data, NULL, styles);
	cnap_buf_release(&b);
	const struct cnap_xlsx_sheet *s = cnap_xlsx_sheet(x, 0);
	static const struct {
		const char *format;
		bool is_date;
	} want[] = {
		{ "General", false }, { "mm-dd-yy", true }, { "yyyy/mm/dd", true }, { "0.0\"年度\"", false },
		{ "[h]:mm", true }, { "[Red]#,##0;[Blue]\\-#,##0", false }, { "\\d0_m* ", false },
		{ "[$-411]ggge\"年\"m\"月\"d\"日\"", true }, { "General;[Red]yyyy", false }, { "#,##0", false },
		{ "[h]:mm:ss", true }, { "m/d/yy h:mm", true }, { "General", false }, { "[ss].00", true },
		{ "General", false }, { "General", false },
	};
	for (uint32_t i = 0; i < CNAP_ARRAY_LEN(want); i++) {
		const struct cnap_xlsx_cell *c = cnap_xlsx_cell_at(s, i, 0);
		assert_non_null(c);
		if (strcmp(c->number_format, want[i].format) != 0 || c->is_date != want[i].is_date)
			fail_msg("s=%u: \"%s\" date %d, expected \"%s\" %d", i, c->number_format, c->is_date,
				 want[i].format, want[i].is_date);
		c = cnap_xlsx_cell_at(s, i, 1);
		assert_string_equal(c->number_format, want[i].format);
		assert_false(c->is_date); /* only numbers are dates */
	}
	cnap_xlsx_free(x);
	/* no styles part: every number is General */
	x = book_ok("<row><c s=\"1\"><v>1</v></c></row>", NULL, NULL);
	assert_string_equal(cnap_xlsx_sheet(x, 0)->cells[0].number_format, "General");
	cnap_xlsx_free(x);

	assert_true(cnap_xlsx_format_is_date("yyyy\"年\"m\"月\""));
	assert_true(cnap_xlsx_format_is_date("[$-F800]dddd, mmmm dd, yyyy"));
	assert_true(cnap_xlsx_format_is_date("h:mm AM/PM"));
	assert_false(cnap_xlsx_format_is_date("0.00E+00"));
	assert_false(cnap_xlsx_format_is_date("@"));
	assert_false(cnap_xlsx_format_is_date("\"年月日\"0"));
	assert_false(cnap_xlsx_format_is_date("[DBNum1]0"));
	assert_false(cnap_xlsx_format_is_date("\"unterminated"));
}

static void test_iso_dates(void **state)
{
	(void)state;
	const char *rows = "<row><c t=\"d\"><v>2023-04-01</v></c><c t=\"d\"><v>2023-04-01T12:00:00Z</v></c>"
			   "<c t=\"d\"><v>1900-02-28</v></c><c t=\"d\"><v>1900-03-01</v></c>"
			   "<c t=\"d\"><v>12:00:00</v></c><c t=\"d\"><v>2024-02-29T06:00:00.000</v></c></row>";
	struct cnap_xlsx *x = book_ok(rows, NULL, NULL);
	const struct cnap_xlsx_sheet *s = cnap_xlsx_sheet(x, 0);
	static const double want[] = { 45017, 45017.5, 59, 61, 0.5, 45351.25 };
	for (uint32_t i = 0; i < CNAP_ARRAY_LEN(want); i++) {
		const struct cnap_xlsx_cell *c = cnap_xlsx_cell_at(s, 0, i);
		assert_int_equal(c->type, CNAP_XLSX_NUMBER);
		assert_true(c->is_date);
		assert_dbl_near(c->num, want[i], 1e-9);
	}
	assert_string_equal(at(s, "A1")->text, "2023-04-01");
	cnap_xlsx_free(x);
	static const char *const bad[] = {
		"<row><c t=\"d\"><v>2023-02-30</v></c></row>",
		"<row><c t=\"d\"><v>1899-12-29</v></c></row>",
		"<row><c t=\"d\"><v>25:00</v></c></row>",
		"<row><c t=\"d\"><v>2023-04-01X</v></c></row>",
	};
	sheets_refused(CNAP_EINVAL, bad, CNAP_ARRAY_LEN(bad));
}

static void test_serial_to_datetime(void **state)
{
	(void)state;
	struct cnap_xlsx_datetime d;
	static const struct {
		double serial;
		bool date1904;
		int y, m, day, h, mi, s;
	} cases[] = {
		{ 45017, false, 2023, 4, 1, 0, 0, 0 }, { 45017.75, false, 2023, 4, 1, 18, 0, 0 },
		{ 1, false, 1900, 1, 1, 0, 0, 0 }, { 59, false, 1900, 2, 28, 0, 0, 0 },
		{ 60, false, 1900, 2, 29, 0, 0, 0 }, { 61, false, 1900, 3, 1, 0, 0, 0 },
		{ 0, false, 1899, 12, 31, 0, 0, 0 }, { 0, true, 1904, 1, 1, 0, 0, 0 },
		{ 43555, true, 2023, 4, 1, 0, 0, 0 }, { 2958465, false, 9999, 12, 31, 0, 0, 0 },
		{ 36586.5000001, false, 2000, 3, 1, 12, 0, 0 }, { 0.99999999999, false, 1900, 1, 1, 0, 0, 0 },
	};
	for (size_t i = 0; i < CNAP_ARRAY_LEN(cases); i++) {
		assert_true(cnap_xlsx_serial_to_datetime(cases[i].serial, cases[i].date1904, &d));
		if (d.year != cases[i].y || d.month != cases[i].m || d.day != cases[i].day || d.hour != cases[i].h ||
		    d.minute != cases[i].mi || d.second != cases[i].s)
			fail_msg("%.11g: %d-%d-%d %d:%d:%d", cases[i].serial, d.year, d.month, d.day, d.hour, d.minute,
				 d.second);
	}
	assert_false(cnap_xlsx_serial_to_datetime(-1, false, &d));
	assert_false(cnap_xlsx_serial_to_datetime(2958466, false, &d));
	assert_false(cnap_xlsx_serial_to_datetime(0.0 / 0.0, false, &d));
}

static void test_references(void **state)
{
	(void)state;
	char buf[16];
	static const struct {
		uint32_t row, col;
		const char *ref;
	} refs[] = { { 11, 5, "F12" }, { 0, 0, "A1" }, { 0, 25, "Z1" }, { 0, 26, "AA1" }, { 0, 701, "ZZ1" },
		     { 0, 702, "AAA1" }, { 1048575, 16383, "XFD1048576" } };
	for (size_t i = 0; i < CNAP_ARRAY_LEN(refs); i++) {
		uint32_t row, col;
		cnap_xlsx_ref_format(refs[i].row, refs[i].col, buf, sizeof(buf));
		assert_string_equal(buf, refs[i].ref);
		assert_true(cnap_xlsx_ref_parse(refs[i].ref, &row, &col));
		assert_int_equal(row, refs[i].row);
		assert_int_equal(col, refs[i].col);
	}
	char small[4];
	cnap_xlsx_ref_format(11, 5, small, sizeof(small));
	assert_string_equal(small, "F12");
	cnap_xlsx_ref_format(1048575, 16383, small, sizeof(small));
	assert_string_equal(small, "XFD");
	uint32_t row = 7, col = 7;
	assert_true(cnap_xlsx_ref_parse("$f$12", &row, &col));
	assert_int_equal(row, 11);
	assert_int_equal(col, 5);
	static const char *const junk[] = { "", "12", "A", "A0", "XFE1", "A1048577", "A1 ", " A1", "A-1", "A1:B2",
					    "$$A1", "ÄA1", "AAAAAAAAAAAAA1", "A99999999999999999999" };
	for (size_t i = 0; i < CNAP_ARRAY_LEN(junk); i++)
		if (cnap_xlsx_ref_parse(junk[i], &row, &col))
			fail_msg("\"%s\" parsed", junk[i]);
	struct cnap_xlsx_merge m;
	assert_true(cnap_xlsx_range_parse("C3:A1", &m));
	assert_int_equal(m.first_row, 0);
	assert_int_equal(m.first_col, 0);
	assert_int_equal(m.last_row, 2);
	assert_int_equal(m.last_col, 2);
	assert_true(cnap_xlsx_range_parse("B2", &m));
	assert_int_equal(m.first_row, 1);
	assert_int_equal(m.last_col, 1);
	assert_false(cnap_xlsx_range_parse("A1:", &m));
	assert_false(cnap_xlsx_range_parse("A1:B2:C3", &m));
}

static void test_merges_and_names(void **state)
{
	(void)state;
	const char *wb = WORKBOOK("<sheets><sheet name=\"It's\" sheetId=\"1\" r:id=\"rId1\"/>"
				  "<sheet name=\"Sheet2\" sheetId=\"2\" r:id=\"rId2\" state=\"hidden\"/></sheets>"
				  "<definedNames>"
				  "<definedName name=\"_xlnm.Print_Area\" localSheetId=\"0\">'It''s'!$A$1:$D$9</definedName>"
				  "<definedName name=\"local\" localSheetId=\"1\">Sheet2!$B$2</definedName>"
				  "<definedName name=\"both\" localSheetId=\"1\">Sheet2!$C$3</definedName>"
				  "<definedName name=\"both\">'It''s'!$B$2:$C$3</definedName>"
				  "<definedName name=\"gone\" hidden=\"1\">#REF!</definedName>"
				  "<definedName name=\"const\">0.96</definedName>"
				  "<definedName name=\"bad\" localSheetId=\"7\">Sheet2!$A$1</definedName>"
				  "</definedNames>");
	const char *rels = WB_RELS(REL("rId1", "worksheet", "worksheets/a.xml") REL("rId2", "worksheet", "worksheets/b.xml"));
	const char *a = "<worksheet xmlns=\"" MAIN "\"><sheetData><row r=\"2\"><c r=\"B2\"><v>1</v></c></row></sheetData>"
			"<mergeCells count=\"2\"><mergeCell ref=\"B2:C3\"/><mergeCell ref=\"E5\"/></mergeCells></worksheet>";
	const struct xlsx_part parts[] = {
		{ "[Content_Types].xml", CT_XML, 0, false }, { "_rels/.rels", ROOT_RELS, 0, false },
		{ "xl/workbook.xml", wb, 0, false }, { "xl/_rels/workbook.xml.rels", rels, 0, false },
		{ "xl/worksheets/a.xml", a, 0, false }, { "xl/worksheets/b.xml", SHEET(""), 0, false },
	};
	size_t len;
	unsigned char *z = zip_parts(parts, CNAP_ARRAY_LEN(parts), &len);
	struct cnap_xlsx *x = open_ok(z, len, NULL);
	free(z);
	const struct cnap_xlsx_sheet *s = cnap_xlsx_sheet(x, 0);
	assert_int_equal(s->n_merges, 2);
	assert_ptr_equal(cnap_xlsx_merge_at(s, 2, 2), &s->merges[0]);
	assert_ptr_equal(cnap_xlsx_merge_at(s, 4, 4), &s->merges[1]);
	assert_non_null(cnap_xlsx_cell_at(s, 1, 1));
	assert_null(cnap_xlsx_cell_at(s, 2, 2)); /* inside the range: the top-left cell only */
	assert_true(cnap_xlsx_sheet(x, 1)->hidden);
	assert_int_equal(cnap_xlsx_defined_name_count(x), 7);
	assert_string_equal(cnap_xlsx_defined_name(x, "both"), "'It''s'!$B$2:$C$3"); /* workbook-wide wins */
	assert_string_equal(cnap_xlsx_defined_name(x, "LOCAL"), "Sheet2!$B$2");
	assert_string_equal(cnap_xlsx_defined_name(x, "const"), "0.96");
	const struct cnap_xlsx_name *n = cnap_xlsx_defined_name_at(x, 0);
	assert_string_equal(n->name, "_xlnm.Print_Area");
	assert_int_equal(n->sheet, 0);
	assert_true(cnap_xlsx_defined_name_at(x, 4)->hidden);
	assert_int_equal(cnap_xlsx_defined_name_at(x, 6)->sheet, -1); /* no sheet 7 */
	assert_null(cnap_xlsx_defined_name_at(x, 7));
	const struct cnap_xlsx_sheet *ns;
	uint32_t row, col;
	assert_true(cnap_xlsx_name_ref(x, "both", &ns, &row, &col));
	assert_ptr_equal(ns, s);
	assert_int_equal(row, 1);
	assert_int_equal(col, 1);
	assert_true(cnap_xlsx_name_ref(x, "local", &ns, &row, &col));
	assert_ptr_equal(ns, cnap_xlsx_sheet(x, 1));
	assert_false(cnap_xlsx_name_ref(x, "gone", &ns, &row, &col));
	assert_false(cnap_xlsx_name_ref(x, "const", &ns, &row, &col));
	assert_false(cnap_xlsx_name_ref(x, "missing", &ns, &row, &col));
	cnap_xlsx_free(x);

	struct cnap_error err;
	assert_int_equal(book_fails("<worksheet xmlns=\"" MAIN "\"><sheetData/><mergeCells><mergeCell ref=\"A1:\"/>"
				    "</mergeCells></worksheet>",
				    NULL, NULL, NULL, &err),
			 CNAP_EINVAL);
}

static void test_text_encodings(void **state)
{
	(void)state;
	/* A part in ISO-8859-1 comes out as UTF-8. */
	struct cnap_xlsx *x = book_ok("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><worksheet xmlns=\"" MAIN
				      "\"><sheetData><row><c t=\"inlineStr\"><is><t>caf\xE9</t></is></c></row>"
				      "</sheetData></worksheet>",
				      NULL, NULL);
	want_string(cnap_xlsx_sheet(x, 0), "A1", "café");
	cnap_xlsx_free(x);
	struct cnap_error err;
	static const char *const bad[] = {
		"<sst xmlns=\"" MAIN "\"><si><t>ab\xFF\xFE</t></si></sst>",
		"<sst xmlns=\"" MAIN "\"><si><t>overlong \xC0\xAF</t></si></sst>",
		"<sst xmlns=\"" MAIN "\"><si><t>surrogate \xED\xA0\x80</t></si></sst>",
		"<sst xmlns=\"" MAIN "\"><si><t>ref &#xD800;</t></si></sst>",
		"<sst xmlns=\"" MAIN "\"><si><t>nul &#0;</t></si></sst>",
		"<sst xmlns=\"" MAIN "\"><si><t>cut \xE3\x81</t></si></sst>",
	};
	for (size_t i = 0; i < CNAP_ARRAY_LEN(bad); i++) {
		assert_int_equal(book_fails("<row><c t=\"s\"><v>0</v></c></row>", bad[i], NULL, NULL, &err), CNAP_EINVAL);
		assert_string_equal(err.where, "xl/sharedStrings.xml");
	}
	assert_int_equal(book_fails("<row><c t=\"inlineStr\"><is><t>\x80</t></is></c></row>", NULL, NULL, NULL, &err),
			 CNAP_EINVAL);
	assert_string_equal(err.where, "xl/worksheets/sheet1.xml");
	/* an unknown encoding is broken XML */
	assert_int_equal(book_fails("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><worksheet xmlns=\"" MAIN
				    "\"><sheetData/></worksheet>",
				    NULL, NULL, NULL, &err),
			 CNAP_EFORMAT);
}

/* ---- hostile files ---- */

static void test_dtd_refused(void **state)
{
	(void)state;
	struct cnap_error err;
	const char *laughs =
		"<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
		"<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;\">]>"
		"<sst xmlns=\"" MAIN "\"><si><t>&d;&d;&d;&d;</t></si></sst>";
	assert_int_equal(book_fails("<row><c t=\"s\"><v>0</v></c></row>", laughs, NULL, NULL, &err), CNAP_EINVAL);
	assert_string_equal(err.where, "xl/sharedStrings.xml");
	assert_non_null(strstr(err.message, "DOCTYPE"));
	const char *external = "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
			       "<worksheet xmlns=\"" MAIN "\"><sheetData><row><c t=\"inlineStr\"><is><t>&x;</t></is></c>"
			       "</row></sheetData></worksheet>";
	assert_int_equal(book_fails(external, NULL, NULL, NULL, &err), CNAP_EINVAL);
	assert_string_equal(err.where, "xl/worksheets/sheet1.xml");
	const char *param = "<?xml version=\"1.0\"?><!DOCTYPE styleSheet SYSTEM \"http://example.com/x.dtd\">"
			    "<styleSheet xmlns=\"" MAIN "\"/>";
	assert_int_equal(book_fails("<row/>", NULL, param, NULL, &err), CNAP_EINVAL);
	assert_string_equal(err.where, "xl/styles.xml");
	/* an entity never declared is broken XML */
	assert_int_equal(book_fails("<row><c t=\"inlineStr\"><is><t>&nbsp;</t></is></c></row>", NULL, NULL, NULL, &err),
			 CNAP_EFORMAT);
	/* and in the package parts */
	const struct xlsx_part parts[] = {
		{ "[Content_Types].xml", "<!DOCTYPE Types [<!ENTITY a \"b\">]>" CT_XML, 0, false },
		{ "_rels/.rels", ROOT_RELS, 0, false },
	};
	size_t len;
	unsigned char *z = zip_parts(parts, CNAP_ARRAY_LEN(parts), &len);
	assert_int_equal(open_fails(z, len, NULL, &err), CNAP_EINVAL);
	assert_string_equal(err.where, "[Content_Types].xml");
	free(z);
}

/* A sheet of n bytes of rows that deflate almost to nothing. */
static char *bomb_sheet(size_t n)
{
	static const char head[] = "<worksheet xmlns=\"" MAIN "\"><sheetData>";
	static const char tail[] = "</sheetData></worksheet>";
	char *s = cnap_malloc(n + 1);
	assert_non_null(s);
	memcpy(s, head, sizeof(head) - 1);
	size_t i = sizeof(head) - 1;
	while (i + 6 + sizeof(tail) <= n) {
		memcpy(s + i, "<row/>", 6);
		i += 6;
	}
	memcpy(s + i, tail, sizeof(tail));
	return s;
}

static void put_le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static void test_zip_bombs(void **state)
{
	(void)state;
	struct cnap_error err;
	char *big = bomb_sheet((size_t)4 << 20);
	size_t len;
	unsigned char *z = xlsx_fixture_book(big, NULL, NULL, &len);
	assert_non_null(z);
	assert_true(len < ((size_t)4 << 20) / 200); /* it does deflate past 200:1 */
	assert_int_equal(open_fails(z, len, NULL, &err), CNAP_ETOOBIG);
	assert_string_equal(err.where, "xl/worksheets/sheet1.xml");
	assert_non_null(strstr(err.message, "ZIP爆弾"));
	/* the same sheet with a header that lies about its size: the bytes inflated are counted */
	const char *name = "xl/worksheets/sheet1.xml";
	size_t nlen = strlen(name);
	int patched = 0;
	for (size_t i = 0; i + 46 + nlen <= len; i++) {
		if (memcmp(z + i, "PK\x03\x04", 4) == 0 && i + 30 + nlen <= len && memcmp(z + i + 30, name, nlen) == 0) {
			put_le32(z + i + 22, 1000);
			patched++;
		}
		if (memcmp(z + i, "PK\x01\x02", 4) == 0 && memcmp(z + i + 46, name, nlen) == 0) {
			put_le32(z + i + 24, 1000);
			patched++;
		}
	}
	assert_int_equal(patched, 2);
	struct cnap_xlsx_limits lim = { .max_entry_bytes = (size_t)1 << 20 };
	enum cnap_err rc = open_fails(z, len, &lim, &err);
	assert_true(rc == CNAP_ETOOBIG || rc == CNAP_EFORMAT);
	assert_string_equal(err.where, "xl/worksheets/sheet1.xml");
	lim = (struct cnap_xlsx_limits){ .max_ratio = 100000, .max_entry_bytes = (size_t)1 << 20 };
	rc = open_fails(z, len, &lim, &err);
	assert_true(rc == CNAP_ETOOBIG || rc == CNAP_EFORMAT);
	free(z);
	free(big);

	/* declared: one entry over the limit, all of them over the total */
	z = xlsx_fixture_book("<row><c><v>1</v></c></row>", NULL, NULL, &len);
	lim = (struct cnap_xlsx_limits){ .max_entry_bytes = 200 };
	assert_int_equal(open_fails(z, len, &lim, &err), CNAP_ETOOBIG);
	lim = (struct cnap_xlsx_limits){ .max_total_bytes = 1000 };
	assert_int_equal(open_fails(z, len, &lim, &err), CNAP_ETOOBIG);
	lim = (struct cnap_xlsx_limits){ .max_entries = 4 };
	assert_int_equal(open_fails(z, len, &lim, &err), CNAP_ETOOBIG);
	lim = (struct cnap_xlsx_limits){ .max_file_bytes = len - 1 };
	assert_int_equal(open_fails(z, len, &lim, &err), CNAP_ETOOBIG);
	assert_non_null(strstr(err.message, "大きすぎます"));
	lim = (struct cnap_xlsx_limits){ .max_file_bytes = len, .max_entries = 5 };
	cnap_xlsx_free(open_ok(z, len, &lim));
	free(z);
}

static void test_content_limits(void **state)
{
	(void)state;
	struct cnap_error err;
	struct cnap_xlsx_limits lim = { .max_cells = 10 };
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	for (int i = 0; i < 11; i++)
		cnap_buf_addf(&b, "<row><c><v>%d</v></c></row>", i);
	size_t len;
	unsigned char *z = xlsx_fixture_book(b.data, NULL, NULL, &len);
	assert_int_equal(open_fails(z, len, &lim, &err), CNAP_ETOOBIG);
	lim.max_cells = 11;
	cnap_xlsx_free(open_ok(z, len, &lim));
	free(z);
	cnap_buf_release(&b);

	const char *sst = "<sst xmlns=\"" MAIN "\"><si><t>a</t></si><si><t>b</t></si><si><t>c</t></si></sst>";
	lim = (struct cnap_xlsx_limits){ .max_shared_strings = 2 };
	z = xlsx_fixture_book("<row/>", sst, NULL, &len);
	assert_int_equal(open_fails(z, len, &lim, &err), CNAP_ETOOBIG);
	assert_string_equal(err.where, "xl/sharedStrings.xml");
	free(z);

	lim = (struct cnap_xlsx_limits){ .max_string_chars = 5 };
	z = xlsx_fixture_book("<row><c t=\"inlineStr\"><is><t>あいうえお</t></is></c></row>", NULL, NULL, &len);
	struct cnap_xlsx *x = open_ok(z, len, &lim);
	want_string(cnap_xlsx_sheet(x, 0), "A1", "あいうえお");
	cnap_xlsx_free(x);
	free(z);
	z = xlsx_fixture_book("<row><c t=\"inlineStr\"><is><t>abcdef</t></is></c></row>", NULL, NULL, &len);
	assert_int_equal(open_fails(z, len, &lim, &err), CNAP_ETOOBIG);
	assert_string_equal(err.where, "Sheet1!A1");
	free(z);
	/* escapes are decoded before the count */
	z = xlsx_fixture_book("<row><c t=\"inlineStr\"><is><t>_x0041__x0042__x0043__x0044__x0045_</t></is></c></row>",
			      NULL, NULL, &len);
	x = open_ok(z, len, &lim);
	want_string(cnap_xlsx_sheet(x, 0), "A1", "ABCDE");
	cnap_xlsx_free(x);
	free(z);

	struct cnap_xlsx_limits d = cnap_xlsx_limits_default();
	assert_int_equal(d.max_file_bytes, 20 << 20);
	assert_int_equal(d.max_entries, 10000);
	assert_int_equal(d.max_entry_bytes, 64 << 20);
	assert_int_equal(d.max_total_bytes, 256 << 20);
	assert_int_equal(d.max_ratio, 200);
	assert_int_equal(d.max_cells, 2000000);
	assert_int_equal(d.max_shared_strings, 1000000);
	assert_int_equal(d.max_string_chars, 32767);
}

static void test_not_xlsx(void **state)
{
	(void)state;
	struct cnap_error err;
	const char *text = "日付,値\n2023-04-01,1\n";
	assert_int_equal(open_fails((const unsigned char *)text, strlen(text), NULL, &err), CNAP_EFORMAT);
	assert_non_null(strstr(err.message, "xlsx"));
	static const unsigned char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x06\0\0\0";
	assert_int_equal(open_fails(png, sizeof(png) - 1, NULL, &err), CNAP_EFORMAT);
	assert_non_null(strstr(err.message, "画像"));
	assert_int_equal(open_fails((const unsigned char *)"", 0, NULL, &err), CNAP_EFORMAT);
	assert_int_equal(open_fails(NULL, 0, NULL, &err), CNAP_EFORMAT);
	/* .xls and a password-protected workbook are OLE compound files */
	unsigned char cfb[2048] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
	assert_int_equal(open_fails(cfb, sizeof(cfb), NULL, &err), CNAP_EFORMAT);
	assert_non_null(strstr(err.message, ".xls"));
	memcpy(cfb + 1024, "E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0", 28);
	assert_int_equal(open_fails(cfb, sizeof(cfb), NULL, &err), CNAP_EFORMAT);
	assert_non_null(strstr(err.message, "パスワード"));

	size_t len;
	unsigned char *data = xlsxwriter_book(&len);
	assert_int_equal(open_fails(data, len / 2, NULL, &err), CNAP_EFORMAT);
	assert_non_null(strstr(err.message, "途中で切れて"));
	assert_int_equal(open_fails(data, len - 10, NULL, &err), CNAP_EFORMAT);
	/* one byte changed anywhere: refused with a message, or read; never a crash or a leak */
	for (size_t i = 0; i < len; i += len / 97 + 1) {
		unsigned char keep = data[i];
		data[i] ^= 0x5A;
		struct cnap_xlsx *x = NULL;
		if (cnap_xlsx_open(data, len, NULL, &x, &err) == CNAP_OK) {
			check_invariants(x);
			cnap_xlsx_free(x);
		} else {
			assert_null(x);
			assert_true(err.message[0] != '\0');
		}
		data[i] = keep;
	}
	free(data);
}

static void test_broken_packages(void **state)
{
	(void)state;
	struct cnap_error err;
	const char *wb = WORKBOOK("<sheets><sheet name=\"表\" sheetId=\"1\" r:id=\"rId1\"/></sheets>");
	const char *rels = WB_RELS(REL("rId1", "worksheet", "worksheets/sheet1.xml"));
	const char *sheet = SHEET("<row><c><v>1</v></c></row>");
	struct xlsx_part parts[] = {
		{ "[Content_Types].xml", CT_XML, 0, false }, { "_rels/.rels", ROOT_RELS, 0, false },
		{ "xl/workbook.xml", wb, 0, false }, { "xl/_rels/workbook.xml.rels", rels, 0, false },
		{ "xl/worksheets/sheet1.xml", sheet, 0, false },
	};
	size_t len;
	unsigned char *z;
	/* no workbook.xml */
	z = zip_parts((struct xlsx_part[]){ parts[0], parts[1], parts[3], parts[4] }, 4, &len);
	assert_int_equal(open_fails(z, len, NULL, &err), CNAP_EFORMAT);
	assert_string_equal(err.where, "xl/workbook.xml");
	free(z);
	/* no [Content_Types].xml */
	z = zip_parts(parts + 1, 4, &len);
	assert_int_equal(open_fails(z, len, NULL, &err), CNAP_EFORMAT);
	assert_string_equal(err.where, "[Content_Types].xml");
	free(z);
	/* no _rels/.rels: xl/workbook.xml is assumed */
	z = zip_parts((struct xlsx_part[]){ parts[0], parts[2], parts[3], parts[4] }, 4, &len);
	cnap_xlsx_free(open_ok(z, len, NULL));
	free(z);
	/* no sheet part */
	z = zip_parts(parts, 4, &len);
	assert_int_equal(open_fails(z, len, NULL, &err), CNAP_EFORMAT);
	assert_string_equal(err.where, "xl/worksheets/sheet1.xml");
	assert_non_null(strstr(err.message, "表"));
	free(z);
	/* a sheet without its relationship */
	struct xlsx_part norel[5];
	memcpy(norel, parts, sizeof(norel));
	norel[3].data = WB_RELS(REL("rId2", "worksheet", "worksheets/sheet1.xml"));
	z = zip_parts(norel, 5, &len);
	assert_int_equal(open_fails(z, len, NULL, &err), CNAP_EFORMAT);
	free(z);
	/* a Word document */
	struct xlsx_part docx[5];
	memcpy(docx, parts, sizeof(docx));
	docx[0].data = "<Types xmlns=\"" CT_NS "\"><Override PartName=\"/xl/workbook.xml\" ContentType=\""
		       "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
	z = zip_parts(docx, 5, &len);
	assert_int_equal(open_fails(z, len, NULL, &err), CNAP_EFORMAT);
	assert_non_null(strstr(err.message, "Word"));
	free(z);
	/* broken XML names the part and the place */
	struct xlsx_part broken[5];
	memcpy(broken, parts, sizeof(broken));
	broken[4].data = "<worksheet xmlns=\"" MAIN "\">\n<sheetData><row></sheetData></worksheet>";
	z = zip_parts(broken, 5, &len);
	assert_int_equal(open_fails(z, len, NULL, &err), CNAP_EFORMAT);
	assert_string_equal(err.where, "xl/worksheets/sheet1.xml");
	assert_non_null(strstr(err.message, "2行"));
	free(z);
	broken[4].data = "";
	z = zip_parts(broken, 5, &len);
	assert_int_equal(open_fails(z, len, NULL, &err), CNAP_EFORMAT);
	free(z);
	/* an encrypted entry */
	struct xlsx_part enc[5];
	memcpy(enc, parts, sizeof(enc));
	enc[4].encrypt = true;
	z = xlsx_fixture_zip(enc, 5, true, &len);
	if (!z)
		skip(); /* libzip built without encryption */
	assert_int_equal(open_fails(z, len, NULL, &err), CNAP_EFORMAT);
	assert_non_null(strstr(err.message, "暗号化"));
	free(z);
}

#ifdef CNAP_TEST_HOOKS
/* Every allocation cnap (and expat through it) makes may fail: out of memory, nothing leaked, or read. */
static void test_out_of_memory(void **state)
{
	(void)state;
	size_t len;
	unsigned char *data = xlsxwriter_book(&len);
	unsigned long n;
	for (n = 1; n < 100000; n++) {
		struct cnap_xlsx *x = NULL;
		struct cnap_error err;
		cnap_alloc_fail_at(CNAP_ALLOC_OWN, n, false);
		enum cnap_err rc = cnap_xlsx_open(data, len, NULL, &x, &err);
		bool failed = cnap_alloc_failed();
		cnap_alloc_fail_at(CNAP_ALLOC_OWN, 0, false);
		if (rc == CNAP_OK) {
			check_invariants(x);
			assert_int_equal(cnap_xlsx_sheet(x, 2)->n_cells, 161);
			cnap_xlsx_free(x);
			if (!failed)
				break;
		} else {
			if (rc != CNAP_ENOMEM)
				fail_msg("allocation %lu: %s: %s: %s", n, cnap_strerror(rc), err.where, err.message);
			assert_null(x);
		}
	}
	assert_true(n > 10 && n < 100000);
	free(data);
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xlsxwriter_workbook),
		cmocka_unit_test(test_shared_strings),
		cmocka_unit_test(test_cell_types),
		cmocka_unit_test(test_number_values),
		cmocka_unit_test(test_formula_without_cached_value),
		cmocka_unit_test(test_positions_without_r),
		cmocka_unit_test(test_relationships),
		cmocka_unit_test(test_namespaces),
		cmocka_unit_test(test_number_formats),
		cmocka_unit_test(test_iso_dates),
		cmocka_unit_test(test_serial_to_datetime),
		cmocka_unit_test(test_references),
		cmocka_unit_test(test_merges_and_names),
		cmocka_unit_test(test_text_encodings),
		cmocka_unit_test(test_dtd_refused),
		cmocka_unit_test(test_zip_bombs),
		cmocka_unit_test(test_content_limits),
		cmocka_unit_test(test_not_xlsx),
		cmocka_unit_test(test_broken_packages),
#ifdef CNAP_TEST_HOOKS
		cmocka_unit_test(test_out_of_memory),
#endif
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
