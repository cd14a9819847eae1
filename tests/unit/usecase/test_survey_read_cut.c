/*
 * An item's text cut where pages begin, for the reading view's 「P.22」 between blocks: a
 * paragraph broken mid-text is two (at the code point the layout names, across spans), a
 * table two at the row, and a page that begins at a block, in a list or after the text is
 * marked there.
 */
#include "base/compat.h"
#include "usecase/survey_read.h"
#include "test_util.h"

#include <string.h>

static const char *text_of(const struct cnap_block *b)
{
	static char buf[256];
	buf[0] = '\0';
	for (size_t i = 0; i < b->content.n_spans; i++)
		strncat(buf, b->content.spans[i].text, sizeof(buf) - strlen(buf) - 1);
	return buf;
}

static void test_cut(void **state)
{
	(void)state;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_span p1[] = { { "生産活動量は", NULL }, { "前年度比3.2%増加した。", "https://example.jp/" } };
	struct cnap_span note[] = { { "投資額は会員企業の合計。", NULL } };
	struct cnap_inline cells[8];
	struct cnap_span cs[8];
	static const char *const ct[] = { "項目", "値", "a", "1", "b", "2", "c", "3" };
	for (int i = 0; i < 8; i++) {
		cs[i] = (struct cnap_span){ ct[i], NULL };
		cells[i] = (struct cnap_inline){ &cs[i], 1 };
	}
	struct cnap_list_item li = { .content = { note, 1 } };
	struct cnap_block blocks[] = {
		{ .kind = CNAP_BLK_PARAGRAPH, .content = { p1, 2 } },
		{ .kind = CNAP_BLK_TABLE, .rows = 4, .cols = 2, .header_rows = 1, .cells = cells },
		{ .kind = CNAP_BLK_LIST, .items = &li, .n_items = 1 },
		{ .kind = CNAP_BLK_NOTE, .mark = "※1", .content = { note, 1 } },
	};
	struct cnap_doc doc = { blocks, 4 }, out;
	const struct cnap_uc_text_break br[] = {
		{ .block = 0, .offset = 9, .page = 22 },  /* inside the second span: 「生産活動量は前年度」|「比…」 */
		{ .block = 1, .part = 2, .page = 23 },    /* before body row 2 */
		{ .block = 2, .page = 24 },               /* a list: before it */
		{ .block = 3, .offset = 5, .page = 25 },  /* a note, continued without its mark */
		{ .block = 4, .page = 26 },               /* after the text */
	};
	struct cnap_uc_page_break *marks;
	size_t n_marks;
	assert_int_equal(cnap_uc_doc_cut(&a, &doc, br, CNAP_ARRAY_LEN(br), &out, &marks, &n_marks), CNAP_OK);
	assert_i64_eq(out.n_blocks, 7);
	assert_string_equal(text_of(&out.blocks[0]), "生産活動量は前年度");
	assert_string_equal(text_of(&out.blocks[1]), "比3.2%増加した。");
	assert_string_equal(out.blocks[1].content.spans[0].href, "https://example.jp/");
	assert_i64_eq(out.blocks[2].rows, 2);
	assert_i64_eq(out.blocks[2].header_rows, 1);
	assert_i64_eq(out.blocks[3].rows, 2);
	assert_i64_eq(out.blocks[3].header_rows, 0);
	assert_string_equal(out.blocks[3].cells[0].spans[0].text, "b");
	assert_int_equal(out.blocks[4].kind, CNAP_BLK_LIST);
	assert_string_equal(out.blocks[5].mark, "※1");
	assert_string_equal(text_of(&out.blocks[5]), "投資額は会");
	assert_string_equal(out.blocks[6].mark, "");
	assert_string_equal(text_of(&out.blocks[6]), "員企業の合計。");
	static const size_t at[] = { 1, 3, 4, 6, 7 };
	static const int pages[] = { 22, 23, 24, 25, 26 };
	assert_i64_eq(n_marks, 5);
	for (size_t i = 0; i < n_marks; i++) {
		assert_i64_eq(marks[i].block, at[i]);
		assert_i64_eq(marks[i].page, pages[i]);
	}
	/* The original is left as it was. */
	assert_i64_eq(doc.blocks[0].content.n_spans, 2);
	assert_string_equal(doc.blocks[0].content.spans[1].text, "前年度比3.2%増加した。");
	cnap_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_cut) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
