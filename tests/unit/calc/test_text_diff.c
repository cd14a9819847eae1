/* The character-level comparison of texts (src/calc/text_diff.c): Japanese cases, hostile sizes, properties. */
#include "base/compat.h"
#include "base/buf.h"
#include "calc/text_diff.h"

#include <string.h>

#include "test_util.h"
#include "lcg.h"

struct run {
	struct cnap_arena arena;
	struct cnap_text_diff d;
	char shown[4096];
};

static enum cnap_err run_diff(struct run *r, const char *a, size_t na, const char *b, size_t nb,
			      const struct cnap_diff_options *o)
{
	cnap_arena_init(&r->arena);
	struct cnap_error err;
	return cnap_text_diff(&r->arena, a, na, b, nb, o, &r->d, &err);
}

/* Every property calc/text_diff.h promises of the operations. */
static void check_cover(const char *a, size_t na, const char *b, size_t nb, const struct cnap_text_diff *d,
			bool folded)
{
	size_t pa = 0, pb = 0;
	struct cnap_buf rebuilt;
	cnap_buf_init(&rebuilt, CNAP_BUF_DEFAULT_MAX);
	for (size_t i = 0; i < d->n_ops; i++) {
		const struct cnap_diff_op *op = &d->ops[i];
		if (op->a_off != pa || op->b_off != pb)
			fail_msg("op %zu starts at %zu/%zu, expected %zu/%zu", i, op->a_off, op->b_off, pa, pb);
		if (i && op->kind == d->ops[i - 1].kind)
			fail_msg("op %zu has the kind of the one before", i);
		/* every range on a character boundary */
		if ((op->a_off < na && ((unsigned char)a[op->a_off] & 0xC0) == 0x80) ||
		    (op->b_off < nb && ((unsigned char)b[op->b_off] & 0xC0) == 0x80))
			fail_msg("op %zu starts inside a character", i);
		switch (op->kind) {
		case CNAP_DIFF_EQUAL:
			assert_true(op->a_len > 0);
			if (!folded && (op->a_len != op->b_len || memcmp(a + op->a_off, b + op->b_off, op->a_len) != 0))
				fail_msg("op %zu is EQUAL over different bytes", i);
			cnap_buf_add(&rebuilt, b + op->b_off, op->b_len);
			break;
		case CNAP_DIFF_DELETE:
			assert_true(op->a_len > 0);
			assert_int_equal(op->b_len, 0);
			break;
		case CNAP_DIFF_INSERT:
			assert_true(op->b_len > 0);
			assert_int_equal(op->a_len, 0);
			cnap_buf_add(&rebuilt, b + op->b_off, op->b_len);
			break;
		}
		pa += op->a_len;
		pb += op->b_len;
	}
	if (pa != na || pb != nb)
		fail_msg("ops cover %zu/%zu bytes of %zu/%zu", pa, pb, na, nb);
	/* applying the script to A gives B */
	if (nb && (rebuilt.len != nb || memcmp(rebuilt.data, b, nb) != 0))
		fail_msg("the script does not turn A into B");
	cnap_buf_release(&rebuilt);
}

/* The operations as [-deleted-]{+inserted+} around the equal text. */
static const char *show(struct run *r, const char *a, const char *b)
{
	size_t n = 0;
	r->shown[0] = 0;
	for (size_t i = 0; i < r->d.n_ops; i++) {
		const struct cnap_diff_op *op = &r->d.ops[i];
		const char *open = op->kind == CNAP_DIFF_DELETE ? "[-" : op->kind == CNAP_DIFF_INSERT ? "{+" : "";
		const char *close = op->kind == CNAP_DIFF_DELETE ? "-]" : op->kind == CNAP_DIFF_INSERT ? "+}" : "";
		const char *src = op->kind == CNAP_DIFF_DELETE ? a + op->a_off : b + op->b_off;
		size_t len = op->kind == CNAP_DIFF_DELETE ? op->a_len : op->b_len;
		n += (size_t)snprintf(r->shown + n, sizeof r->shown - n, "%s%.*s%s", open, (int)len, src, close);
		assert_true(n < sizeof r->shown);
	}
	return r->shown;
}

static void expect_shown(const char *a, const char *b, const char *want)
{
	struct run r;
	assert_int_equal(run_diff(&r, a, strlen(a), b, strlen(b), NULL), CNAP_OK);
	check_cover(a, strlen(a), b, strlen(b), &r.d, false);
	const char *got = show(&r, a, b);
	if (strcmp(got, want) != 0)
		fail_msg("diff\n  %s\n  %s\ngave  %s\nwanted %s", a, b, got, want);
	assert_int_equal(r.d.level, CNAP_DIFF_LEVEL_CHARS);
	cnap_arena_release(&r.arena);
}

static void test_two_characters_inside_a_sentence(void **state)
{
	(void)state;
	expect_shown("2022年度のCO2排出量は前年度比で増加した。", "2022年度のCO2排出量は前年度比で減少した。",
		     "2022年度のCO2排出量は前年度比で[-増加-]{+減少+}した。");
	expect_shown("省エネルギー設備の更新を進めている。", "省エネルギー設備の導入を進めている。",
		     "省エネルギー設備の[-更新-]{+導入+}を進めている。");
}

static void test_a_sentence_inserted(void **state)
{
	(void)state;
	expect_shown("高効率ボイラーを導入した。効果は大きい。",
		     "高効率ボイラーを導入した。投資額は5億円である。効果は大きい。",
		     "高効率ボイラーを導入した。{+投資額は5億円である。+}効果は大きい。");
	/* the inserted sentence shares its first character with the next: it still starts after 。 */
	expect_shown("X社は参加した。ですから以上です。", "X社は参加した。でした。ですから以上です。",
		     "X社は参加した。{+でした。+}ですから以上です。");
	/* a sentence deleted at the end of a line */
	expect_shown("目標は据え置く。見直しは行わない。\n次の段落。", "目標は据え置く。\n次の段落。",
		     "目標は据え置く。[-見直しは行わない。-]\n次の段落。");
}

static void test_a_paragraph_moved(void **state)
{
	(void)state;
	const char *a = "第一段落は概要である。\n第二段落では設備投資を述べる。\n第三段落は今後の課題とする。\n";
	const char *b = "第一段落は概要である。\n第三段落は今後の課題とする。\n第二段落では設備投資を述べる。\n";
	struct run r;
	assert_int_equal(run_diff(&r, a, strlen(a), b, strlen(b), NULL), CNAP_OK);
	check_cover(a, strlen(a), b, strlen(b), &r.d, false);
	/* one whole paragraph leaves its place and comes back at the other: one deletion, one insertion, whole lines */
	size_t del = 0, ins = 0;
	const struct cnap_diff_op *dop = NULL, *iop = NULL;
	for (size_t i = 0; i < r.d.n_ops; i++) {
		if (r.d.ops[i].kind == CNAP_DIFF_DELETE) {
			del++;
			dop = &r.d.ops[i];
		} else if (r.d.ops[i].kind == CNAP_DIFF_INSERT) {
			ins++;
			iop = &r.d.ops[i];
		}
	}
	assert_int_equal(del, 1);
	assert_int_equal(ins, 1);
	assert_int_equal(dop->a_len, iop->b_len);
	assert_memory_equal(a + dop->a_off, b + iop->b_off, dop->a_len);
	assert_true(dop->a_off == 0 || a[dop->a_off - 1] == '\n');
	assert_int_equal(a[dop->a_off + dop->a_len - 1], '\n');
	cnap_arena_release(&r.arena);
}

static void test_numbers_change_whole(void **state)
{
	(void)state;
	expect_shown("生産量は1,234千トンであった。", "生産量は1,240千トンであった。",
		     "生産量は[-1,234-]{+1,240+}千トンであった。");
	expect_shown("2020年度比で▲12.5%となった。", "2020年度比で▲12.8%となった。",
		     "2020年度比で▲[-12.5-]{+12.8+}%となった。");
	expect_shown("対象は2020年。1,000社が参加。", "対象は2021年。1,000社が参加。",
		     "対象は[-2020-]{+2021+}年。1,000社が参加。");
	/* full-width digits are digits too; a full stop after a number is not part of it */
	expect_shown("参加企業は１２３社。", "参加企業は１２９社。", "参加企業は[-１２３-]{+１２９+}社。");
	expect_shown("1990. 2013.", "1990. 2014.", "1990. [-2013-]{+2014+}.");
}

static void test_full_and_half_width(void **state)
{
	(void)state;
	const char *a = "ＣＯ２排出量（万ｔ）", *b = "CO2排出量（万t）";
	expect_shown(a, b, "[-ＣＯ２-]{+CO2+}排出量（万[-ｔ-]{+t+}）");
	struct run r;
	struct cnap_diff_options o = {.fold_width = true};
	assert_int_equal(run_diff(&r, a, strlen(a), b, strlen(b), &o), CNAP_OK);
	check_cover(a, strlen(a), b, strlen(b), &r.d, true);
	assert_false(cnap_text_diff_changed(&r.d));
	assert_int_equal(r.d.n_ops, 1);
	assert_int_equal(r.d.ops[0].a_len, strlen(a));
	assert_int_equal(r.d.ops[0].b_len, strlen(b));
	cnap_arena_release(&r.arena);
	/* the ideographic space folds to a space */
	assert_int_equal(run_diff(&r, "A\xE3\x80\x80" "B", 5, "A B", 3, &o), CNAP_OK);
	assert_false(cnap_text_diff_changed(&r.d));
	cnap_arena_release(&r.arena);
}

static void test_rewritten_clause_is_one_change(void **state)
{
	(void)state;
	/* the minimal script keeps the shared の and は; the cleaned one does not */
	const char *a = "今後の見通しは不透明であるが、引き続き削減に努める。";
	const char *b = "来年度の生産の見込みは増加であるが、引き続き削減に努める。";
	struct run r;
	assert_int_equal(run_diff(&r, a, strlen(a), b, strlen(b), NULL), CNAP_OK);
	check_cover(a, strlen(a), b, strlen(b), &r.d, false);
	const char *got = show(&r, a, b);
	if (strcmp(got, "[-今後の見通しは不透明-]{+来年度の生産の見込みは増加+}であるが、引き続き削減に努める。") != 0)
		fail_msg("got %s", got);
	cnap_arena_release(&r.arena);
	struct cnap_diff_options raw = {.raw = true};
	assert_int_equal(run_diff(&r, a, strlen(a), b, strlen(b), &raw), CNAP_OK);
	assert_true(r.d.n_ops > 4);
	cnap_arena_release(&r.arena);
}

static void test_empty_and_identical(void **state)
{
	(void)state;
	struct run r;
	assert_int_equal(run_diff(&r, "", 0, "", 0, NULL), CNAP_OK);
	assert_int_equal(r.d.n_ops, 0);
	cnap_arena_release(&r.arena);
	expect_shown("", "追加", "{+追加+}");
	expect_shown("削除", "", "[-削除-]");
	expect_shown("同じ文章。", "同じ文章。", "同じ文章。");
}

static void test_invalid_utf8_is_refused(void **state)
{
	(void)state;
	struct cnap_arena ar;
	cnap_arena_init(&ar);
	struct cnap_text_diff d;
	struct cnap_error err;
	assert_int_equal(cnap_text_diff(&ar, "ab\xE3\x81", 4, "x", 1, NULL, &d, &err), CNAP_EINVAL);
	assert_string_equal(err.where, "A");
	assert_non_null(strstr(err.message, "3バイト目"));
	assert_int_equal(cnap_text_diff(&ar, "x", 1, "\xC0\xAF", 2, NULL, &d, &err), CNAP_EINVAL);
	assert_string_equal(err.where, "B");
	cnap_arena_release(&ar);
}

/* Random text of n characters drawn from alphabet (UTF-8 strings), into buf. */
static size_t random_text(struct lcg *g, const char *const *alphabet, int n_alpha, size_t n, char *buf,
			  size_t cap)
{
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		const char *c = alphabet[lcg_int(g, 0, n_alpha - 1)];
		size_t l = strlen(c);
		assert_true(len + l < cap);
		memcpy(buf + len, c, l);
		len += l;
	}
	buf[len] = 0;
	return len;
}

/* Characters of A and B a minimal script must delete and insert: na + nb − 2·LCS, by dynamic programming. */
static size_t edit_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t *row = cnap_calloc(nb + 1, sizeof *row), *prev = cnap_calloc(nb + 1, sizeof *prev);
	for (size_t i = 1; i <= na; i++) {
		for (size_t j = 1; j <= nb; j++)
			row[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : (prev[j] > row[j - 1] ? prev[j] : row[j - 1]);
		size_t *t = prev;
		prev = row;
		row = t;
	}
	size_t lcs = prev[nb];
	free(row);
	free(prev);
	return na + nb - 2 * lcs;
}

static size_t code_points(const char *s, size_t n, uint32_t *out)
{
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t l = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		uint32_t v = 0;
		for (size_t j = 0; j < l; j++)
			v = v << 8 | (unsigned char)s[i + j];
		out[k++] = v;
		i += l;
	}
	return k;
}

static void test_property_random_texts(void **state)
{
	(void)state;
	static const char *const alphabet[] = {"あ", "い", "の", "は", "。", "、", "\n", "a", "1", ",", "漢", "𠮷"};
	struct lcg g = {12};
	char a[1024], b[1024];
	uint32_t ca[256], cb[256];
	for (int round = 0; round < 3000; round++) {
		int n_alpha = lcg_int(&g, 2, (int)CNAP_ARRAY_LEN(alphabet));
		size_t na = random_text(&g, alphabet, n_alpha, (size_t)lcg_int(&g, 0, 60), a, sizeof a);
		size_t nb;
		if (round % 3 == 0) {
			/* B as an edit of A: closer to what people do */
			memcpy(b, a, na);
			nb = na;
			size_t cut = (size_t)lcg_int(&g, 0, (int)na), keep = cut;
			while (keep < na && ((unsigned char)a[keep] & 0xC0) == 0x80)
				keep++;
			while (cut > 0 && ((unsigned char)a[cut] & 0xC0) == 0x80)
				cut--;
			char ins[256];
			size_t ni = random_text(&g, alphabet, n_alpha, (size_t)lcg_int(&g, 0, 8), ins, sizeof ins);
			memcpy(b, a, cut);
			memcpy(b + cut, ins, ni);
			memcpy(b + cut + ni, a + keep, na - keep);
			nb = cut + ni + na - keep;
		} else {
			nb = random_text(&g, alphabet, n_alpha, (size_t)lcg_int(&g, 0, 60), b, sizeof b);
		}
		struct run r, raw, again;
		struct cnap_diff_options ro = {.raw = true};
		assert_int_equal(run_diff(&r, a, na, b, nb, NULL), CNAP_OK);
		check_cover(a, na, b, nb, &r.d, false);
		assert_int_equal(run_diff(&raw, a, na, b, nb, &ro), CNAP_OK);
		check_cover(a, na, b, nb, &raw.d, false);
		/* Myers' script is minimal */
		size_t ka = code_points(a, na, ca), kb = code_points(b, nb, cb);
		assert_i64_eq(raw.d.deleted_chars + raw.d.inserted_chars, edit_distance(ca, ka, cb, kb));
		/* the clean-up only ever trades minimality, never coverage, and is deterministic */
		assert_true(r.d.deleted_chars + r.d.inserted_chars >= raw.d.deleted_chars + raw.d.inserted_chars);
		assert_int_equal(run_diff(&again, a, na, b, nb, NULL), CNAP_OK);
		assert_int_equal(again.d.n_ops, r.d.n_ops);
		assert_memory_equal(again.d.ops, r.d.ops, r.d.n_ops * sizeof *r.d.ops);
		/* a tiny budget forces the sentence level: still a correct script */
		struct run tiny;
		struct cnap_diff_options to = {.budget = 1 + (uint64_t)(round % 40)};
		assert_int_equal(run_diff(&tiny, a, na, b, nb, &to), CNAP_OK);
		check_cover(a, na, b, nb, &tiny.d, false);
		cnap_arena_release(&r.arena);
		cnap_arena_release(&raw.arena);
		cnap_arena_release(&again.arena);
		cnap_arena_release(&tiny.arena);
	}
}

/* Japanese-looking text of n characters: runs of kana and kanji, 、 and 。 every so often. */
static size_t japanese_text(struct lcg *g, uint32_t base, size_t n, char *buf)
{
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t c;
		int r = lcg_int(g, 0, 29);
		if (r == 0)
			c = 0x3002;
		else if (r == 1)
			c = 0x3001;
		else
			c = base + (uint32_t)lcg_int(g, 0, 80);
		buf[len++] = (char)(0xE0 | (c >> 12));
		buf[len++] = (char)(0x80 | ((c >> 6) & 0x3F));
		buf[len++] = (char)(0x80 | (c & 0x3F));
	}
	return len;
}

static void test_hostile_sizes_are_bounded(void **state)
{
	(void)state;
	enum { N = 100000 };
	char *a = cnap_malloc(3 * N + 1), *b = cnap_malloc(3 * N + 1);
	struct lcg g = {7};
	/* two texts that share nothing: hiragana against kanji */
	size_t na = japanese_text(&g, 0x3041, N, a);
	size_t nb = japanese_text(&g, 0x5000, N, b);
	for (size_t i = 0; i < nb; i += 3) /* and no punctuation in common either */
		if (b[i + 1] == (char)0x80 && (b[i + 2] == (char)0x82 || b[i + 2] == (char)0x81))
			b[i + 2] = (char)0x85; /* 。、 → 々 */
	struct run r;
	assert_int_equal(run_diff(&r, a, na, b, nb, NULL), CNAP_OK);
	check_cover(a, na, b, nb, &r.d, false);
	assert_int_equal(r.d.level, CNAP_DIFF_LEVEL_SENTENCES);
	assert_int_equal(r.d.equal_chars, 0);
	/* nothing in common: seen before any search is tried, so the work is a few passes over the texts */
	assert_true(r.d.work <= 20 * (uint64_t)N);
	cnap_arena_release(&r.arena);

	/* two unrelated texts that share their alphabet: the sentence level, still bounded */
	nb = japanese_text(&g, 0x3041, N, b);
	assert_int_equal(run_diff(&r, a, na, b, nb, NULL), CNAP_OK);
	check_cover(a, na, b, nb, &r.d, false);
	assert_int_equal(r.d.level, CNAP_DIFF_LEVEL_SENTENCES);
	assert_true(r.d.work <= 3 * (uint64_t)CNAP_TEXT_DIFF_DEFAULT_BUDGET + 20 * (uint64_t)N);
	cnap_arena_release(&r.arena);

	/* a long text with a few edits stays at the character level */
	memcpy(b, a, na);
	nb = na;
	memcpy(b + 3000, "増加", 6);
	memcpy(b + 150000, "減少", 6);
	assert_int_equal(run_diff(&r, a, na, b, nb, NULL), CNAP_OK);
	check_cover(a, na, b, nb, &r.d, false);
	assert_int_equal(r.d.level, CNAP_DIFF_LEVEL_CHARS);
	assert_true(r.d.deleted_chars <= 8);
	cnap_arena_release(&r.arena);

	/* a long text whose neighbouring sentences swapped places, one changed: sentence level, mostly equal */
	size_t starts[20000], ns = 0;
	starts[ns++] = 0;
	for (size_t i = 0; i < na; i += 3)
		if ((unsigned char)a[i + 1] == 0x80 && (unsigned char)a[i + 2] == 0x82 && ns < 19999)
			starts[ns++] = i + 3;
	if (starts[ns - 1] != na)
		starts[ns++] = na;
	nb = 0;
	for (size_t k = 0; k + 1 < ns; k += 2) {
		size_t second = k + 2 < ns ? k + 1 : k; /* the pair (k, k+1) as (k+1, k) */
		memcpy(b + nb, a + starts[second], starts[second + 1] - starts[second]);
		nb += starts[second + 1] - starts[second];
		if (second != k) {
			memcpy(b + nb, a + starts[k], starts[k + 1] - starts[k]);
			nb += starts[k + 1] - starts[k];
		}
	}
	assert_int_equal(nb, na);
	memcpy(b + 30000, "変更", 6);
	assert_int_equal(run_diff(&r, a, na, b, nb, NULL), CNAP_OK);
	check_cover(a, na, b, nb, &r.d, false);
	assert_int_equal(r.d.level, CNAP_DIFF_LEVEL_SENTENCES);
	assert_true(r.d.equal_chars > N / 3);
	assert_true(r.d.work <= 3 * (uint64_t)CNAP_TEXT_DIFF_DEFAULT_BUDGET + 20 * (uint64_t)N);
	cnap_arena_release(&r.arena);
	free(a);
	free(b);
}

static void test_too_long_is_refused(void **state)
{
	(void)state;
	size_t n = CNAP_TEXT_DIFF_MAX_CHARS + 1;
	char *a = cnap_malloc(n);
	memset(a, 'x', n);
	struct cnap_arena ar;
	cnap_arena_init(&ar);
	struct cnap_text_diff d;
	struct cnap_error err;
	assert_int_equal(cnap_text_diff(&ar, "x", 1, a, n, NULL, &d, &err), CNAP_ETOOBIG);
	assert_string_equal(err.where, "B");
	cnap_arena_release(&ar);
	free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_characters_inside_a_sentence),
		cmocka_unit_test(test_a_sentence_inserted),
		cmocka_unit_test(test_a_paragraph_moved),
		cmocka_unit_test(test_numbers_change_whole),
		cmocka_unit_test(test_full_and_half_width),
		cmocka_unit_test(test_rewritten_clause_is_one_change),
		cmocka_unit_test(test_empty_and_identical),
		cmocka_unit_test(test_invalid_utf8_is_refused),
		cmocka_unit_test(test_property_random_texts),
		cmocka_unit_test(test_hostile_sizes_are_bounded),
		cmocka_unit_test(test_too_long_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
