/*
 * cnap_uc_search (usecase/search.h) against a brute-force answer: random
 * questions and answers in a small alphabet (kanji, kana, half-width kana with
 * voiced marks, ASCII and full-width letters and digits, punctuation), random
 * queries, and for each the set of hits the index gives must be exactly the
 * documents in which every folded word of the query stands as a substring of
 * the folded text (base/bigram.h's promise). And the scope: what each role
 * finds of drafts, sent questions and answer drafts.
 */
#include "base/compat.h"
#include "base/bigram.h"
#include "base/buf.h"
#include "base/utf8.h"
#include "usecase/questions.h"
#include "usecase/search.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define YEAR 2023
#define N_DOCS 160
#define N_QUERIES 400

static char path[64];
static const char *wgs[] = {"denshi"};
static const struct cnap_actor secretariat = {.login = "sec", .role = CNAP_ROLE_SECRETARIAT};
static const struct cnap_actor rev1 = {.login = "rev1", .role = CNAP_ROLE_REVIEWER, .wg_codes = wgs, .n_wg_codes = 1};
static const struct cnap_actor rev2 = {.login = "rev2", .role = CNAP_ROLE_REVIEWER, .wg_codes = wgs, .n_wg_codes = 1};
static const struct cnap_actor staff = {.login = "staff", .role = CNAP_ROLE_ASSOCIATION, .association_code = "bearing"};
static const struct cnap_actor other = {.login = "other", .role = CNAP_ROLE_ASSOCIATION, .association_code = "kosaku"};

static void remove_db(void)
{
	char p[80];
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

static int setup(void **state)
{
	snprintf(path, sizeof(path), "/tmp/cnap-test-search-%d.db", (int)getpid());
	remove_db();
	struct cnap_store *s;
	struct cnap_error err = {0};
	struct cnap_cycle cy = {.year = YEAR, .actual_fiscal_year = YEAR - 1, .name = "令和5年度"};
	struct cnap_wg wg = {.code = "denshi", .name = "電子WG"};
	struct cnap_association as[] = {{.code = "bearing", .name = "日本ベアリング工業会", .industry = "ベアリング業界"},
					{.code = "kosaku", .name = "日本工作機械工業会", .industry = "工作機械業界"}};
	struct cnap_survey_item items[] = {
		{.key = "II", .code = "Ⅱ．", .title = "削減実績"},
		{.key = "II.5", .parent_key = "II", .code = "（５）", .title = "{industry}の対策", .depth = 1},
	};
	struct cnap_template t = {.code = "standard", .name = "標準", .items = items, .n_items = 2};
	struct cnap_user users[] = {
		{.login = "sec", .name = "事務局", .role = CNAP_ROLE_SECRETARIAT},
		{.login = "rev1", .name = "委員一", .role = CNAP_ROLE_REVIEWER, .wg_codes = (const char **)wgs, .n_wg_codes = 1},
		{.login = "rev2", .name = "委員二", .role = CNAP_ROLE_REVIEWER, .wg_codes = (const char **)wgs, .n_wg_codes = 1},
		{.login = "staff", .name = "団体", .role = CNAP_ROLE_ASSOCIATION, .association_code = "bearing"},
		{.login = "other", .name = "別団体", .role = CNAP_ROLE_ASSOCIATION, .association_code = "kosaku"},
	};
	if (cnap_store_open(path, CNAP_STORE_CREATE, &s, &err) || cnap_store_cycle_add(s, &cy, &err) ||
	    cnap_store_wg_add(s, YEAR, &wg, &err) || cnap_store_association_add(s, &as[0], &err) ||
	    cnap_store_association_add(s, &as[1], &err) || cnap_store_template_add(s, YEAR, &t, &err) ||
	    cnap_store_participation_add(s, YEAR, "denshi", "bearing", "standard", &err) ||
	    cnap_store_participation_add(s, YEAR, "denshi", "kosaku", "standard", &err)) {
		print_error("setup: %s %s\n", err.where, err.message);
		return -1;
	}
	for (size_t i = 0; i < CNAP_ARRAY_LEN(users); i++)
		if (cnap_store_user_add(s, YEAR, &users[i], "x", &err)) {
			print_error("user: %s\n", err.message);
			return -1;
		}
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	cnap_store_close(*state);
	remove_db();
	return 0;
}

/* ---- the brute-force answer ---- */

struct folded_text {
	uint32_t cp[4096];
	size_t n;
};

static int keep(void *ctx, const struct cnap_folded *f)
{
	struct folded_text *t = ctx;
	if (t->n < CNAP_ARRAY_LEN(t->cp))
		t->cp[t->n++] = f->word ? f->cp : 0; /* 0: a separator, never part of a word */
	return 0;
}

static bool contains(const struct folded_text *hay, const char *word)
{
	uint32_t w[256];
	size_t m = 0, len = strlen(word);
	for (size_t i = 0; i < len && m < 256;) {
		size_t k = cnap_utf8_decode(word + i, len - i, &w[m]);
		assert_true(k > 0);
		i += k;
		m++;
	}
	for (size_t i = 0; i + m <= hay->n; i++) {
		size_t j = 0;
		while (j < m && hay->cp[i + j] == w[j])
			j++;
		if (j == m)
			return true;
	}
	return false;
}

/* ---- random text ---- */

static const char *const alphabet[] = {
	"根", "拠", "目", "標", "削", "減", "量", "の", "を", "が", "は", "ガ", "ス", "カ", "ｶ", "ﾞ", "ｽ",
	"C", "O", "2", "Ｃ", "Ｏ", "２", "c", "o", "a", "Ａ", "、", "。", " ", "　", "・", "(", ")", "\"", "*", "-",
	"①", "㍻", "平", "成", "ー", "\n",
};

static unsigned rnd_state = 12345;
static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 8) % n;
}

static void random_text(struct cnap_buf *b, size_t max)
{
	cnap_buf_reset(b);
	size_t n = 1 + rnd((unsigned)max);
	for (size_t i = 0; i < n; i++)
		cnap_buf_adds(b, alphabet[rnd(CNAP_ARRAY_LEN(alphabet))]);
	/* never blank: a question needs a word */
	cnap_buf_adds(b, "文");
}

static int64_t file_question(struct cnap_store *s, const struct cnap_actor *who, const char *assoc, const char *text,
			     bool send)
{
	struct cnap_question q = {.wg_code = "denshi", .association_code = assoc, .item_key = "II.5", .text = text};
	int64_t id = 0;
	struct cnap_error err = {0};
	if (cnap_uc_question_file(s, who, YEAR, &q, who->role == CNAP_ROLE_REVIEWER && send, &id, &err))
		fail_msg("file: %s %s", err.where, err.message);
	if (send) {
		/* the secretariat's own question is approved as it is filed */
		static const enum cnap_step steps[] = {CNAP_STEP_APPROVE, CNAP_STEP_SEND};
		for (size_t i = who->role == CNAP_ROLE_SECRETARIAT; i < CNAP_ARRAY_LEN(steps); i++)
			if (cnap_uc_question_step(s, &secretariat, id, steps[i], NULL, NULL, &err))
				fail_msg("step: %s", err.message);
	}
	return id;
}

/* Every hit of q for actor, all pages. */
static size_t search_all(struct cnap_store *s, const struct cnap_actor *actor, const char *q, int64_t *ids, size_t cap,
			 enum cnap_err *rc_out)
{
	size_t n = 0;
	for (size_t offset = 0;; offset += CNAP_SEARCH_MAX_LIMIT) {
		struct cnap_arena a;
		cnap_arena_init(&a);
		struct cnap_search_request r = {.q = q, .kind = -1, .status = -1, .limit = CNAP_SEARCH_MAX_LIMIT, .offset = offset};
		struct cnap_search_result res;
		struct cnap_error err = {0};
		enum cnap_err rc = cnap_uc_search(s, actor, &r, &a, &res, &err);
		*rc_out = rc;
		if (rc) {
			assert_int_equal(rc, CNAP_EINVAL);
			assert_true(err.message[0] != '\0');
			cnap_arena_release(&a);
			return 0;
		}
		for (size_t i = 0; i < res.n_hits && n < cap; i++)
			ids[n++] = res.hits[i].hit.question_id * 2 + (res.hits[i].hit.kind == CNAP_SEARCH_ANSWER);
		bool more = res.more;
		cnap_arena_release(&a);
		if (!more)
			return n;
	}
}

static int by_value(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return a < b ? -1 : a > b;
}

static void test_matches_brute_force(void **state)
{
	struct cnap_store *s = *state;
	static struct folded_text docs[2 * N_DOCS];
	static int64_t doc_ids[2 * N_DOCS];
	size_t n_docs = 0;
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	for (int i = 0; i < N_DOCS; i++) {
		random_text(&b, 40);
		int64_t id = file_question(s, &secretariat, "bearing", b.data, true);
		docs[n_docs].n = 0;
		cnap_fold_walk(b.data, b.len, keep, &docs[n_docs]);
		doc_ids[n_docs++] = id * 2;
		if (i % 2 == 0) {
			random_text(&b, 60);
			struct cnap_error err = {0};
			if (cnap_uc_answer_save(s, &staff, id, b.data, NULL, true, &err))
				fail_msg("answer: %s", err.message);
			docs[n_docs].n = 0;
			cnap_fold_walk(b.data, b.len, keep, &docs[n_docs]);
			doc_ids[n_docs++] = id * 2 + 1;
		}
	}
	size_t searched = 0, with_hits = 0;
	for (int k = 0; k < N_QUERIES; k++) {
		random_text(&b, 4);
		/* the trailing 文 of random_text would find every document: cut it */
		b.data[b.len - strlen("文")] = '\0';
		struct cnap_arena a;
		cnap_arena_init(&a);
		const char **words;
		size_t n_words, dropped;
		assert_true(cnap_query_runs(b.data, strlen(b.data), CNAP_SEARCH_MAX_WORDS, &a, &words, &n_words, &dropped));
		int64_t expected[2 * N_DOCS], got[2 * N_DOCS];
		size_t n_expected = 0;
		for (size_t d = 0; d < n_docs && n_words; d++) {
			bool all = true;
			for (size_t w = 0; w < n_words && all; w++)
				all = contains(&docs[d], words[w]);
			if (all)
				expected[n_expected++] = doc_ids[d];
		}
		enum cnap_err rc;
		size_t n_got = search_all(s, &secretariat, b.data, got, 2 * N_DOCS, &rc);
		if (n_words == 0) {
			assert_int_equal(rc, CNAP_EINVAL);
		} else {
			assert_int_equal(rc, CNAP_OK);
			searched++;
			with_hits += n_got > 0;
			qsort(expected, n_expected, sizeof(*expected), by_value);
			qsort(got, n_got, sizeof(*got), by_value);
			if (n_got != n_expected || memcmp(got, expected, n_got * sizeof(*got)) != 0)
				fail_msg("query \"%s\": %zu hits, brute force %zu", b.data, n_got, n_expected);
		}
		cnap_arena_release(&a);
	}
	cnap_buf_release(&b);
	/* the alphabet is small enough that most queries find something: the comparison is not vacuous */
	assert_true(searched > N_QUERIES / 2);
	assert_true(with_hits > searched / 3);
}

static size_t count(struct cnap_store *s, const struct cnap_actor *actor, const char *q)
{
	int64_t ids[64];
	enum cnap_err rc;
	size_t n = search_all(s, actor, q, ids, 64, &rc);
	assert_int_equal(rc, CNAP_OK);
	return n;
}

static void test_scope(void **state)
{
	struct cnap_store *s = *state;
	file_question(s, &rev1, "bearing", "スコープ下書き壱", false);
	int64_t sent = file_question(s, &rev1, "bearing", "スコープ送付済弐", true);
	file_question(s, &rev2, "kosaku", "スコープ別団体参", true);
	assert_int_equal(count(s, &secretariat, "スコープ"), 3);
	assert_int_equal(count(s, &rev1, "スコープ"), 3);
	assert_int_equal(count(s, &rev2, "スコープ"), 2); /* not rev1's draft */
	assert_int_equal(count(s, &staff, "スコープ"), 1); /* its own sent question only */
	assert_int_equal(count(s, &other, "スコープ"), 1);
	struct cnap_error err = {0};
	if (cnap_uc_answer_save(s, &staff, sent, "スコープ回答の下書き", NULL, false, &err))
		fail_msg("answer: %s", err.message);
	assert_int_equal(count(s, &staff, "回答の下書き"), 1);
	assert_int_equal(count(s, &secretariat, "回答の下書き"), 0);
	assert_int_equal(count(s, &rev1, "回答の下書き"), 0);
	assert_int_equal(count(s, &other, "回答の下書き"), 0);
}

static void test_bad_queries(void **state)
{
	struct cnap_store *s = *state;
	const char *bad[] = {"", "   ", "　", "\"*()-", "\xff\xfe", "\xe6\xa0"};
	for (size_t i = 0; i < CNAP_ARRAY_LEN(bad); i++) {
		struct cnap_arena a;
		cnap_arena_init(&a);
		struct cnap_search_request r = {.q = bad[i], .kind = -1, .status = -1};
		struct cnap_search_result res;
		struct cnap_error err = {0};
		assert_int_equal(cnap_uc_search(s, &secretariat, &r, &a, &res, &err), CNAP_EINVAL);
		assert_string_equal(err.where, "q");
		assert_true(cnap_utf8_valid(err.message, strlen(err.message), NULL));
		cnap_arena_release(&a);
	}
	char long_q[2100];
	memset(long_q, 'a', sizeof(long_q) - 1);
	long_q[sizeof(long_q) - 1] = '\0';
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_search_request r = {.q = long_q, .kind = -1, .status = -1};
	struct cnap_search_result res;
	struct cnap_error err = {0};
	assert_int_equal(cnap_uc_search(s, &secretariat, &r, &a, &res, &err), CNAP_EINVAL);
	/* nine words: the first eight are searched, and the result says so */
	r.q = "根 拠 目 標 削 減 量 の を";
	assert_int_equal(cnap_uc_search(s, &secretariat, &r, &a, &res, &err), CNAP_OK);
	assert_int_equal(res.n_words, CNAP_SEARCH_MAX_WORDS);
	assert_int_equal(res.dropped_words, 1);
	cnap_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matches_brute_force),
		cmocka_unit_test(test_scope),
		cmocka_unit_test(test_bad_queries),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
