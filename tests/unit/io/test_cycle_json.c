#include "base/compat.h"
#include "io/cycle_json.h"
#include "model/survey_data.h"
#include "test_util.h"

#include <string.h>

static const char minimal[] =
	"{\"format\":\"cnap-cycle\",\"format_version\":1,"
	"\"cycle\":{\"year\":2023,\"actual_fiscal_year\":2022},"
	"\"templates\":[{\"code\":\"standard\",\"items\":["
	"{\"key\":\"I\",\"code\":\"Ⅰ．\",\"title\":\"業界の概要\"},"
	"{\"key\":\"I.1\",\"parent\":\"I\",\"code\":\"（１）\",\"title\":\"主な事業\"},"
	"{\"key\":\"II\",\"code\":\"Ⅱ．\",\"title\":\"削減実績\"},"
	"{\"key\":\"II.1\",\"parent\":\"II\",\"code\":\"（１）\",\"title\":\"実績の総括表\"}]},"
	"{\"code\":\"variant\",\"base\":\"standard\",\"overrides\":[{\"key\":\"II\",\"code\":\"Ⅲ．\"}],"
	"\"omit\":[\"I\"],\"add\":[{\"key\":\"II.2\",\"parent\":\"II\",\"code\":\"（２）\",\"title\":\"追加\",\"after\":\"II.1\"}]}],"
	"\"wgs\":[{\"code\":\"w\",\"name\":\"テストWG\"}],"
	"\"associations\":[{\"code\":\"a\",\"name\":\"テスト工業会\",\"industry\":\"テスト業界\"}],"
	"\"participations\":[{\"wg\":\"w\",\"association\":\"a\",\"template\":\"variant\","
	"\"submissions\":[{\"version\":1,\"pages\":{\"II.1\":4}}]}],"
	"\"users\":[{\"login\":\"r1\",\"name\":\"委員\",\"role\":\"reviewer\",\"wgs\":[\"w\"]}],"
	"\"questions\":[{\"ref\":\"q1\",\"wg\":\"w\",\"association\":\"a\",\"item\":\"II.2\",\"page\":4,"
	"\"text\":\"質問\",\"author\":\"r1\",\"status\":\"sent\"}]}";

static void test_parse_and_variant(void **state)
{
	(void)state;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_cycle_data d;
	struct cnap_error err = { 0 };
	assert_int_equal(cnap_cycle_json_parse(minimal, strlen(minimal), false, &a, &d, &err), CNAP_OK);
	assert_int_equal(cnap_cycle_data_validate(&d, &err), CNAP_OK);
	assert_int_equal(d.n_templates, 2);
	const struct cnap_template *v = cnap_cycle_data_template(&d, "variant");
	assert_non_null(v);
	/* I and its child omitted, II renumbered, II.2 inserted after II.1 */
	assert_int_equal(v->n_items, 3);
	assert_string_equal(v->items[0].key, "II");
	assert_string_equal(v->items[0].code, "Ⅲ．");
	assert_string_equal(v->items[2].key, "II.2");
	assert_int_equal(v->items[2].depth, 1);
	assert_int_equal(d.questions[0].status, CNAP_Q_SENT);
	cnap_arena_release(&a);
}

static void expect_error(const char *doc, enum cnap_err code, const char *where)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_cycle_data d;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_cycle_json_parse(doc, strlen(doc), false, &a, &d, &err);
	if (rc == CNAP_OK)
		rc = cnap_cycle_data_validate(&d, &err);
	if (rc != code || strstr(err.where, where) == NULL)
		fail_msg("got %d at '%s' (%s), expected %d at '%s'", rc, err.where, err.message, code, where);
	cnap_arena_release(&a);
}

static char *replaced(const char *find, const char *with)
{
	static char out[8192];
	const char *p = strstr(minimal, find);
	if (!p)
		fail_msg("'%s' not in the fixture", find);
	snprintf(out, sizeof(out), "%.*s%s%s", (int)(p - minimal), minimal, with, p + strlen(find));
	return out;
}

static void test_errors_name_the_path(void **state)
{
	(void)state;
	expect_error(replaced("\"item\":\"II.2\"", "\"item\":\"II.9\""), CNAP_ENOTFOUND, "$.questions[0].item");
	expect_error(replaced("\"text\":\"質問\"", "\"text\":\"\""), CNAP_EINVAL, "$.questions[0].text");
	expect_error(replaced("\"page\":4,", "\"page\":4,\"color\":1,"), CNAP_EINVAL, "$.questions[0].color");
	expect_error(replaced("\"status\":\"sent\"", "\"status\":\"lost\""), CNAP_EINVAL, "$.questions[0].status");
	expect_error(replaced("\"format_version\":1", "\"format_version\":9"), CNAP_EFORMAT, "$.format_version");
	expect_error(replaced("\"II.1\":4", "\"I.1\":4"), CNAP_ENOTFOUND, "pages.I.1");
	expect_error(replaced("\"wgs\":[\"w\"]", "\"wgs\":[\"x\"]"), CNAP_ENOTFOUND, "$.users[0].wgs[0]");
	expect_error(replaced("\"base\":\"standard\"", "\"base\":\"nope\""), CNAP_ENOTFOUND, "$.templates[1].base");
	expect_error(replaced("\"year\":2023", "\"year\":\"2023\""), CNAP_EINVAL, "$.cycle.year");
	expect_error("{\"format\":\"cnap-cycle\",\"format\":\"x\"}", CNAP_EINVAL, "line 1");
	expect_error("[1,2", CNAP_EINVAL, "line 1");
	expect_error("{\"format\":\"other\",\"format_version\":1}", CNAP_EFORMAT, "$.format");
}

static void test_hostile_bytes(void **state)
{
	(void)state;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_cycle_data d;
	struct cnap_error err = { 0 };
	const char bom[] = "\xEF\xBB\xBF{}";
	assert_int_equal(cnap_cycle_json_parse(bom, strlen(bom), false, &a, &d, &err), CNAP_EINVAL);
	assert_non_null(strstr(err.message, "BOM"));
	const char bad[] = "{\"format\":\"cnap\xff\"}";
	assert_int_equal(cnap_cycle_json_parse(bad, strlen(bad), false, &a, &d, &err), CNAP_EINVAL);
	assert_non_null(strstr(err.message, "UTF-8"));
	const char nul[] = "{\"format\":\"cnap-cycle\",\"format_version\":1,\"cycle\":{\"year\":2023,"
			   "\"actual_fiscal_year\":2022,\"name\":\"a\\u0000b\"},\"templates\":[]}";
	assert_int_equal(cnap_cycle_json_parse(nul, strlen(nul), false, &a, &d, &err), CNAP_EINVAL);
	assert_non_null(strstr(err.where, "line 1")); /* jansson refuses \u0000 outright */
	cnap_arena_release(&a);
}

static void test_write_round_trip(void **state)
{
	(void)state;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_cycle_data d, d2;
	struct cnap_error err = { 0 };
	struct cnap_buf b1, b2;
	cnap_buf_init(&b1, 0);
	cnap_buf_init(&b2, 0);
	assert_int_equal(cnap_cycle_json_parse(minimal, strlen(minimal), false, &a, &d, &err), CNAP_OK);
	assert_int_equal(cnap_cycle_json_write(&d, &b1, &err), CNAP_OK);
	assert_int_equal(cnap_cycle_json_parse(b1.data, b1.len, false, &a, &d2, &err), CNAP_OK);
	assert_int_equal(cnap_cycle_json_write(&d2, &b2, &err), CNAP_OK);
	assert_string_equal(b1.data, b2.data);
	/* variants are written out materialised */
	assert_null(strstr(b1.data, "\"base\""));
	cnap_buf_release(&b1);
	cnap_buf_release(&b2);
	cnap_arena_release(&a);
}

static const char data_doc[] =
	"{\"activity\":{\"name\":\"生産額\",\"unit\":\"億円\"},"
	"\"target\":{\"indicator\":\"co2\",\"kind\":\"base_year\",\"base_year\":2013,\"target_year\":2030,"
	"\"reduction_pct\":46},"
	"\"series\":[{\"year\":2013,\"activity\":100,\"energy\":50,\"electricity\":10,\"co2\":100,\"elec_factor\":0.5},"
	"{\"year\":2022,\"activity\":120,\"energy\":55,\"electricity\":11,\"co2\":90,\"elec_factor\":0.45}]}";

static void test_survey_data(void **state)
{
	(void)state;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_survey_data *d;
	struct cnap_error err = { 0 };
	assert_int_equal(cnap_survey_data_parse(data_doc, strlen(data_doc), "data", &a, &d, &err), CNAP_OK);
	assert_int_equal(d->n_series, 2);
	assert_true(d->series[1].has & CNAP_SF_ELEC_FACTOR);
	assert_false(d->series[1].has & CNAP_SF_BAU_CO2);
	/* electricity CO2 (10 億kWh × 0.5 × 10 = 50万t) above the total is refused */
	char bad[1024];
	snprintf(bad, sizeof(bad), "%s", data_doc);
	char *p = strstr(bad, "\"co2\":100");
	memcpy(p, "\"co2\": 40", 9);
	assert_int_equal(cnap_survey_data_parse(bad, strlen(bad), "data", &a, &d, &err), CNAP_EINVAL);
	assert_string_equal(err.where, "data.series[0].co2");
	snprintf(bad, sizeof(bad), "%s", data_doc);
	p = strstr(bad, "2022");
	memcpy(p, "2012", 4);
	assert_int_equal(cnap_survey_data_parse(bad, strlen(bad), "data", &a, &d, &err), CNAP_EINVAL);
	assert_string_equal(err.where, "data.series[1].year");
	cnap_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_and_variant),
		cmocka_unit_test(test_errors_name_the_path),
		cmocka_unit_test(test_hostile_bytes),
		cmocka_unit_test(test_write_round_trip),
		cmocka_unit_test(test_survey_data),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
