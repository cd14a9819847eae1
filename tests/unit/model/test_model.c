#include "base/compat.h"
#include "model/model.h"
#include "model/survey_data.h"
#include "test_util.h"

#include <string.h>

static void test_names_round_trip(void **state)
{
	(void)state;
	for (int i = 0; i < CNAP_Q_COUNT; i++) {
		enum cnap_qstatus s;
		assert_true(cnap_qstatus_parse(cnap_qstatus_name((enum cnap_qstatus)i), &s));
		assert_int_equal(s, i);
	}
	enum cnap_role r;
	assert_true(cnap_role_parse("association", &r));
	assert_int_equal(r, CNAP_ROLE_ASSOCIATION);
	assert_false(cnap_role_parse("admin", &r));
	assert_string_equal(cnap_role_label_ja(CNAP_ROLE_SECRETARIAT), "事務局");
	enum cnap_indicator ind;
	assert_true(cnap_indicator_parse("energy_intensity", &ind));
	assert_string_equal(cnap_indicator_label_ja(ind), "エネルギー原単位");
	assert_false(cnap_qstatus_publishable(CNAP_Q_WITHDRAWN));
	assert_false(cnap_qstatus_publishable(CNAP_Q_DRAFT));
	assert_true(cnap_qstatus_publishable(CNAP_Q_ACCEPTED));
}

static void test_checks(void **state)
{
	(void)state;
	struct cnap_error err;
	assert_int_equal(cnap_check_code("denki-denshi", "--wg", &err), CNAP_OK);
	assert_int_equal(cnap_check_code("電機", "--wg", &err), CNAP_EINVAL);
	assert_int_equal(cnap_check_code("a b", "--wg", &err), CNAP_EINVAL);
	assert_int_equal(cnap_check_code("", "--wg", &err), CNAP_EINVAL);
	assert_int_equal(cnap_check_date("2024-02-29", "d", &err), CNAP_OK);
	assert_int_equal(cnap_check_date("2023-02-29", "d", &err), CNAP_EINVAL);
	assert_int_equal(cnap_check_date("2023-13-01", "d", &err), CNAP_EINVAL);
	assert_int_equal(cnap_check_date("2023-1-01", "d", &err), CNAP_EINVAL);
	assert_int_equal(cnap_check_year(1989, "y", &err), CNAP_EINVAL);
	assert_int_equal(cnap_check_page(10000, "p", &err), CNAP_EINVAL);
}

static void test_item_title(void **state)
{
	(void)state;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_survey_item it = { .key = "v", .code = "", .title = "{industry}のビジョン" };
	struct cnap_association as = { .code = "x", .name = "X会", .industry = "電機業界" };
	assert_string_equal(cnap_item_title(&a, &it, &as), "電機業界のビジョン");
	assert_string_equal(cnap_item_title(&a, &it, NULL), "{industry}のビジョン");
	cnap_arena_release(&a);
}

/* The same section code under three chapters gives three numbers; the front matter none. */
static void test_item_number(void **state)
{
	(void)state;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_survey_item items[] = {
		{ .key = "front.vision", .code = "", .title = "ビジョン", .depth = 0 },
		{ .key = "I", .code = "Ⅰ．", .title = "業界の概要", .depth = 0 },
		{ .key = "I.5", .parent_key = "I", .code = "（５）", .title = "カバー率向上の取組", .depth = 1 },
		{ .key = "II", .code = "Ⅱ．", .title = "削減実績", .depth = 0 },
		{ .key = "II.5", .parent_key = "II", .code = "（５）", .title = "実施した対策", .depth = 1 },
		{ .key = "II.5.a", .parent_key = "II.5", .code = "①", .title = "投資額", .depth = 2 },
		{ .key = "VI", .code = "Ⅵ．", .title = "革新的技術", .depth = 0 },
		{ .key = "VI.5", .parent_key = "VI", .code = "（５）", .title = "ボトルネック", .depth = 1 },
		{ .key = "VI.other", .parent_key = "VI", .code = "", .title = "その他", .depth = 1 },
	};
	struct cnap_template t = { .code = "standard", .items = items, .n_items = CNAP_ARRAY_LEN(items) };
	assert_string_equal(cnap_item_number(&a, &t, &items[0]), "");
	assert_string_equal(cnap_item_number(&a, &t, &items[1]), "Ⅰ．");
	assert_string_equal(cnap_item_number(&a, &t, &items[2]), "Ⅰ．（５）");
	assert_string_equal(cnap_item_number(&a, &t, &items[4]), "Ⅱ．（５）");
	assert_string_equal(cnap_item_number(&a, &t, &items[5]), "Ⅱ．（５）①");
	assert_string_equal(cnap_item_number(&a, &t, &items[7]), "Ⅵ．（５）");
	assert_string_equal(cnap_item_number(&a, &t, &items[8]), "");
	assert_string_equal(cnap_item_number(&a, &t, NULL), "");
	/* A parent that is not in the outline: the item's own code, nothing invented. */
	struct cnap_survey_item lost = { .key = "X.1", .parent_key = "X", .code = "（１）", .title = "t" };
	assert_string_equal(cnap_item_number(&a, &t, &lost), "（１）");
	/* The item a person names, by key or as shown */
	const char *const as_typed[] = { "II.5", "Ⅱ．（５）", "Ⅱ.5", "Ⅱ（５）", "Ⅱ．５", "II.(5)", "II．（５）" };
	for (size_t i = 0; i < CNAP_ARRAY_LEN(as_typed); i++)
		assert_ptr_equal(cnap_template_item_find(&a, &t, as_typed[i]), &items[4]);
	assert_ptr_equal(cnap_template_item_find(&a, &t, "Ⅵ．（５）"), &items[7]);
	assert_ptr_equal(cnap_template_item_find(&a, &t, "Ⅰ.5"), &items[2]);
	assert_ptr_equal(cnap_template_item_find(&a, &t, "Ⅱ．"), &items[3]);
	assert_ptr_equal(cnap_template_item_find(&a, &t, "front.vision"), &items[0]);
	assert_null(cnap_template_item_find(&a, &t, "Ⅲ．（５）"));
	assert_null(cnap_template_item_find(&a, &t, "（５）"));
	assert_null(cnap_template_item_find(&a, &t, ""));
	cnap_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_round_trip),
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_item_title),
		cmocka_unit_test(test_item_number),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
