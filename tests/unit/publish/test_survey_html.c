#include "base/compat.h"
#include "calc/report.h"
#include "io/cycle_json.h"
#include "publish/chart.h"
#include "publish/survey_html.h"
#include "test_util.h"

#include <string.h>

static const char doc[] =
	"{\"activity\":{\"name\":\"生産額\",\"unit\":\"億円<b>\"},"
	"\"target\":{\"indicator\":\"co2\",\"kind\":\"base_year\",\"base_year\":2013,\"target_year\":2030,"
	"\"reduction_pct\":46,\"text\":\"<script>alert(1)</script>\"},"
	"\"series\":[{\"year\":2013,\"activity\":100,\"energy\":50,\"electricity\":10,\"co2\":100,\"elec_factor\":0.5},"
	"{\"year\":2021,\"activity\":0,\"energy\":0,\"co2\":0},"
	"{\"year\":2022,\"activity\":120,\"energy\":55,\"electricity\":11,\"co2\":90,\"elec_factor\":0.45},"
	"{\"year\":2030,\"forecast\":true,\"activity\":130}],"
	"\"measures\":[{\"year\":2022,\"name\":\"LED\",\"investment_million_yen\":10,\"co2_reduction_t\":0,"
	"\"service_life_years\":10}]}";

static void test_tables(void **state)
{
	(void)state;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_survey_data *d;
	struct cnap_error err = { 0 };
	assert_int_equal(cnap_survey_data_parse(doc, strlen(doc), "data", &a, &d, &err), CNAP_OK);
	struct cnap_report r;
	assert_int_equal(cnap_report_build(&a, d, 2022, CNAP_DECOMP_SEQUENTIAL, &r), CNAP_OK);
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	assert_int_equal(cnap_survey_html(d, &r, &b, &err), CNAP_OK);
	assert_non_null(strstr(b.data, "進捗率"));
	/* the 要因分析 method in Japanese, never its code */
	assert_non_null(strstr(b.data, "方法：逐次要因分解"));
	assert_null(strstr(b.data, "sequential"));
	assert_non_null(strstr(b.data, "&lt;script&gt;"));
	assert_null(strstr(b.data, "<script>"));
	assert_non_null(strstr(b.data, "億円&lt;b&gt;"));
	/* the zero year and the measure with no reduction are not computable, shown as a dash, never NaN */
	assert_null(strstr(b.data, "nan"));
	assert_null(strstr(b.data, "inf"));
	assert_non_null(strstr(b.data, "—"));
	/* 90 vs 100 with a 46% target: progress (100-90)/(100-54)*100 = 21.7 → 22 */
	assert_non_null(strstr(b.data, ">22 <span class=\"unit\">%</span>"));
	cnap_buf_release(&b);

	struct cnap_chart c;
	assert_int_equal(cnap_chart_build(&a, d, CNAP_IND_CO2, &c, &err), CNAP_OK);
	assert_int_equal(c.target_year, 2030);
	cnap_buf_init(&b, 0);
	assert_int_equal(cnap_chart_svg(&c, 600, 300, &b, &err), CNAP_OK);
	assert_non_null(strstr(b.data, "<svg"));
	assert_null(strstr(b.data, "nan"));
	assert_int_equal(cnap_chart_build(&a, d, CNAP_IND_ENERGY_INTENSITY, &c, &err), CNAP_OK);
	cnap_buf_release(&b);
	cnap_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
