#include "base/compat.h"
#include "calc/energy.h"
#include "io/coef_json.h"
#include "test_util.h"

#include <string.h>

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static char buf[1 << 20];
	*len = fread(buf, 1, sizeof(buf) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* The data file is the master; the calc engine's built-in table must say the same. */
static void test_master_matches_engine_table(void **state)
{
	(void)state;
	size_t len;
	char *text = read_all(CNAP_SOURCE_ROOT "/data/coefficients/master.json", &len);
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_coef_master m;
	struct cnap_error err = { 0 };
	assert_int_equal(cnap_coef_json_parse(text, len, &a, &m, &err), CNAP_OK);
	assert_dbl_near(m.crude_oil_kl_per_gj, CNAP_CRUDE_OIL_KL_PER_GJ, 0);
	const struct cnap_coef_table *builtin = cnap_calc_default_coefficients();
	assert_int_equal(m.fuels.n_rows, builtin->n_rows);
	for (size_t i = 0; i < m.fuels.n_rows; i++) {
		const struct cnap_fuel_coef *f = &m.fuels.rows[i];
		const struct cnap_fuel_coef *b = &builtin->rows[i];
		assert_string_equal(f->fuel_code, b->fuel_code);
		assert_int_equal(f->edition_year, b->edition_year);
		assert_dbl_near(f->heat_gj_per_unit, b->heat_gj_per_unit, 0);
		assert_dbl_near(f->carbon_tc_per_gj, b->carbon_tc_per_gj, 0);
	}
	assert_true(m.n_electricity >= 2);
	cnap_arena_release(&a);
}

static void test_rejects_bad_master(void **state)
{
	(void)state;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_coef_master m;
	struct cnap_error err = { 0 };
	const char *other = "{\"format\":\"cnap-cycle\",\"format_version\":1}";
	assert_int_equal(cnap_coef_json_parse(other, strlen(other), &a, &m, &err), CNAP_EFORMAT);
	const char *neg = "{\"format\":\"cnap-coefficients\",\"format_version\":1,\"name\":\"x\",\"version\":\"1\","
			  "\"crude_oil_kl_per_gj\":0.0258,\"fuels\":[{\"code\":\"a\",\"name\":\"A\",\"unit\":\"kl\","
			  "\"heat_gj_per_unit\":-1,\"edition\":2014,\"source\":\"s\"}]}";
	assert_int_equal(cnap_coef_json_parse(neg, strlen(neg), &a, &m, &err), CNAP_EINVAL);
	assert_string_equal(err.where, "$.fuels[0].heat_gj_per_unit");
	cnap_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_master_matches_engine_table),
		cmocka_unit_test(test_rejects_bad_master),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
