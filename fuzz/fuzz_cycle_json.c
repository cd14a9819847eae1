/*
 * libFuzzer target: the cycle JSON reader and the model validation behind
 * `cnap cycle import`. Property: whatever the reader accepts, the writer
 * exports in a form the reader accepts again and that is a fixed point
 * (export → import → export gives the same bytes), as tests/cli/t0003
 * relies on for real files. A failure traps, so libFuzzer and the corpus
 * replay both report it.
 */
#include "base/compat.h"
#include "io/cycle_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void violated(const char *what, const struct cnap_error *err)
{
	fprintf(stderr, "fuzz_cycle_json: %s: %s: %s\n", what, err->where, err->message);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cnap_arena a;
	struct cnap_cycle_data d, again;
	struct cnap_error err = { 0 };
	struct cnap_buf first, second;
	cnap_arena_init(&a);
	cnap_buf_init(&first, 0);
	cnap_buf_init(&second, 0);
	if (cnap_cycle_json_parse((const char *)data, size, true, &a, &d, &err) == CNAP_OK) {
		cnap_cycle_data_validate(&d, &err);
		if (cnap_cycle_json_write(&d, &first, &err) != CNAP_OK)
			violated("an accepted file cannot be exported", &err);
		if (cnap_cycle_json_parse(first.data, first.len, true, &a, &again, &err) != CNAP_OK)
			violated("an export is refused by the reader", &err);
		if (cnap_cycle_json_write(&again, &second, &err) != CNAP_OK)
			violated("a re-imported export cannot be exported", &err);
		if (first.len != second.len || memcmp(first.data, second.data, first.len) != 0) {
			size_t at = 0;
			while (at < first.len && at < second.len && first.data[at] == second.data[at])
				at++;
			fprintf(stderr, "fuzz_cycle_json: export → import → export changed the bytes at offset %zu\n", at);
			abort();
		}
	}
	cnap_buf_release(&first);
	cnap_buf_release(&second);
	cnap_arena_release(&a);
	return 0;
}
