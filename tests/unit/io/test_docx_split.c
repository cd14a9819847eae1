/*
 * The Word splitter (src/io/docx_split.h): item numbers as Japanese
 * documents write them, titles folded, and documents (docx_fixture_lines)
 * split along a small outline: headings by style and as plain lines, a title
 * that differs, an unknown heading, a duplicate, sub-headings, nested lists,
 * tables, notes, and documents that cannot be split at all.
 */
#include "base/compat.h"
#include "base/utf8.h"
#include "docx_fixture.h"
#include "io/docx_split.h"
#include "test_util.h"

#include <string.h>

/* ---- numbers and titles ---- */

static void number_is(const char *s, int chapter, int section, int circled, const char *title)
{
	struct cnap_docx_number n;
	cnap_docx_heading_number(s, &n);
	if (n.chapter != chapter || n.section != section || n.circled != circled || strcmp(s + n.title_at, title) != 0)
		fail_msg("「%s」: chapter %d section %d circled %d title 「%s」; expected %d %d %d 「%s」", s, n.chapter,
			 n.section, n.circled, s + n.title_at, chapter, section, circled, title);
}

static void test_heading_numbers(void **state)
{
	number_is("Ⅱ．国内の企業活動における削減実績", 2, 0, 0, "国内の企業活動における削減実績");
	number_is("II. 国内の企業活動", 2, 0, 0, "国内の企業活動");
	number_is("ii.国内", 2, 0, 0, "国内");
	number_is("２．国内", 2, 0, 0, "国内");
	number_is("2、国内", 2, 0, 0, "国内");
	number_is("第２章　国内", 2, 0, 0, "国内");
	number_is("第十二章 その他", 12, 0, 0, "その他");
	number_is("（５）実施した対策", 0, 5, 0, "実施した対策");
	number_is("(5) 実施した対策", 0, 5, 0, "実施した対策");
	number_is("（5）　実施した対策", 0, 5, 0, "実施した対策");
	number_is("5) 実施", 0, 5, 0, "実施");
	number_is("⑸実施", 0, 5, 0, "実施");
	number_is("Ⅱ．（５）実施した対策", 2, 5, 0, "実施した対策");
	number_is("II.(5) 実施", 2, 5, 0, "実施");
	number_is("2.5 実施した対策", 2, 5, 0, "実施した対策");
	number_is("①生産活動量", 0, 0, 1, "生産活動量");
	number_is("（５）① 生産", 0, 5, 1, "生産");
	number_is("⑳ 二十", 0, 0, 20, "二十");
	/* numbers that are not a heading's */
	number_is("2022年度における実績概要", 0, 0, 0, "2022年度における実績概要");
	number_is("2.5倍になった", 0, 0, 0, "2.5倍になった");
	number_is("IoTの活用", 0, 0, 0, "IoTの活用");
	number_is("Vision 2050", 0, 0, 0, "Vision 2050");
	number_is("（削減目標・目標の変更履歴等）", 0, 0, 0, "（削減目標・目標の変更履歴等）");
	number_is("", 0, 0, 0, "");
}

static void test_title_keys(void **state)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	assert_string_equal(cnap_docx_title_key(&a, "ＣＯ２排出量・原単位"), cnap_docx_title_key(&a, "CO2 排出量、原単位"));
	assert_string_equal(cnap_docx_title_key(&a, "ｶﾊﾞｰ率"), "カバー率");
	assert_string_equal(cnap_docx_title_key(&a, "　BAT、ベストプラクティス "), "batベストプラクティス");
	assert_string_equal(cnap_docx_title_key(&a, "（削減目標・目標の変更履歴等）"), "削減目標目標の変更履歴等");
	assert_string_equal(cnap_docx_title_key(&a, "CO₂"), "co2");
	cnap_arena_release(&a);
}

/* ---- an outline ---- */

static struct cnap_survey_item items[] = {
	{ "front.vision", NULL, "", "2050年カーボンニュートラルに向けた{industry}のビジョン", 0 },
	{ "I", NULL, "Ⅰ．", "業界の概要", 0 },
	{ "I.1", "I", "（１）", "主な事業", 1 },
	{ "I.2", "I", "（２）", "データについて", 1 },
	{ "II", NULL, "Ⅱ．", "国内の企業活動における削減実績", 0 },
	{ "II.1", "II", "（１）", "実績の総括表", 1 },
	{ "II.4", "II", "（４）", "生産活動量、エネルギー消費量・原単位、CO2排出量・原単位の実績", 1 },
	{ "II.5", "II", "（５）", "実施した対策、投資額と削減効果の考察", 1 },
	{ "III", NULL, "Ⅲ．", "本社等オフィスにおける取組", 0 },
	{ "III.1", "III", "（１）", "本社等オフィスにおける取組", 1 },
	{ "VII", NULL, "Ⅶ．", "情報発信", 0 },
	{ "VII.1", "VII", "（１）", "情報発信（国内）", 1 },
	{ "VII.other", "VII", "", "その他", 1 },
};
static const struct cnap_template outline = { "standard", "調査票", items, CNAP_ARRAY_LEN(items), NULL };
static const struct cnap_association assoc = { 0, "bearing", "日本ベアリング工業会", "ベアリング業界" };

struct split {
	struct cnap_arena a;
	struct cnap_docx *d;
	struct cnap_docx_split s;
	struct cnap_error err;
	enum cnap_err rc;
};

static void split_with(struct split *sp, const char *lines, const struct cnap_docx_limits *lim)
{
	size_t len = 0;
	unsigned char *data = docx_fixture_lines(lines, &len);
	assert_non_null(data);
	cnap_arena_init(&sp->a);
	enum cnap_err rc = cnap_docx_open(data, len, lim, &sp->d, &sp->err);
	free(data);
	if (rc != CNAP_OK)
		fail_msg("open: %s", sp->err.message);
	sp->rc = cnap_docx_split(sp->d, &outline, &assoc, &sp->a, &sp->s, &sp->err);
	if (sp->rc != CNAP_OK)
		assert_true(cnap_utf8_valid(sp->err.message, strlen(sp->err.message), NULL) && sp->err.message[0]);
	/* every item's text is one the store takes */
	for (size_t i = 0; sp->rc == CNAP_OK && i < sp->s.n_placed; i++) {
		struct cnap_error e;
		if (cnap_doc_check(&sp->s.placed[i].doc, sp->s.placed[i].item->key, &e) != CNAP_OK)
			fail_msg("%s: %s", sp->s.placed[i].item->key, e.message);
	}
	/* the split is the caller's: the document may go at once */
	cnap_docx_free(sp->d);
	sp->d = NULL;
}

static void split(struct split *sp, const char *lines)
{
	split_with(sp, lines, NULL);
}

static void done(struct split *sp)
{
	cnap_arena_release(&sp->a);
}

static const struct cnap_docx_placed *placed(const struct split *sp, const char *key)
{
	for (size_t i = 0; i < sp->s.n_placed; i++)
		if (strcmp(sp->s.placed[i].item->key, key) == 0)
			return &sp->s.placed[i];
	fail_msg("%s not placed", key);
	return NULL;
}

static void assert_keys(const struct split *sp, const char *keys)
{
	char got[512];
	size_t n = 0;
	for (size_t i = 0; i < sp->s.n_placed; i++)
		n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%s", i ? " " : "", sp->s.placed[i].item->key);
	got[n] = '\0';
	if (strcmp(got, keys) != 0)
		fail_msg("placed 「%s」, expected 「%s」", got, keys);
}

static const char *text_of(const struct cnap_inline *in)
{
	static char buf[2048];
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < in->n_spans; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s", in->spans[i].text);
	return buf;
}

static bool warned(const struct split *sp, const char *phrase)
{
	for (size_t i = 0; i < sp->s.n_warnings; i++)
		if (strstr(sp->s.warnings[i], phrase))
			return true;
	return false;
}

/* ---- splitting ---- */

static void test_headings_by_style(void **state)
{
	struct split sp;
	split(&sp, "ベアリング業界のカーボンニュートラル行動計画\n"
		   "令和5年度\n"
		   "# 2050年カーボンニュートラルに向けたベアリング業界のビジョン\n"
		   "ビジョンの本文。\n"
		   "# Ⅰ．業界の概要\n"
		   "## （１）主な事業\n"
		   "軸受を製造しています。\n"
		   "## （２）データについて\n"
		   "会員企業のアンケートです。\n"
		   "# Ⅱ．国内の企業活動における削減実績\n"
		   "## （５）実施した対策、投資額と削減効果の考察\n"
		   "省エネ設備を導入した。\n");
	assert_int_equal(sp.rc, CNAP_OK);
	assert_keys(&sp, "front.vision I I.1 I.2 II II.5");
	const struct cnap_docx_placed *p = placed(&sp, "II.5");
	assert_string_equal(p->number, "Ⅱ．（５）");
	assert_string_equal(p->title, "実施した対策、投資額と削減効果の考察");
	assert_int_equal(p->doc.n_blocks, 1);
	assert_int_equal(p->doc.blocks[0].kind, CNAP_BLK_PARAGRAPH);
	assert_string_equal(text_of(&p->doc.blocks[0].content), "省エネ設備を導入した。");
	assert_int_equal(placed(&sp, "I")->doc.n_blocks, 0);
	assert_string_equal(placed(&sp, "front.vision")->title, "2050年カーボンニュートラルに向けたベアリング業界のビジョン");
	/* the cover comes first, unplaced, as one run of two paragraphs */
	assert_int_equal(sp.s.n_unplaced, 1);
	assert_int_equal(sp.s.unplaced[0].n_paragraphs, 2);
	assert_string_equal(sp.s.unplaced[0].where, "1番目の段落から（段落2）");
	assert_string_equal(sp.s.unplaced[0].text, "ベアリング業界のカーボンニュートラル行動計画");
	assert_non_null(strstr(sp.s.unplaced[0].reason, "最初の項目の見出しより前"));
	assert_int_equal(sp.s.n_warnings, 0);
	done(&sp);
}

static void test_plain_headings_and_widths(void **state)
{
	struct split sp;
	/* no Word headings: lines that read exactly like the items, in every width */
	split(&sp, "II. 国内の企業活動における削減実績\n"
		   "(1) 実績の総括表\n"
		   "総括表の説明。\n"
		   "（4）生産活動量、エネルギー消費量・原単位、ＣＯ２排出量・原単位の実績\n"
		   "生産活動量は増えた。\n"
		   "(5)実施した対策、投資額と削減効果の考察\n"
		   "(1) 省エネ設備を導入した。これは総括表とは関係がない。\n"
		   "３．本社等オフィスにおける取組\n"
		   "（１）本社等オフィスにおける取組\n"
		   "照明をLEDにした。\n");
	assert_int_equal(sp.rc, CNAP_OK);
	assert_keys(&sp, "II II.1 II.4 II.5 III III.1");
	/* 「(1) 省エネ…」 is not II.1 again: it is a sentence of II.5 */
	const struct cnap_docx_placed *p = placed(&sp, "II.5");
	assert_int_equal(p->doc.n_blocks, 1);
	assert_string_equal(text_of(&p->doc.blocks[0].content), "(1) 省エネ設備を導入した。これは総括表とは関係がない。");
	assert_string_equal(text_of(&placed(&sp, "III.1")->doc.blocks[0].content), "照明をLEDにした。");
	assert_int_equal(sp.s.n_unplaced, 0);
	done(&sp);
}

static void test_title_differs(void **state)
{
	struct split sp;
	split(&sp, "# Ⅱ．国内の企業活動における削減実績\n"
		   "## （５）実施した対策と投資額\n"
		   "本文五。\n"
		   "## （４）全然違う題\n"
		   "本文四。\n");
	assert_int_equal(sp.rc, CNAP_OK);
	/* （５） under Ⅱ is II.5 (reported); （４） after it goes back in the outline with another title: not II.4 */
	assert_keys(&sp, "II II.5");
	assert_true(warned(&sp, "「（５）実施した対策と投資額」をⅡ．（５）「実施した対策、投資額と削減効果の考察」として取り込みます"));
	assert_int_equal(sp.s.n_unplaced, 1);
	assert_non_null(strstr(sp.s.unplaced[0].reason, "どの項目にも合わない見出し"));
	assert_string_equal(sp.s.unplaced[0].text, "（４）全然違う題");
	assert_int_equal(sp.s.unplaced[0].n_paragraphs, 2);
	done(&sp);

	split(&sp, "# Ⅱ．国内の企業活動における削減実績\n"
		   "## （５）投資の話\n"
		   "本文。\n");
	assert_keys(&sp, "II II.5");
	assert_true(warned(&sp, "題が調査票と違います"));
	done(&sp);
}

static void test_unknown_and_duplicate(void **state)
{
	struct split sp;
	split(&sp, "# Ⅰ．業界の概要\n"
		   "## （１）主な事業\n"
		   "事業の本文。\n"
		   "## （９）調査票にない項目\n"
		   "その本文。\n"
		   "## （２）データについて\n"
		   "データの本文。\n"
		   "## （１）主な事業\n"
		   "二回目の本文。\n"
		   "# Ⅶ．情報発信\n"
		   "その他\n"
		   "その他の本文。\n");
	assert_int_equal(sp.rc, CNAP_OK);
	assert_keys(&sp, "I I.1 I.2 VII VII.other");
	assert_string_equal(text_of(&placed(&sp, "I.1")->doc.blocks[0].content), "事業の本文。");
	assert_int_equal(placed(&sp, "I.1")->doc.n_blocks, 1);
	assert_int_equal(sp.s.n_unplaced, 2);
	assert_string_equal(sp.s.unplaced[0].text, "（９）調査票にない項目");
	assert_string_equal(sp.s.unplaced[0].where, "4番目の段落から（段落2）");
	assert_string_equal(sp.s.unplaced[1].text, "（１）主な事業");
	assert_non_null(strstr(sp.s.unplaced[1].reason, "2回目"));
	assert_true(warned(&sp, "Ⅰ．（１）「主な事業」の見出しが2回あります（2番目と8番目の段落）"));
	assert_string_equal(text_of(&placed(&sp, "VII.other")->doc.blocks[0].content), "その他の本文。");
	done(&sp);
}

static void test_item_content(void **state)
{
	struct split sp;
	split(&sp, "# Ⅱ．国内の企業活動における削減実績\n"
		   "## （５）実施した対策、投資額と削減効果の考察\n"
		   "### 省エネルギー\n"
		   "【背景】\n"
		   "① 生産活動量\n"
		   "①設備を更新した。効果は大きい。\n"
		   "- 一つ目\n"
		   "  - 入れ子\n"
		   "      - 飛んだ深さ\n"
		   "- 二つ目\n"
		   "1. 番号付き\n"
		   "| 年度 | 投資額 |\n"
		   "| 2022 | 1,234 |\n"
		   "詳しくは[経済産業省](https://www.meti.go.jp/)へ※1\n"
		   "※1 出典：業界統計\n");
	assert_int_equal(sp.rc, CNAP_OK);
	const struct cnap_doc *doc = &placed(&sp, "II.5")->doc;
	enum cnap_block_kind want[] = { CNAP_BLK_HEADING, CNAP_BLK_HEADING, CNAP_BLK_HEADING, CNAP_BLK_PARAGRAPH,
					CNAP_BLK_LIST,    CNAP_BLK_LIST,    CNAP_BLK_TABLE,   CNAP_BLK_PARAGRAPH,
					CNAP_BLK_NOTE };
	assert_int_equal(doc->n_blocks, CNAP_ARRAY_LEN(want));
	for (size_t i = 0; i < doc->n_blocks; i++)
		if (doc->blocks[i].kind != want[i])
			fail_msg("block %zu: kind %d, expected %d", i, doc->blocks[i].kind, want[i]);
	assert_string_equal(text_of(&doc->blocks[0].content), "省エネルギー");
	assert_string_equal(text_of(&doc->blocks[1].content), "【背景】");
	const struct cnap_block *list = &doc->blocks[4];
	assert_false(list->ordered);
	assert_int_equal(list->n_items, 2);
	assert_string_equal(text_of(&list->items[0].content), "一つ目");
	assert_int_equal(list->items[0].n_children, 1);
	const struct cnap_block *inner = &list->items[0].children[0];
	assert_string_equal(text_of(&inner->items[0].content), "入れ子");
	assert_int_equal(inner->items[0].n_children, 1); /* a level skipped is one deeper */
	assert_true(doc->blocks[5].ordered);
	const struct cnap_block *t = &doc->blocks[6];
	assert_int_equal(t->rows, 2);
	assert_int_equal(t->cols, 2);
	assert_int_equal(t->header_rows, 1);
	assert_string_equal(text_of(&t->cells[3]), "1,234");
	const struct cnap_inline *c = &doc->blocks[7].content;
	assert_int_equal(c->n_spans, 3);
	assert_string_equal(c->spans[1].href, "https://www.meti.go.jp/");
	assert_string_equal(doc->blocks[8].mark, "※1");
	assert_string_equal(text_of(&doc->blocks[8].content), "出典：業界統計");
	done(&sp);
}

static void test_same_titles(void **state)
{
	struct split sp;
	/* III and III.1 have one title: headings without numbers take them in order */
	split(&sp, "# 本社等オフィスにおける取組\n"
		   "章の本文。\n"
		   "## 本社等オフィスにおける取組\n"
		   "項目の本文。\n");
	assert_int_equal(sp.rc, CNAP_OK);
	assert_keys(&sp, "III III.1");
	done(&sp);
}

static void test_cannot_split(void **state)
{
	struct split sp;
	split(&sp, "ただの文書です。\n見出しはありません。\n");
	assert_int_equal(sp.rc, CNAP_EINVAL);
	assert_non_null(strstr(sp.err.message, "見出しが見つかりません"));
	assert_non_null(strstr(sp.err.message, "「Ⅰ．（１）主な事業」"));
	done(&sp);

	split(&sp, "# はじめに\n本文。\n# おわりに\n");
	assert_int_equal(sp.rc, CNAP_EINVAL);
	assert_non_null(strstr(sp.err.message, "調査票の項目に当たる見出しがありません（見出し2個"));
	done(&sp);
}

static void test_too_much_for_an_item(void **state)
{
	/* 10 MB of text under one heading */
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	cnap_buf_adds(&b, "# Ⅰ．業界の概要\n");
	for (int i = 0; i < 40000; i++)
		cnap_buf_adds(&b, "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"
				  "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほ\n");
	assert_int_equal(b.status, CNAP_OK);
	struct split sp;
	const struct cnap_docx_limits lim = { .max_ratio = 100000 }; /* it compresses as a bomb would */
	split_with(&sp, b.data, &lim);
	cnap_buf_release(&b);
	assert_int_equal(sp.rc, CNAP_ETOOBIG);
	assert_non_null(strstr(sp.err.message, "Ⅰ．の本文が長すぎます（100000文字まで"));
	done(&sp);

	/* a table wider than an item holds stays out, listed */
	cnap_buf_init(&b, 0);
	cnap_buf_adds(&b, "# Ⅰ．業界の概要\n|");
	for (int i = 0; i < 25; i++)
		cnap_buf_adds(&b, " 列 |");
	cnap_buf_adds(&b, "\n後の段落\n");
	split(&sp, b.data);
	cnap_buf_release(&b);
	assert_int_equal(sp.rc, CNAP_OK);
	assert_int_equal(placed(&sp, "I")->doc.n_blocks, 1);
	assert_int_equal(sp.s.n_unplaced, 1);
	assert_string_equal(sp.s.unplaced[0].where, "1番目の表");
	assert_non_null(strstr(sp.s.unplaced[0].reason, "表が大きすぎて"));
	done(&sp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_heading_numbers),       cmocka_unit_test(test_title_keys),
		cmocka_unit_test(test_headings_by_style),     cmocka_unit_test(test_plain_headings_and_widths),
		cmocka_unit_test(test_title_differs),         cmocka_unit_test(test_unknown_and_duplicate),
		cmocka_unit_test(test_item_content),          cmocka_unit_test(test_same_titles),
		cmocka_unit_test(test_cannot_split),          cmocka_unit_test(test_too_much_for_an_item),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
