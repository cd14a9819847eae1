/* The typed form of an item's text (io/doc_text.h): the conventions, hostile input, and write → parse. */
#include "base/compat.h"
#include "doc_gen.h"
#include "io/doc_json.h"
#include "io/doc_text.h"
#include "test_util.h"

#include <string.h>

static enum cnap_err parse(struct cnap_arena *a, const char *text, struct cnap_doc *d, struct cnap_error *err)
{
	return cnap_doc_text_parse(text, strlen(text), "II.5", a, d, err);
}

static char *text_of(const struct cnap_doc *d)
{
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	assert_int_equal(cnap_doc_text_write(d, &b), CNAP_OK);
	return cnap_buf_detach(&b, NULL);
}

static char *json_of(const struct cnap_doc *d)
{
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	assert_int_equal(cnap_doc_json_write(d, &b), CNAP_OK);
	return cnap_buf_detach(&b, NULL);
}

/* The doc as canonical JSON, for readable expectations. */
static void expect_json(const char *text, const char *json)
{
	struct cnap_arena a;
	struct cnap_doc d;
	struct cnap_error err = { 0 };
	cnap_arena_init(&a);
	if (parse(&a, text, &d, &err) != CNAP_OK)
		fail_msg("refused %s: %s", text, err.message);
	char *got = json_of(&d);
	if (strcmp(got, json) != 0)
		fail_msg("for\n%s\ngot      %s\nexpected %s", text, got, json);
	free(got);
	cnap_arena_release(&a);
}

static void expect_refused(const char *text, size_t len, enum cnap_err code, const char *needle)
{
	struct cnap_arena a;
	struct cnap_doc d;
	struct cnap_error err = { 0 };
	cnap_arena_init(&a);
	enum cnap_err rc = cnap_doc_text_parse(text, len, "II.5", &a, &d, &err);
	if (rc != code)
		fail_msg("expected code %d, got %d (%s)", code, rc, err.message);
	if (!strstr(err.message, needle))
		fail_msg("message '%s' does not say '%s'", err.message, needle);
	assert_string_equal(err.where, "II.5");
	assert_int_equal(d.n_blocks, 0);
	cnap_arena_release(&a);
}

static void test_paragraphs(void **state)
{
	(void)state;
	expect_json("", "{\"blocks\":[]}");
	expect_json("一行目\n二行目\n\n次の段落\r\n", "{\"blocks\":[{\"type\":\"paragraph\",\"content\":[\"一行目\\n二行目\"]},"
						     "{\"type\":\"paragraph\",\"content\":[\"次の段落\"]}]}");
	/* 字下げ of a paragraph is its own text. */
	expect_json("　本文です。", "{\"blocks\":[{\"type\":\"paragraph\",\"content\":[\"　本文です。\"]}]}");
	expect_json("\\・これは箇条書きではない\n\\", "{\"blocks\":[{\"type\":\"paragraph\",\"content\":[\"・これは箇条書きではない\\n\"]}]}");
	expect_json("\xEF\xBB\xBF" "BOM付き", "{\"blocks\":[{\"type\":\"paragraph\",\"content\":[\"BOM付き\"]}]}");
}

static void test_headings_notes_data(void **state)
{
	(void)state;
	expect_json("【背景】\n① 生産活動量\n# 目標\n【背景】の続き",
		    "{\"blocks\":[{\"type\":\"heading\",\"content\":[\"【背景】\"]},"
		    "{\"type\":\"heading\",\"content\":[\"① 生産活動量\"]},"
		    "{\"type\":\"heading\",\"content\":[\"目標\"]},"
		    "{\"type\":\"paragraph\",\"content\":[\"【背景】の続き\"]}]}");
	expect_json("※1 出典は統計\n※ 概数\n注２　暫定値\n注意してください",
		    "{\"blocks\":[{\"type\":\"note\",\"mark\":\"※1\",\"content\":[\"出典は統計\"]},"
		    "{\"type\":\"note\",\"mark\":\"※\",\"content\":[\"概数\"]},"
		    "{\"type\":\"note\",\"mark\":\"注２\",\"content\":[\"暫定値\"]},"
		    "{\"type\":\"paragraph\",\"content\":[\"注意してください\"]}]}");
	expect_json("[表:summary]\n[表：fuels]", "{\"blocks\":[{\"type\":\"data\",\"table\":\"summary\"},"
						 "{\"type\":\"data\",\"table\":\"fuels\"}]}");
	/* Not a table code: text. */
	expect_json("[表:あ]", "{\"blocks\":[{\"type\":\"paragraph\",\"content\":[\"[表:あ]\"]}]}");
}

static void test_lists(void **state)
{
	(void)state;
	expect_json("・一つ目\n  ・入れ子\n　　1. 深い\n・二つ目\n- 別の記号\n* も同じ",
		    "{\"blocks\":[{\"type\":\"list\",\"ordered\":false,\"items\":["
		    "{\"content\":[\"一つ目\"],\"children\":[{\"type\":\"list\",\"ordered\":false,\"items\":["
		    "{\"content\":[\"入れ子\"],\"children\":[{\"type\":\"list\",\"ordered\":true,\"items\":[{\"content\":[\"深い\"]}]}]}]}]},"
		    "{\"content\":[\"二つ目\"]},{\"content\":[\"別の記号\"]},{\"content\":[\"も同じ\"]}]}]}");
	expect_json("1. 一\n2．二\n(3) 三\n（４）四\n１０. 十",
		    "{\"blocks\":[{\"type\":\"list\",\"ordered\":true,\"items\":[{\"content\":[\"一\"]},{\"content\":[\"二\"]},"
		    "{\"content\":[\"三\"]},{\"content\":[\"四\"]},{\"content\":[\"十\"]}]}]}");
	/* A change of kind starts another list; so does a blank line. */
	expect_json("・a\n1. b\n\n1. c",
		    "{\"blocks\":[{\"type\":\"list\",\"ordered\":false,\"items\":[{\"content\":[\"a\"]}]},"
		    "{\"type\":\"list\",\"ordered\":true,\"items\":[{\"content\":[\"b\"]}]},"
		    "{\"type\":\"list\",\"ordered\":true,\"items\":[{\"content\":[\"c\"]}]}]}");
	/* Not list markers: "-5" and "1.5" have no space after the sign. */
	expect_json("-5度\n1.5倍", "{\"blocks\":[{\"type\":\"paragraph\",\"content\":[\"-5度\\n1.5倍\"]}]}");
}

static void test_tables(void **state)
{
	(void)state;
	expect_json("年度|値\n2022|1,234|注\n", "{\"blocks\":[{\"type\":\"table\",\"header_rows\":1,\"rows\":["
					       "[[\"年度\"],[\"値\"],[]],[[\"2022\"],[\"1,234\"],[\"注\"]]]}]}");
	expect_json("| 年度 | 値 |\n|---|---|\n| 2022 | 1\\|2 |", "{\"blocks\":[{\"type\":\"table\",\"header_rows\":1,\"rows\":["
						      "[[\"年度\"],[\"値\"]],[[\"2022\"],[\"1|2\"]]]}]}");
	/* Pasted from a spreadsheet: tabs, an empty first cell kept. */
	expect_json("\t2021\t2022\nCO2\t10\t9", "{\"blocks\":[{\"type\":\"table\",\"header_rows\":1,\"rows\":["
						 "[[],[\"2021\"],[\"2022\"]],[[\"CO2\"],[\"10\"],[\"9\"]]]}]}");
	expect_json("|---|\n|a|", "{\"blocks\":[{\"type\":\"table\",\"header_rows\":0,\"rows\":[[[\"a\"]]]}]}");
}

static void test_links(void **state)
{
	(void)state;
	expect_json("詳しくは https://www.meti.go.jp/ を参照。",
		    "{\"blocks\":[{\"type\":\"paragraph\",\"content\":[\"詳しくは \",{\"text\":\"https://www.meti.go.jp/\","
		    "\"href\":\"https://www.meti.go.jp/\"},\" を参照。\"]}]}");
	expect_json("（https://a.jp/x）、https://a.jp/y。https://a.jp/zを",
		    "{\"blocks\":[{\"type\":\"paragraph\",\"content\":[\"（\",{\"text\":\"https://a.jp/x\",\"href\":\"https://a.jp/x\"},"
		    "\"）、\",{\"text\":\"https://a.jp/y\",\"href\":\"https://a.jp/y\"},\"。\","
		    "{\"text\":\"https://a.jp/z\",\"href\":\"https://a.jp/z\"},\"を\"]}]}");
	expect_json("see http://a.jp/b.", "{\"blocks\":[{\"type\":\"paragraph\",\"content\":[\"see \","
					  "{\"text\":\"http://a.jp/b\",\"href\":\"http://a.jp/b\"},\".\"]}]}");
	expect_json("[経済産業省](https://www.meti.go.jp/)と[Wiki](https://ja.wikipedia.org/wiki/A_(B))",
		    "{\"blocks\":[{\"type\":\"paragraph\",\"content\":[{\"text\":\"経済産業省\",\"href\":\"https://www.meti.go.jp/\"},"
		    "\"と\",{\"text\":\"Wiki\",\"href\":\"https://ja.wikipedia.org/wiki/A_(B)\"}]}]}");
	expect_json("\\[1](2) と http\\://a.jp と [](x)", "{\"blocks\":[{\"type\":\"paragraph\",\"content\":["
							"\"[1](2) と http://a.jp と [](x)\"]}]}");
	expect_json("C:\\Users は そのまま", "{\"blocks\":[{\"type\":\"paragraph\",\"content\":[\"C:\\\\Users は そのまま\"]}]}");
}

static void test_bad_input(void **state)
{
	(void)state;
	expect_refused("一行目\n[押す](javascript:alert(1))", strlen("一行目\n[押す](javascript:alert(1))"), CNAP_EINVAL,
		       "II.5の2行目: リンク先「javascript:alert(1)」は使えません");
	expect_refused("[a](JavaScript:x)", 17, CNAP_EINVAL, "http、https、mailto のみ");
	expect_refused("[a](data:text/html,x)", 21, CNAP_EINVAL, "data:text/html,x");
	expect_refused("[a](file:///etc/passwd)", 23, CNAP_EINVAL, "1行目");
	expect_refused("[a](page.html)", 14, CNAP_EINVAL, "page.html");
	expect_refused("a\nb\n\xff\xfe", 6, CNAP_EINVAL, "3行目: 正しいUTF-8でない");
	expect_refused("a\n\xc0\xaf", 4, CNAP_EINVAL, "2行目");
	expect_refused("ベル\x07", strlen("ベル\x07"), CNAP_EINVAL, "1行目: 制御文字（U+0007）");
	expect_refused("a\rb", 3, CNAP_EINVAL, "制御文字（U+000D）");
	expect_refused("a\0b", 3, CNAP_EINVAL, "制御文字（U+0000）");
	expect_refused("\xc2\x9b" "31m", 5, CNAP_EINVAL, "制御文字（U+009B）");
	expect_refused("・a\tb", strlen("・a\tb"), CNAP_EINVAL, "タブ文字は表の中");
	expect_refused("・1\n  ・2\n    ・3\n      ・4\n        ・5", strlen("・1\n  ・2\n    ・3\n      ・4\n        ・5"),
		       CNAP_EINVAL, "5行目: リストの入れ子が深すぎます（4段まで）");
	expect_refused("a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q|r|s|t|u", 41, CNAP_ETOOBIG, "表の列が多すぎます（20列まで）");
	expect_refused("# ", 2, CNAP_EINVAL, "見出しに文字がありません");
	expect_refused("|---|", 5, CNAP_EINVAL, "表に行がありません");

	/* 10 MB in one item: refused before anything is read. */
	size_t big = (size_t)10 * 1024 * 1024;
	char *s = cnap_malloc(big);
	assert_non_null(s);
	memset(s, 'a', big);
	expect_refused(s, big, CNAP_ETOOBIG, "本文が大きすぎます");
	/* Under the byte limit but over the characters of one item. */
	expect_refused(s, CNAP_DOC_MAX_CHARS + 1, CNAP_ETOOBIG, "100000文字まで");
	/* Many blocks or rows: counted as they are read. */
	for (size_t i = 0; i < 4 * (CNAP_DOC_MAX_BLOCKS + 1); i += 4)
		memcpy(s + i, "a\n\n\n", 4);
	expect_refused(s, 4 * (CNAP_DOC_MAX_BLOCKS + 1), CNAP_ETOOBIG, "ブロック（段落・リストなど）が多すぎます");
	for (size_t i = 0; i < 4 * (CNAP_DOC_MAX_TABLE_ROWS + 1); i += 4)
		memcpy(s + i, "a|b\n", 4);
	expect_refused(s, 4 * (CNAP_DOC_MAX_TABLE_ROWS + 1), CNAP_ETOOBIG, "表の行が多すぎます（200行まで）");
	/* Work stays linear on text made to make scanners go back: unclosed links, brackets, backslashes. */
	static const char *const hostile[] = { "[a](", "[", "\\", "https://", "|\\", "・", "  ・" };
	for (size_t h = 0; h < CNAP_ARRAY_LEN(hostile); h++) {
		size_t l = strlen(hostile[h]), n = CNAP_DOC_MAX_TEXT_BYTES / l * l;
		for (size_t i = 0; i < n; i += l)
			memcpy(s + i, hostile[h], l);
		struct cnap_arena a;
		struct cnap_doc d;
		struct cnap_error err = { 0 };
		cnap_arena_init(&a);
		assert_int_not_equal(cnap_doc_text_parse(s, n, "II.5", &a, &d, &err), CNAP_OK);
		cnap_arena_release(&a);
	}
	free(s);
}

/* A doc at the limits, written: the writer's escapes look ahead once, not from every character. */
static void test_writer_linear(void **state)
{
	(void)state;
	static const char *const fill[] = { "[", "\\", "[]", "http://" };
	for (size_t f = 0; f < CNAP_ARRAY_LEN(fill); f++) {
		size_t l = strlen(fill[f]), n = CNAP_DOC_MAX_CHARS / l * l;
		char *t = cnap_malloc(n + 1);
		assert_non_null(t);
		for (size_t i = 0; i < n; i += l)
			memcpy(t + i, fill[f], l);
		t[n] = '\0';
		struct cnap_span sp = { t, NULL };
		struct cnap_block b = { .kind = CNAP_BLK_PARAGRAPH, .content = { &sp, 1 } };
		struct cnap_doc d = { &b, 1 }, e;
		struct cnap_arena a;
		struct cnap_error err = { 0 };
		assert_int_equal(cnap_doc_check(&d, "II.5", &err), CNAP_OK);
		char *w = text_of(&d);
		cnap_arena_init(&a);
		if (cnap_doc_text_parse(w, strlen(w), "II.5", &a, &e, &err))
			fail_msg("%s: %s", fill[f], err.message);
		assert_true(cnap_doc_equal(&d, &e));
		cnap_arena_release(&a);
		free(w);
		free(t);
	}
}

/* Specific things the writer must escape, each read back. */
static void test_writer_escapes(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"\\・a", "\\1. a", "\\※1 a", "\\【a】", "\\① a", "\\# a", "\\[表:s]", "\\a|b", "\\\\", "\\ ",
		"|\\ a\\ |\\---|\\|||", "http\\://a.jp", "[a](https://b.jp/\\(x)", "\\[a](b)", "・ \\ x", "※ 1件",
	};
	for (size_t i = 0; i < CNAP_ARRAY_LEN(texts); i++) {
		struct cnap_arena a;
		struct cnap_doc d, e;
		struct cnap_error err = { 0 };
		cnap_arena_init(&a);
		if (parse(&a, texts[i], &d, &err))
			fail_msg("%s: %s", texts[i], err.message);
		char *t = text_of(&d);
		if (parse(&a, t, &e, &err))
			fail_msg("written %s: %s", t, err.message);
		if (!cnap_doc_equal(&d, &e))
			fail_msg("%s written as %s reads otherwise", texts[i], t);
		free(t);
		cnap_arena_release(&a);
	}
}

/* The writer's form of typical text is what a person would type. */
static void test_writer_readable(void **state)
{
	(void)state;
	const char *typed = "【背景】\n\n本文の一行目\n二行目 https://www.meti.go.jp/ を参照\n\n・項目\n  1. 入れ子\n\n"
			    "|年度|値|\n|2022|1,234|\n\n※1 注の本文\n\n[表:summary]\n";
	struct cnap_arena a;
	struct cnap_doc d;
	struct cnap_error err = { 0 };
	cnap_arena_init(&a);
	assert_int_equal(parse(&a, typed, &d, &err), CNAP_OK);
	char *t = text_of(&d);
	assert_string_equal(t, typed);
	free(t);
	cnap_arena_release(&a);
}

/* The property: for many random valid docs, text and JSON both read back to an equal doc. */
static void test_round_trip_property(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= (getenv("DOC_SEEDS") ? strtoull(getenv("DOC_SEEDS"), NULL, 10) : 3000); seed++) {
		struct cnap_arena a;
		struct cnap_doc d, e, f;
		struct cnap_error err = { 0 };
		struct doc_gen g;
		cnap_arena_init(&a);
		doc_gen_init(&g, seed, &a);
		doc_gen_doc(&g, &d);
		if (cnap_doc_check(&d, "gen", &err))
			fail_msg("seed %llu: generated doc refused: %s", (unsigned long long)seed, err.message);
		char *t = text_of(&d), *j = json_of(&d);
		if (cnap_doc_text_parse(t, strlen(t), "II.5", &a, &e, &err))
			fail_msg("seed %llu: written text refused: %s\n%s", (unsigned long long)seed, err.message, t);
		if (!cnap_doc_equal(&d, &e)) {
			char *j2 = json_of(&e);
			fail_msg("seed %llu: text reads back otherwise\n%s\n%s\n%s", (unsigned long long)seed, t, j, j2);
		}
		char *t2 = text_of(&e);
		if (strcmp(t, t2) != 0)
			fail_msg("seed %llu: text not a fixed point\n%s\n%s", (unsigned long long)seed, t, t2);
		if (cnap_doc_json_parse(j, strlen(j), "$", &a, &f, &err))
			fail_msg("seed %llu: written JSON refused: %s\n%s", (unsigned long long)seed, err.message, j);
		char *j3 = json_of(&f);
		if (!cnap_doc_equal(&d, &f) || strcmp(j, j3) != 0)
			fail_msg("seed %llu: JSON reads back otherwise\n%s\n%s", (unsigned long long)seed, j, j3);
		free(t);
		free(t2);
		free(j);
		free(j3);
		cnap_arena_release(&a);
	}
}

#ifdef CNAP_TEST_HOOKS
typedef enum cnap_err (*parse_fn)(const char *, size_t, const char *, struct cnap_arena *, struct cnap_doc *,
				  struct cnap_error *);
typedef enum cnap_err (*write_fn)(const struct cnap_doc *, struct cnap_buf *);

/* Every allocation of a reader and a writer may fail: out of memory said as such, or the same result. */
static void sweep(parse_fn parse_with, write_fn write_with, const char *input)
{
	struct cnap_arena ra;
	struct cnap_doc ref;
	struct cnap_error err = { 0 };
	cnap_arena_init(&ra);
	assert_int_equal(parse_with(input, strlen(input), "II.5", &ra, &ref, &err), CNAP_OK);
	struct cnap_buf want;
	cnap_buf_init(&want, 0);
	assert_int_equal(write_with(&ref, &want), CNAP_OK);
	unsigned long n;
	for (n = 1; n < 100000; n++) {
		struct cnap_arena a;
		struct cnap_doc d;
		struct cnap_buf got;
		cnap_arena_init(&a);
		cnap_buf_init(&got, 0);
		cnap_alloc_fail_at(CNAP_ALLOC_OWN, n, false);
		enum cnap_err rc = parse_with(input, strlen(input), "II.5", &a, &d, &err);
		enum cnap_err wc = rc ? CNAP_OK : write_with(&d, &got);
		bool failed = cnap_alloc_failed();
		cnap_alloc_fail_at(CNAP_ALLOC_OWN, 0, false);
		if (rc && (rc != CNAP_ENOMEM || strcmp(err.message, "out of memory") != 0))
			fail_msg("allocation %lu: %s: %s", n, cnap_strerror(rc), err.message);
		if (!rc && !cnap_doc_equal(&d, &ref))
			fail_msg("allocation %lu: read otherwise", n);
		if (!rc && wc != CNAP_OK && wc != CNAP_ENOMEM)
			fail_msg("allocation %lu: writer: %s", n, cnap_strerror(wc));
		if (!rc && !wc && strcmp(got.data, want.data) != 0)
			fail_msg("allocation %lu: written otherwise", n);
		cnap_buf_release(&got);
		cnap_arena_release(&a);
		if (!failed)
			break;
	}
	assert_true(n > 5 && n < 100000);
	cnap_buf_release(&want);
	cnap_arena_release(&ra);
}

static void test_out_of_memory(void **state)
{
	(void)state;
	const char *typed = "【背景】\n\n本文 https://a.jp/ と[リンク](https://b.jp/x_(y))\n\n・項目\n  1. 入れ子\n\n"
			    "|年度|値|\n|---|---|\n|2022|1\\|2|\n\n※1 注\n\n[表:summary]\n";
	sweep(cnap_doc_text_parse, cnap_doc_text_write, typed);
	struct cnap_arena a;
	struct cnap_doc d;
	struct cnap_error err = { 0 };
	cnap_arena_init(&a);
	assert_int_equal(cnap_doc_text_parse(typed, strlen(typed), "II.5", &a, &d, &err), CNAP_OK);
	char *j = json_of(&d);
	sweep(cnap_doc_json_parse, cnap_doc_json_write, j);
	free(j);
	cnap_arena_release(&a);
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paragraphs),
		cmocka_unit_test(test_headings_notes_data),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_writer_linear),
		cmocka_unit_test(test_writer_escapes),
		cmocka_unit_test(test_writer_readable),
		cmocka_unit_test(test_round_trip_property),
#ifdef CNAP_TEST_HOOKS
		cmocka_unit_test(test_out_of_memory),
#endif
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
