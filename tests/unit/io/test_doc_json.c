/* An item's text as JSON (io/doc_json.h): the canonical form, every refusal with its path, hostile input. */
#include "base/compat.h"
#include "io/doc_json.h"
#include "test_util.h"

#include <string.h>

static const char *const example =
	"{\"blocks\":["
	"{\"type\":\"heading\",\"content\":[\"① 生産活動量\"]},"
	"{\"type\":\"paragraph\",\"content\":[\"本文\",{\"text\":\"経済産業省\",\"href\":\"https://www.meti.go.jp/\"},\"※1\"]},"
	"{\"type\":\"list\",\"ordered\":false,\"items\":["
	"{\"content\":[\"一つ目\"],\"children\":[{\"type\":\"list\",\"ordered\":true,\"items\":[{\"content\":[\"入れ子\"]}]}]}]},"
	"{\"type\":\"table\",\"header_rows\":1,\"rows\":[[[\"年度\"],[\"値\"]],[[\"2022\"],[\"1,234\"]]]},"
	"{\"type\":\"note\",\"mark\":\"※1\",\"content\":[\"注の本文\"]},"
	"{\"type\":\"data\",\"table\":\"summary\"}]}";

static char *json_of(const struct cnap_doc *d)
{
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	assert_int_equal(cnap_doc_json_write(d, &b), CNAP_OK);
	return cnap_buf_detach(&b, NULL);
}

static void test_example(void **state)
{
	(void)state;
	struct cnap_arena a;
	struct cnap_doc d;
	struct cnap_error err = { 0 };
	cnap_arena_init(&a);
	assert_int_equal(cnap_doc_json_parse(example, strlen(example), "$", &a, &d, &err), CNAP_OK);
	assert_int_equal(d.n_blocks, 6);
	assert_int_equal(d.blocks[0].kind, CNAP_BLK_HEADING);
	assert_string_equal(d.blocks[1].content.spans[1].href, "https://www.meti.go.jp/");
	assert_true(d.blocks[2].items[0].children[0].ordered);
	assert_int_equal(d.blocks[3].rows, 2);
	assert_int_equal(d.blocks[3].cols, 2);
	assert_string_equal(d.blocks[3].cells[3].spans[0].text, "1,234");
	assert_string_equal(d.blocks[4].mark, "※1");
	assert_string_equal(d.blocks[5].table, "summary");
	/* The example is canonical: written back byte for byte. */
	char *j = json_of(&d);
	assert_string_equal(j, example);
	free(j);
	cnap_arena_release(&a);
}

/* Spaces, member order, split plain spans, a missing "ordered" or "header_rows": written one way. */
static void test_canonical(void **state)
{
	(void)state;
	const char *loose = "{ \"blocks\" : [ {\"content\":[\"a\",\"\",\"b\",{\"href\":\"mailto:x@y.jp\",\"text\":\"x\"}],"
			    "\"type\":\"paragraph\"}, {\"items\":[{\"content\":[], \"children\":[]}],\"type\":\"list\"},"
			    "{\"rows\":[[[]]],\"type\":\"table\"} ] }";
	struct cnap_arena a;
	struct cnap_doc d;
	struct cnap_error err = { 0 };
	cnap_arena_init(&a);
	assert_int_equal(cnap_doc_json_parse(loose, strlen(loose), "$", &a, &d, &err), CNAP_OK);
	char *j = json_of(&d);
	assert_string_equal(j, "{\"blocks\":[{\"type\":\"paragraph\",\"content\":[\"ab\",{\"text\":\"x\",\"href\":\"mailto:x@y.jp\"}]},"
			       "{\"type\":\"list\",\"ordered\":false,\"items\":[{\"content\":[]}]},"
			       "{\"type\":\"table\",\"header_rows\":1,\"rows\":[[[]]]}]}");
	free(j);
	cnap_arena_release(&a);
}

static void expect_refused(const char *json, size_t len, enum cnap_err code, const char *where, const char *needle)
{
	struct cnap_arena a;
	struct cnap_doc d;
	struct cnap_error err = { 0 };
	cnap_arena_init(&a);
	enum cnap_err rc = cnap_doc_json_parse(json, len, "$.texts[0]", &a, &d, &err);
	cnap_arena_release(&a);
	if (rc != code)
		fail_msg("%s: expected code %d, got %d (%s: %s)", json, code, rc, err.where, err.message);
	if (where && strcmp(err.where, where) != 0)
		fail_msg("%s: where '%s', expected '%s' (%s)", json, err.where, where, err.message);
	if (!strstr(err.message, needle))
		fail_msg("%s: message '%s' does not say '%s'", json, err.message, needle);
	assert_int_equal(d.n_blocks, 0);
}

#define REFUSED(json, code, where, needle) expect_refused(json, strlen(json), code, where, needle)

static void test_refusals(void **state)
{
	(void)state;
	REFUSED("{\"blocks\":[", CNAP_EFORMAT, "$.texts[0]", "JSONとして読めません");
	REFUSED("{\"blocks\":[]}]", CNAP_EFORMAT, "$.texts[0]", "JSONとして読めません");
	REFUSED("{\"blocks\":[],\"blocks\":[]}", CNAP_EFORMAT, "$.texts[0]", "JSONとして読めません");
	REFUSED("[]", CNAP_EINVAL, "$.texts[0]", "オブジェクトでなければなりません");
	REFUSED("{}", CNAP_EINVAL, "$.texts[0].blocks", "ブロックの並び（blocks）がありません");
	REFUSED("{\"blocks\":[],\"html\":\"<b>\"}", CNAP_EINVAL, "$.texts[0].html", "知らない項目「html」");
	REFUSED("{\"blocks\":[{\"type\":\"html\",\"content\":[]}]}", CNAP_EINVAL, "$.texts[0].blocks[0].type",
		"ブロックの種類「html」は使えません");
	REFUSED("{\"blocks\":[{\"type\":\"paragraph\",\"content\":[],\"items\":[]}]}", CNAP_EINVAL,
		"$.texts[0].blocks[0].items", "知らない項目「items」");
	REFUSED("{\"blocks\":[{\"type\":\"paragraph\",\"content\":\"本文\"}]}", CNAP_EINVAL,
		"$.texts[0].blocks[0].content", "配列でなければなりません（文字列です）");
	REFUSED("{\"blocks\":[{\"type\":\"paragraph\",\"content\":[1]}]}", CNAP_EINVAL,
		"$.texts[0].blocks[0].content[0]", "文字列かリンク");
	REFUSED("{\"blocks\":[{\"type\":\"paragraph\",\"content\":[{\"text\":\"a\"}]}]}", CNAP_EINVAL,
		"$.texts[0].blocks[0].content[0].href", "リンク先（href）がありません");
	REFUSED("{\"blocks\":[{\"type\":\"paragraph\",\"content\":[{\"text\":\"a\",\"href\":\"javascript:alert(1)\"}]}]}",
		CNAP_EINVAL, "$.texts[0].blocks[0].content[0].href",
		"リンク先「javascript:alert(1)」は使えません。http、https、mailto のみ指定できます");
	REFUSED("{\"blocks\":[{\"type\":\"paragraph\",\"content\":[{\"text\":\"a\",\"href\":\" https://a.jp\"}]}]}",
		CNAP_EINVAL, NULL, "は使えません");
	REFUSED("{\"blocks\":[{\"type\":\"paragraph\",\"content\":[{\"text\":\"\",\"href\":\"https://a.jp\"}]}]}",
		CNAP_EINVAL, "$.texts[0].blocks[0].content[0].text", "表示する文字がありません");
	REFUSED("{\"blocks\":[{\"type\":\"paragraph\",\"content\":[\"a\\u0007\"]}]}", CNAP_EINVAL,
		"$.texts[0].blocks[0].content[0]", "制御文字（U+0007）");
	REFUSED("{\"blocks\":[{\"type\":\"paragraph\",\"content\":[\"a\\u0000b\"]}]}", CNAP_EFORMAT, NULL, "JSON");
	REFUSED("{\"blocks\":[{\"type\":\"heading\",\"content\":[\"a\\nb\"]}]}", CNAP_EINVAL,
		"$.texts[0].blocks[0].content[0]", "改行があります");
	REFUSED("{\"blocks\":[{\"type\":\"paragraph\",\"content\":[\"\xff\"]}]}", CNAP_EFORMAT, NULL, "JSONとして読めません");
	REFUSED("{\"blocks\":[{\"type\":\"list\",\"ordered\":\"yes\",\"items\":[]}]}", CNAP_EINVAL,
		"$.texts[0].blocks[0].ordered", "真偽値");
	REFUSED("{\"blocks\":[{\"type\":\"list\",\"items\":[]}]}", CNAP_EINVAL, "$.texts[0].blocks[0].items", "項目がありません");
	REFUSED("{\"blocks\":[{\"type\":\"list\",\"items\":[{\"content\":[],\"children\":[{\"type\":\"paragraph\",\"content\":[]}]}]}]}",
		CNAP_EINVAL, NULL, "置けるのはリストだけです");
	REFUSED("{\"blocks\":[{\"type\":\"table\",\"rows\":[[[\"a\"],[\"b\"]],[[\"c\"]]]}]}", CNAP_EINVAL,
		"$.texts[0].blocks[0].rows[1]", "セルの数がそろっていません");
	REFUSED("{\"blocks\":[{\"type\":\"table\",\"header_rows\":3,\"rows\":[[[\"a\"]]]}]}", CNAP_EINVAL,
		"$.texts[0].blocks[0].header_rows", "見出し行の数");
	REFUSED("{\"blocks\":[{\"type\":\"table\",\"rows\":[]}]}", CNAP_EINVAL, "$.texts[0].blocks[0].rows", "行がありません");
	REFUSED("{\"blocks\":[{\"type\":\"note\",\"mark\":\"<b>\",\"content\":[]}]}", CNAP_EINVAL, "$.texts[0].blocks[0].mark",
		"注の記号「<b>」は使えません");
	REFUSED("{\"blocks\":[{\"type\":\"data\",\"table\":\"../x y\"}]}", CNAP_EINVAL, "$.texts[0].blocks[0].table",
		"データ表の記号");
}

/* Too deep, too many, too big: refused before (or while) building, by their limits. */
static void test_limits(void **state)
{
	(void)state;
	/* Unbalanced and deep: the brackets are counted before jansson builds a tree. */
	size_t n = 100000;
	char *s = cnap_malloc(n + 1);
	assert_non_null(s);
	memset(s, '[', n);
	s[n] = '\0';
	expect_refused(s, n, CNAP_EINVAL, "$.texts[0]", "入れ子が深すぎます");
	/* Lists nested five deep, each level valid JSON. */
	const char *open = "{\"type\":\"list\",\"items\":[{\"content\":[],\"children\":[";
	const char *close = "]}]}";
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	cnap_buf_adds(&b, "{\"blocks\":[");
	for (int i = 0; i < 5; i++)
		cnap_buf_adds(&b, open);
	for (int i = 0; i < 5; i++)
		cnap_buf_adds(&b, close);
	cnap_buf_adds(&b, "]}");
	expect_refused(b.data, b.len, CNAP_EINVAL, NULL, "入れ子が深すぎます（4段まで）");
	/* Four deep is fine. */
	cnap_buf_reset(&b);
	cnap_buf_adds(&b, "{\"blocks\":[");
	for (int i = 0; i < 4; i++)
		cnap_buf_adds(&b, open);
	for (int i = 0; i < 4; i++)
		cnap_buf_adds(&b, close);
	cnap_buf_adds(&b, "]}");
	struct cnap_arena a;
	struct cnap_doc d;
	struct cnap_error err = { 0 };
	cnap_arena_init(&a);
	assert_int_equal(cnap_doc_json_parse(b.data, b.len, "$", &a, &d, &err), CNAP_OK);
	cnap_arena_release(&a);
	/* More blocks than an item holds. */
	cnap_buf_reset(&b);
	cnap_buf_adds(&b, "{\"blocks\":[");
	for (int i = 0; i <= CNAP_DOC_MAX_BLOCKS; i++)
		cnap_buf_adds(&b, i ? ",{\"type\":\"data\",\"table\":\"s\"}" : "{\"type\":\"data\",\"table\":\"s\"}");
	cnap_buf_adds(&b, "]}");
	expect_refused(b.data, b.len, CNAP_ETOOBIG, "$.texts[0].blocks", "ブロック（段落・リストなど）が多すぎます");
	/* More characters than an item holds, under the byte limit. */
	cnap_buf_reset(&b);
	cnap_buf_adds(&b, "{\"blocks\":[{\"type\":\"paragraph\",\"content\":[\"");
	for (int i = 0; i <= CNAP_DOC_MAX_CHARS; i++)
		cnap_buf_addc(&b, 'a');
	cnap_buf_adds(&b, "\"]}]}");
	expect_refused(b.data, b.len, CNAP_ETOOBIG, "$.texts[0].blocks[0].content[0]", "100000文字まで");
	/* 10 MB: refused by its size alone. */
	free(s);
	n = (size_t)10 * 1024 * 1024;
	s = cnap_malloc(n);
	assert_non_null(s);
	memset(s, ' ', n);
	expect_refused(s, n, CNAP_ETOOBIG, "$.texts[0]", "大きすぎます");
	free(s);
	cnap_buf_release(&b);
}

/* The cycle file's reader hands over a value it parsed itself. */
static void test_from_value(void **state)
{
	(void)state;
	json_error_t je;
	json_t *v = json_loads("{\"blocks\":[{\"type\":\"paragraph\",\"content\":[{\"text\":\"x\",\"href\":\"vbscript:x\"}]}]}",
			       0, &je);
	assert_non_null(v);
	struct cnap_arena a;
	struct cnap_doc d;
	struct cnap_error err = { 0 };
	cnap_arena_init(&a);
	assert_int_equal(cnap_doc_json_from_value(v, "$.submissions[0].texts[3]", &a, &d, &err), CNAP_EINVAL);
	assert_string_equal(err.where, "$.submissions[0].texts[3].blocks[0].content[0].href");
	json_decref(v);
	cnap_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_canonical),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_from_value),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
