/* The rules of an item's text (model/doc.h): every limit, link schemes, table shape, nesting, plain text, equality. */
#include "base/compat.h"
#include "model/doc.h"
#include "test_util.h"

#include <string.h>

static struct cnap_span span(const char *text, const char *href)
{
	struct cnap_span s = { text, href };
	return s;
}

static struct cnap_inline one(struct cnap_span *s)
{
	struct cnap_inline in = { s, 1 };
	return in;
}

static void expect_bad(const struct cnap_doc *d, enum cnap_err code, const char *needle)
{
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_doc_check(d, "II.5", &err);
	if (rc != code)
		fail_msg("expected %d, got %d (%s)", code, rc, err.message);
	if (!strstr(err.message, needle))
		fail_msg("message '%s' does not say '%s'", err.message, needle);
	assert_string_equal(err.where, "II.5");
	assert_true(strncmp(err.message, "II.5の", strlen("II.5の")) == 0);
}

static void test_kind_names(void **state)
{
	(void)state;
	for (int k = 0; k < CNAP_BLK_COUNT; k++) {
		enum cnap_block_kind got;
		assert_true(cnap_block_kind_parse(cnap_block_kind_name((enum cnap_block_kind)k), &got));
		assert_int_equal(got, k);
	}
	enum cnap_block_kind got;
	assert_null(cnap_block_kind_name(CNAP_BLK_COUNT));
	assert_false(cnap_block_kind_parse("html", &got));
	assert_false(cnap_block_kind_parse(NULL, &got));
}

static void test_hrefs(void **state)
{
	(void)state;
	static const char *const good[] = { "https://www.meti.go.jp/", "http://a.jp", "HTTPS://A.JP/x?y=1#z",
					    "mailto:a@b.jp", "MailTo:a@b.jp", "https://ja.wikipedia.org/wiki/日本" };
	static const char *const bad[] = { "javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>",
					   "vbscript:x", "file:///etc/passwd", "page.html", "/abs", "//a.jp", "https://",
					   "https:///x", "mailto:", "https://a.jp/x y", "https://a.jp/\t", "https://a.jp/\x01",
					   "https://a.jp/　", "https://a.jp/\xe2\x80\xae", "https://a.jp/\"", "https://a.jp/<",
					   "https://a.jp/\\", "https://a.jp/\xff", "", " https://a.jp", "ftp://a.jp" };
	for (size_t i = 0; i < CNAP_ARRAY_LEN(good); i++)
		if (!cnap_doc_href_ok(good[i]))
			fail_msg("refused %s", good[i]);
	for (size_t i = 0; i < CNAP_ARRAY_LEN(bad); i++)
		if (cnap_doc_href_ok(bad[i]))
			fail_msg("accepted %s", bad[i]);
	assert_false(cnap_doc_href_ok(NULL));
	char longer[CNAP_DOC_MAX_HREF + 2];
	memset(longer, 'a', sizeof(longer) - 1);
	memcpy(longer, "https://", 8);
	longer[CNAP_DOC_MAX_HREF] = '\0';
	assert_true(cnap_doc_href_ok(longer));
	longer[CNAP_DOC_MAX_HREF] = 'a';
	longer[CNAP_DOC_MAX_HREF + 1] = '\0';
	assert_false(cnap_doc_href_ok(longer));
}

static void test_marks_and_codes(void **state)
{
	(void)state;
	assert_true(cnap_doc_mark_ok("※"));
	assert_true(cnap_doc_mark_ok("※1"));
	assert_true(cnap_doc_mark_ok("※１２"));
	assert_true(cnap_doc_mark_ok("注3"));
	assert_false(cnap_doc_mark_ok("注"));
	assert_false(cnap_doc_mark_ok("*1"));
	assert_false(cnap_doc_mark_ok("※a"));
	assert_false(cnap_doc_mark_ok("※11111111111111"));
	assert_false(cnap_doc_mark_ok(NULL));
	assert_true(cnap_doc_table_code_ok("summary"));
	assert_true(cnap_doc_table_code_ok("fuel.city_gas-2"));
	assert_false(cnap_doc_table_code_ok(""));
	assert_false(cnap_doc_table_code_ok("a b"));
	assert_false(cnap_doc_table_code_ok("表"));
	assert_false(cnap_doc_table_code_ok("abcdefghijklmnopqrstuvwxyzabcdefg"));
}

static void test_check_text(void **state)
{
	(void)state;
	struct cnap_span s[3];
	struct cnap_block b[3] = { 0 };
	struct cnap_doc d = { b, 3 };
	b[0].kind = CNAP_BLK_PARAGRAPH;
	b[1].kind = CNAP_BLK_PARAGRAPH;
	b[2].kind = CNAP_BLK_PARAGRAPH;
	s[0] = span("一行目\n二行目", NULL);
	s[1] = span("a", NULL);
	b[0].content = one(&s[0]);
	b[1].content = one(&s[1]);
	b[2].content = one(&s[2]);
	s[2] = span("ok", NULL);
	assert_int_equal(cnap_doc_check(&d, "II.5", NULL), CNAP_OK);
	s[2] = span("x", "javascript:alert(1)");
	expect_bad(&d, CNAP_EINVAL, "3番目のブロック（段落）のリンク先「javascript:alert(1)」は使えません。http、https、mailto のみ指定できます");
	s[2] = span("", "https://a.jp");
	expect_bad(&d, CNAP_EINVAL, "リンクに表示する文字がありません");
	s[2] = span("a\nb", "https://a.jp");
	expect_bad(&d, CNAP_EINVAL, "改行があります");
	s[2] = span("bell\a", NULL);
	expect_bad(&d, CNAP_EINVAL, "3番目のブロック（段落）に制御文字（U+0007）が含まれています");
	s[2] = span("tab\t", NULL);
	expect_bad(&d, CNAP_EINVAL, "制御文字（U+0009）");
	s[2] = span("cr\r\n", NULL);
	expect_bad(&d, CNAP_EINVAL, "制御文字（U+000D）");
	s[2] = span("\xc2\x85", NULL);
	expect_bad(&d, CNAP_EINVAL, "制御文字（U+0085）");
	s[2] = span("\x7f", NULL);
	expect_bad(&d, CNAP_EINVAL, "制御文字（U+007F）");
	s[2] = span("bad \xe3\x81", NULL);
	expect_bad(&d, CNAP_EINVAL, "正しいUTF-8でない文字があります（5バイト目）");
	s[2] = span("\xed\xa0\x80", NULL);
	expect_bad(&d, CNAP_EINVAL, "UTF-8");
	s[2] = span(NULL, NULL);
	expect_bad(&d, CNAP_EINVAL, "文字がありません");
	s[2] = span("ok", NULL);
	b[1].kind = CNAP_BLK_HEADING;
	s[1] = span("見出し\n二行", NULL);
	expect_bad(&d, CNAP_EINVAL, "2番目のブロック（見出し）に改行があります");
	s[1] = span("", NULL);
	expect_bad(&d, CNAP_EINVAL, "2番目のブロック（見出し）に文字がありません");
	b[1].kind = CNAP_BLK_NOTE;
	s[1] = span("注", NULL);
	b[1].mark = "<script>";
	expect_bad(&d, CNAP_EINVAL, "2番目のブロック（注）の記号「<script>」は使えません");
	b[1].mark = NULL;
	expect_bad(&d, CNAP_EINVAL, "記号がありません");
	b[1].mark = "※1";
	assert_int_equal(cnap_doc_check(&d, "II.5", NULL), CNAP_OK);
	b[1].kind = CNAP_BLK_DATA;
	b[1].table = "a b";
	expect_bad(&d, CNAP_EINVAL, "2番目のブロック（データ表）の表の記号は半角英数字");
	b[1].kind = CNAP_BLK_COUNT;
	expect_bad(&d, CNAP_EINVAL, "種類が正しくありません");
}

static void test_check_list(void **state)
{
	(void)state;
	struct cnap_span s = span("項目", NULL);
	struct cnap_block lists[6] = { 0 };
	struct cnap_list_item items[6] = { 0 };
	/* Six lists, each the only child of the one item of the one before. */
	for (int i = 0; i < 6; i++) {
		lists[i].kind = CNAP_BLK_LIST;
		lists[i].items = &items[i];
		lists[i].n_items = 1;
		items[i].content = one(&s);
		if (i < 5) {
			items[i].children = &lists[i + 1];
			items[i].n_children = 1;
		}
	}
	struct cnap_doc d = { lists, 1 };
	expect_bad(&d, CNAP_EINVAL, "入れ子が深すぎます（リストの入れ子は4段まで）");
	items[3].n_children = 0; /* four deep */
	assert_int_equal(cnap_doc_check(&d, "II.5", NULL), CNAP_OK);
	items[2].n_children = 0;
	struct cnap_block two[2] = { lists[3], lists[3] };
	items[2].children = two;
	items[2].n_children = 2;
	expect_bad(&d, CNAP_EINVAL, "同じ種類のリストが続いています");
	two[1].ordered = true;
	assert_int_equal(cnap_doc_check(&d, "II.5", NULL), CNAP_OK);
	struct cnap_block para = { .kind = CNAP_BLK_PARAGRAPH, .content = one(&s) };
	items[2].children = &para;
	items[2].n_children = 1;
	expect_bad(&d, CNAP_EINVAL, "1番目のブロック（リスト）の1番目の項目の下の1番目のリストの1番目の項目の下の1番目のリストの1番目の項目の下に置けるのはリストだけです");
	items[2].n_children = 0;
	lists[0].n_items = 0;
	expect_bad(&d, CNAP_EINVAL, "項目がありません");
	lists[0].n_items = 1;
	struct cnap_span bad = span("x", "data:text/html,<script>");
	items[1].content = one(&bad);
	expect_bad(&d, CNAP_EINVAL, "1番目のブロック（リスト）の1番目の項目の下の1番目のリストの1番目の項目のリンク先");
}

static void test_check_table(void **state)
{
	(void)state;
	struct cnap_span s = span("値", NULL);
	struct cnap_inline cells[6];
	for (int i = 0; i < 6; i++)
		cells[i] = one(&s);
	struct cnap_block t = { .kind = CNAP_BLK_TABLE, .rows = 2, .cols = 3, .header_rows = 1, .cells = cells };
	struct cnap_doc d = { &t, 1 };
	assert_int_equal(cnap_doc_check(&d, "II.5", NULL), CNAP_OK);
	t.header_rows = 3;
	expect_bad(&d, CNAP_EINVAL, "見出し行（3行）が表の行数（2行）を超えています");
	t.header_rows = 0;
	t.rows = 0;
	expect_bad(&d, CNAP_EINVAL, "行または列がありません");
	t.rows = CNAP_DOC_MAX_TABLE_ROWS + 1;
	expect_bad(&d, CNAP_ETOOBIG, "行が多すぎます（200行まで）");
	t.rows = 1;
	t.cols = CNAP_DOC_MAX_TABLE_COLS + 1;
	expect_bad(&d, CNAP_ETOOBIG, "列が多すぎます（20列まで）");
	t.cols = 3;
	t.cells = NULL;
	expect_bad(&d, CNAP_EINVAL, "セルがありません");
	t.cells = cells;
	struct cnap_span nl = span("a\nb", NULL);
	cells[2] = one(&nl);
	expect_bad(&d, CNAP_EINVAL, "1番目のブロック（表）の1行3列に改行があります");
}

static void test_check_totals(void **state)
{
	(void)state;
	size_t n = CNAP_DOC_MAX_BLOCKS + 1;
	struct cnap_block *b = cnap_calloc(n, sizeof(*b));
	struct cnap_span s = span("あ", NULL);
	for (size_t i = 0; i < n; i++) {
		b[i].kind = CNAP_BLK_PARAGRAPH;
		b[i].content = one(&s);
	}
	struct cnap_doc d = { b, n };
	expect_bad(&d, CNAP_ETOOBIG, "ブロック（段落・リストなど）が多すぎます（2000個まで）");
	d.n_blocks = CNAP_DOC_MAX_BLOCKS;
	assert_int_equal(cnap_doc_check(&d, "II.5", NULL), CNAP_OK);
	/* Characters: 2000 blocks of 51 characters is over 100000. */
	char *t = cnap_malloc(51 * 3 + 1);
	for (int i = 0; i < 51; i++)
		memcpy(t + 3 * i, "あ", 3);
	t[51 * 3] = '\0';
	s.text = t;
	expect_bad(&d, CNAP_ETOOBIG, "本文が長すぎます（100000文字まで）");
	d.n_blocks = 1960;
	assert_int_equal(cnap_doc_check(&d, "II.5", NULL), CNAP_OK);
	assert_int_equal(cnap_doc_chars(&d), 1960 * 51);
	free(t);
	/* Spans: 20001 in one paragraph. */
	struct cnap_span *many = cnap_calloc(CNAP_DOC_MAX_SPANS + 1, sizeof(*many));
	for (size_t i = 0; i <= CNAP_DOC_MAX_SPANS; i++)
		many[i] = span("a", NULL);
	struct cnap_inline in = { many, CNAP_DOC_MAX_SPANS + 1 };
	b[0].content = in;
	d.n_blocks = 1;
	expect_bad(&d, CNAP_ETOOBIG, "区切り（リンクなど）が多すぎます");
	free(many);
	free(b);
}

static void test_plain_text_and_empty(void **state)
{
	(void)state;
	struct cnap_span p1[2] = { span("本文", NULL), span("経産省", "https://www.meti.go.jp/") };
	struct cnap_span it1 = span("一", NULL), it2 = span("入れ子", NULL), note = span("注記", NULL);
	struct cnap_span c[4] = { span("年度", NULL), span("値", NULL), span("2022", NULL), span("1", NULL) };
	struct cnap_inline cells[4] = { one(&c[0]), one(&c[1]), one(&c[2]), one(&c[3]) };
	struct cnap_list_item inner = { one(&it2), NULL, 0 };
	struct cnap_block nested = { .kind = CNAP_BLK_LIST, .ordered = true, .items = &inner, .n_items = 1 };
	struct cnap_list_item outer = { one(&it1), &nested, 1 };
	struct cnap_block b[5] = {
		{ .kind = CNAP_BLK_PARAGRAPH, .content = { p1, 2 } },
		{ .kind = CNAP_BLK_DATA, .table = "summary" },
		{ .kind = CNAP_BLK_LIST, .items = &outer, .n_items = 1 },
		{ .kind = CNAP_BLK_TABLE, .rows = 2, .cols = 2, .header_rows = 1, .cells = cells },
		{ .kind = CNAP_BLK_NOTE, .mark = "※1", .content = one(&note) },
	};
	struct cnap_doc d = { b, 5 };
	struct cnap_buf out;
	cnap_buf_init(&out, 0);
	assert_int_equal(cnap_doc_plain_text(&d, &out), CNAP_OK);
	assert_string_equal(out.data, "本文経産省\n一\n入れ子\n年度\t値\n2022\t1\n※1 注記");
	cnap_buf_release(&out);
	assert_int_equal(cnap_doc_chars(&d), 5 + 1 + 3 + 2 + 1 + 4 + 1 + 2 + 2);
	assert_false(cnap_doc_is_empty(&d));
	struct cnap_doc none = { NULL, 0 };
	assert_true(cnap_doc_is_empty(&none));
	cnap_buf_init(&out, 0);
	assert_int_equal(cnap_doc_plain_text(&none, &out), CNAP_OK);
	assert_string_equal(out.data, "");
	cnap_buf_release(&out);
	struct cnap_span blank = span(" 　\n", NULL);
	struct cnap_block bl[2] = { { .kind = CNAP_BLK_PARAGRAPH }, { .kind = CNAP_BLK_PARAGRAPH, .content = one(&blank) } };
	struct cnap_doc blanks = { bl, 2 };
	assert_true(cnap_doc_is_empty(&blanks));
	bl[1].kind = CNAP_BLK_DATA;
	bl[1].table = "summary";
	assert_false(cnap_doc_is_empty(&blanks));
}

static void test_equal(void **state)
{
	(void)state;
	struct cnap_span a[3] = { span("本", NULL), span("", NULL), span("文", NULL) };
	struct cnap_span b[1] = { span("本文", NULL) };
	struct cnap_span l1[2] = { span("本文", NULL), span("x", "https://a.jp") };
	struct cnap_span l2[2] = { span("本文", NULL), span("x", "https://b.jp") };
	struct cnap_block ba = { .kind = CNAP_BLK_PARAGRAPH, .content = { a, 3 } };
	struct cnap_block bb = { .kind = CNAP_BLK_PARAGRAPH, .content = { b, 1 } };
	struct cnap_block bl1 = { .kind = CNAP_BLK_PARAGRAPH, .content = { l1, 2 } };
	struct cnap_block bl2 = { .kind = CNAP_BLK_PARAGRAPH, .content = { l2, 2 } };
	struct cnap_doc da = { &ba, 1 }, db = { &bb, 1 }, dl1 = { &bl1, 1 }, dl2 = { &bl2, 1 };
	assert_true(cnap_doc_equal(&da, &db));
	assert_true(cnap_doc_equal(&db, &da));
	assert_false(cnap_doc_equal(&da, &dl1));
	assert_false(cnap_doc_equal(&dl1, &dl2));
	assert_true(cnap_doc_equal(&dl1, &dl1));
	struct cnap_block bh = bb;
	bh.kind = CNAP_BLK_HEADING;
	struct cnap_doc dh = { &bh, 1 };
	assert_false(cnap_doc_equal(&db, &dh));
	/* Same text, a link where the other has plain text. */
	struct cnap_span pl[2] = { span("本文", NULL), span("x", NULL) };
	struct cnap_block bp = { .kind = CNAP_BLK_PARAGRAPH, .content = { pl, 2 } };
	struct cnap_doc dp = { &bp, 1 };
	assert_false(cnap_doc_equal(&dp, &dl1));
	struct cnap_span prefix[1] = { span("本", NULL) };
	struct cnap_block bpre = { .kind = CNAP_BLK_PARAGRAPH, .content = { prefix, 1 } };
	struct cnap_doc dpre = { &bpre, 1 };
	assert_false(cnap_doc_equal(&dpre, &db));
	assert_false(cnap_doc_equal(&db, &dpre));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_hrefs),
		cmocka_unit_test(test_marks_and_codes),
		cmocka_unit_test(test_check_text),
		cmocka_unit_test(test_check_list),
		cmocka_unit_test(test_check_table),
		cmocka_unit_test(test_check_totals),
		cmocka_unit_test(test_plain_text_and_empty),
		cmocka_unit_test(test_equal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
