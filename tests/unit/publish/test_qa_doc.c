#include "base/compat.h"
#include "publish/qa_doc.h"
#include "publish/qa_render.h"
#include "test_util.h"

#include <string.h>

static struct cnap_survey_item items[] = {
	{ .key = "front.vision", .code = "", .title = "2050年に向けた{industry}のビジョン" },
	{ .key = "II", .code = "Ⅱ．", .title = "削減実績" },
	{ .key = "II.1", .parent_key = "II", .code = "（１）", .title = "実績の総括表", .depth = 1 },
	{ .key = "II.2", .parent_key = "II", .code = "（２）", .title = "実績概要", .depth = 1 },
};
static struct cnap_template outline = { .code = "standard", .items = items, .n_items = 4 };
static struct cnap_association assoc = { .code = "t", .name = "テスト工業会", .industry = "テスト業界" };
static struct cnap_wg wg = { .code = "w", .name = "テストWG" };

static const int64_t to_11[] = { 11 };

static struct cnap_question qs[] = {
	{ .id = 10, .no = 2, .item_key = "II.1", .page = 5, .text = "二番目<b>", .status = CNAP_Q_ACCEPTED,
	  .author = "secret-reviewer", .note = "内部メモ", .has_answer = true,
	  .answer = { .text = "回答B", .status = CNAP_A_ACCEPTED } },
	{ .id = 11, .no = 1, .item_key = "II.1", .page = 4, .text = "一番目", .status = CNAP_Q_ACCEPTED,
	  .has_answer = true, .answer = { .text = "回答A", .status = CNAP_A_ACCEPTED } },
	{ .id = 12, .no = 3, .item_key = "II.2", .text = "取下げ", .status = CNAP_Q_WITHDRAWN },
	{ .id = 13, .no = 4, .item_key = "front.vision", .page = 1, .text = "参照", .status = CNAP_Q_ACCEPTED,
	  .refers_to_ids = to_11, .n_refers_to = 1 },
	{ .id = 14, .no = 5, .item_key = "II.2", .page = 7, .text = "送付済", .status = CNAP_Q_SENT },
};

static void build(struct cnap_arena *a, struct cnap_qa_doc *doc)
{
	struct cnap_qa_input_assoc in = { .association = &assoc, .outline = &outline, .questions = qs, .n_questions = 5 };
	struct cnap_error err = { 0 };
	assert_int_equal(cnap_qa_doc_build(a, 2023, &wg, &in, 1, doc, &err), CNAP_OK);
}

static void test_rows_and_placement(void **state)
{
	(void)state;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_qa_doc doc;
	build(&a, &doc);
	assert_string_equal(doc.era_year, "令和五年度");
	const struct cnap_qa_section *s = &doc.sections[0];
	assert_string_equal(s->title, "令和五年度評価・検証WG「テスト工業会」 事前質問・回答一覧");
	assert_int_equal(s->n_rows, 4);
	assert_string_equal(s->rows[0].item_title, "2050年に向けたテスト業界のビジョン");
	/* II.1 holds its two questions in NO. order; the withdrawn one is gone */
	assert_int_equal(s->rows[2].n_entries, 2);
	assert_string_equal(s->rows[2].entries[0].question, "一番目");
	assert_string_equal(s->rows[2].entries[0].page_label, "P.4");
	assert_string_equal(s->rows[2].entries[1].answer, "回答B");
	assert_int_equal(s->rows[3].n_entries, 1);
	assert_string_equal(s->rows[3].entries[0].answer, "（回答待ち）");
	assert_int_equal(s->n_questions, 4);
	/* a reference names the full item number with its chapter, its page, and its NO. as II.1 holds two */
	assert_string_equal(s->rows[0].entries[0].answer, "Ⅱ．（１）（P.4、NO.1）への質問の回答を参照願います。");
	cnap_arena_release(&a);
}

static void test_renderings_are_safe_and_stable(void **state)
{
	(void)state;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_qa_doc doc;
	build(&a, &doc);
	struct cnap_buf h1, h2, csv, json;
	struct cnap_error err = { 0 };
	cnap_buf_init(&h1, 0);
	cnap_buf_init(&h2, 0);
	cnap_buf_init(&csv, 0);
	cnap_buf_init(&json, 0);
	assert_int_equal(cnap_qa_render_html(&doc, NULL, &h1, &err), CNAP_OK);
	assert_int_equal(cnap_qa_render_html(&doc, NULL, &h2, &err), CNAP_OK);
	assert_string_equal(h1.data, h2.data);
	assert_non_null(strstr(h1.data, "二番目&lt;b&gt;"));
	assert_null(strstr(h1.data, "<b>"));
	assert_null(strstr(h1.data, "secret-reviewer"));
	assert_null(strstr(h1.data, "内部メモ"));
	assert_non_null(strstr(h1.data, "rowspan=\"2\""));
	assert_int_equal(cnap_qa_render_csv(&doc, &csv, &err), CNAP_OK);
	assert_memory_equal(csv.data, "\xEF\xBB\xBF", 3);
	assert_non_null(strstr(csv.data, "一番目"));
	assert_int_equal(cnap_qa_render_json(&doc, &json, &err), CNAP_OK);
	assert_non_null(strstr(json.data, "\"question_count\": 4"));
	cnap_buf_release(&h1);
	cnap_buf_release(&h2);
	cnap_buf_release(&csv);
	cnap_buf_release(&json);
	cnap_arena_release(&a);
}

/* Issue 11 item 4: several references, with or without the answer's own words before or after them. */
static struct cnap_survey_item items6[] = {
	{ .key = "II", .code = "Ⅱ．", .title = "削減実績" },
	{ .key = "II.3", .parent_key = "II", .code = "（３）", .title = "要因分析", .depth = 1 },
	{ .key = "VI", .code = "Ⅵ．", .title = "革新的技術" },
	{ .key = "VI.1", .parent_key = "VI", .code = "（１）", .title = "革新的技術の概要", .depth = 1 },
	{ .key = "VI.2", .parent_key = "VI", .code = "（２）", .title = "開発の見通し", .depth = 1 },
};
static struct cnap_template outline6 = { .code = "standard", .items = items6, .n_items = 5 };

static const char *answer_of(const struct cnap_qa_doc *doc, int64_t row, size_t entry)
{
	return doc->sections[0].rows[row].entries[entry].answer;
}

static void test_reference_sentences(void **state)
{
	(void)state;
	static const int64_t to_vi1[] = { 2 }, to_both[] = { 1, 2 }, to_three[] = { 1, 2, 9 }, to_gone[] = { 9 },
			     to_same_item[] = { 6, 4 };
	struct cnap_answer ok = { .text = "", .status = CNAP_A_ACCEPTED };
	struct cnap_answer own = { .text = "会員企業の計画の積上げです。", .status = CNAP_A_ACCEPTED };
	struct cnap_question v[] = {
		{ .id = 1, .no = 1, .item_key = "II.3", .text = "要因は？", .status = CNAP_Q_ACCEPTED, .has_answer = true,
		  .answer = own },
		{ .id = 2, .no = 2, .item_key = "VI.1", .page = 49, .text = "技術は？", .status = CNAP_Q_ACCEPTED,
		  .has_answer = true, .answer = own },
		/* only a reference: the full code 「Ⅵ．（１）」 and the page */
		{ .id = 3, .no = 3, .item_key = "VI.2", .text = "a", .status = CNAP_Q_ACCEPTED, .has_answer = true,
		  .answer = ok, .refers_to_ids = to_vi1, .n_refers_to = 1 },
		/* two, after the answer's own words (a withdrawn third is left out) */
		{ .id = 4, .no = 4, .item_key = "VI.2", .text = "b", .status = CNAP_Q_ACCEPTED, .has_answer = true,
		  .answer = own, .refers_to_ids = to_three, .n_refers_to = 3 },
		/* before them */
		{ .id = 5, .no = 5, .item_key = "VI.2", .text = "c", .status = CNAP_Q_ACCEPTED, .has_answer = true,
		  .answer = own, .refers_to_ids = to_both, .n_refers_to = 2, .refers_first = true },
		{ .id = 6, .no = 6, .item_key = "II.3", .text = "d", .status = CNAP_Q_ACCEPTED, .has_answer = true,
		  .answer = own },
		{ .id = 7, .no = 7, .item_key = "VI.2", .text = "e", .status = CNAP_Q_ACCEPTED, .has_answer = true,
		  .answer = ok, .refers_to_ids = to_same_item, .n_refers_to = 2 },
		/* its only target is not in the list: the placeholder stays */
		{ .id = 8, .no = 8, .item_key = "VI.2", .text = "f", .status = CNAP_Q_SENT, .refers_to_ids = to_gone,
		  .n_refers_to = 1 },
		{ .id = 9, .no = 9, .item_key = "VI.2", .text = "g", .status = CNAP_Q_WITHDRAWN },
	};
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_qa_input_assoc in = { .association = &assoc, .outline = &outline6, .questions = v,
					  .n_questions = CNAP_ARRAY_LEN(v) };
	struct cnap_qa_doc doc;
	struct cnap_error err = { 0 };
	assert_int_equal(cnap_qa_doc_build(&a, 2023, &wg, &in, 1, &doc, &err), CNAP_OK);
	assert_string_equal(answer_of(&doc, 4, 0), "Ⅵ．（１）（P.49）への質問の回答を参照願います。");
	assert_string_equal(answer_of(&doc, 4, 1), "会員企業の計画の積上げです。\n"
						   "Ⅱ．（３）（NO.1）及びⅥ．（１）（P.49）への質問の回答を参照願います。");
	assert_string_equal(answer_of(&doc, 4, 2), "Ⅱ．（３）（NO.1）及びⅥ．（１）（P.49）への質問の回答を参照願います。\n"
						   "会員企業の計画の積上げです。");
	/* two questions of one item are told apart by their NO. */
	assert_string_equal(answer_of(&doc, 4, 3), "Ⅱ．（３）（NO.6）及びⅥ．（２）（NO.4）への質問の回答を参照願います。");
	assert_string_equal(answer_of(&doc, 4, 4), "（回答待ち）");
	cnap_arena_release(&a);
}

static void test_unknown_item_is_an_error(void **state)
{
	(void)state;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_question bad = { .id = 1, .item_key = "IX", .text = "x", .status = CNAP_Q_ACCEPTED };
	struct cnap_qa_input_assoc in = { .association = &assoc, .outline = &outline, .questions = &bad, .n_questions = 1 };
	struct cnap_qa_doc doc;
	struct cnap_error err = { 0 };
	assert_int_equal(cnap_qa_doc_build(&a, 2023, &wg, &in, 1, &doc, &err), CNAP_ENOTFOUND);
	assert_non_null(strstr(err.message, "'IX'"));
	cnap_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_and_placement),
		cmocka_unit_test(test_renderings_are_safe_and_stable),
		cmocka_unit_test(test_reference_sentences),
		cmocka_unit_test(test_unknown_item_is_an_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
