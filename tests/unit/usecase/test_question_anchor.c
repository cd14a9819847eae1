/*
 * Questions that know their item changed (issue 12 part 6), as the use cases
 * answer it: a new version marks the open questions on the changed items and
 * looks their quotes up; 「質問を維持する」 is the author reviewer's and the
 * secretariat's, for the same answer in both front ends; an association sees
 * the quote but neither the mark nor who kept the question; each change is one
 * audit record, and a refused one writes none.
 */
#include "base/compat.h"
#include "usecase/question_anchor.h"
#include "usecase/questions.h"
#include "test_util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define YEAR 2023

static char path[64];

static void remove_db(void)
{
	static const char *const suffixes[] = { "", "-wal", "-shm" };
	for (size_t i = 0; i < CNAP_ARRAY_LEN(suffixes); i++) {
		char p[80];
		snprintf(p, sizeof(p), "%s%s", path, suffixes[i]);
		unlink(p);
	}
}

static const char *const wgs[] = { "denshi" };
static const struct cnap_actor secretariat = { .login = "sec", .role = CNAP_ROLE_SECRETARIAT };
static const struct cnap_actor author = { .login = "rev1", .role = CNAP_ROLE_REVIEWER, .wg_codes = wgs, .n_wg_codes = 1 };
static const struct cnap_actor colleague = { .login = "rev2", .role = CNAP_ROLE_REVIEWER, .wg_codes = wgs, .n_wg_codes = 1 };
static const struct cnap_actor outsider = { .login = "rev3", .role = CNAP_ROLE_REVIEWER };
static const struct cnap_actor association = { .login = "staff", .role = CNAP_ROLE_ASSOCIATION, .association_code = "bearing" };
static const struct cnap_actor operator = { .login = "cli", .role = CNAP_ROLE_SECRETARIAT, .system = true };

#define OK(call)                                                                  \
	do {                                                                      \
		enum cnap_err rc_ = (call);                                       \
		if (rc_)                                                          \
			fail_msg("%s: %d", #call, rc_);                           \
	} while (0)

static int setup(void **state)
{
	snprintf(path, sizeof(path), "/tmp/cnap-test-anchor-%ld.db", (long)getpid());
	remove_db();
	struct cnap_store *s;
	struct cnap_error err = { 0 };
	struct cnap_cycle cy = { .year = YEAR, .actual_fiscal_year = YEAR - 1 };
	struct cnap_wg wg = { .code = "denshi", .name = "電子WG" };
	struct cnap_association as = { .code = "bearing", .name = "日本ベアリング工業会", .industry = "ベアリング業界" };
	struct cnap_survey_item items[] = {
		{ .key = "II", .code = "Ⅱ．", .title = "削減実績" },
		{ .key = "II.4", .parent_key = "II", .code = "（４）", .title = "実績", .depth = 1 },
		{ .key = "II.5", .parent_key = "II", .code = "（５）", .title = "対策", .depth = 1 },
	};
	struct cnap_template t = { .code = "standard", .name = "標準", .items = items, .n_items = 3 };
	struct cnap_user users[] = {
		{ .login = "sec", .name = "事務局", .role = CNAP_ROLE_SECRETARIAT },
		{ .login = "rev1", .name = "委員一", .role = CNAP_ROLE_REVIEWER, .wg_codes = (const char **)wgs, .n_wg_codes = 1 },
		{ .login = "rev2", .name = "委員二", .role = CNAP_ROLE_REVIEWER, .wg_codes = (const char **)wgs, .n_wg_codes = 1 },
		{ .login = "staff", .name = "団体", .role = CNAP_ROLE_ASSOCIATION, .association_code = "bearing" },
	};
	struct cnap_submission v1 = { .version = 1, .submitted_on = "2023-07-01" };
	if (cnap_store_open(path, CNAP_STORE_CREATE, &s, &err) || cnap_store_cycle_add(s, &cy, &err) ||
	    cnap_store_wg_add(s, YEAR, &wg, &err) || cnap_store_association_add(s, &as, &err) ||
	    cnap_store_template_add(s, YEAR, &t, &err) ||
	    cnap_store_participation_add(s, YEAR, "denshi", "bearing", "standard", &err) ||
	    cnap_store_submission_add(s, YEAR, "denshi", "bearing", &v1, NULL, &err))
	{
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

/* A question of rev1's on item, with a quote, moved on to state by the secretariat. */
static int64_t file(struct cnap_store *s, const char *item, const char *quote, enum cnap_qstatus state)
{
	struct cnap_question q = { .wg_code = "denshi", .association_code = "bearing", .item_key = item,
				   .text = "根拠は？", .quote = quote, .submission_version = 1 };
	int64_t id = 0;
	struct cnap_error err = { 0 };
	if (cnap_uc_question_file(s, &author, YEAR, &q, true, &id, &err))
		fail_msg("file: %s %s", err.where, err.message);
	static const enum cnap_step path_steps[] = { CNAP_STEP_APPROVE, CNAP_STEP_SEND };
	for (size_t i = 0; i < CNAP_ARRAY_LEN(path_steps) && (int)state > (int)CNAP_Q_SUBMITTED + (int)i; i++)
		if (cnap_uc_question_step(s, &secretariat, id, path_steps[i], NULL, NULL, &err))
			fail_msg("step: %s", err.message);
	if (state == CNAP_Q_WITHDRAWN && cnap_uc_question_step(s, &secretariat, id, CNAP_STEP_WITHDRAW, NULL, NULL, &err))
		fail_msg("withdraw: %s", err.message);
	return id;
}

static struct cnap_question get(struct cnap_store *s, struct cnap_arena *a, int64_t id)
{
	struct cnap_question q;
	struct cnap_error err = { 0 };
	if (cnap_store_question_get(s, id, a, &q, &err))
		fail_msg("get %lld: %s", (long long)id, err.message);
	return q;
}

static size_t audit_count(struct cnap_store *s, int64_t id, const char *action)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_audit_entry *v;
	size_t n = 0, k = 0;
	struct cnap_error err = { 0 };
	if (cnap_store_audit_list(s, "question", id, &a, &v, &n, &err))
		fail_msg("audit: %s", err.message);
	for (size_t i = 0; i < n; i++)
		k += strcmp(v[i].action, action) == 0;
	cnap_arena_release(&a);
	return k;
}

/* The new version's text of II.5 only. */
static const char *const keys[] = { "II.5" };
static const char *const texts[] = { "① 対策\n高効率モーターへの更新により、電力使用量を削減した。" };
static struct cnap_uc_plain_texts new_texts = { keys, texts, 1 };

static enum cnap_err add_version(struct cnap_store *s, int version, size_t *marked)
{
	struct cnap_submission sub = { .version = version, .submitted_on = "2023-09-01" };
	struct cnap_error err = { 0 };
	const char *const changed[] = { "II.5" };
	/* As the new-version use case calls it: one transaction for the version and the marks. */
	enum cnap_err rc = cnap_store_begin(s, &err);
	if (!rc && !(rc = cnap_store_submission_add(s, YEAR, "denshi", "bearing", &sub, NULL, &err)))
		rc = cnap_uc_questions_survey_changed(s, YEAR, "denshi", "bearing", version, changed, 1,
						      cnap_uc_quote_in_plain_texts, &new_texts, marked, &err);
	return cnap_store_finish(s, rc, &err);
}

static void test_new_version_marks_open_questions(void **state)
{
	struct cnap_store *s = *state;
	struct cnap_arena a;
	cnap_arena_init(&a);
	int64_t kept_quote = file(s, "II.5", "高効率モーターへの\n更新", CNAP_Q_SENT);
	int64_t lost_quote = file(s, "II.5", "変圧器の更新", CNAP_Q_SUBMITTED);
	int64_t no_quote = file(s, "II.5", NULL, CNAP_Q_DRAFT);
	int64_t other_item = file(s, "II.4", "実績", CNAP_Q_SENT);
	int64_t withdrawn = file(s, "II.5", "変圧器", CNAP_Q_WITHDRAWN);
	size_t marked = 0;
	OK(add_version(s, 2, &marked));
	assert_i64_eq(marked, 3);
	struct cnap_question q = get(s, &a, kept_quote);
	assert_i64_eq(q.anchor.changed_version, 2);
	assert_i64_eq(q.anchor.quote, CNAP_QUOTE_PRESENT);
	assert_true(cnap_question_anchor_marked(&q));
	assert_string_equal(q.quote, "高効率モーターへの\n更新");
	q = get(s, &a, lost_quote);
	assert_i64_eq(q.anchor.quote, CNAP_QUOTE_GONE);
	q = get(s, &a, no_quote);
	assert_i64_eq(q.anchor.changed_version, 2);
	assert_i64_eq(q.anchor.quote, CNAP_QUOTE_UNCHECKED);
	assert_i64_eq(get(s, &a, other_item).anchor.changed_version, 0);
	assert_i64_eq(get(s, &a, withdrawn).anchor.changed_version, 0);
	assert_i64_eq(audit_count(s, kept_quote, "question.survey-changed"), 1);
	assert_i64_eq(audit_count(s, other_item, "question.survey-changed"), 0);

	/* The same version again marks nothing new. */
	struct cnap_error err = { 0 };
	const char *const changed[] = { "II.5" };
	OK(cnap_uc_questions_survey_changed(s, YEAR, "denshi", "bearing", 2, changed, 1, NULL, NULL, &marked, &err));
	assert_i64_eq(marked, 0);
	cnap_arena_release(&a);
}

/* Who may keep a question: the policy's one answer, through the use case. */
static void test_confirm_across_roles(void **state)
{
	struct cnap_store *s = *state;
	struct cnap_arena a;
	cnap_arena_init(&a);
	int64_t id = file(s, "II.5", "変圧器の更新", CNAP_Q_SENT);
	struct cnap_error err = { 0 };
	/* Nothing to keep yet: a conflict for those who may, the same refusals as later for the others. */
	assert_i64_eq(cnap_uc_question_confirm_anchor(s, &author, id, &err), CNAP_ECONFLICT);
	assert_i64_eq(cnap_uc_question_confirm_anchor(s, &association, id, &err), CNAP_EPERM);
	size_t marked;
	OK(add_version(s, 2, &marked));
	assert_i64_eq(cnap_uc_question_confirm_anchor(s, &association, id, &err), CNAP_EPERM);
	assert_i64_eq(cnap_uc_question_confirm_anchor(s, &colleague, id, &err), CNAP_EPERM);
	assert_i64_eq(cnap_uc_question_confirm_anchor(s, &outsider, id, &err), CNAP_ENOTFOUND);
	assert_i64_eq(audit_count(s, id, "question.confirm-anchor"), 0);
	struct cnap_uc_question uq;
	OK(cnap_uc_question_show(s, &author, id, &a, &uq, &err));
	assert_true(uq.can_confirm_anchor);
	assert_true(cnap_question_anchor_marked(&uq.q));
	OK(cnap_uc_question_show(s, &colleague, id, &a, &uq, &err));
	assert_false(uq.can_confirm_anchor);
	/* The association reads the quote, not the mark. */
	OK(cnap_uc_question_show(s, &association, id, &a, &uq, &err));
	assert_false(uq.can_confirm_anchor);
	assert_string_equal(uq.q.quote, "変圧器の更新");
	assert_i64_eq(uq.q.anchor.changed_version, 0);
	assert_null(uq.q.author);

	OK(cnap_uc_question_confirm_anchor(s, &author, id, &err));
	struct cnap_question q = get(s, &a, id);
	assert_i64_eq(q.anchor.confirmed_version, 2);
	assert_string_equal(q.anchor.confirmed_by, "rev1");
	assert_non_null(q.anchor.confirmed_at);
	assert_false(cnap_question_anchor_marked(&q));
	assert_i64_eq(q.anchor.quote, CNAP_QUOTE_GONE); /* the fact stays */
	assert_i64_eq(audit_count(s, id, "question.confirm-anchor"), 1);
	/* Kept: nothing waits any more, for the secretariat either. */
	assert_i64_eq(cnap_uc_question_confirm_anchor(s, &secretariat, id, &err), CNAP_ECONFLICT);

	/* Changed again: marked again; the secretariat keeps it this time, the operator next. */
	OK(add_version(s, 3, &marked));
	q = get(s, &a, id);
	assert_true(cnap_question_anchor_marked(&q));
	assert_i64_eq(q.anchor.confirmed_version, 2);
	OK(cnap_uc_question_confirm_anchor(s, &secretariat, id, &err));
	OK(add_version(s, 4, &marked));
	OK(cnap_uc_question_confirm_anchor(s, &operator, id, &err));
	q = get(s, &a, id);
	assert_i64_eq(q.anchor.confirmed_version, 4);
	assert_null(q.anchor.confirmed_by);
	assert_i64_eq(audit_count(s, id, "question.confirm-anchor"), 3);
	cnap_arena_release(&a);
}

/* A quote is normalised on filing and checked; a version that does not exist is refused; nothing is written. */
static void test_file_with_quote(void **state)
{
	struct cnap_store *s = *state;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_error err = { 0 };
	struct cnap_question q = { .wg_code = "denshi", .association_code = "bearing", .item_key = "II.5",
				   .text = "質問", .quote = "\r\n  一行目\r\n二行目\t三  \r\n" };
	int64_t id = 0;
	OK(cnap_uc_question_file(s, &author, YEAR, &q, false, &id, &err));
	assert_string_equal(get(s, &a, id).quote, "一行目\n二行目 三");
	q.quote = "a\x01" "b";
	assert_i64_eq(cnap_uc_question_file(s, &author, YEAR, &q, false, &id, &err), CNAP_EINVAL);
	assert_string_equal(err.where, "question.quote");
	q.quote = "ok";
	q.submission_version = 7;
	assert_i64_eq(cnap_uc_question_file(s, &author, YEAR, &q, false, &id, &err), CNAP_ENOTFOUND);
	assert_string_equal(err.where, "question.version");
	cnap_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_version_marks_open_questions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_confirm_across_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_with_quote, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
