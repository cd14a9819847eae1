/* The CSV reader (src/io/csv_read.c): encodings, RFC 4180, line numbers, limits, errors. */
#include "base/compat.h"
#include "base/utf8.h"
#include "io/csv_read.h"
#include "test_util.h"

#include <iconv.h>
#include <stdlib.h>
#include <string.h>

/* One arena for the whole group: results of every test stay until the end. */
static struct cnap_arena arena;

static int setup(void **state)
{
	(void)state;
	cnap_arena_init(&arena);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cnap_arena_release(&arena);
	return 0;
}

static struct cnap_csv parse_ok(const char *data, size_t len)
{
	struct cnap_csv csv;
	struct cnap_error err = { 0 };
	enum cnap_err r = cnap_csv_parse(data, len, NULL, &arena, &csv, &err);
	if (r != CNAP_OK)
		fail_msg("refused (%s): %s: %s", cnap_strerror(r), err.where, err.message);
	return csv;
}

static struct cnap_csv parse_str(const char *s)
{
	return parse_ok(s, strlen(s));
}

static void expect_error(const char *data, size_t len, const struct cnap_csv_limits *lim, enum cnap_err code,
			 const char *where, const char *message)
{
	struct cnap_csv csv;
	struct cnap_error err = { 0 };
	enum cnap_err r = cnap_csv_parse(data, len, lim, &arena, &csv, &err);
	if (r != code)
		fail_msg("gave %s, expected %s (%s)", cnap_strerror(r), cnap_strerror(code), message);
	assert_string_equal(err.where, where);
	if (message && strcmp(err.message, message) != 0)
		fail_msg("message \"%s\", expected \"%s\"", err.message, message);
	assert_true(err.message[0] != '\0');
	assert_null(csv.rows);
	assert_int_equal(csv.n_rows, 0);
}

static void expect_row(const struct cnap_csv *csv, size_t r, size_t line, size_t n, const char *const *fields)
{
	if (r >= csv->n_rows)
		fail_msg("row %zu missing (%zu rows)", r, csv->n_rows);
	const struct cnap_csv_row *row = &csv->rows[r];
	assert_i64_eq(row->line, line);
	assert_i64_eq(row->n_fields, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(row->fields[i], fields[i]);
}

#define ROW(csv, r, line, ...)                                                             \
	do {                                                                               \
		static const char *const f_[] = { __VA_ARGS__ };                           \
		expect_row((csv), (r), (line), CNAP_ARRAY_LEN(f_), f_);                    \
	} while (0)

static void test_plain_utf8(void **state)
{
	(void)state;
	struct cnap_csv c = parse_str("項目,2013年度,2022年度\n生産活動量,100,▲12.3\n");
	assert_string_equal(c.encoding, "UTF-8");
	assert_i64_eq(c.n_rows, 2);
	ROW(&c, 0, 1, "項目", "2013年度", "2022年度");
	ROW(&c, 1, 2, "生産活動量", "100", "▲12.3");
	/* no line end after the last record, empty fields, a lone field */
	c = parse_str("a,,c\n,\nx");
	assert_i64_eq(c.n_rows, 3);
	ROW(&c, 0, 1, "a", "", "c");
	ROW(&c, 1, 2, "", "");
	ROW(&c, 2, 3, "x");
	/* nothing at all */
	c = parse_ok(NULL, 0);
	assert_i64_eq(c.n_rows, 0);
	assert_null(c.rows);
	assert_string_equal(c.encoding, "UTF-8");
}

static void test_bom_is_stripped(void **state)
{
	(void)state;
	struct cnap_csv c = parse_str("\xEF\xBB\xBF実績の総括表,生産活動量\r\n1,2\r\n");
	assert_string_equal(c.encoding, "UTF-8（BOM付き）");
	ROW(&c, 0, 1, "実績の総括表", "生産活動量");
	ROW(&c, 1, 2, "1", "2");
	/* a BOM before a quoted first field */
	c = parse_str("\xEF\xBB\xBF\"a\",b");
	ROW(&c, 0, 1, "a", "b");
	/* only a BOM */
	c = parse_str("\xEF\xBB\xBF");
	assert_i64_eq(c.n_rows, 0);
	assert_string_equal(c.encoding, "UTF-8（BOM付き）");
	/* a BOM later on is text like any other */
	c = parse_str("a\n\xEF\xBB\xBF" "b\n");
	ROW(&c, 1, 2, "\xEF\xBB\xBF" "b");
}

/* UTF-8 to CP932 with the C library, as Excel's "CSV" would save it. */
static size_t to_cp932(const char *utf8, char *out, size_t cap)
{
	iconv_t cd = iconv_open("CP932", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	char *in = (char *)utf8, *o = out;
	size_t inleft = strlen(utf8), outleft = cap;
	assert_true(iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1);
	iconv_close(cd);
	return (size_t)(o - out);
}

static void test_cp932(void **state)
{
	(void)state;
	const char *utf8 = "実績の総括表,生産活動量,▲12.3\r\n"
			   "\"髙橋,﨑山\",①,\"ｶﾀｶﾅ\"\"引用\"\"\"\r\n"
			   "\"複数\r\n行\",～,－\r\n";
	char sjis[512];
	size_t n = to_cp932(utf8, sjis, sizeof(sjis));
	/* it really is CP932: not UTF-8, and 髙 is FB FC */
	assert_false(cnap_utf8_valid(sjis, n, NULL));
	bool has_taka = false;
	for (size_t i = 0; i + 1 < n; i++)
		has_taka = has_taka || (sjis[i] == '\xFB' && sjis[i + 1] == '\xFC');
	assert_true(has_taka);
	struct cnap_csv c = parse_ok(sjis, n);
	assert_string_equal(c.encoding, "Shift_JIS（CP932）");
	assert_i64_eq(c.n_rows, 3);
	ROW(&c, 0, 1, "実績の総括表", "生産活動量", "▲12.3");
	ROW(&c, 1, 2, "髙橋,﨑山", "①", "ｶﾀｶﾅ\"引用\"");
	ROW(&c, 2, 3, "複数\n行", "～", "－");
	for (size_t r = 0; r < c.n_rows; r++)
		for (size_t f = 0; f < c.rows[r].n_fields; f++)
			assert_true(cnap_utf8_valid(c.rows[r].fields[f], strlen(c.rows[r].fields[f]), NULL));
}

static void test_neither_encoding(void **state)
{
	(void)state;
	static const char msg[] = "文字コードを判別できません（UTF-8 または Shift_JIS で保存してください）";
	/* 0xFF is neither UTF-8 nor CP932; lines 1 and 2 are fine */
	const char d1[] = "a,b\r\nc,d\r\ne,\xFF\r\n";
	expect_error(d1, sizeof(d1) - 1, NULL, CNAP_EINVAL, "3行目", msg);
	/* the same with LF, with CR, and inside a quoted field that spans lines */
	const char d2[] = "a\nb\n\xFF";
	expect_error(d2, sizeof(d2) - 1, NULL, CNAP_EINVAL, "3行目", msg);
	const char d3[] = "a\rb\r\x80\x80";
	expect_error(d3, sizeof(d3) - 1, NULL, CNAP_EINVAL, "3行目", msg);
	const char d4[] = "\"a\nb\"\n\xA0";
	expect_error(d4, sizeof(d4) - 1, NULL, CNAP_EINVAL, "3行目", msg);
	/* mostly CP932 with one bad byte: the line is where CP932 stops reading, not the first kanji */
	char sjis[256];
	size_t n = to_cp932("実績,生産\r\n総括,表\r\n", sjis, sizeof(sjis) - 2);
	sjis[n++] = '\xFF';
	expect_error(sjis, n, NULL, CNAP_EINVAL, "3行目", msg);
	/* mostly UTF-8 with one bad byte further down: CP932 would "read" it, as mojibake */
	const char d5[] = "実績\n生産\n総括\n\xE3\x81\n";
	expect_error(d5, sizeof(d5) - 1, NULL, CNAP_EINVAL, "4行目", msg);
	/* a BOM says UTF-8: bad bytes after it are not tried as CP932 */
	const char d6[] = "\xEF\xBB\xBF" "a\n\x82\xA0";
	expect_error(d6, sizeof(d6) - 1, NULL, CNAP_EINVAL, "2行目", msg);
	/* UTF-16, as Excel's "Unicode text" */
	const char d7[] = "\xFF\xFE" "a\0,\0b\0";
	expect_error(d7, sizeof(d7) - 1, NULL, CNAP_EINVAL, "1行目",
		     "UTF-16 のファイルは読めません（「CSV UTF-8」または「CSV」形式で保存してください）");
}

static void test_quotes(void **state)
{
	(void)state;
	struct cnap_csv c = parse_str("\"日本\"\"鉄鋼\"\"連盟\",\"a,b\",\"\"\r\n\"\"\"\",x\r\n");
	ROW(&c, 0, 1, "日本\"鉄鋼\"連盟", "a,b", "");
	ROW(&c, 1, 2, "\"", "x");
	/* quoted line breaks: the row keeps the line it started on, the next row counts them */
	c = parse_str("\"1行目\n2行目\",b\n\"3\r\n4\r5\",c\r\nnext\n");
	assert_i64_eq(c.n_rows, 3);
	ROW(&c, 0, 1, "1行目\n2行目", "b");
	ROW(&c, 1, 3, "3\n4\n5", "c");
	ROW(&c, 2, 6, "next");
	/* spaces are kept */
	c = parse_str(" a , b \n");
	ROW(&c, 0, 1, " a ", " b ");
}

static void test_line_ends(void **state)
{
	(void)state;
	static const char *const files[] = {
		"a,b\r\nc,d\r\ne,f\r\n", "a,b\nc,d\ne,f\n", "a,b\rc,d\re,f\r", "a,b\r\nc,d\ne,f", "a,b\rc,d\r\ne,f\n",
	};
	for (size_t i = 0; i < CNAP_ARRAY_LEN(files); i++) {
		struct cnap_csv c = parse_str(files[i]);
		assert_i64_eq(c.n_rows, 3);
		ROW(&c, 0, 1, "a", "b");
		ROW(&c, 1, 2, "c", "d");
		ROW(&c, 2, 3, "e", "f");
	}
}

static void test_empty_lines(void **state)
{
	(void)state;
	/* in the middle: a row of one empty field; at the end: dropped */
	struct cnap_csv c = parse_str("a\r\n\r\nb\r\n\r\n\r\n");
	assert_i64_eq(c.n_rows, 3);
	ROW(&c, 0, 1, "a");
	ROW(&c, 1, 2, "");
	ROW(&c, 2, 3, "b");
	c = parse_str("a\n\n\n\"\"\n\n");
	assert_i64_eq(c.n_rows, 1);
	c = parse_str("\n\n\n");
	assert_i64_eq(c.n_rows, 0);
	/* an empty line first */
	c = parse_str("\nx,y");
	assert_i64_eq(c.n_rows, 2);
	ROW(&c, 0, 1, "");
	ROW(&c, 1, 2, "x", "y");
}

static void test_syntax_errors(void **state)
{
	(void)state;
	const char unterminated[] = "a,b\nc,\"d\ne\nf\n";
	expect_error(unterminated, sizeof(unterminated) - 1, NULL, CNAP_EINVAL, "2行目",
		     "引用符（\"）が閉じられていません");
	const char at_end[] = "a\nb\n\"";
	expect_error(at_end, sizeof(at_end) - 1, NULL, CNAP_EINVAL, "3行目", "引用符（\"）が閉じられていません");
	const char middle[] = "a,b\nc,d\"e\",f\n";
	expect_error(middle, sizeof(middle) - 1, NULL, CNAP_EINVAL, "2行目",
		     "引用符（\"）で囲まれていない項目の途中に引用符があります"
		     "（項目全体を \" で囲み、中の \" は \"\" と書いてください）");
	const char after[] = "a\n\"x\ny\"z,b\n";
	expect_error(after, sizeof(after) - 1, NULL, CNAP_EINVAL, "3行目",
		     "閉じた引用符（\"）の後に文字があります（項目の中の \" は \"\" と書いてください）");
	const char space_before_quote[] = "a, \"b\"\n";
	expect_error(space_before_quote, sizeof(space_before_quote) - 1, NULL, CNAP_EINVAL, "1行目", NULL);
	const char nul[] = "a\nb\0c\n";
	expect_error(nul, sizeof(nul) - 1, NULL, CNAP_EINVAL, "2行目", "NUL 文字（0x00）が含まれています");
	const char nul_quoted[] = "a\n\"b\n\0\"\n";
	expect_error(nul_quoted, sizeof(nul_quoted) - 1, NULL, CNAP_EINVAL, "3行目", "NUL 文字（0x00）が含まれています");
	const char nul_after_quote[] = "\"b\"\0";
	expect_error(nul_after_quote, sizeof(nul_after_quote) - 1, NULL, CNAP_EINVAL, "1行目",
		     "NUL 文字（0x00）が含まれています");
}

static void test_limits(void **state)
{
	(void)state;
	struct cnap_csv_limits d = cnap_csv_limits_default();
	assert_i64_eq(d.max_bytes, 4 * 1024 * 1024);
	assert_i64_eq(d.max_rows, 10000);
	assert_i64_eq(d.max_fields, 1000);
	assert_i64_eq(d.max_field_bytes, 32767);

	struct cnap_csv_limits lim = { .max_rows = 2 };
	struct cnap_csv c;
	assert_int_equal(cnap_csv_parse("a\nb\n\n\n", 6, &lim, &arena, &c, NULL), CNAP_OK); /* trailing blanks do not count */
	const char rows[] = "a\nb\nc\n";
	expect_error(rows, sizeof(rows) - 1, &lim, CNAP_ETOOBIG, "3行目", "行数が多すぎます（2 行まで）");
	const char blank_rows[] = "a\n\n\nb\n";
	expect_error(blank_rows, sizeof(blank_rows) - 1, &lim, CNAP_ETOOBIG, "3行目", "行数が多すぎます（2 行まで）");

	lim = (struct cnap_csv_limits){ .max_fields = 3 };
	assert_int_equal(cnap_csv_parse("a,b,c\n", 6, &lim, &arena, &c, NULL), CNAP_OK);
	const char fields[] = "a,b,c\n1,2,3,4\n";
	expect_error(fields, sizeof(fields) - 1, &lim, CNAP_ETOOBIG, "2行目", "1行の項目が多すぎます（3 項目まで）");

	lim = (struct cnap_csv_limits){ .max_field_bytes = 6 };
	assert_int_equal(cnap_csv_parse("実績,\"a\"\"b\"\"c\"\n", 17, &lim, &arena, &c, NULL), CNAP_OK);
	const char field[] = "ok\n\"1234\n567\"\n";
	expect_error(field, sizeof(field) - 1, &lim, CNAP_ETOOBIG, "2行目", "項目が長すぎます（1項目 6 バイトまで）");

	lim = (struct cnap_csv_limits){ .max_bytes = 5 };
	assert_int_equal(cnap_csv_parse("a,b,c", 5, &lim, &arena, &c, NULL), CNAP_OK);
	expect_error("a,b,c\n", 6, &lim, CNAP_ETOOBIG, "", "ファイルが大きすぎます（5 バイトまで）");

	/* the defaults, reached */
	size_t big = d.max_bytes + 1;
	char *data = cnap_malloc(big);
	assert_non_null(data);
	memset(data, 'x', big);
	expect_error(data, big, NULL, CNAP_ETOOBIG, "", "ファイルが大きすぎます（4,194,304 バイトまで）");
	memset(data, '\n', d.max_bytes);
	for (size_t i = 0; i < 10001; i++)
		data[2 * i] = '1';
	expect_error(data, d.max_bytes, NULL, CNAP_ETOOBIG, "10001行目", "行数が多すぎます（10,000 行まで）");
	free(data);
}

/* What the writer writes, the reader reads back. */
static void test_round_trip(void **state)
{
	(void)state;
	static const char *const values[] = {
		"実績の総括表", "a,b", "日本\"鉄鋼\"", "二行\nの項目", " 前後に空白 ", "", "-12.3", "▲12.3", "①髙﨑",
	};
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	cnap_csv_write_bom(&b);
	for (size_t r = 0; r < 2; r++)
		for (size_t i = 0; i < CNAP_ARRAY_LEN(values); i++)
			cnap_csv_write_field(&b, values[i], i + 1 == CNAP_ARRAY_LEN(values));
	assert_int_equal(b.status, CNAP_OK);
	struct cnap_csv c = parse_ok(b.data, b.len);
	assert_string_equal(c.encoding, "UTF-8（BOM付き）");
	assert_i64_eq(c.n_rows, 2);
	expect_row(&c, 0, 1, CNAP_ARRAY_LEN(values), values);
	expect_row(&c, 1, 3, CNAP_ARRAY_LEN(values), values);
	cnap_buf_release(&b);
}

/* Every allocation of a parse failing in turn: CNAP_ENOMEM and nothing leaked (ASan), then success. */
static void test_out_of_memory(void **state)
{
	(void)state;
#ifdef CNAP_TEST_HOOKS
	char sjis[256];
	size_t n = to_cp932("実績の総括表,\"生産\n活動量\"\r\n\r\n1,▲12.3\r\n", sjis, sizeof(sjis));
	for (unsigned long k = 1;; k++) {
		struct cnap_arena a;
		struct cnap_csv c;
		struct cnap_error err = { 0 };
		cnap_arena_init(&a);
		cnap_alloc_fail_at(CNAP_ALLOC_OWN, k, false);
		enum cnap_err r = cnap_csv_parse(sjis, n, NULL, &a, &c, &err);
		bool failed = cnap_alloc_failed();
		cnap_alloc_fail_at(CNAP_ALLOC_OWN, 0, false);
		cnap_arena_release(&a);
		if (!failed) {
			assert_int_equal(r, CNAP_OK);
			break;
		}
		assert_int_equal(r, CNAP_ENOMEM);
		assert_null(c.rows);
	}
#else
	skip();
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_utf8),
		cmocka_unit_test(test_bom_is_stripped),
		cmocka_unit_test(test_cp932),
		cmocka_unit_test(test_neither_encoding),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_empty_lines),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
