/*
 * libFuzzer target: the quantitative survey data reader and every indicator
 * computed from it. Property: the canonical text the store keeps for
 * accepted data reads back to the same canonical text, so storing data
 * twice never changes it.
 */
#include "base/compat.h"
#include "calc/report.h"
#include "io/cycle_json.h"
#include "publish/chart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cnap_arena a;
	struct cnap_survey_data *d;
	struct cnap_error err = { 0 };
	cnap_arena_init(&a);
	if (cnap_survey_data_parse((const char *)data, size, "data", &a, &d, &err) == CNAP_OK) {
		const char *canon = cnap_survey_data_to_text(&a, d);
		struct cnap_survey_data *again;
		if (canon) {
			if (cnap_survey_data_parse(canon, strlen(canon), "data", &a, &again, &err) != CNAP_OK) {
				fprintf(stderr, "fuzz_survey_data: canonical text refused: %s: %s\n", err.where, err.message);
				abort();
			}
			const char *canon2 = cnap_survey_data_to_text(&a, again);
			if (canon2 && strcmp(canon, canon2) != 0) {
				fprintf(stderr, "fuzz_survey_data: canonical text is not a fixed point:\n%s\n%s\n", canon, canon2);
				abort();
			}
		}
		struct cnap_report r;
		cnap_report_build(&a, d, 2022, CNAP_DECOMP_SEQUENTIAL, &r);
		cnap_report_build(&a, d, 2022, CNAP_DECOMP_LMDI1, &r);
		for (int ind = 0; ind < CNAP_IND_COUNT; ind++) {
			struct cnap_chart c;
			if (cnap_chart_build(&a, d, (enum cnap_indicator)ind, &c, &err) == CNAP_OK) {
				struct cnap_buf out;
				cnap_buf_init(&out, 0);
				cnap_chart_svg(&c, 720, 360, &out, &err);
				cnap_buf_release(&out);
			}
		}
	}
	cnap_arena_release(&a);
	return 0;
}
