#include "base/compat.h"
#include "store/session.h"
#include "store/store.h"
#include "store/store_int.h"
#include "test_util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char db_path[64];

static int setup(void **state)
{
	snprintf(db_path, sizeof(db_path), "/tmp/cnap-test-store-%ld.db", (long)getpid());
	unlink(db_path);
	struct cnap_store *s;
	struct cnap_error err = { 0 };
	if (cnap_store_open(db_path, CNAP_STORE_CREATE, &s, &err))
		return -1;
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	cnap_store_close(*state);
	char p[80];
	unlink(db_path);
	snprintf(p, sizeof(p), "%s-wal", db_path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db_path);
	unlink(p);
	return 0;
}

static size_t audit_count(struct cnap_store *s)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_audit_entry *v;
	size_t n = 0;
	struct cnap_error err;
	assert_int_equal(cnap_store_audit_list(s, NULL, 0, &a, &v, &n, &err), CNAP_OK);
	cnap_arena_release(&a);
	return n;
}

static struct cnap_survey_item items[] = {
	{ .key = "I", .code = "Ⅰ．", .title = "業界の概要" },
	{ .key = "I.1", .parent_key = "I", .code = "（１）", .title = "主な事業", .depth = 1 },
};

static void fill(struct cnap_store *s)
{
	struct cnap_error err = { 0 };
	struct cnap_cycle c = { .year = 2023, .actual_fiscal_year = 2022 };
	struct cnap_template t = { .code = "standard", .items = items, .n_items = 2 };
	struct cnap_wg wg = { .code = "w", .name = "テストWG" };
	struct cnap_association as = { .code = "a", .name = "テスト工業会" };
	assert_int_equal(cnap_store_cycle_add(s, &c, &err), CNAP_OK);
	assert_int_equal(cnap_store_template_add(s, 2023, &t, &err), CNAP_OK);
	assert_int_equal(cnap_store_wg_add(s, 2023, &wg, &err), CNAP_OK);
	assert_int_equal(cnap_store_association_add(s, &as, &err), CNAP_OK);
	assert_int_equal(cnap_store_participation_add(s, 2023, "w", "a", "standard", &err), CNAP_OK);
}

static void test_schema_and_cycle(void **state)
{
	struct cnap_store *s = *state;
	struct cnap_error err = { 0 };
	assert_true(cnap_store_schema_version() >= 1);
	fill(s);
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_cycle c;
	assert_int_equal(cnap_store_cycle_get(s, 2023, &a, &c, &err), CNAP_OK);
	assert_int_equal(c.actual_fiscal_year, 2022);
	assert_int_equal(cnap_store_cycle_get(s, 2031, &a, &c, &err), CNAP_ENOTFOUND);
	assert_non_null(strstr(err.message, "2031"));
	struct cnap_cycle dup = { .year = 2023, .actual_fiscal_year = 2022 };
	size_t before = audit_count(s);
	assert_int_equal(cnap_store_cycle_add(s, &dup, &err), CNAP_ECONFLICT);
	assert_i64_eq(audit_count(s), before);
	cnap_arena_release(&a);
}

static void test_question_round_trip(void **state)
{
	struct cnap_store *s = *state;
	struct cnap_error err = { 0 };
	fill(s);
	struct cnap_question q = { .wg_code = "w", .association_code = "a", .item_key = "I.1", .page = 3,
				   .text = "質問\n二行目", .status = CNAP_Q_APPROVED };
	int64_t id;
	assert_int_equal(cnap_store_question_add(s, 2023, &q, &id, &err), CNAP_OK);
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_question got;
	assert_int_equal(cnap_store_question_get(s, id, &a, &got, &err), CNAP_OK);
	assert_string_equal(got.text, "質問\n二行目");
	assert_int_equal(got.no, 1);
	assert_int_equal(got.page, 3);
	struct cnap_answer ans = { .text = "回答", .status = CNAP_A_SUBMITTED };
	assert_int_equal(cnap_store_answer_set(s, id, &ans, NULL, &err), CNAP_OK);
	assert_int_equal(cnap_store_question_get(s, id, &a, &got, &err), CNAP_OK);
	assert_true(got.has_answer);
	assert_string_equal(got.answer.text, "回答");
	cnap_arena_release(&a);
}

static void test_bad_question_writes_nothing(void **state)
{
	struct cnap_store *s = *state;
	struct cnap_error err = { 0 };
	fill(s);
	size_t before = audit_count(s);
	struct cnap_question q = { .wg_code = "w", .association_code = "a", .item_key = "IX.9", .text = "x",
				   .status = CNAP_Q_APPROVED };
	assert_int_equal(cnap_store_question_add(s, 2023, &q, NULL, &err), CNAP_ENOTFOUND);
	assert_string_equal(err.where, "question.item");
	q.item_key = "I.1";
	q.association_code = "zz";
	assert_int_equal(cnap_store_question_add(s, 2023, &q, NULL, &err), CNAP_ENOTFOUND);
	assert_i64_eq(audit_count(s), before);
}

static void test_outer_transaction_rolls_back_all(void **state)
{
	struct cnap_store *s = *state;
	struct cnap_error err = { 0 };
	fill(s);
	size_t before = audit_count(s);
	assert_int_equal(cnap_store_begin(s, &err), CNAP_OK);
	struct cnap_wg wg = { .code = "w2", .name = "二つ目" };
	assert_int_equal(cnap_store_wg_add(s, 2023, &wg, &err), CNAP_OK);
	struct cnap_wg dup = { .code = "w", .name = "重複" };
	assert_int_equal(cnap_store_wg_add(s, 2023, &dup, &err), CNAP_ECONFLICT);
	/* the inner failure poisons the outer transaction */
	assert_int_equal(cnap_store_commit(s, &err), CNAP_EDB);
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_wg got;
	assert_int_equal(cnap_store_wg_get(s, 2023, "w2", &a, &got, &err), CNAP_ENOTFOUND);
	assert_i64_eq(audit_count(s), before);
	cnap_arena_release(&a);
}

static void test_refuses_foreign_and_newer_files(void **state)
{
	(void)state;
	char path[80];
	snprintf(path, sizeof(path), "/tmp/cnap-test-foreign-%ld.db", (long)getpid());
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 0; i < 300; i++)
		fputs("not a database at all\n", f);
	fclose(f);
	struct cnap_store *s;
	struct cnap_error err = { 0 };
	assert_int_equal(cnap_store_open(path, 0, &s, &err), CNAP_EFORMAT);
	unlink(path);
	assert_int_equal(cnap_store_open("/nonexistent/dir/x.db", 0, &s, &err), CNAP_ENOTFOUND);
}

static uint64_t change_count(struct cnap_store *s)
{
	uint64_t n = 0;
	struct cnap_error err = { 0 };
	assert_int_equal(cnap_store_change_count(s, &n, &err), CNAP_OK);
	return n;
}

/* Every committed write raises the counter, seen at once by this and another connection; reads do not. */
static void test_change_counter(void **state)
{
	struct cnap_store *s = *state, *other;
	struct cnap_error err = { 0 };
	assert_int_equal(cnap_store_open(db_path, 0, &other, &err), CNAP_OK);
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_cycle got;
	/* Keeps the other connection's statements compiled: they must not keep its old view either. */
	assert_int_equal(cnap_store_cycle_get(other, 2023, &a, &got, &err), CNAP_ENOTFOUND);
	uint64_t n0 = change_count(other);
	assert_i64_eq(change_count(s), n0);

	fill(s);
	uint64_t n1 = change_count(other);
	assert_true(n1 > n0);
	assert_i64_eq(change_count(s), n1);
	assert_int_equal(cnap_store_cycle_get(other, 2023, &a, &got, &err), CNAP_OK);

	struct cnap_wg *wgs;
	size_t n;
	assert_int_equal(cnap_store_wg_list(other, 2023, &a, &wgs, &n, &err), CNAP_OK);
	assert_int_equal(cnap_store_begin(s, &err), CNAP_OK); /* a transaction that only reads */
	assert_int_equal(cnap_store_wg_list(s, 2023, &a, &wgs, &n, &err), CNAP_OK);
	assert_int_equal(cnap_store_commit(s, &err), CNAP_OK);
	struct cnap_wg dup = { .code = "w", .name = "重複" };
	assert_int_equal(cnap_store_wg_add(s, 2023, &dup, &err), CNAP_ECONFLICT);
	assert_i64_eq(change_count(other), n1);

	/* Session writes too, which ran outside transactions once: a deleted session must end at every server. */
	struct cnap_user u = { .login = "staff", .name = "担当", .role = CNAP_ROLE_SECRETARIAT };
	assert_int_equal(cnap_store_user_add(s, 2023, &u, NULL, &err), CNAP_OK);
	assert_int_equal(cnap_store_session_add(s, "h", "staff", "2023-01-01T00:00:00Z", "2023-01-02T00:00:00Z", &err),
			 CNAP_OK);
	uint64_t n2 = change_count(other);
	assert_int_equal(cnap_store_session_purge(other, "2999-01-01T00:00:00Z", &err), CNAP_OK);
	assert_true(change_count(s) > n2);
	cnap_arena_release(&a);
	cnap_store_close(other);
}

/* A write that would commit without raising the counter is refused, and leaves nothing behind. */
static void test_uncounted_write_refused(void **state)
{
	struct cnap_store *s = *state;
	struct cnap_error err = { 0 };
	fill(s);
	uint64_t n = change_count(s);
	struct cnap_stmt *st;
	assert_int_equal(st_prepare(s, "UPDATE cycles SET name = 'changed behind the counter'", &st, &err), CNAP_OK);
	assert_int_not_equal(st_done(s, st, "cycle", &err), CNAP_OK);
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_cycle got;
	assert_int_equal(cnap_store_cycle_get(s, 2023, &a, &got, &err), CNAP_OK);
	assert_true(!got.name || strcmp(got.name, "changed behind the counter") != 0);
	assert_i64_eq(change_count(s), n);
	cnap_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_schema_and_cycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_question_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_question_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outer_transaction_rolls_back_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_change_counter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uncounted_write_refused, setup, teardown),
		cmocka_unit_test(test_refuses_foreign_and_newer_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
